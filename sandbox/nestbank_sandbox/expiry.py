"""`--tenant-ttl-days N`: registered tenants unused for N days are deleted.

A tenant's last use is a row of `tenant_activity` (wall-clock seconds), written when a
credential of the tenant comes with a bank call or a control, and at registration. To
keep the write off the hot path, each process writes a tenant's row at most once per
TOUCH_EVERY, so "unused" is exact to about an hour. The demo tenant is never written
and never expires.

Expired tenants are deleted (tenants.delete, every row) at start-up and then every
`Settings.tenant_sweep_seconds` by a task of each worker process, in batches of
SWEEP_BATCH tenants per transaction so that no sweep holds the writer lock for long.
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


def sweep(db: Database, ttl_days: float, source: Callable[[], float] = time.time) -> int:
    """Every expired tenant deleted, a batch per transaction; how many in all."""
    deleted = 0
    while True:
        with db.transaction() as conn:
            batch = expire(conn, ttl_days, source())
        deleted += batch
        if batch < SWEEP_BATCH:
            return deleted


def lifespan(
    db: Database, ttl_days: float, every: float, source: Callable[[], float] = time.time
) -> Callable[[Any], Any]:
    """The app's lifespan: a sweep every `every` seconds while the process serves."""

    async def sweeper() -> None:
        while True:
            await asyncio.sleep(every)
            try:
                deleted = sweep(db, ttl_days, source)
            except Exception:  # a database hiccup must not end the sweeps for good
                log.exception("the sweep of expired tenants failed")
                continue
            if deleted:
                log.info("deleted %d tenant(s) unused for %s days", deleted, ttl_days)

    @asynccontextmanager
    async def serving(app: Any) -> AsyncIterator[None]:
        task = asyncio.create_task(sweeper())
        try:
            yield
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    return serving
