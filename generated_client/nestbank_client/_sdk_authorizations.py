"""`bank.authorizations.wait(...)`: the customer's decision on an authorization, as a value.

The bank answers `getAuthorization` with `PENDING` until the customer decides,
`AUTHORIZED` once the operation exists, and `401 authorization_failed` for an
authorization that was rejected or expired undecided (it does not say which).
`wait` polls until one of these and returns an `AuthorizationDecision`; only other
errors (a token the bank refuses, an unknown id, no answer) are raised.
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
    AUTHORIZED = "authorized"
    """The customer authorized it: the blockade or payment now exists."""
    FAILED = "failed"
    """Rejected by the customer, or expired undecided (the bank does not say which)."""
    UNDECIDED = "undecided"
    """Still pending when `wait`'s timeout ran out."""


@dataclass(frozen=True)
class AuthorizationDecision:
    authorization_id: str
    outcome: Outcome
    authorization: Authorization | None = None
    """The last answer of `getAuthorization` (None when it answered `authorization_failed`)."""

    @property
    def authorized(self) -> bool:
        return self.outcome is Outcome.AUTHORIZED


def _decided(authorization_id: str, found: Authorization) -> AuthorizationDecision | None:
    status = found.status.value if isinstance(found.status, enum.Enum) else found.status
    if status == "AUTHORIZED":
        return AuthorizationDecision(authorization_id, Outcome.AUTHORIZED, found)
    if status == "PENDING":
        return None
    # A state this version does not know (the status is an open set): the customer
    # did not authorize it, so it is not a success.
    return AuthorizationDecision(authorization_id, Outcome.FAILED, found)


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
    ) -> AuthorizationDecision:
        """Poll `getAuthorization` until the customer decides or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        last: Authorization | None = None
        while True:
            try:
                last = self.get(authorization_id)
            except UnauthorizedError as error:
                if _failed(error):
                    return AuthorizationDecision(authorization_id, Outcome.FAILED)
                raise
            decision = _decided(authorization_id, last)
            if decision is not None:
                return decision
            left = deadline - time.monotonic()
            if left <= 0:
                return AuthorizationDecision(authorization_id, Outcome.UNDECIDED, last)
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
    ) -> AuthorizationDecision:
        """Poll `getAuthorization` until the customer decides or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        last: Authorization | None = None
        while True:
            try:
                last = await self.get(authorization_id)
            except UnauthorizedError as error:
                if _failed(error):
                    return AuthorizationDecision(authorization_id, Outcome.FAILED)
                raise
            decision = _decided(authorization_id, last)
            if decision is not None:
                return decision
            left = deadline - time.monotonic()
            if left <= 0:
                return AuthorizationDecision(authorization_id, Outcome.UNDECIDED, last)
            await asyncio.sleep(min(interval, left))


__all__ = ["AsyncAuthorizationWaiting", "AuthorizationDecision", "AuthorizationWaiting", "Outcome"]
