"""OAuth2 pairing (§07): the authorization request, the consent pages, the token service."""

from __future__ import annotations

import json
import secrets
import sqlite3
from urllib.parse import urlencode

from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from . import page_html
from .auth import app_status_allows
from .context import Call, Services
from .errors import ApiError, error_response
from .tenants import tenant_now, tenant_of_client
from .validation import form_fields


def _application(conn: sqlite3.Connection, client_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM applications WHERE client_id = ?", (client_id,)
    ).fetchone()
    return row


def check_pairing_request(
    conn: sqlite3.Connection, client_id: str, redirect_uri: str
) -> sqlite3.Row:
    app = _application(conn, client_id)
    if app is None:
        raise ApiError("oauth_parameters_error")
    if redirect_uri not in json.loads(app["redirect_uris"]):
        raise ApiError("callback_uri_error")
    if not app_status_allows(app["status"], [], None):
        raise ApiError("app_status_error")
    return app


def authorize_application(call: Call) -> Response:
    """GET /request: check the parameters, then show the login page."""
    query = dict(call.request.query)
    check_pairing_request(call.conn, query["client_id"], query["redirect_uri"])
    session_id = secrets.token_urlsafe(24)
    call.conn.execute(
        "INSERT INTO consent_sessions VALUES (?, ?, ?, ?, NULL, ?)",
        (
            session_id,
            query["client_id"],
            query["redirect_uri"],
            query["state"],
            call.now + call.services.settings.consent_lifetime,
        ),
    )
    return HTMLResponse(page_html.login_page(session_id, query["client_id"]))


def issue_code(
    services: Services,
    conn: sqlite3.Connection,
    *,
    now: float,
    client_id: str,
    user_id: str,
    account_id: str,
    redirect_uri: str,
    state: str,
) -> str:
    code = secrets.token_urlsafe(24)
    conn.execute(
        "INSERT INTO auth_codes VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
        (
            code,
            client_id,
            user_id,
            account_id,
            redirect_uri,
            state,
            now + services.settings.code_lifetime,
        ),
    )
    return code


def consent_step(services: Services, form: dict[str, str]) -> Response:
    """The consent form's POSTs (sandbox-internal): log in, then pick the account and decide.

    The login is looked up among the customers of the paired application's tenant only.
    """
    with services.db.transaction() as conn:
        session = conn.execute(
            "SELECT * FROM consent_sessions WHERE session_id = ?", (form.get("session", ""),)
        ).fetchone()
        tenant = None if session is None else tenant_of_client(conn, session["client_id"])
        now = 0.0 if tenant is None else tenant_now(services.clock, conn, tenant)
        if session is None or tenant is None or session["expires_at"] <= now:
            return HTMLResponse(
                page_html.message_page("Sesja wygasła. Rozpocznij parowanie od nowa."), 400
            )
        if form.get("step") == "login":
            customer = conn.execute(
                "SELECT * FROM customers WHERE tenant = ? AND login = ? AND password = ?",
                (tenant, form.get("login", ""), form.get("password", "")),
            ).fetchone()
            if customer is None:
                page = page_html.login_page(
                    session["session_id"], session["client_id"], failed=True
                )
                return HTMLResponse(page, 200)
            conn.execute(
                "UPDATE consent_sessions SET user_id = ? WHERE session_id = ?",
                (customer["user_id"], session["session_id"]),
            )
            accounts = conn.execute(
                "SELECT account_id, name, number FROM accounts"
                " WHERE user_id = ? ORDER BY account_id",
                (customer["user_id"],),
            ).fetchall()
            return HTMLResponse(
                page_html.accounts_page(session["session_id"], session["client_id"], accounts)
            )
        if session["user_id"] is None:
            return HTMLResponse(page_html.message_page("Najpierw zaloguj się."), 400)
        conn.execute("DELETE FROM consent_sessions WHERE session_id = ?", (session["session_id"],))
        base = session["redirect_uri"]
        separator = "&" if "?" in base else "?"
        if form.get("decision") != "approve":
            params = {"error": "access_denied", "state": session["state"]}
            return RedirectResponse(f"{base}{separator}{urlencode(params)}", 302)
        account = conn.execute(
            "SELECT account_id FROM accounts WHERE account_id = ? AND user_id = ?",
            (form.get("accountId", ""), session["user_id"]),
        ).fetchone()
        if account is None:
            return HTMLResponse(page_html.message_page("Wybierz jeden ze swoich rachunków."), 400)
        code = issue_code(
            services,
            conn,
            now=now,
            client_id=session["client_id"],
            user_id=session["user_id"],
            account_id=account["account_id"],
            redirect_uri=session["redirect_uri"],
            state=session["state"],
        )
    params = {"code": code, "state": session["state"]}
    return RedirectResponse(f"{base}{separator}{urlencode(params)}", 302)


def grant_token(call: Call) -> Response:
    """POST /grant: exchange a code, or refresh (rotating the refresh token)."""
    fields = form_fields(call.request)
    app = _application(call.conn, fields["client_id"])
    # Bytes, not str: compare_digest refuses non-ASCII strings, and any secret may come in.
    sent = fields["client_secret"].encode()
    if app is None or not secrets.compare_digest(app["client_secret"].encode(), sent):
        raise ApiError("oauth_parameters_error")
    if not app_status_allows(app["status"], [], None):
        raise ApiError("app_status_error")
    if fields["grant_type"] == "authorization_code":
        return _exchange_code(call, fields)
    return _refresh(call, fields)


def _exchange_code(call: Call, fields: dict[str, str]) -> Response:
    row = call.conn.execute("SELECT * FROM auth_codes WHERE code = ?", (fields["code"],)).fetchone()
    if row is None or row["client_id"] != fields["client_id"]:
        raise ApiError("token_request_parameters_error")
    if row["redirect_uri"] != fields["redirect_uri"] or row["state"] != fields["state"]:
        raise ApiError("token_request_parameters_error")
    if row["used"]:
        # RFC 6749 §4.1.2: a code used twice revokes the tokens issued from it.
        call.conn.execute("UPDATE tokens SET revoked = 1 WHERE code = ?", (row["code"],))
        return error_response(call.services.spec, "authorizationCode_expired")
    if row["expires_at"] <= call.now:
        raise ApiError("authorizationCode_expired")
    call.conn.execute("UPDATE auth_codes SET used = 1 WHERE code = ?", (row["code"],))
    return _issue_tokens(call, row["client_id"], row["user_id"], row["account_id"], row["code"])


def _refresh(call: Call, fields: dict[str, str]) -> Response:
    row = call.conn.execute(
        "SELECT * FROM tokens WHERE token = ? AND kind = 'refresh'", (fields["refresh_token"],)
    ).fetchone()
    if row is None or row["client_id"] != fields["client_id"]:
        raise ApiError("token_request_parameters_error")
    if row["revoked"] or row["expires_at"] <= call.now:
        raise ApiError("refresh_token_expired")
    call.conn.execute("UPDATE tokens SET revoked = 1 WHERE token = ?", (row["token"],))
    return _issue_tokens(call, row["client_id"], row["user_id"], row["account_id"], row["code"])


def _issue_tokens(call: Call, client_id: str, user_id: str, account_id: str, code: str) -> Response:
    settings = call.services.settings
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    for token, kind, lifetime in (
        (access, "access", settings.access_token_lifetime),
        (refresh, "refresh", settings.refresh_token_lifetime),
    ):
        call.conn.execute(
            "INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
            (token, kind, client_id, user_id, account_id, code, call.now + lifetime),
        )
    app = _application(call.conn, client_id)
    assert app is not None
    body = {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": settings.access_token_lifetime,
        "refresh_token": refresh,
        "refresh_token_expires_in": settings.refresh_token_lifetime,
        "scope": "open-api",
        "permissions": json.loads(app["permissions"]),
    }
    # RFC 6749 §5.1: no caching of tokens, for HTTP/1.1 and HTTP/1.0 caches alike.
    return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
