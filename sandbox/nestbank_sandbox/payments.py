"""Payments to the partner's own account (§01, §04), booked at once as DEBIT transactions."""

from __future__ import annotations

import secrets
import sqlite3

from starlette.responses import JSONResponse, Response

from .auth import Principal, check_bim_rights
from .blockades import standing_for_new
from .context import Call
from .errors import ApiError
from .limits import account_limits, check_amount
from .money import operation_cents
from .resources import fetch_page, insert_payment, page_body, paging, payment_json
from .validation import json_body

VISIBLE = "status IN ('ACCEPTED', 'EXECUTED', 'REJECTED')"


def execute_payment(
    conn: sqlite3.Connection, me_client_id: str, partner: tuple[str, str], row_key: str, now: float
) -> None:
    """Book an accepted payment: debit the account, record the transaction."""
    payment = conn.execute(
        "SELECT * FROM payments WHERE client_id = ? AND order_id = ?", (me_client_id, row_key)
    ).fetchone()
    conn.execute(
        "UPDATE payments SET status = 'EXECUTED', executed_at = ?"
        " WHERE client_id = ? AND order_id = ?",
        (now, me_client_id, row_key),
    )
    conn.execute(
        "UPDATE accounts SET balance = balance - ? WHERE account_id = ?",
        (payment["amount"], payment["account_id"]),
    )
    conn.execute(
        "INSERT INTO transactions VALUES (?, ?, 'DEBIT', ?, ?, ?, ?, ?, NULL, ?)",
        (
            f"trn-{secrets.token_hex(8)}",
            payment["account_id"],
            payment["amount"],
            payment["title"],
            partner[0],
            partner[1],
            payment["order_id"],
            now,
        ),
    )


def partner_of(me: Principal) -> tuple[str, str]:
    return me.partner_name, me.partner_number


def create_payment(call: Call) -> Response:
    me = call.me
    check_bim_rights(me)
    body = json_body(call.request)
    amount = operation_cents(body["amount"])
    account = standing_for_new(call.conn, "payments", me, body["orderId"], me.account_id, call.now)
    check_amount(account, account_limits(account, call.permission), amount)
    insert_payment(
        call.conn,
        me.client_id,
        body["orderId"],
        me.account_id,
        amount,
        body["title"],
        call.now,
        "ACCEPTED",
    )
    execute_payment(call.conn, me.client_id, partner_of(me), body["orderId"], call.now)
    row = call.conn.execute(
        "SELECT * FROM payments WHERE client_id = ? AND order_id = ?",
        (me.client_id, body["orderId"]),
    ).fetchone()
    return JSONResponse(payment_json(row, *partner_of(me)), status_code=201)


def list_payments(call: Call) -> Response:
    me = call.me
    page, size = paging(call.request)
    where = f"client_id = ? AND {VISIBLE} AND account_id = ?"  # the linked account only
    args = (me.client_id, me.account_id)
    rows, total = fetch_page(call.conn, "payments", where, args, "created_at DESC", page, size)
    items = [payment_json(row, *partner_of(me)) for row in rows]
    return JSONResponse(page_body("payments", items, page, size, total))


def get_payment(call: Call) -> Response:
    me = call.me
    row = call.conn.execute(
        f"SELECT * FROM payments WHERE client_id = ? AND order_id = ? AND {VISIBLE}",
        (me.client_id, call.request.path_params["orderId"]),
    ).fetchone()
    if row is None:
        raise ApiError("order_not_exist")
    if row["account_id"] != me.account_id:  # another customer's, or another account's
        raise ApiError("order_permissions_error")
    return JSONResponse(payment_json(row, *partner_of(me)))
