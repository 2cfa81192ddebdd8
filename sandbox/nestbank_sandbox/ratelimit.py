"""Calls per minute per caller: the access token, or the client address and client_id.

Only a bank-issued token identifies a caller by itself. Calls without one (`/request`,
`/grant`, a missing token) count against the client address and, where the call names
it, against the `client_id` too, so that guessing secrets at `/grant` is limited
however the calls vary their headers; a token that does not authenticate also spends
the address's budget (dispatch.py).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl

from .spec import Operation
from .validation import IncomingRequest


class RateLimiter:
    """A fixed one-minute window per key, on the monotonic clock (not the sandbox clock)."""

    def __init__(
        self, per_minute: int, window: float = 60.0, source: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self._window = window
        self._source = source
        self._lock = threading.Lock()
        self._counters: dict[str, tuple[float, int]] = {}

    def hit(self, key: str) -> int | None:
        """Count a call; None if allowed, else the seconds until the window resets."""
        if self.per_minute <= 0:
            return None
        now = self._source()
        with self._lock:
            start, count = self._counters.get(key, (now, 0))
            if now - start >= self._window:
                start, count = now, 0
            if count >= self.per_minute:
                return max(1, math.ceil(start + self._window - now))
            self._counters[key] = (start, count + 1)
            if len(self._counters) > 100_000:  # forget idle keys
                self._counters = {
                    k: v for k, v in self._counters.items() if now - v[0] < self._window
                }
        return None

    def hit_all(self, keys: Iterable[str]) -> int | None:
        """Count a call against every key; the longest wait if any is over its budget."""
        waits = [wait for wait in (self.hit(key) for key in keys) if wait is not None]
        return max(waits) if waits else None

    def reset(self) -> None:
        with self._lock:
            self._counters.clear()


def rate_keys(operation: Operation, request: IncomingRequest, address: str) -> list[str]:
    """The budgets one call spends (see the module's docstring)."""
    token = request.headers.get("access_token")
    if operation.secured and token:
        return [f"token:{token}"]
    keys = [f"addr:{address}"]
    client_id = _client_id(request)
    if client_id:
        keys.append(f"client:{client_id}")
    return keys


def _client_id(request: IncomingRequest) -> str | None:
    fields = list(request.query)
    if request.content_type.startswith("application/x-www-form-urlencoded"):
        fields += parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    for name, value in fields:
        if name == "client_id" and value:
            return value[:200]
    return None
