"""Calls per minute per caller: the access token, the verified client, or the address.

Only a credential identifies a caller: a bank-issued token, or at `/grant` a client_id
with its matching secret. Those calls spend their own budget in their tenant. Every other
call (`/request`, a `/grant` whose secret does not match, a missing or unknown token)
spends its client address's budget in PUBLIC, a namespace no tenant owns and no reset
clears: naming another application's client_id neither spends that application's budget
nor buys a fresh one, and a reset does not give a guesser its attempts back. (No
per-client_id budget for failures: strangers could spend it and lock the partner out;
client secrets are 256 bits, the per-address budget is enough.)
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Callable, Iterable

REGISTRATIONS = ""  # the windows of `POST /_sandbox/applications` (no tenant yet; longer)
PUBLIC = "*"  # the windows of calls no credential identifies (no tenant is named "*")
Budget = tuple[str, str]  # (the tenant, or PUBLIC; the key)


def spend(
    conn: sqlite3.Connection, tenant: str, key: str, budget: int, window: float, now: float
) -> int | None:
    """Count one call against (tenant, key): None if within `budget` calls per fixed
    `window`, else the whole seconds until the window resets.

    One upsert (RETURNING: SQLite 3.35+, PostgreSQL) in the caller's transaction: atomic
    on both engines, so calls through several worker processes share the window. The
    SET expressions all read the row as it was before the update.
    """
    row = conn.execute(
        "INSERT INTO rate_windows (tenant, rate_key, started, calls) VALUES (?, ?, ?, 1)"
        " ON CONFLICT (tenant, rate_key) DO UPDATE SET"
        " calls = CASE WHEN ? - rate_windows.started >= ? THEN 1"
        " ELSE rate_windows.calls + 1 END,"
        " started = CASE WHEN ? - rate_windows.started >= ? THEN ?"
        " ELSE rate_windows.started END"
        " RETURNING started, calls",
        (tenant, key, now, now, window, now, window, now),
    ).fetchone()
    if int(row["calls"]) <= budget:
        return None
    return max(1, math.ceil(float(row["started"]) + window - now))


class RateLimiter:
    """A fixed one-minute window per tenant and key, in the database.

    Wall-clock time (not the sandbox clock, and not the monotonic clock, which is not
    shared between processes).
    """

    def __init__(
        self, per_minute: int, window: float = 60.0, source: Callable[[], float] = time.time
    ) -> None:
        self.per_minute = per_minute
        self._window = window
        self._source = source
        self._calls = 0

    def hit(self, conn: sqlite3.Connection, tenant: str, key: str) -> int | None:
        """Count a call; None if allowed, else the seconds until the window resets."""
        if self.per_minute <= 0:
            return None
        now = self._source()
        self._calls += 1
        if self._calls % 1000 == 0:  # forget idle windows now and then
            conn.execute(
                "DELETE FROM rate_windows WHERE started < ? AND tenant <> ?",
                (now - self._window, REGISTRATIONS),
            )
        return spend(conn, tenant, key, self.per_minute, self._window, now)

    def hit_all(self, conn: sqlite3.Connection, budgets: Iterable[Budget]) -> int | None:
        """Count a call against every (namespace, key); the longest wait if any is over."""
        waits = [w for w in (self.hit(conn, *budget) for budget in budgets) if w is not None]
        return max(waits) if waits else None
