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

# A row's UTC day. SQLite's CAST truncates (creation times are positive); PostgreSQL's
# rounds, so it floors explicitly.
_DAY = {
    "sqlite": "CAST({row}.created_at / 86400 AS INTEGER) * 86400",
    "postgresql": "FLOOR({row}.created_at / 86400) * 86400",
}
_BLOCKADE = "{row}.status = 'ACTIVE' AND {row}.expires_at IS NULL"
_PAYMENT = "{row}.status = 'EXECUTED'"


def _counted(table: str, row: str) -> str:
    return (_BLOCKADE if table == "blockades" else _PAYMENT).format(row=row)


def _add(table: str, row: str, sign: str) -> str:
    return (
        f"INSERT INTO usage_days SELECT {row}.account_id, {_DAY['sqlite'].format(row=row)},"
        f" {sign}{row}.amount WHERE {_counted(table, row)}"
        " ON CONFLICT (account_id, day) DO UPDATE SET amount = amount + excluded.amount;"
    )


def _sqlite_triggers(table: str) -> str:
    return (
        f"CREATE TRIGGER IF NOT EXISTS usage_days_{table}_insert AFTER INSERT ON {table}"
        f" BEGIN {_add(table, 'NEW', '')} END;\n"
        f"CREATE TRIGGER IF NOT EXISTS usage_days_{table}_delete AFTER DELETE ON {table}"
        f" BEGIN {_add(table, 'OLD', '-')} END;\n"
        f"CREATE TRIGGER IF NOT EXISTS usage_days_{table}_update AFTER UPDATE ON {table}"
        f" BEGIN {_add(table, 'OLD', '-')} {_add(table, 'NEW', '')} END;\n"
    )


def _postgresql_function(table: str) -> str:
    def add(row: str, sign: str) -> str:
        return (
            f"IF {_counted(table, row)} THEN"
            f" INSERT INTO usage_days VALUES ({row}.account_id,"
            f" {_DAY['postgresql'].format(row=row)}, {sign}{row}.amount)"
            " ON CONFLICT (account_id, day)"
            " DO UPDATE SET amount = usage_days.amount + excluded.amount; END IF;"
        )

    return (
        f"CREATE OR REPLACE FUNCTION usage_days_{table}() RETURNS trigger"
        " LANGUAGE plpgsql AS $$ BEGIN"
        f" IF TG_OP IN ('UPDATE', 'DELETE') THEN {add('OLD', '-')} END IF;"
        f" IF TG_OP IN ('INSERT', 'UPDATE') THEN {add('NEW', '')} END IF;"
        " RETURN NULL; END $$;\n"
        f"CREATE OR REPLACE TRIGGER usage_days_{table}"
        f" AFTER INSERT OR UPDATE OR DELETE ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION usage_days_{table}();\n"
    )


_TABLE = (
    "CREATE TABLE IF NOT EXISTS usage_days (account_id TEXT{collate} NOT NULL,"
    " day {integer} NOT NULL, amount {integer} NOT NULL, PRIMARY KEY (account_id, day));\n"
)
# Migration 3 (storage.MIGRATIONS): the table and the triggers that keep it.
SQLITE = (
    _TABLE.format(collate="", integer="INTEGER")
    + _sqlite_triggers("blockades")
    + _sqlite_triggers("payments")
)
POSTGRESQL = (
    _TABLE.format(collate=' COLLATE "C"', integer="BIGINT")
    + _postgresql_function("blockades")
    + _postgresql_function("payments")
)


def rebuild_statements(dialect: str) -> tuple[str, ...]:
    """Run at every start: a file from before the triggers, or rows written around them."""
    day = _DAY[dialect]
    return (
        "DELETE FROM usage_days",
        "INSERT INTO usage_days SELECT account_id, day, SUM(amount) FROM ("
        f" SELECT account_id, {day.format(row='blockades')} AS day, amount FROM blockades"
        f"  WHERE {_BLOCKADE.format(row='blockades')}"
        " UNION ALL"
        f" SELECT account_id, {day.format(row='payments')} AS day, amount FROM payments"
        f"  WHERE {_PAYMENT.format(row='payments')}"
        ") AS used GROUP BY account_id, day",
    )


def rebuild(conn: sqlite3.Connection, dialect: str) -> None:
    """Recompute the table from the rows (inside the caller's transaction)."""
    for statement in rebuild_statements(dialect):
        conn.execute(statement)


# One row: used since the day's start, used since the month's (usage_args' parameters);
# also a part of limits.account_standing's one statement.
USAGE_SINCE = (
    "SELECT COALESCE(SUM(CASE WHEN day >= ? THEN amount END), 0) AS daily_used,"
    " COALESCE(SUM(amount), 0) AS monthly_used"
    " FROM ("
    "  SELECT day, amount FROM usage_days WHERE account_id = ? AND day >= ?"
    "  UNION ALL"
    "  SELECT created_at AS day, amount FROM blockades WHERE account_id = ?"
    "   AND status = 'ACTIVE' AND expires_at > ? AND created_at >= ?) AS used"
)


def usage_args(account_id: str, day: float, month: float, now: float) -> tuple[object, ...]:
    return (day, account_id, month, account_id, now, month)


def usage_since(
    conn: sqlite3.Connection, account_id: str, day: float, month: float, now: float
) -> tuple[int, int]:
    """(used since `day`, used since `month`), day and month starts, `day` >= `month`."""
    row = conn.execute(USAGE_SINCE, usage_args(account_id, day, month, now)).fetchone()
    return int(row[0]), int(row[1])
