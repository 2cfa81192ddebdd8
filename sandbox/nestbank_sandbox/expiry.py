"""`--tenant-ttl-days N`: registered tenants unused for N days are deleted.

A tenant's last use is a row of `tenant_activity` (wall-clock seconds), written when a
credential of the tenant comes with a bank call or a control, and at registration. To
keep the write off the hot path, each process writes a tenant's row at most once per
TOUCH_EVERY, so "unused" is exact to about an hour. The demo tenant is never written
and never expires.

Expired tenants are deleted (tenants.delete, every row) by a task of each worker process,
as soon as it starts serving and then every `Settings.tenant_sweep_seconds`, in batches
of SWEEP_BATCH tenants per transaction. A batch runs in a thread (the event loop goes on
answering) and the loop gets its turn between two batches. The writer lock is held for
one batch, which costs what it deletes (migration 6 indexes every deletion), not the
size of the tables: docs/sandbox.md has figures.
"""

from __future__ import annotations

import asyncio
import logging
import math
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from . import tenants
from .demo import DEMO_TENANT

if TYPE_CHECKING:  # storage imports this module's migration
    from .storage import Database

TOUCH_EVERY = 3600.0  # seconds between two writes of one tenant's last use, per process
SWEEP_BATCH = 50  # tenants deleted per transaction
DAY = 86400.0

SQLITE = """
CREATE TABLE tenant_activity (tenant TEXT PRIMARY KEY, last_used DOUBLE PRECISION NOT NULL);
CREATE INDEX tenant_activity_by_last_used ON tenant_activity (last_used);
"""
POSTGRESQL = """
CREATE TABLE tenant_activity (
    tenant TEXT COLLATE "C" PRIMARY KEY, last_used DOUBLE PRECISION NOT NULL);
CREATE INDEX tenant_activity_by_last_used ON tenant_activity (last_used);
"""

log = logging.getLogger(__name__)


def record_use(conn: sqlite3.Connection, tenant: str, now: float) -> None:
    conn.execute(
        "INSERT INTO tenant_activity (tenant, last_used) VALUES (?, ?)"
        " ON CONFLICT (tenant) DO UPDATE SET last_used = excluded.last_used",
        (tenant, now),
    )


class Activity:
    """Records a tenant's use, at most once per TOUCH_EVERY per tenant in this process."""

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._written: dict[str, float] = {}

    def touch(self, conn: sqlite3.Connection, tenant: str | None) -> None:
        if tenant is None or tenant == DEMO_TENANT:
            return
        now = self._source()
        if now - self._written.get(tenant, -math.inf) < TOUCH_EVERY:
            return
        if len(self._written) > 100_000:  # tenants come and go: forget, write again
            self._written.clear()
        record_use(conn, tenant, now)
        self._written[tenant] = now


def expire(conn: sqlite3.Connection, ttl_days: float, now: float) -> int:
    """Delete up to SWEEP_BATCH tenants unused for `ttl_days`; how many were deleted."""
    # A tenant without a row (registered before this table) starts counting now.
    conn.execute(
        "INSERT INTO tenant_activity (tenant, last_used)"
        " SELECT DISTINCT tenant, ? FROM applications"
        " WHERE tenant <> ? AND tenant NOT IN (SELECT tenant FROM tenant_activity)",
        (now, DEMO_TENANT),
    )
    stale = [
        str(row[0])
        for row in conn.execute(
            "SELECT tenant FROM tenant_activity WHERE last_used < ? AND tenant <> ?"
            " ORDER BY last_used LIMIT ?",
            (now - ttl_days * DAY, DEMO_TENANT, SWEEP_BATCH),
        )
    ]
    for tenant in stale:
        tenants.delete(conn, tenant)
    return len(stale)


def sweep_batch(db: Database, ttl_days: float, source: Callable[[], float] = time.time) -> int:
    """One transaction: up to SWEEP_BATCH expired tenants deleted; how many."""
    now = source()  # before the transaction: the writer lock is not held while it runs
    with db.transaction() as conn:
        return expire(conn, ttl_days, now)


async def sweep_off_loop(
    db: Database, ttl_days: float, source: Callable[[], float] = time.time
) -> int:
    """Every expired tenant deleted, a batch per transaction; how many in all. Each batch
    runs in a thread, the event loop free in between (other requests, which run their
    transactions on the loop, get the lock between two batches)."""
    deleted = 0
    while True:
        running = asyncio.ensure_future(asyncio.to_thread(sweep_batch, db, ttl_days, source))
        try:
            batch = await asyncio.shield(running)
        except asyncio.CancelledError:
            # Shutting down: the batch in its thread finishes (and commits) before the
            # database can be closed under it.
            await asyncio.gather(running, return_exceptions=True)
            raise
        deleted += batch
        if batch < SWEEP_BATCH:
            return deleted


def lifespan(
    db: Database, ttl_days: float, every: float, source: Callable[[], float] = time.time
) -> Callable[[Any], Any]:
    """The app's lifespan: a sweep as the process starts serving, then every `every`
    seconds. The first is not awaited before serving: its length has no bound (every
    tenant that expired while no process ran), and a batch holds the loop for nothing."""

    async def sweeper() -> None:
        while True:
            try:
                deleted = await sweep_off_loop(db, ttl_days, source)
            except Exception:  # a database hiccup must not end the sweeps for good
                log.exception("the sweep of expired tenants failed")
            else:
                if deleted:
                    log.info("deleted %d tenant(s) unused for %s days", deleted, ttl_days)
            await asyncio.sleep(every)

    @asynccontextmanager
    async def serving(app: Any) -> AsyncIterator[None]:
        task = asyncio.create_task(sweeper())
        try:
            yield
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    return serving
