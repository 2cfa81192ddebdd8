"""Shared lookups and the JSON shapes of the bank's resources."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from .clock import format_time
from .errors import ApiError
from .money import money
from .validation import IncomingRequest, query_int

DEFAULT_PAGE_SIZE = 20


def account_row(conn: sqlite3.Connection, account_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM accounts WHERE account_id = ?", (account_id,)
    ).fetchone()
    if row is None:
        raise ApiError("product_permissions_error")
    return row


def paging(request: IncomingRequest) -> tuple[int, int]:
    return query_int(request, "page", 1), query_int(request, "pageSize", DEFAULT_PAGE_SIZE)


def fetch_page(
    conn: sqlite3.Connection,
    table: str,
    where: str,
    args: Sequence[object],
    order_by: str,
    page: int,
    size: int,
) -> tuple[list[sqlite3.Row], int]:
    """One page of `table` rows matching `where`, and how many rows match in all."""
    total: int = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT * FROM {table} WHERE {where} ORDER BY {order_by}, rowid DESC LIMIT ? OFFSET ?",
        (*args, size, (page - 1) * size),
    ).fetchall()
    return rows, total


def insert_blockade(
    conn: sqlite3.Connection,
    client_id: str,
    blockade_id: str,
    account_id: str,
    amount: int,
    title: str,
    now: float,
    expires_at: float | None,
    state: str,
) -> sqlite3.Row:
    """The new blockade's row (RETURNING: no second statement to read it back)."""
    try:
        row: sqlite3.Row = conn.execute(
            "INSERT INTO blockades VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (client_id, blockade_id, account_id, amount, title, now, now, expires_at, state),
        ).fetchone()
    except sqlite3.IntegrityError as exc:  # the unique key is the last word on idempotency
        raise ApiError("order_exist_error") from exc
    return row


def insert_payment(
    conn: sqlite3.Connection,
    client_id: str,
    order_id: str,
    account_id: str,
    amount: int,
    title: str,
    now: float,
    state: str,
) -> None:
    try:
        conn.execute(
            "INSERT INTO payments VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
            (client_id, order_id, account_id, amount, title, state, now),
        )
    except sqlite3.IntegrityError as exc:
        raise ApiError("order_exist_error") from exc


def page_body(
    key: str, items: list[dict[str, Any]], page: int, size: int, total: int
) -> dict[str, Any]:
    return {key: items, "page": page, "pageSize": size, "totalCount": total}


def blockade_json(row: sqlite3.Row) -> dict[str, Any]:
    body: dict[str, Any] = {
        "blockadeId": row["blockade_id"],
        "accountId": row["account_id"],
        "amount": money(row["amount"]),
        "title": row["title"],
        "createdAt": format_time(row["created_at"]),
        "updatedAt": format_time(row["updated_at"]),
    }
    if row["expires_at"] is not None:
        body["expiresAt"] = format_time(row["expires_at"])
    return body


def payment_json(row: sqlite3.Row, partner_name: str, partner_number: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "orderId": row["order_id"],
        "accountId": row["account_id"],
        "amount": money(row["amount"]),
        "title": row["title"],
        "status": row["status"],
        "recipient": {"name": partner_name, "number": partner_number},
        "createdAt": format_time(row["created_at"]),
    }
    if row["executed_at"] is not None:
        body["executedAt"] = format_time(row["executed_at"])
    return body


def transaction_json(row: sqlite3.Row) -> dict[str, Any]:
    body: dict[str, Any] = {
        "transactionId": row["transaction_id"],
        "accountId": row["account_id"],
        "type": row["type"],
        "amount": money(row["amount"]),
        "title": row["title"],
        "bookedAt": format_time(row["booked_at"]),
    }
    if row["counterparty_name"]:
        body["counterparty"] = {"name": row["counterparty_name"]}
        if row["counterparty_number"]:
            body["counterparty"]["number"] = row["counterparty_number"]
    for column, key in (("order_id", "orderId"), ("blockade_id", "blockadeId")):
        if row[column]:
            body[key] = row[column]
    return body


def authorization_json(row: sqlite3.Row, status: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "authorizationId": row["authorization_id"],
        "operationType": row["operation_type"],
        "status": status,
        "accountId": row["account_id"],
        "createdAt": format_time(row["created_at"]),
        "expiresAt": format_time(row["expires_at"]),
    }
    key = "blockadeId" if row["operation_type"] == "BLOCKADE" else "orderId"
    body[key] = row["operation_id"]
    if row["decided_at"] is not None:
        body["decidedAt"] = format_time(row["decided_at"])
    return body
