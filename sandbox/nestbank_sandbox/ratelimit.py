"""Calls per minute per caller: the access token, or the client address and client_id.

Only a bank-issued token identifies a caller by itself. Calls without one (`/request`,
`/grant`, a missing token) count against the client address and, where the call names
it, against the `client_id` too, so that guessing secrets at `/grant` is limited
however the calls vary their headers; a token that does not authenticate also spends
the address's budget (dispatch.py).
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from .spec import Operation
from .validation import IncomingRequest

REGISTRATIONS = ""  # the windows of `POST /_sandbox/applications` (no tenant yet; longer)


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

    def hit_all(self, conn: sqlite3.Connection, tenant: str, keys: Iterable[str]) -> int | None:
        """Count a call against every key; the longest wait if any is over its budget."""
        waits = [w for w in (self.hit(conn, tenant, key) for key in keys) if w is not None]
        return max(waits) if waits else None


def rate_keys(operation: Operation, request: IncomingRequest, address: str) -> list[str]:
    """The budgets one call spends (see the module's docstring)."""
    token = request.headers.get("access_token")
    if operation.secured and token:
        return [f"token:{token}"]
    keys = [f"addr:{address}"]
    client_id = named_client_id(request)
    if client_id:
        keys.append(f"client:{client_id}")
    return keys


def named_client_id(request: IncomingRequest) -> str | None:
    fields = list(request.query)
    if request.content_type.startswith("application/x-www-form-urlencoded"):
        fields += parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    for name, value in fields:
        if name == "client_id" and value:
            return value[:200]
    return None
