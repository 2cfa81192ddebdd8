"""The sandbox clock: real time; each tenant adds its offset (`/_sandbox/clock`, tenants.py).

Token, code, authorization and blockade expiry all read this clock, never `time.time()`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

# The last second RFC 3339 can write (year 9999) and the earliest "now" may reach: every
# instant the sandbox stores must stay writable, lifetimes added to "now" included.
MAX_INSTANT = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()
MIN_INSTANT = datetime(1, 1, 1, tzinfo=UTC).timestamp()
LATEST_NOW = datetime(9899, 12, 31, tzinfo=UTC).timestamp()

# ASCII digits only (`\d` is Unicode-aware) and `\Z` (`$` also matches before a final "\n").
_RFC3339 = re.compile(
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}:[0-9]{2}:[0-9]{2})(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})\Z"
)


class Clock:
    """Real time (a source tests may replace); tenants.tenant_now adds the tenant's offset."""

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source

    def now(self) -> float:
        return self._source()


def format_time(epoch: float) -> str:
    """RFC 3339 in UTC with whole seconds, e.g. 2018-01-20T12:32:00Z."""
    moment = datetime.fromtimestamp(int(epoch), UTC)
    return f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%SZ")  # %Y drops zeros (< 1000)


def parse_time(text: str) -> float | None:
    """Strict RFC 3339 (offset required; `t`/`z` accepted, leap second refused).

    None also for an instant outside years 1..9999 once moved to UTC
    (`9999-12-31T23:00:00-01:00`): it could not be written back.
    """
    match = _RFC3339.match(text)
    if match is None:
        return None
    date, clock, fraction, offset = match.groups()
    fraction = (fraction or "")[:7]  # at most 6 digits after the dot
    offset = "+00:00" if offset in ("Z", "z") else offset
    try:
        instant = datetime.fromisoformat(f"{date}T{clock}{fraction}{offset}").timestamp()
    except (ValueError, OverflowError):
        return None
    return instant if MIN_INSTANT <= instant <= MAX_INSTANT else None


def day_start(epoch: float) -> float:
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def month_start(epoch: float) -> float:
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()
