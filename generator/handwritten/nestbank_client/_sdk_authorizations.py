"""`bank.authorizations.wait(...)`: the customer's decision on an authorization, as a value.

The bank answers `getAuthorization` with `PENDING` until the customer decides,
`AUTHORIZED` once the operation exists, and `401 authorization_failed` for an
authorization that was rejected or expired undecided (it does not say which).
`wait` polls until one of these and returns the runtime's `Decision` (see
`decisions.py`, which also serves the low-level `wait_for_authorization`); only other
errors (a token the bank refuses, an unknown id, no answer) are raised. Reads are
retried by the resource's own retry rules.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from .api_errors import AuthorizationFailedError
from .decisions import DEFAULT_INTERVAL, DEFAULT_WAIT, Decision, Outcome, decision_of
from .models.authorization import Authorization


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
        while True:
            try:
                last = self.get(authorization_id)
            except AuthorizationFailedError as error:
                return Decision(Outcome.FAILED, error=error)
            decision = decision_of(last)
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
        while True:
            try:
                last = await self.get(authorization_id)
            except AuthorizationFailedError as error:
                return Decision(Outcome.FAILED, error=error)
            decision = decision_of(last)
            if decision is not None:
                return decision
            left = deadline - time.monotonic()
            if left <= 0:
                return Decision(Outcome.UNDECIDED, last)
            await asyncio.sleep(min(interval, left))


__all__ = ["AsyncAuthorizationWaiting", "AuthorizationWaiting", "Decision", "Outcome"]
