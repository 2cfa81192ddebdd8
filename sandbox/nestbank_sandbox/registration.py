"""`POST /_sandbox/applications`: self-service registration of a partner application.

A newcomer has no credentials yet, so the control takes none: it is guarded like the
others otherwise (allowed `Host`, same-site, JSON only) and limited per client address
(`Settings.registrations_per_hour`). The new application is its own tenant with a copy
of the demo customers, accounts, limits, transactions and blockade (demo.py).
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from typing import Any
from urllib.parse import urlsplit

from .control_guard import ControlError
from .demo import (
    ACCOUNTS,
    CLIENT_ID_PREFIX,
    CUSTOMERS,
    FULL_PERMISSIONS,
    id_suffix,
    insert_application,
    load_demo_data,
)
from .ecma import python_pattern
from .expiry import record_use
from .spec import load_spec

# The spec's RedirectUri (components.schemas), read from the spec, never copied: HTTPS, or
# plain http on a loopback host, and its length.
_REDIRECT_URI_SCHEMA = load_spec().document["components"]["schemas"]["RedirectUri"]
REDIRECT_URI = re.compile(python_pattern(_REDIRECT_URI_SCHEMA["pattern"]))
MAX_REDIRECT_URI = int(_REDIRECT_URI_SCHEMA["maxLength"])
MAX_REDIRECT_URIS = 10
STATUSES = ("SANDBOX", "BETA", "PUBLIC")
STAFF_LOGIN = "anna"  # a BETA application's staff: its tenant's copy of `anna`, as beta-app's
FIELDS = {"redirect_uris", "permissions", "status"}


def _redirect_uris(body: dict[str, Any]) -> list[str]:
    uris = body.get("redirect_uris")
    if not isinstance(uris, list) or not 1 <= len(uris) <= MAX_REDIRECT_URIS:
        raise ControlError(
            f"`redirect_uris` must be a list of 1 to {MAX_REDIRECT_URIS} redirect URIs"
        )
    for uri in uris:
        if not isinstance(uri, str) or not valid_redirect_uri(uri):
            raise ControlError(
                f"{uri!r} is not a redirect URI the bank accepts: https:// (plain http only"
                f" on 127.0.0.1, localhost or [::1]), no fragment, at most {MAX_REDIRECT_URI}"
                " characters"
            )
    if len(set(uris)) != len(uris):
        raise ControlError("`redirect_uris` lists a URI twice")
    return list(uris)


def valid_redirect_uri(uri: str) -> bool:
    """The pairing's RedirectUri rule; and a host, no fragment (RFC 6749 §3.1.2)."""
    if not 1 <= len(uri) <= MAX_REDIRECT_URI or not REDIRECT_URI.search(uri):
        return False
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in uri):
        return False
    try:
        parts = urlsplit(uri)
        port = parts.port  # ValueError when out of range
    except ValueError:
        return False
    return bool(parts.hostname) and "#" not in uri and (port is None or port > 0)


def _permissions(body: dict[str, Any]) -> list[str]:
    permissions = body.get("permissions", FULL_PERMISSIONS)
    if (
        not isinstance(permissions, list)
        or not all(isinstance(p, str) and p in FULL_PERMISSIONS for p in permissions)
        or len(set(permissions)) != len(permissions)
    ):
        raise ControlError(
            "`permissions` must list distinct permission strings of the demo application"
            " (GET /user of demo-app shows them)"
        )
    return list(permissions)


def _status(body: dict[str, Any]) -> str:
    status = body.get("status", "SANDBOX")
    if not isinstance(status, str) or status not in STATUSES:
        raise ControlError(f"`status` must be one of {list(STATUSES)}")
    return status


def parse(body: dict[str, Any]) -> tuple[list[str], list[str], str]:
    unknown = set(body) - FIELDS
    if unknown:
        raise ControlError(f"unknown fields: {sorted(unknown)}")
    return _redirect_uris(body), _permissions(body), _status(body)


def register(conn: sqlite3.Connection, body: dict[str, Any], now: float) -> dict[str, Any]:
    """Create the application and its tenant's demo world; the 201 answer's body."""
    redirect_uris, permissions, status = parse(body)
    client_id = CLIENT_ID_PREFIX + secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    sfx = id_suffix(client_id)
    staff_ids = [user_id + sfx for user_id, login, *_ in CUSTOMERS if login == STAFF_LOGIN]
    staff = staff_ids if status == "BETA" else []
    insert_application(
        conn, client_id, secret, status, redirect_uris, permissions, staff, client_id
    )
    load_demo_data(conn, now, client_id)
    record_use(conn, client_id, now)  # its --tenant-ttl-days count from now
    return {
        "client_id": client_id,
        "client_secret": secret,
        "status": status,
        "redirect_uris": redirect_uris,
        "permissions": permissions,
        "customers": [
            {
                "login": login,
                "password": login,
                "userId": user_id + sfx,
                "accounts": [a[0] + sfx for a in ACCOUNTS if a[1] == user_id],
            }
            for user_id, login, *_ in CUSTOMERS
        ],
    }
