"""Who is calling: the access token, the application's and the customer's standing."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from .errors import ApiError


@dataclass(frozen=True)
class Principal:
    """The paired customer and application behind an access token."""

    token: str
    client_id: str
    app_status: str
    permissions: list[str]
    staff: list[str]
    partner_name: str
    partner_number: str
    user_id: str
    user_status: str
    bim_rights: str
    account_id: str  # the account linked at pairing


def find_token(
    conn: sqlite3.Connection, token: str | None, operation_id: str
) -> sqlite3.Row | None:
    """The access token's row with its application (and tenant) and customer, if any.

    One statement for the whole gate of a secured call: the row also carries its tenant's
    clock offset (`clock_offset`, NULL: none) and whether a fault waits for `operation_id`
    (`fault_seq`, NULL: none; faults.take consumes it).
    """
    if not token:
        return None
    row: sqlite3.Row | None = conn.execute(
        "SELECT t.*, a.status AS app_status, a.permissions, a.staff, a.partner_name,"
        " a.partner_number, a.tenant, c.status AS user_status, c.bim_rights,"
        " (SELECT k.offset_seconds FROM tenant_clocks k WHERE k.tenant = a.tenant)"
        "  AS clock_offset,"
        " (SELECT MIN(f.seq) FROM faults f WHERE f.tenant = a.tenant"
        "  AND (f.operation_id IS NULL OR f.operation_id = ?)) AS fault_seq"
        " FROM tokens t JOIN applications a USING (client_id) JOIN customers c USING (user_id)"
        " WHERE t.token = ? AND t.kind = 'access'",
        (operation_id, token),
    ).fetchone()
    return row


def authenticate(token: str | None, row: sqlite3.Row | None, now: float) -> Principal:
    """The principal of `find_token`'s row, at the token's tenant's time `now`."""
    if not token:
        raise ApiError("access_token_required")
    if row is None:
        raise ApiError("aceess_token_not_exist")
    if row["revoked"] or row["expires_at"] <= now:
        raise ApiError("access_token_invalid")
    return Principal(
        token=token,
        client_id=row["client_id"],
        app_status=row["app_status"],
        permissions=json.loads(row["permissions"]),
        staff=json.loads(row["staff"]),
        partner_name=row["partner_name"],
        partner_number=row["partner_number"],
        user_id=row["user_id"],
        user_status=row["user_status"],
        bim_rights=row["bim_rights"],
        account_id=row["account_id"],
    )


def app_status_allows(status: str, staff: list[str], user_id: str | None) -> bool:
    """The sandbox is the test environment (§03).

    SANDBOX applications serve every customer, BETA ones only the partner's own staff,
    PUBLIC ones (production applications) are refused.
    """
    if status == "SANDBOX":
        return True
    if status == "BETA":
        return user_id is None or user_id in staff
    return False


def check_standing(principal: Principal) -> None:
    if not app_status_allows(principal.app_status, principal.staff, principal.user_id):
        raise ApiError("app_status_error")
    if principal.user_status != "ACTIVE":
        raise ApiError("user_status_error")


def check_bim_rights(principal: Principal) -> None:
    """A customer whose e-banking (BIM) rights are read-only cannot order operations."""
    if principal.bim_rights != "FULL":
        raise ApiError("user_permissions_error")


def check_account(principal: Principal, account_id: str) -> None:
    """Only the account linked at pairing may be used."""
    if account_id != principal.account_id:
        raise ApiError("product_permissions_error")
