"""`--tenant-ttl-days N`: registered tenants unused for N days are deleted, as a process
starts serving and periodically, on both engines, off the event loop (the process answers
meanwhile); a tenant's calls and controls keep it alive (its last use is written at most
once an hour per process); the demo tenant never expires."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from nestbank_sandbox import expiry
from nestbank_sandbox.__main__ import main
from nestbank_sandbox.app import create_app
from nestbank_sandbox.context import Settings
from nestbank_sandbox.storage import Database
from starlette.applications import Starlette

from .support import DEMO_AUTH, SpecClient
from .test_tenants import Tenant, demo_tenant, register
from .test_workers import sandbox_process

DAY = 86400.0


def sandbox(url: str, ttl_days: float, sweep_seconds: float = 3600.0) -> Starlette:
    settings = Settings(
        registrations_per_hour=1000, tenant_ttl_days=ttl_days, tenant_sweep_seconds=sweep_seconds
    )
    return create_app(url, rate_limit_per_minute=0, settings=settings)


def db_of(app: Starlette) -> Database:
    db: Database = app.state.services.db
    return db


def last_used(db: Database, tenant: str) -> float | None:
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT last_used FROM tenant_activity WHERE tenant = ?", (tenant,)
        ).fetchone()
    return None if row is None else float(row[0])


def age(db: Database, tenant: str, days: float) -> None:
    """The tenant was last used `days` ago."""
    with db.transaction() as conn:
        expiry.record_use(conn, tenant, time.time() - days * DAY)


def exists(db: Database, tenant: str) -> bool:
    with db.transaction() as conn:
        row = conn.execute("SELECT COUNT(*) FROM applications WHERE tenant = ?", (tenant,))
        return int(row.fetchone()[0]) == 1


def eventually(condition: Callable[[], bool], seconds: float = 30) -> bool:
    """`condition` holds within `seconds` (the sweeper task runs on its own)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return condition()


def test_unused_tenants_are_deleted_at_start_up(database: str) -> None:
    first = sandbox(database, ttl_days=0)
    with SpecClient(first) as client:
        stale, fresh, legacy = register(client), register(client), register(client)
        assert stale.control("/_sandbox/reset").status_code == 204
    db = db_of(first)
    age(db, stale.client_id, 2)
    age(db, fresh.client_id, 0.5)
    with db.transaction() as conn:  # as if registered before tenant_activity existed
        conn.execute("DELETE FROM tenant_activity WHERE tenant = ?", (legacy.client_id,))
    db.close()
    # Without the option nothing expires.
    sandbox(database, ttl_days=0).state.services.db.close()
    again = sandbox(database, ttl_days=1)
    db = db_of(again)
    try:
        with SpecClient(again) as client:  # serving: the first sweep starts at once
            assert eventually(lambda: not exists(db, stale.client_id))
            assert last_used(db, stale.client_id) is None
            assert exists(db, fresh.client_id) and exists(db, legacy.client_id)
            assert last_used(db, legacy.client_id) is not None  # counts from this start
            refused = client.post("/_sandbox/reset", json={},
                                  auth=(stale.client_id, stale.secret))  # fmt: skip
            assert (refused.status_code, refused.json()["error"]) == (401, "invalid_client")
            fresh.client = client
            assert fresh.control("/_sandbox/reset").status_code == 204
            assert client.post("/_sandbox/reset", json={}, auth=DEMO_AUTH).status_code == 204
    finally:
        db.close()


def test_a_tenants_use_keeps_it_alive_to_the_hour(database: str) -> None:
    app = sandbox(database, ttl_days=1)
    db = db_of(app)
    try:
        with SpecClient(app) as client:
            a = register(client)
            age(db, a.client_id, 2)
            a.me()  # a control and bank calls: its last use is now
            assert asyncio.run(expiry.sweep_off_loop(db, 1)) == 0
            assert exists(db, a.client_id)
            # Written at most once an hour per process: a use within the hour writes
            # nothing, so a tenant idle for a day but for such a use still goes.
            age(db, a.client_id, 2)
            a.control("/_sandbox/clock", {"advanceSeconds": 0})
            assert asyncio.run(expiry.sweep_off_loop(db, 1)) == 1
            assert not exists(db, a.client_id)
    finally:
        db.close()


def test_the_demo_tenant_never_expires(database: str) -> None:
    app = sandbox(database, ttl_days=1)
    db = db_of(app)
    try:
        age(db, "demo", 1000)
        assert asyncio.run(expiry.sweep_off_loop(db, 1)) == 0
        with db.transaction() as conn:
            count = conn.execute("SELECT COUNT(*) FROM applications WHERE tenant = 'demo'")
            assert int(count.fetchone()[0]) == 4
    finally:
        db.close()


def test_a_serving_process_sweeps_periodically(database: str) -> None:
    app = sandbox(database, ttl_days=1, sweep_seconds=0.05)
    db = db_of(app)
    try:
        with SpecClient(app) as client:  # the lifespan runs: the sweeper task with it
            a, b = register(client), register(client)
            age(db, a.client_id, 1.5)
            assert eventually(lambda: not exists(db, a.client_id))
            assert b.control("/_sandbox/reset").status_code == 204
    finally:
        db.close()


def test_many_expired_tenants_go_in_batches(tmp_path: Path) -> None:
    app = sandbox(str(tmp_path / "sandbox.db"), ttl_days=1)
    db = db_of(app)
    with SpecClient(app) as client:
        made: list[Tenant] = [register(client) for _ in range(expiry.SWEEP_BATCH + 3)]
    for tenant in made:
        age(db, tenant.client_id, 3)
    assert asyncio.run(expiry.sweep_off_loop(db, 1)) == len(made)
    assert not any(exists(db, tenant.client_id) for tenant in made)
    db.close()


class Gate:
    """A sweep's clock that holds each batch (in its thread, before its transaction)
    until the test lets it go; a batch held for 10 s means the test never could."""

    def __init__(self) -> None:
        self.entered = threading.Semaphore(0)
        self.go = threading.Semaphore(0)
        self.stuck = False

    def source(self) -> float:
        self.entered.release()
        self.stuck = self.stuck or not self.go.acquire(timeout=10)
        return time.time()


def test_the_process_answers_while_a_sweep_runs(database: str) -> None:
    """The sweep's batches run off the event loop, which answers between and during them:
    the test holds each batch in the sweep's thread and calls GET /user meanwhile (on the
    loop, a held batch would hold the call until the gate gives up)."""
    app = sandbox(database, ttl_days=0)
    db = db_of(app)
    try:
        with SpecClient(app) as client:
            made = [register(client) for _ in range(expiry.SWEEP_BATCH + 3)]
        for tenant in made:
            age(db, tenant.client_id, 3)
        gate = Gate()
        app.router.lifespan_context = expiry.lifespan(db, 1, 3600, gate.source)
        with SpecClient(app) as client:
            token = demo_tenant(client).token()
            for held in range(2):  # the first batch, then the second after it committed
                assert gate.entered.acquire(timeout=30), "no sweep as the process starts"
                assert client.get("/user", headers=token).status_code == 200
                left = sum(exists(db, tenant.client_id) for tenant in made)
                assert left == len(made) - held * expiry.SWEEP_BATCH
                gate.go.release()
            assert eventually(lambda: not any(exists(db, t.client_id) for t in made))
        assert not gate.stuck
    finally:
        db.close()


# Under a day a busy tenant could expire between two hourly writes of its last use.
@pytest.mark.parametrize("value", ["-1", "nan", "a week", "0.5", "0.0003", "inf"])
def test_a_bad_ttl_is_refused(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--tenant-ttl-days", value])
    assert exited.value.code == 2
    assert "--tenant-ttl-days" in capsys.readouterr().err


def test_workers_take_the_ttl_from_the_command_line(tmp_path: Path) -> None:
    """`--workers 2 --tenant-ttl-days 1` over a real process: a stale tenant is gone."""
    path = str(tmp_path / "sandbox.db")
    first = sandbox(path, ttl_days=0)
    with SpecClient(first) as client:
        stale, kept = register(client), register(client)
    age(db_of(first), stale.client_id, 2)
    db_of(first).close()
    with sandbox_process(path, 2, ["--tenant-ttl-days", "1"]) as (base, _):
        seen = Database(path)  # the workers sweep as they start serving
        assert eventually(lambda: not exists(seen, stale.client_id))
        seen.close()
        for tenant, status in ((stale, 401), (kept, 204)):
            reset = httpx.post(f"{base}/_sandbox/reset", json={},
                               auth=(tenant.client_id, tenant.secret))  # fmt: skip
            assert reset.status_code == status, reset.text
