"""The paired customer, the linked account with its limits, and its transactions."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .auth import check_account
from .clock import parse_time
from .context import Call
from .errors import ApiError
from .limits import account_limits, account_standing
from .money import money
from .resources import account_row, fetch_page, page_body, paging, transaction_json
from .validation import query_value


def get_user(call: Call) -> Response:
    me = call.me
    customer = call.conn.execute(
        "SELECT * FROM customers WHERE user_id = ?", (me.user_id,)
    ).fetchone()
    account = account_row(call.conn, me.account_id)
    body = {
        "userId": customer["user_id"],
        "firstName": customer["first_name"],
        "lastName": customer["last_name"],
        "application": {"clientId": me.client_id, "status": me.app_status},
        "accounts": [
            {
                "accountId": account["account_id"],
                "number": account["number"],
                "name": account["name"],
                "currency": "PLN",
            }
        ],
        "permissions": me.permissions,
    }
    return JSONResponse(body)


def _usage(limit: int, used: int) -> dict[str, Any]:
    return {"limit": money(limit), "used": money(used), "remaining": money(max(0, limit - used))}


def get_account(call: Call) -> Response:
    account_id = call.request.path_params["accountId"]
    check_account(call.me, account_id)
    account = account_standing(call.conn, account_id, call.now)
    limits = account_limits(account)
    daily_used, monthly_used = int(account["daily_used"]), int(account["monthly_used"])
    available = account["balance"] - int(account["blocked"])
    body = {
        "accountId": account_id,
        "number": account["number"],
        "name": account["name"],
        "currency": "PLN",
        "balance": money(account["balance"]),
        "availableBalance": money(available),
        "limits": {
            "perTransaction": money(limits.per_transaction),
            "noAuthorization": money(limits.no_authorization),
            "daily": _usage(limits.daily, daily_used),
            "monthly": _usage(limits.monthly, monthly_used),
        },
    }
    return JSONResponse(body)


def list_transactions(call: Call) -> Response:
    account_id = call.request.path_params["accountId"]
    check_account(call.me, account_id)
    page, size = paging(call.request)
    where = "account_id = ?"
    args: list[object] = [account_id]
    for name, comparison in (("from", ">="), ("to", "<")):
        text = query_value(call.request, name)
        if text is not None:
            instant = parse_time(text)
            if instant is None:
                raise ApiError("parameters_error")
            where += f" AND booked_at {comparison} ?"
            args.append(instant)
    rows, total = fetch_page(call.conn, "transactions", where, args, "booked_at DESC", page, size)
    items = [transaction_json(row) for row in rows]
    return JSONResponse(page_body("transactions", items, page, size, total))


def get_transaction(call: Call) -> Response:
    account_id = call.request.path_params["accountId"]
    check_account(call.me, account_id)
    row = call.conn.execute(
        "SELECT * FROM transactions WHERE transaction_id = ? AND account_id = ?",
        (call.request.path_params["transactionId"], account_id),
    ).fetchone()
    if row is None:
        raise ApiError("order_not_exist")
    return JSONResponse(transaction_json(row))
