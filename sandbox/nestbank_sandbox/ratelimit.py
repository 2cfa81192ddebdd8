"""Calls per minute per access token (or per client address without one)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


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

    def reset(self) -> None:
        with self._lock:
            self._counters.clear()
