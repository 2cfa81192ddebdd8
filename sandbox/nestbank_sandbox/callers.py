"""Who a bank call is: the tenant a credential proves, and the rate budgets it spends.

A call meets a tenant's injected faults, runs on its clock and spends its budgets only
when a credential of that tenant came with it: an access token (secured operations) or,
at `POST /grant`, a client_id with its matching secret in the form. `GET /request` has no
credential by design (the customer's browser makes it), so it belongs to the tenant of
the application it names: anyone who knows a client_id and its redirect URI can meet that
tenant's faults injected for `authorizeApplication`, as anyone can start its pairing.
Every other call belongs to no tenant: no faults, the demo clock, the PUBLIC budget of
its client address.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from urllib.parse import parse_qsl

from .compiled_validation import FORM
from .ratelimit import PUBLIC, Budget
from .spec import Operation
from .tenants import tenant_of_client
from .validation import IncomingRequest, query_value


@dataclass(frozen=True)
class Identity:
    tenant: str | None  # None: no credential proved a tenant
    budgets: list[Budget]


def identify(
    conn: sqlite3.Connection,
    operation: Operation,
    incoming: IncomingRequest,
    token_row: sqlite3.Row | None,
    address: str,
) -> Identity:
    anonymous = Identity(None, [(PUBLIC, f"addr:{address}")])
    if operation.secured:
        if token_row is None:
            return anonymous
        return Identity(
            str(token_row["tenant"]), [(str(token_row["tenant"]), f"token:{token_row['token']}")]
        )
    if operation.operation_id == "grantToken":
        client_id = verified_client(conn, incoming)
        tenant = tenant_of_client(conn, client_id) if client_id else None
        if client_id is None or tenant is None:
            return anonymous
        return Identity(tenant, [(tenant, f"client:{client_id}")])
    if operation.operation_id == "authorizeApplication":
        named = query_value(incoming, "client_id")
        tenant = tenant_of_client(conn, named) if named else None
        return Identity(tenant, anonymous.budgets)
    return anonymous


def verified_client(conn: sqlite3.Connection, incoming: IncomingRequest) -> str | None:
    """The form's client_id if its client_secret matches (never the query string's)."""
    if incoming.content_type.split(";", 1)[0].strip().lower() != FORM:
        return None
    try:
        fields = parse_qsl(incoming.body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return None
    given: dict[str, str] = {}
    for key, value in fields:
        given.setdefault(key, value)  # the first occurrence, as validation reads it
    client_id, secret = given.get("client_id"), given.get("client_secret")
    if not client_id or secret is None:
        return None
    row = conn.execute(
        "SELECT client_secret FROM applications WHERE client_id = ?", (client_id,)
    ).fetchone()
    if row is None or not secrets.compare_digest(str(row[0]).encode(), secret.encode()):
        return None
    return client_id
