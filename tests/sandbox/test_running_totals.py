"""The running total of open blockades always equals the sum it replaces (issue 14).

Whatever sequence of inserts, updates (amount, status, expiry), deletes and wipes the
blockades table sees, `blocked_amount` (running total plus unexpired blockades) answers
what the plain SUM over every active blockade answers, and so does a restart's rebuild:
on SQLite (its triggers) and on PostgreSQL (its plpgsql trigger function).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nestbank_sandbox.limits import ACTIVE_BLOCKADE, blocked_amount, standing_row
from nestbank_sandbox.storage import REBUILD_TOTALS, Database

ACCOUNTS = ("acc-a", "acc-b")
NOW = 1000.0
amounts = st.integers(min_value=1, max_value=10_000)
expiries = st.one_of(st.none(), st.sampled_from([NOW - 1, NOW, NOW + 1]))
statuses = st.sampled_from(["ACTIVE", "DELETED", "PENDING"])
ids = st.sampled_from(["b1", "b2", "b3", "b4"])
steps = st.one_of(
    st.tuples(st.just("insert"), ids, st.sampled_from(ACCOUNTS), amounts, expiries, statuses),
    st.tuples(st.just("amount"), ids, amounts),
    st.tuples(st.just("status"), ids, statuses),
    st.tuples(st.just("expiry"), ids, expiries),
    st.tuples(st.just("delete"), ids),
    st.tuples(st.just("wipe")),
)


def _apply(db: Database, step: tuple[Any, ...]) -> None:
    with db.transaction() as conn:
        kind = step[0]
        if kind == "insert":
            _, bid, account, amount, expires, status = step
            conn.execute(
                "INSERT INTO blockades VALUES ('app', ?, ?, ?, 't', 0, 0, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (bid, account, amount, expires, status),
            )
        elif kind == "amount":
            conn.execute("UPDATE blockades SET amount = ? WHERE blockade_id = ?", step[2:0:-1])
        elif kind == "status":
            conn.execute("UPDATE blockades SET status = ? WHERE blockade_id = ?", step[2:0:-1])
        elif kind == "expiry":
            conn.execute("UPDATE blockades SET expires_at = ? WHERE blockade_id = ?", step[2:0:-1])
        elif kind == "delete":
            conn.execute("DELETE FROM blockades WHERE blockade_id = ?", (step[1],))
        else:
            db.wipe(conn)


def _plain_sum(conn: sqlite3.Connection, account: str) -> int:
    row = conn.execute(
        "SELECT COALESCE(SUM(amount), 0) FROM blockades"
        f" WHERE account_id = ? AND {ACTIVE_BLOCKADE}",
        (account, NOW),
    ).fetchone()
    return int(row[0])


# PostgreSQL runs fewer examples: each step is a server round trip.
EXAMPLES = {"sqlite": 500, "postgresql": 300}


@pytest.mark.parametrize("engine", EXAMPLES)
def test_blocked_amount_equals_the_plain_sum(engine: str, request: pytest.FixtureRequest) -> None:
    url = ":memory:" if engine == "sqlite" else request.getfixturevalue("postgres_url")
    db = Database(url)

    @settings(max_examples=EXAMPLES[engine], deadline=None)
    @given(st.lists(steps, max_size=25))
    def check(history: list[tuple[Any, ...]]) -> None:
        _apply(db, ("wipe",))
        for step in history:
            _apply(db, step)
            with db.transaction() as conn:
                for account in ACCOUNTS:
                    assert blocked_amount(conn, account, NOW) == _plain_sum(conn, account)
                    # The one statement the handlers read it through answers the same.
                    assert standing_row(conn, account, NOW)["blocked"] == blocked_amount(
                        conn, account, NOW
                    )
        with db.transaction() as conn:
            before = [blocked_amount(conn, account, NOW) for account in ACCOUNTS]
            for statement in REBUILD_TOTALS:
                conn.execute(statement)
            assert [blocked_amount(conn, account, NOW) for account in ACCOUNTS] == before

    try:
        check()
    finally:
        db.close()
