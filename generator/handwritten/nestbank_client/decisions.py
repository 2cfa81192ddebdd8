"""The customer's decision on an authorization: wait for it, read the browser's return.

`authorizeBlockade` / `authorizePayment` start an authorization; the customer
decides at the bank (SMS code or mobile app). `getAuthorization` then answers
`PENDING`, `AUTHORIZED`, or, for a rejected, failed or expired authorization,
`401 authorization_failed` (raised as `AuthorizationFailedError`, a 401 that is not
a token problem). `wait_for_authorization` turns all that into one outcome:

    decision = wait_for_authorization(client, started.authorization_id, timeout=300)
    if decision.outcome is Outcome.AUTHORIZED: ...   # the blockade / payment exists
    elif decision.outcome is Outcome.FAILED: ...     # rejected, failed or expired
    else: ...                                        # UNDECIDED by the deadline, or UNKNOWN

After deciding, the bank sends the customer's browser to `callbackUri` with
`authorizationId` and `status` in the query (`AUTHORIZED`, `REJECTED`, `FAILED`;
inferred from the documentation, as the sandbox does). `parse_authorization_callback`
reads that address. Anyone can type such an address: treat its `status` as a hint
for the page you show, and confirm with `wait_for_authorization` before acting.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ._call_timeout import install_async, install_sync
from .api.authorizations import get_authorization
from .api_errors import AuthorizationFailedError
from .client import AuthenticatedClient
from .models.authorization import Authorization
from .models.authorization_status import AuthorizationStatus
from .open_enums import parse_open_enum
from .retry import DEFAULT_POLICY, RetryPolicy, call_with_retries, call_with_retries_async
from .runtime_errors import AuthorizationCallbackError

__all__ = [
    "AuthorizationCallback",
    "Decision",
    "Outcome",
    "parse_authorization_callback",
    "wait_for_authorization",
    "wait_for_authorization_async",
]

DEFAULT_WAIT = 600.0
"""Seconds `wait_for_authorization` waits by default (the bank's window is inferred)."""
DEFAULT_INTERVAL = 2.0
"""Seconds between two reads of a pending authorization."""


_LAST_READ = 2.0


class Outcome(enum.Enum):
    """How the wait for the customer's decision ended."""

    AUTHORIZED = "authorized"
    """The customer authorized: the blockade or payment exists."""
    FAILED = "failed"
    """`401 authorization_failed`: rejected, failed (e.g. wrong SMS codes) or expired."""
    UNDECIDED = "undecided"
    """Still `PENDING` at the deadline: wait again, or give up on your side."""
    UNKNOWN = "unknown"
    """A status this client does not know (the set is open): see `authorization.status`."""


@dataclass(frozen=True)
class Decision:
    """The outcome, with the last `Authorization` read (None when FAILED) or the error."""

    outcome: Outcome
    authorization: Authorization | None = None
    error: AuthorizationFailedError | None = None

    @property
    def authorized(self) -> bool:
        return self.outcome is Outcome.AUTHORIZED


def decision_of(authorization: Authorization) -> Decision | None:
    """The final decision an authorization shows, or None while it is pending."""
    status = authorization.status
    if status == AuthorizationStatus.PENDING:
        return None
    if status == AuthorizationStatus.AUTHORIZED:
        return Decision(Outcome.AUTHORIZED, authorization)
    return Decision(Outcome.UNKNOWN, authorization)


class _Deadline:
    def __init__(self, timeout: float, interval: float, clock: Callable[[], float]) -> None:
        if timeout <= 0 or interval <= 0:
            raise ValueError("timeout and interval must be > 0 seconds")
        self.clock = clock
        self.interval = interval
        self.ends = clock() + timeout

    def left(self) -> float:
        return self.ends - self.clock()

    def budget(self, policy: RetryPolicy) -> float:
        """The time one read (with its retries) may take: up to the deadline, but the
        read made at the deadline still gets `_LAST_READ` seconds to be answered."""
        return min(policy.total_timeout, max(_LAST_READ, self.left()))

    def pause(self) -> float | None:
        """The wait before the next read, or None when the deadline leaves no room."""
        left = self.left()
        return None if left <= 0 else min(self.interval, left)


def wait_for_authorization(
    client: AuthenticatedClient,
    authorization_id: str,
    *,
    timeout: float = DEFAULT_WAIT,
    interval: float = DEFAULT_INTERVAL,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Decision:
    """Read the authorization every `interval` seconds until the customer decided or
    `timeout` seconds passed (the last read, made at the deadline, may take up to 2 s
    more). Each read is retried under `policy` (429, 5xx, dropped connections); any
    other error (e.g. `404 authorization_id_not_exist`) is raised."""
    install_sync(client)
    deadline = _Deadline(timeout, interval, clock)
    while True:
        try:
            authorization = call_with_retries(
                lambda _: get_authorization.sync(authorization_id, client=client),
                policy,
                timeout=deadline.budget(policy),
                operation="getAuthorization",
            )
        except AuthorizationFailedError as error:
            return Decision(Outcome.FAILED, error=error)
        decided = decision_of(authorization)
        if decided is not None:
            return decided
        pause = deadline.pause()
        if pause is None:
            return Decision(Outcome.UNDECIDED, authorization)
        sleep(pause)


async def wait_for_authorization_async(
    client: AuthenticatedClient,
    authorization_id: str,
    *,
    timeout: float = DEFAULT_WAIT,
    interval: float = DEFAULT_INTERVAL,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Decision:
    """`wait_for_authorization` for asyncio (the waits do not block the event loop)."""
    install_async(client)
    deadline = _Deadline(timeout, interval, clock)
    while True:
        try:
            authorization = await call_with_retries_async(
                lambda _: get_authorization.asyncio(authorization_id, client=client),
                policy,
                timeout=deadline.budget(policy),
                operation="getAuthorization",
            )
        except AuthorizationFailedError as error:
            return Decision(Outcome.FAILED, error=error)
        decided = decision_of(authorization)
        if decided is not None:
            return decided
        pause = deadline.pause()
        if pause is None:
            return Decision(Outcome.UNDECIDED, authorization)
        await sleep(pause)


@dataclass(frozen=True)
class AuthorizationCallback:
    """What the browser's return to `callbackUri` says. Unauthenticated: a hint only."""

    authorization_id: str
    status: AuthorizationStatus | str
    """`AUTHORIZED`, or the raw word (`REJECTED`, `FAILED`, or one the bank adds)."""

    @property
    def claims_authorized(self) -> bool:
        return self.status == AuthorizationStatus.AUTHORIZED


def parse_authorization_callback(
    url: str, expected_authorization_id: str | None = None
) -> AuthorizationCallback:
    """Read `callbackUri?authorizationId=…&status=…` as the browser brought it back.

    Raises:
        AuthorizationCallbackError: no `authorizationId` or `status`, or another
            authorization than `expected_authorization_id` (e.g. a stale tab).
    """
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    identifiers, statuses = query.get("authorizationId", []), query.get("status", [])
    if len(identifiers) != 1 or not identifiers[0] or len(statuses) != 1 or not statuses[0]:
        raise AuthorizationCallbackError("the address has no single authorizationId and status")
    identifier, status = identifiers[0], statuses[0]
    if expected_authorization_id is not None and identifier != expected_authorization_id:
        raise AuthorizationCallbackError("the address is for another authorization")
    return AuthorizationCallback(identifier, parse_open_enum(AuthorizationStatus, status))
