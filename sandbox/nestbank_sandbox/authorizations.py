"""Customer authorization of large operations (§08): start, decide, read the state.

`authorizeBlockade` / `authorizePayment` reserve the identifier (a PENDING row) and
check the limits; the operation exists once the customer approves (SMS page, or the
`/_sandbox/authorizations/{id}/approve` control for the mobile app). Rejected, failed
and expired authorizations answer `401 authorization_failed` at `getAuthorization`.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.responses import JSONResponse, Response

from . import page_html
from .auth import check_account, check_bim_rights
from .blockades import expiry, standing_for_new
from .context import Call, Services
from .errors import ApiError
from .limits import account_limits, account_standing, check_amount
from .money import operation_cents
from .payments import execute_payment
from .permissions import Permission, parse_permission
from .resources import authorization_json, insert_blockade, insert_payment
from .tenants import client_now, same_tenant
from .validation import json_body

MOBILE_INFO = "Potwierdź operację w aplikacji mobilnej Nest Banku."
FINAL_FAILURES = ("REJECTED", "FAILED", "EXPIRED")


def _origin(uri: str) -> tuple[str, str]:
    parts = urlsplit(uri)
    return parts.scheme.lower(), parts.netloc.lower()


def check_callback_uri(conn: sqlite3.Connection, client_id: str, callback_uri: str) -> None:
    """A callbackUri must share scheme, host and port with a registered redirect URI."""
    app = conn.execute(
        "SELECT redirect_uris FROM applications WHERE client_id = ?", (client_id,)
    ).fetchone()
    allowed = {_origin(uri) for uri in json.loads(app["redirect_uris"])}
    scheme, _ = _origin(callback_uri)
    if scheme not in ("http", "https") or _origin(callback_uri) not in allowed:
        raise ApiError("callback_uri_error")


def start_blockade(call: Call) -> Response:
    account_id = call.request.path_params["accountId"]
    check_account(call.me, account_id)
    body = json_body(call.request)
    expires_at = expiry(body, call.now)
    return _start(call, "BLOCKADE", body["blockadeId"], account_id, body, expires_at)


def start_payment(call: Call) -> Response:
    body = json_body(call.request)
    return _start(call, "PAYMENT", body["orderId"], call.me.account_id, body, None)


def _start(
    call: Call,
    kind: str,
    operation_id: str,
    account_id: str,
    body: dict[str, Any],
    expires_at: float | None,
) -> Response:
    me = call.me
    check_bim_rights(me)
    check_callback_uri(call.conn, me.client_id, body["callbackUri"])
    amount = operation_cents(body["amount"])
    table = "blockades" if kind == "BLOCKADE" else "payments"
    account = standing_for_new(call.conn, table, me, operation_id, account_id, call.now)
    limits = account_limits(account, call.permission)
    check_amount(account, limits, amount, authorized=True)
    # Reserve the identifier: the row stays invisible until the customer authorizes.
    row = (me.client_id, operation_id, account_id, amount, body["title"], call.now)
    if kind == "BLOCKADE":
        insert_blockade(call.conn, *row, expires_at, "PENDING")
    else:
        insert_payment(call.conn, *row, "PENDING")
    authorization_id = f"auth-{secrets.token_hex(8)}"
    call.conn.execute(
        "INSERT INTO authorizations VALUES"
        " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, NULL, 0)",
        (
            authorization_id,
            me.client_id,
            me.user_id,
            account_id,
            kind,
            operation_id,
            amount,
            body["title"],
            expires_at,
            body["appType"],
            body["callbackUri"],
            call.now,
            call.now + call.services.settings.authorization_lifetime,
        ),
    )
    mobile = body["appType"] == "mobile"
    answer = {
        "authorizationId": authorization_id,
        "redirectURI": ""
        if mobile
        else call.base_url + page_html.authorize_action(authorization_id),
        "infoMsg": MOBILE_INFO if mobile else "",
    }
    return JSONResponse(answer)


def current_status(conn: sqlite3.Connection, row: sqlite3.Row, now: float) -> str:
    """The stored status, after lapsing a PENDING authorization whose time is up."""
    if row["status"] == "PENDING" and row["expires_at"] <= now:
        _finish(conn, row, "EXPIRED", now, success=False)
        return "EXPIRED"
    return str(row["status"])


def get_authorization(call: Call) -> Response:
    me = call.me
    row = call.conn.execute(
        "SELECT * FROM authorizations WHERE authorization_id = ?",
        (call.request.path_params["authorizationId"],),
    ).fetchone()
    if row is None or not same_tenant(call.conn, row["client_id"], me.client_id):
        # Another tenant's authorization is invisible: not even its existence shows.
        raise ApiError("authorization_id_not_exist")
    if row["client_id"] != me.client_id or row["account_id"] != me.account_id:
        # Another customer's or account's operation: the code of what it is for.
        kind = row["operation_type"]
        raise ApiError(
            "blockade_permissions_error" if kind == "BLOCKADE" else "order_permissions_error"
        )
    status = current_status(call.conn, row, call.now)
    if status in FINAL_FAILURES:
        # The lapse above must be stored although the answer is an error.
        return JSONResponse(
            {
                "error": "authorization_failed",
                "error_description": call.services.spec.error("authorization_failed").description,
            },
            status_code=401,
            headers={"Cache-Control": "no-cache"},
        )
    return JSONResponse(authorization_json(row, status))


def _finish(
    conn: sqlite3.Connection, row: sqlite3.Row, status: str, now: float, *, success: bool
) -> None:
    conn.execute(
        "UPDATE authorizations SET status = ?, decided_at = ? WHERE authorization_id = ?",
        (status, now if success else None, row["authorization_id"]),
    )
    if success:
        return
    table, column = (
        ("blockades", "blockade_id")
        if row["operation_type"] == "BLOCKADE"
        else ("payments", "order_id")
    )
    conn.execute(
        f"UPDATE {table} SET status = 'CANCELLED' WHERE client_id = ? AND {column} = ?",
        (row["client_id"], row["operation_id"]),
    )


def _operation_permission(conn: sqlite3.Connection, row: sqlite3.Row) -> Permission | None:
    app = conn.execute(
        "SELECT permissions FROM applications WHERE client_id = ?", (row["client_id"],)
    ).fetchone()
    obj = "BLOCKADES" if row["operation_type"] == "BLOCKADE" else "PAYMENTS"
    for text in json.loads(app["permissions"]):
        permission = parse_permission(text)
        if permission and permission.obj == obj and permission.action == "AUTH":
            return permission
    return None


def decide(
    services: Services, authorization_id: str, approve: bool, client_id: str
) -> tuple[sqlite3.Row, str]:
    """Approve or reject a PENDING authorization of `client_id`; returns (row, new status).

    Raises LookupError for an unknown id (or another application's: an application
    decides only its own) and ValueError if it is no longer pending.
    Approval re-checks the limits: if they no longer allow the operation, it FAILS.
    """
    with services.db.transaction() as conn:
        row = conn.execute(
            "SELECT * FROM authorizations WHERE authorization_id = ?", (authorization_id,)
        ).fetchone()
        if row is None or row["client_id"] != client_id:
            raise LookupError(authorization_id)
        now = client_now(services.clock, conn, client_id)
        status = current_status(conn, row, now)
        if status != "PENDING":
            raise ValueError(status)
        if not approve:
            _finish(conn, row, "REJECTED", now, success=False)
            return _reload(conn, authorization_id), "REJECTED"
        account = account_standing(conn, row["account_id"], now)
        limits = account_limits(account, _operation_permission(conn, row))
        try:
            check_amount(account, limits, row["amount"], authorized=True)
        except ApiError:
            _finish(conn, row, "FAILED", now, success=False)
            return _reload(conn, authorization_id), "FAILED"
        _finish(conn, row, "AUTHORIZED", now, success=True)
        if row["operation_type"] == "BLOCKADE":
            conn.execute(
                "UPDATE blockades SET status = 'ACTIVE', created_at = ?, updated_at = ?"
                " WHERE client_id = ? AND blockade_id = ?",
                (now, now, row["client_id"], row["operation_id"]),
            )
        else:
            app = conn.execute(
                "SELECT partner_name, partner_number FROM applications WHERE client_id = ?",
                (row["client_id"],),
            ).fetchone()
            conn.execute(
                "UPDATE payments SET created_at = ? WHERE client_id = ? AND order_id = ?",
                (now, row["client_id"], row["operation_id"]),
            )
            partner = (app["partner_name"], app["partner_number"])
            execute_payment(conn, row["client_id"], partner, row["operation_id"], now)
        return _reload(conn, authorization_id), "AUTHORIZED"


def _reload(conn: sqlite3.Connection, authorization_id: str) -> sqlite3.Row:
    row: sqlite3.Row = conn.execute(
        "SELECT * FROM authorizations WHERE authorization_id = ?", (authorization_id,)
    ).fetchone()
    return row


def record_wrong_code(services: Services, authorization_id: str) -> bool:
    """Count a wrong SMS code; True when the attempts are used up (then it FAILS)."""
    with services.db.transaction() as conn:
        conn.execute(
            "UPDATE authorizations SET sms_attempts = sms_attempts + 1 WHERE authorization_id = ?",
            (authorization_id,),
        )
        row = conn.execute(
            "SELECT * FROM authorizations WHERE authorization_id = ?", (authorization_id,)
        ).fetchone()
        if row["sms_attempts"] >= services.settings.sms_attempts and row["status"] == "PENDING":
            now = client_now(services.clock, conn, row["client_id"])
            _finish(conn, row, "FAILED", now, success=False)
            return True
    return False


def callback_url(row: sqlite3.Row, status: str) -> str:
    base = row["callback_uri"]
    separator = "&" if "?" in base else "?"
    query = urlencode({"authorizationId": row["authorization_id"], "status": status})
    return f"{base}{separator}{query}"


def control_answer(row: sqlite3.Row, status: str) -> dict[str, Any]:
    """The body of the approve/reject test controls."""
    body = authorization_json(row, status)
    body["callbackUrl"] = callback_url(row, status)
    return body
