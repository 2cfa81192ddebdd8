"""One transaction per bank call, and few round trips to PostgreSQL for it.

A bank call is one transaction: the gate (token, tenant clock, faults, rate windows), then
the handler in a savepoint. A failing handler undoes its own writes only, on both engines,
whether it failed in Python or on a statement (PostgreSQL then aborted the transaction up
to the savepoint). On PostgreSQL BEGIN, the lock and the savepoint travel with the next
statement; the round-trip budget below is a deterministic regression guard (psycopg
calls counted, not time).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nestbank_sandbox.app import create_app
from nestbank_sandbox.storage import Database

from tests.postgres import Databases

from .support import SpecClient, blockade

MAIN = "/account/acc-demo-main"
keys = st.sampled_from(["k1", "k2", "k3", "k4"])
# How the handler ends: it answers, raises in Python, or a statement fails (duplicate key).
endings = st.sampled_from(["answer", "raise", "duplicate"])


class Failed(Exception):
    pass


def _unit(db: Database, gate: list[str], handler: list[str], ending: str) -> None:
    """One call's transaction: the gate's rows, then the handler's in a savepoint."""
    with db.transaction() as conn:
        for key in gate:
            conn.execute("INSERT INTO meta VALUES (?, 'gate') ON CONFLICT DO NOTHING", (key,))
        with contextlib.suppress(Failed, sqlite3.IntegrityError), db.savepoint(conn):
            for key in handler:
                conn.execute("INSERT INTO meta VALUES (?, 'h') ON CONFLICT DO NOTHING", (key,))
            if ending == "raise":
                raise Failed
            if ending == "duplicate":
                conn.execute("INSERT INTO meta VALUES ('dup', 'x')")
                conn.execute("INSERT INTO meta VALUES ('dup', 'x')")


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_failed_handler_undoes_only_its_own_writes(
    engine: str, request: pytest.FixtureRequest
) -> None:
    url = ":memory:" if engine == "sqlite" else request.getfixturevalue("postgres_url")
    db = Database(url)

    @settings(max_examples=60 if engine == "postgresql" else 200, deadline=None)
    @given(st.lists(keys, max_size=3), st.lists(keys, max_size=3), endings)
    def check(gate: list[str], handler: list[str], ending: str) -> None:
        with db.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE value IN ('gate', 'h', 'x')")
        _unit(db, gate, handler, ending)
        with db.transaction() as conn:
            rows = dict(conn.execute("SELECT key, value FROM meta WHERE value <> ''").fetchall())
        kept = {key: "gate" for key in gate}
        if ending == "answer":
            kept.update({key: "h" for key in handler if key not in kept})
        assert {k: v for k, v in rows.items() if v in ("gate", "h", "x")} == kept

    try:
        check()
    finally:
        db.close()


@contextlib.contextmanager
def _round_trips() -> Iterator[list[int]]:
    """psycopg calls that wait for the server: an execute outside a pipeline, a pipeline."""
    count, piped = [0], [False]
    execute, pipeline = psycopg.Connection.execute, psycopg.Connection.pipeline

    def counted_execute(self: psycopg.Connection[Any], *args: Any, **kwargs: Any) -> Any:
        count[0] += 0 if piped[0] else 1
        return execute(self, *args, **kwargs)

    @contextlib.contextmanager
    def counted_pipeline(self: psycopg.Connection[Any]) -> Iterator[Any]:
        count[0] += 1
        piped[0] = True
        try:
            with pipeline(self) as open_pipeline:
                yield open_pipeline
        finally:
            piped[0] = False

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(psycopg.Connection, "execute", counted_execute)
        patch.setattr(psycopg.Connection, "pipeline", counted_pipeline)
        yield count


# Before one transaction per call: 11 and 14 (two transactions, a statement per step).
BUDGET = {"getAccount": 4, "createBlockade": 5}


def test_a_bank_call_makes_few_round_trips(postgres: Databases) -> None:
    """With the rate limit on: the gate's one statement and its rate window, the
    handler's statements, COMMIT."""
    with postgres.fresh() as url:
        app = create_app(url)  # the default rate limit: the gate writes its window
        try:
            with SpecClient(app) as client:
                headers = client.token()
                with _round_trips() as count:
                    assert client.get(MAIN, headers=headers).status_code == 200
                got = count[0]
                with _round_trips() as count:
                    created = client.post(
                        f"{MAIN}/blockade", json=blockade("b-1", "1.00"), headers=headers
                    )
                    assert created.status_code == 201, created.text
                assert got <= BUDGET["getAccount"]
                assert count[0] <= BUDGET["createBlockade"]
        finally:
            app.state.services.db.close()
