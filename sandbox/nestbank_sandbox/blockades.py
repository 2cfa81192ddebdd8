"""Blockades: create, list, read, change, release. They consume and free the limits."""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.responses import JSONResponse, Response

from .auth import Principal, check_account, check_bim_rights
from .clock import parse_time
from .context import Call
from .errors import ApiError
from .limits import (
    ACTIVE_BLOCKADE,
    account_limits,
    account_standing,
    check_amount,
    existing,
    standing_row,
)
from .money import operation_cents
from .resources import blockade_json, fetch_page, insert_blockade, page_body, paging
from .validation import json_body


def expiry(body: dict[str, Any], now: float) -> float | None:
    """`expiresAt`, which must lie in the future (sandbox clock)."""
    text = body.get("expiresAt")
    if text is None:
        return None
    instant = parse_time(text)
    if instant is None or instant <= now:
        raise ApiError("parameters_error")
    return instant


def standing_for_new(
    conn: sqlite3.Connection, table: str, me: Principal, key: str, account_id: str, now: float
) -> sqlite3.Row:
    """The account's standing (limits.account_standing) for a new operation `key`, in
    the same statement as the check that `key` is free.

    A partner identifier is unique within the application (§10). Already used for this
    customer: `409 order_exist_error` (a retry that went through); for another customer
    of the application: `order_id_permissions_error` ("no permissions in the context of
    the given operation identifier"). Checked before the account's own errors.
    """
    standing = standing_row(conn, account_id, now, identifier=(table, me.client_id, key))
    owner = standing["taken_by"]
    if owner is not None:
        raise ApiError("order_exist_error" if owner == me.user_id else "order_id_permissions_error")
    return existing(standing)


def create_blockade(call: Call) -> Response:
    me, account_id = call.me, call.request.path_params["accountId"]
    check_account(me, account_id)
    check_bim_rights(me)
    body = json_body(call.request)
    expires_at = expiry(body, call.now)
    amount = operation_cents(body["amount"])
    account = standing_for_new(call.conn, "blockades", me, body["blockadeId"], account_id, call.now)
    check_amount(account, account_limits(account, call.permission), amount)
    row = insert_blockade(
        call.conn,
        me.client_id,
        body["blockadeId"],
        account_id,
        amount,
        body["title"],
        call.now,
        expires_at,
        "ACTIVE",
    )
    return JSONResponse(blockade_json(row), status_code=201)


def _find(call: Call, blockade_id: str) -> sqlite3.Row:
    row: sqlite3.Row = call.conn.execute(
        "SELECT * FROM blockades WHERE client_id = ? AND blockade_id = ?",
        (call.me.client_id, blockade_id),
    ).fetchone()
    return row


def active_blockade(call: Call) -> sqlite3.Row:
    """The path's blockade if active; another account's: blockade_permissions_error."""
    me, params = call.me, call.request.path_params
    check_account(me, params["accountId"])
    row = call.conn.execute(
        f"SELECT * FROM blockades WHERE client_id = ? AND blockade_id = ? AND {ACTIVE_BLOCKADE}",
        (me.client_id, params["blockadeId"], call.now),
    ).fetchone()
    if row is None:
        raise ApiError("blockade_not_exist")
    if row["account_id"] != params["accountId"]:
        raise ApiError("blockade_permissions_error")
    return row  # type: ignore[no-any-return]


def get_blockade(call: Call) -> Response:
    return JSONResponse(blockade_json(active_blockade(call)))


def list_blockades(call: Call) -> Response:
    me, account_id = call.me, call.request.path_params["accountId"]
    check_account(me, account_id)
    page, size = paging(call.request)
    where = f"client_id = ? AND account_id = ? AND {ACTIVE_BLOCKADE}"
    args = (me.client_id, account_id, call.now)
    rows, total = fetch_page(call.conn, "blockades", where, args, "created_at DESC", page, size)
    items = [blockade_json(row) for row in rows]
    return JSONResponse(page_body("blockades", items, page, size, total))


def update_blockade(call: Call) -> Response:
    check_bim_rights(call.me)
    row = active_blockade(call)
    body = json_body(call.request)
    expires_at = expiry(body, call.now)
    amount = operation_cents(body["amount"])
    account = account_standing(call.conn, row["account_id"], call.now)
    limits = account_limits(account, call.permission)
    check_amount(account, limits, amount, replaces=row["amount"])
    call.conn.execute(
        "UPDATE blockades SET amount = ?, title = ?, expires_at = ?, updated_at = ?"
        " WHERE client_id = ? AND blockade_id = ?",
        (amount, body["title"], expires_at, call.now, row["client_id"], row["blockade_id"]),
    )
    return JSONResponse(blockade_json(_find(call, row["blockade_id"])))


def delete_blockade(call: Call) -> Response:
    row = active_blockade(call)
    check_bim_rights(call.me)  # releasing money is an action, like creating a blockade
    call.conn.execute(
        "UPDATE blockades SET status = 'DELETED', updated_at = ?"
        " WHERE client_id = ? AND blockade_id = ?",
        (call.now, row["client_id"], row["blockade_id"]),
    )
    return Response(status_code=204)
