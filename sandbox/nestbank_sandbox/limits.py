"""Per-customer limits (§05): per transaction, daily, monthly, no-authorization amount.

Days and months are UTC calendar periods of the sandbox clock. Active blockades and
executed payments created in a period count as used; a deleted or expired blockade no
longer counts. The application's permission string may set lower limits (§06).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from .clock import day_start, month_start
from .errors import ApiError
from .permissions import Permission
from .usage_totals import USAGE_SINCE, usage_args, usage_since

ACTIVE_BLOCKADE = "status = 'ACTIVE' AND (expires_at IS NULL OR expires_at > ?)"


@dataclass(frozen=True)
class Limits:
    per_transaction: int
    no_authorization: int
    daily: int
    monthly: int


def account_limits(account: sqlite3.Row, permission: Permission | None = None) -> Limits:
    def lower(own: int, other: int | None) -> int:
        return own if other is None else min(own, other)

    p = permission
    return Limits(
        per_transaction=lower(account["per_transaction"], p.limit if p else None),
        no_authorization=lower(
            account["no_authorization"], p.limit_no_authorization if p else None
        ),
        daily=lower(account["daily"], p.limit_daily if p else None),
        monthly=lower(account["monthly"], p.limit_monthly if p else None),
    )


def usage(conn: sqlite3.Connection, account_id: str, now: float) -> tuple[int, int]:
    """(used today, used this month): running totals (usage_totals.py) plus the unexpired."""
    return usage_since(conn, account_id, day_start(now), month_start(now), now)


# One row, `blocked` (parameters: account, account, now); also a part of account_standing.
BLOCKED = (
    "SELECT COALESCE((SELECT amount FROM open_blockades WHERE account_id = ?), 0)"
    " + (SELECT COALESCE(SUM(amount), 0) FROM blockades"
    "    WHERE account_id = ? AND status = 'ACTIVE' AND expires_at > ?) AS blocked"
)


def blocked_amount(conn: sqlite3.Connection, account_id: str, now: float) -> int:
    """Active blockades: the running total of those without an expiry plus the unexpired."""
    row = conn.execute(BLOCKED, (account_id, account_id, now)).fetchone()
    return int(row[0])


# A partner identifier's column: (table, client_id, identifier) names one operation.
IDENTIFIER_COLUMN = {"blockades": "blockade_id", "payments": "order_id"}
Identifier = tuple[str, str, str]


def standing_row(
    conn: sqlite3.Connection, account_id: str, now: float, identifier: Identifier | None = None
) -> sqlite3.Row:
    """The account's columns (NULL: no such account) with `daily_used`, `monthly_used`
    (as `usage`) and `blocked` (as `blocked_amount`): one statement, not three (each is a
    round trip on PostgreSQL). With `identifier`, also `taken_by`: the customer whose
    operation already uses it (NULL: free), which a create checks first."""
    taken = "NULL"
    taken_args: tuple[str, ...] = ()
    if identifier is not None:
        table, client_id, key = identifier
        taken = (
            f"(SELECT o.user_id FROM {table} t JOIN accounts o USING (account_id)"
            f" WHERE t.client_id = ? AND t.{IDENTIFIER_COLUMN[table]} = ?)"
        )
        taken_args = (client_id, key)
    row: sqlite3.Row = conn.execute(
        f"SELECT a.*, u.daily_used, u.monthly_used, b.blocked, {taken} AS taken_by"
        f" FROM ({USAGE_SINCE}) AS u CROSS JOIN ({BLOCKED}) AS b"
        " LEFT JOIN accounts a ON a.account_id = ?",
        (
            *taken_args,
            *usage_args(account_id, day_start(now), month_start(now), now),
            *(account_id, account_id, now),
            account_id,
        ),
    ).fetchone()
    return row


def account_standing(conn: sqlite3.Connection, account_id: str, now: float) -> sqlite3.Row:
    """standing_row of an existing account (as resources.account_row: else
    product_permissions_error): what check_amount and the account's answer read."""
    return existing(standing_row(conn, account_id, now))


def existing(standing: sqlite3.Row) -> sqlite3.Row:
    if standing["account_id"] is None:
        raise ApiError("product_permissions_error")
    return standing


def check_amount(
    account: sqlite3.Row,
    limits: Limits,
    amount: int,
    *,
    replaces: int = 0,
    authorized: bool = False,
) -> None:
    """Refuse an operation of `amount` (replacing one of `replaces`) with the documented code.

    Order: per-transaction limit (`app_limit_exceeded`), daily/monthly limits
    (`user_limit exceeded`), available balance (`charges_limit exceeded`), then the
    no-authorization amount (`authorization_required`) unless the customer authorizes it.
    `account` is account_standing's row: the usage and the blocked amount come with it.
    """
    if account["status"] != "ACTIVE":
        raise ApiError("request_reject_by_user_product_state")
    if amount > limits.per_transaction:
        raise ApiError("app_limit_exceeded")
    daily_used, monthly_used = int(account["daily_used"]), int(account["monthly_used"])
    extra = amount - replaces
    if daily_used + extra > limits.daily or monthly_used + extra > limits.monthly:
        raise ApiError("user_limit exceeded")
    available = account["balance"] - int(account["blocked"])
    if extra > available:
        raise ApiError("charges_limit exceeded")
    if not authorized and extra > 0 and amount > limits.no_authorization:
        raise ApiError("authorization_required")
