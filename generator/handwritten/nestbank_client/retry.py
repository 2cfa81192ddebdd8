"""Bounded retries with exponential backoff and jitter, sync and async.

What is retried (`RetryPolicy.classify`):

- `429` (`RateLimitedError`): waits at least `Retry-After`; the bank did nothing.
- `5xx` (`ServerError`, statuses in `retry_statuses`): the bank may or may not have
  applied the call.
- no answer (`APIConnectionError`, `APITimeoutError`, or a raw httpx error from a
  call of your own): a refused connection, a connect or pool timeout happen
  before anything was sent; any other transport failure may come after the bank
  applied the call (e.g. the connection dropped before the answer).

Everything else (4xx answers, bugs) is raised at once. When attempts or the time
budget run out, the last error is raised with a note saying how many attempts ran.

`Attempt.maybe_applied` tells a call whether an earlier attempt may have reached
the bank and been applied: `safe` uses it to read an existing blockade or payment
when a retry meets `409 order_exist_error`, instead of creating a second one.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

import httpx

from ._call_timeout import attempt_timeout
from .api_errors import APIConnectionError, RateLimitedError, ServerError

logger = logging.getLogger("nestbank_client.retry")

T = TypeVar("T")


class Verdict(enum.Enum):
    """How a failed attempt may be retried."""

    GIVE_UP = "give up"
    RETRY_NOT_APPLIED = "retry; the bank did not apply the call"
    RETRY_MAYBE_APPLIED = "retry; the bank may have applied the call"


_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_MAYBE_SENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try. All times are seconds.

    The n-th retry waits `initial_delay * multiplier**(n-1)`, capped at `max_delay`,
    of which a random fraction up to `jitter` is taken off (0: no jitter, 1: "full
    jitter"); after a 429 it waits at least `Retry-After`. `total_timeout` bounds
    the whole call including waits (a call may pass its own `timeout`), and
    `attempt_timeout` each HTTP request (None: the client's own timeout).
    """

    max_attempts: int = 4
    initial_delay: float = 0.2
    max_delay: float = 5.0
    multiplier: float = 2.0
    jitter: float = 0.5
    total_timeout: float = 30.0
    attempt_timeout: float | None = 10.0
    retry_statuses: frozenset[int] = field(default=frozenset({500, 502, 503, 504}))

    def __post_init__(self) -> None:
        problems = []
        if self.max_attempts < 1:
            problems.append("max_attempts must be >= 1")
        if self.initial_delay < 0 or self.max_delay < 0:
            problems.append("delays must be >= 0")
        if self.multiplier < 1:
            problems.append("multiplier must be >= 1")
        if not 0 <= self.jitter <= 1:
            problems.append("jitter must be between 0 and 1")
        if self.total_timeout <= 0:
            problems.append("total_timeout must be > 0")
        if self.attempt_timeout is not None and self.attempt_timeout <= 0:
            problems.append("attempt_timeout must be > 0 or None")
        if problems:
            raise ValueError("invalid RetryPolicy: " + "; ".join(problems))

    def backoff(self, retry_number: int, rand: Callable[[], float] = random.random) -> float:
        """The wait before retry `retry_number` (1 = the first retry), with jitter."""
        base = min(self.max_delay, self.initial_delay * self.multiplier ** (retry_number - 1))
        return base * (1.0 - self.jitter * rand())

    def classify(self, error: BaseException) -> Verdict:
        """Whether `error` may be retried, and whether the bank may have applied the call."""
        if isinstance(error, RateLimitedError):
            return Verdict.RETRY_NOT_APPLIED
        if isinstance(error, ServerError):
            if error.status_code in self.retry_statuses:
                return Verdict.RETRY_MAYBE_APPLIED
            return Verdict.GIVE_UP
        if isinstance(error, APIConnectionError):  # what the generated operations raise
            if error.maybe_applied:
                return Verdict.RETRY_MAYBE_APPLIED
            return Verdict.RETRY_NOT_APPLIED
        if isinstance(error, _NOT_SENT):  # raw httpx errors, e.g. from a call of your own
            return Verdict.RETRY_NOT_APPLIED
        if isinstance(error, _MAYBE_SENT):
            return Verdict.RETRY_MAYBE_APPLIED
        return Verdict.GIVE_UP


DEFAULT_POLICY = RetryPolicy()
NO_RETRIES = RetryPolicy(max_attempts=1)


@dataclass(frozen=True)
class Attempt:
    """What a call needs to know about the attempt it is making."""

    number: int
    maybe_applied: bool
    """True when an earlier attempt may have reached the bank and been applied."""


class _Schedule:
    """The bookkeeping shared by the sync and async loops."""

    def __init__(
        self,
        policy: RetryPolicy,
        timeout: float | None,
        operation: str,
        clock: Callable[[], float],
        rand: Callable[[], float],
    ) -> None:
        if timeout is not None and timeout <= 0:
            raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
        self.policy = policy
        self.budget = policy.total_timeout if timeout is None else timeout
        self.operation = operation
        self.clock = clock
        self.rand = rand
        self.started = clock()
        self.attempt = Attempt(number=1, maybe_applied=False)

    def request_timeout(self) -> float:
        remaining = max(0.001, self.budget - (self.clock() - self.started))
        limit = self.policy.attempt_timeout
        return remaining if limit is None else min(limit, remaining)

    def after_failure(self, error: BaseException) -> float | None:
        """The wait before the next attempt, or None to give up (a note is added)."""
        verdict = self.policy.classify(error)
        elapsed = self.clock() - self.started
        number = self.attempt.number
        if verdict is Verdict.GIVE_UP:
            return None
        delay = self.policy.backoff(number, self.rand)
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            delay = max(delay, error.retry_after)
        if number >= self.policy.max_attempts or elapsed + delay >= self.budget:
            error.add_note(
                f"nestbank_client.retry: gave up on {self.operation} after {number} "
                f"attempt(s) in {elapsed:.2f} s"
            )
            logger.warning(
                "%s failed after %d attempt(s) in %.2f s: %s",
                self.operation,
                number,
                elapsed,
                _describe(error),
            )
            return None
        logger.info(
            "%s attempt %d failed (%s): %s; retrying in %.2f s",
            self.operation,
            number,
            _describe(error),
            verdict.value,
            delay,
        )
        self.attempt = Attempt(
            number=number + 1,
            maybe_applied=self.attempt.maybe_applied or verdict is Verdict.RETRY_MAYBE_APPLIED,
        )
        return delay


def _describe(error: BaseException) -> str:
    """Type, status and code of an error; never its request, headers or body."""
    status = getattr(error, "status_code", None)
    code = getattr(error, "code", None)
    parts = [type(error).__name__]
    if status is not None:
        parts.append(str(status))
    if code:
        parts.append(str(code))
    return " ".join(parts)


def call_with_retries(
    call: Callable[[Attempt], T],
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
    operation: str = "call",
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    rand: Callable[[], float] = random.random,
) -> T:
    """Run `call(attempt)` until it returns, retrying as `policy` allows.

    `timeout` overrides `policy.total_timeout` for this call. Each HTTP request made
    by `call` through a client prepared with `_call_timeout.install_sync` is limited
    to the attempt timeout and to what is left of the budget.
    """
    schedule = _Schedule(policy, timeout, operation, clock, rand)
    while True:
        try:
            with attempt_timeout(schedule.request_timeout()):
                return call(schedule.attempt)
        except Exception as error:
            delay = schedule.after_failure(error)
            if delay is None:
                raise
        sleep(delay)


async def call_with_retries_async(
    call: Callable[[Attempt], Awaitable[T]],
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
    operation: str = "call",
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    rand: Callable[[], float] = random.random,
) -> T:
    """`call_with_retries` for coroutines (the wait does not block the event loop)."""
    schedule = _Schedule(policy, timeout, operation, clock, rand)
    while True:
        try:
            with attempt_timeout(schedule.request_timeout()):
                return await call(schedule.attempt)
        except Exception as error:
            delay = schedule.after_failure(error)
            if delay is None:
                raise
        await sleep(delay)
