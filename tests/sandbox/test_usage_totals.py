"""The daily-use running totals answer what the plain sums they replace answered (issue 14).

Whatever inserts, updates (amount, status, expiry, creation time), deletes and wipes the
blockades and payments tables see, `usage` (usage_days plus the unexpired blockades with
an expiry) equals the old per-request SUMs over both tables, for days and months around
the rows' creation times; and so does a restart's rebuild.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from nestbank_sandbox import usage_totals
from nestbank_sandbox.clock import day_start, month_start
from nestbank_sandbox.limits import ACTIVE_BLOCKADE, standing_row, usage
from nestbank_sandbox.storage import Database

ACCOUNTS = ("acc-a", "acc-b")
DAY = 86_400.0
BASE = 1_764_547_200.0  # 2025-12-01T00:00:00Z: a month's first day
# Creation times: month and day edges, and either side of them.
CREATED = [BASE - DAY, BASE - 1, BASE, BASE + 1, BASE + DAY - 0.5, BASE + DAY, BASE + 40 * DAY]
NOWS = [BASE, BASE + 0.5, BASE + DAY, BASE + DAY + 1, BASE + 40 * DAY + 5]
amounts = st.integers(min_value=1, max_value=10_000)
times = st.sampled_from(CREATED)
expiries = st.one_of(st.none(), st.sampled_from([BASE - 1, BASE + 1, BASE + DAY + 0.5]))
ids = st.sampled_from(["x1", "x2", "x3"])
tables = st.sampled_from(["blockades", "payments"])
statuses = st.sampled_from(["ACTIVE", "DELETED", "EXECUTED", "PENDING"])
steps = st.one_of(
    st.tuples(
        st.just("insert"),
        tables,
        ids,
        st.sampled_from(ACCOUNTS),
        amounts,
        times,
        expiries,
        statuses,
    ),
    st.tuples(st.just("amount"), tables, ids, amounts),
    st.tuples(st.just("status"), tables, ids, statuses),
    st.tuples(st.just("expiry"), st.just("blockades"), ids, expiries),
    st.tuples(st.just("created"), tables, ids, times),
    st.tuples(st.just("delete"), tables, ids),
    st.tuples(st.just("wipe")),
)


def _apply(db: Database, step: tuple[Any, ...]) -> None:
    with db.transaction() as conn:
        kind = step[0]
        if kind == "wipe":
            db.wipe(conn)
            return
        table, key = step[1], "blockade_id" if step[1] == "blockades" else "order_id"
        if kind == "insert":
            _, _, rid, account, amount, created, expires, status = step
            if table == "blockades":
                conn.execute(
                    "INSERT OR IGNORE INTO blockades VALUES ('app', ?, ?, ?, 't', ?, ?, ?, ?)",
                    (rid, account, amount, created, created, expires, status),
                )
            else:
                conn.execute(
                    "INSERT OR IGNORE INTO payments VALUES ('app', ?, ?, ?, 't', ?, ?, NULL)",
                    (rid, account, amount, status, created),
                )
        elif kind == "delete":
            conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (step[2],))
        else:
            column = {"amount": "amount", "status": "status", "expiry": "expires_at",
                      "created": "created_at"}[kind]  # fmt: skip
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (step[3], step[2]))


def _plain_sum(conn: sqlite3.Connection, account: str, since: float, now: float) -> int:
    """What limits.py summed on every request before the running totals."""
    blocked = conn.execute(
        f"SELECT COALESCE(SUM(amount), 0) FROM blockades WHERE account_id = ? AND {ACTIVE_BLOCKADE}"
        " AND created_at >= ?",
        (account, now, since),
    ).fetchone()[0]
    paid = conn.execute(
        "SELECT COALESCE(SUM(amount), 0) FROM payments WHERE account_id = ?"
        " AND status = 'EXECUTED' AND created_at >= ?",
        (account, since),
    ).fetchone()[0]
    return int(blocked) + int(paid)


def _check(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    answers = []
    for account in ACCOUNTS:
        for now in NOWS:
            expected = (
                _plain_sum(conn, account, day_start(now), now),
                _plain_sum(conn, account, month_start(now), now),
            )
            assert usage(conn, account, now) == expected, (account, now)
            # The one statement the handlers read it through answers the same.
            standing = standing_row(conn, account, now)
            assert (standing["daily_used"], standing["monthly_used"]) == expected
            answers.append(expected)
    return answers


@settings(max_examples=400, deadline=None)
@given(st.lists(steps, max_size=20))
def test_usage_equals_the_plain_sums(history: list[tuple[Any, ...]]) -> None:
    db = Database(":memory:")  # migration 3 installs the table and its triggers
    for step in history:
        _apply(db, step)
        with db.transaction() as conn:
            _check(conn)
    with db.transaction() as conn:
        before = _check(conn)
        usage_totals.rebuild(conn, db.dialect)  # a restart: rebuilt from the rows
        assert _check(conn) == before
    db.close()
