"""Running totals of each account's daily use, kept by triggers in the writing transaction.

The daily and monthly limits (§05) count the active blockades and executed payments
created in the UTC day or month. Summing them on every create grew with the day's own
writes (a third of a createBlockade after a few thousand). `usage_days` holds, per
account and UTC day, the amount of executed payments and of active blockades without an
expiry; blockades with an expiry are still summed (only the unexpired, through
blockades_by_expiry), as for the available balance in storage.py. A month is at most
31 rows.

A day is `created_at` rounded down to a multiple of 86,400 s (Unix days are UTC days),
so `created_at >= day_start` holds exactly when the row's day >= day_start, and likewise
for a month's start.
"""

from __future__ import annotations

import sqlite3

_DAY = "CAST({row}.created_at / 86400 AS INTEGER) * 86400"
_BLOCKADE = "{row}.status = 'ACTIVE' AND {row}.expires_at IS NULL"
_PAYMENT = "{row}.status = 'EXECUTED'"


def _add(table: str, row: str, sign: str) -> str:
    counted = (_BLOCKADE if table == "blockades" else _PAYMENT).format(row=row)
    return (
        f"INSERT INTO usage_days SELECT {row}.account_id, {_DAY.format(row=row)},"
        f" {sign}{row}.amount WHERE {counted}"
        " ON CONFLICT (account_id, day) DO UPDATE SET amount = amount + excluded.amount;"
    )


def _triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS usage_days_{table}_insert AFTER INSERT ON {table}"
        f" BEGIN {_add(table, 'NEW', '')} END",
        f"CREATE TRIGGER IF NOT EXISTS usage_days_{table}_delete AFTER DELETE ON {table}"
        f" BEGIN {_add(table, 'OLD', '-')} END",
        f"CREATE TRIGGER IF NOT EXISTS usage_days_{table}_update AFTER UPDATE ON {table}"
        f" BEGIN {_add(table, 'OLD', '-')} {_add(table, 'NEW', '')} END",
    ]


STATEMENTS = (
    "CREATE TABLE IF NOT EXISTS usage_days (account_id TEXT NOT NULL, day INTEGER NOT NULL,"
    " amount INTEGER NOT NULL, PRIMARY KEY (account_id, day))",
    *_triggers("blockades"),
    *_triggers("payments"),
)
# Rebuilt on every start: a file from before the triggers, or rows written around them.
REBUILD = (
    "DELETE FROM usage_days",
    "INSERT INTO usage_days SELECT account_id, day, SUM(amount) FROM ("
    f" SELECT account_id, {_DAY.format(row='blockades')} AS day, amount FROM blockades"
    f"  WHERE {_BLOCKADE.format(row='blockades')}"
    " UNION ALL"
    f" SELECT account_id, {_DAY.format(row='payments')} AS day, amount FROM payments"
    f"  WHERE {_PAYMENT.format(row='payments')}"
    ") GROUP BY account_id, day",
)


def install(conn: sqlite3.Connection) -> None:
    """The table, its triggers and its rebuilt content (inside the caller's transaction)."""
    for statement in (*STATEMENTS, *REBUILD):
        conn.execute(statement)


def usage_since(
    conn: sqlite3.Connection, account_id: str, day: float, month: float, now: float
) -> tuple[int, int]:
    """(used since `day`, used since `month`), day and month starts, `day` >= `month`."""
    row = conn.execute(
        "SELECT COALESCE(SUM(CASE WHEN day >= ? THEN amount END), 0), COALESCE(SUM(amount), 0)"
        " FROM ("
        "  SELECT day, amount FROM usage_days WHERE account_id = ? AND day >= ?"
        "  UNION ALL"
        "  SELECT created_at AS day, amount FROM blockades WHERE account_id = ?"
        "   AND status = 'ACTIVE' AND expires_at > ? AND created_at >= ?)",
        (day, account_id, month, account_id, now, month),
    ).fetchone()
    return int(row[0]), int(row[1])
