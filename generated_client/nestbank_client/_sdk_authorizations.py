"""`bank.authorizations.wait(...)`: the customer's decision on an authorization, as a value.

The bank answers `getAuthorization` with `PENDING` until the customer decides,
`AUTHORIZED` once the operation exists, and `401 authorization_failed` for an
authorization that was rejected or expired undecided (it does not say which).
`wait` polls until one of these and returns a `Decision`; only other
errors (a token the bank refuses, an unknown id, no answer) are raised.

`Outcome` and `Decision` have the names, members and fields of the runtime's
`decisions` module (issue 10), so that one can replace them with an import.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .exceptions import UnauthorizedError
from .models.authorization import Authorization

DEFAULT_WAIT = 300.0
DEFAULT_INTERVAL = 1.0
FAILED_CODE = "authorization_failed"


class Outcome(enum.Enum):
    """How the wait for the customer's decision ended."""

    AUTHORIZED = "authorized"
    """The customer authorized it: the blockade or payment now exists."""
    FAILED = "failed"
    """`401 authorization_failed`: rejected, failed or expired (the bank does not say which)."""
    UNDECIDED = "undecided"
    """Still pending when `wait`'s timeout ran out."""
    UNKNOWN = "unknown"
    """A status this client does not know (the set is open): see `authorization.status`."""


@dataclass(frozen=True)
class Decision:
    """The outcome, with the last `Authorization` read (None when FAILED) or the error."""

    outcome: Outcome
    authorization: Authorization | None = None
    error: UnauthorizedError | None = None

    @property
    def authorized(self) -> bool:
        return self.outcome is Outcome.AUTHORIZED


def _decided(found: Authorization) -> Decision | None:
    status = found.status.value if isinstance(found.status, enum.Enum) else found.status
    if status == "AUTHORIZED":
        return Decision(Outcome.AUTHORIZED, found)
    if status == "PENDING":
        return None
    return Decision(Outcome.UNKNOWN, found)  # the status is an open set


def _failed(error: UnauthorizedError) -> bool:
    return error.code == FAILED_CODE


class AuthorizationWaiting:
    """Adds `wait` to the generated sync `Authorizations` resource."""

    get: Callable[..., Authorization]

    def wait(
        self,
        authorization_id: str,
        *,
        timeout: float = DEFAULT_WAIT,
        interval: float = DEFAULT_INTERVAL,
    ) -> Decision:
        """Poll `getAuthorization` until the customer decides or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        last: Authorization | None = None
        while True:
            try:
                last = self.get(authorization_id)
            except UnauthorizedError as error:
                if _failed(error):
                    return Decision(Outcome.FAILED, error=error)
                raise
            decision = _decided(last)
            if decision is not None:
                return decision
            left = deadline - time.monotonic()
            if left <= 0:
                return Decision(Outcome.UNDECIDED, last)
            time.sleep(min(interval, left))


class AsyncAuthorizationWaiting:
    """Adds `wait` to the generated async `AsyncAuthorizations` resource."""

    get: Callable[..., Awaitable[Authorization]]

    async def wait(
        self,
        authorization_id: str,
        *,
        timeout: float = DEFAULT_WAIT,
        interval: float = DEFAULT_INTERVAL,
    ) -> Decision:
        """Poll `getAuthorization` until the customer decides or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        last: Authorization | None = None
        while True:
            try:
                last = await self.get(authorization_id)
            except UnauthorizedError as error:
                if _failed(error):
                    return Decision(Outcome.FAILED, error=error)
                raise
            decision = _decided(last)
            if decision is not None:
                return decision
            left = deadline - time.monotonic()
            if left <= 0:
                return Decision(Outcome.UNDECIDED, last)
            await asyncio.sleep(min(interval, left))


__all__ = ["AsyncAuthorizationWaiting", "AuthorizationWaiting", "Decision", "Outcome"]
