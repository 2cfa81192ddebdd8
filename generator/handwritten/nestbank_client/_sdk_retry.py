"""The retry rules of the resource methods, per operation (`Operation.mode`, from the spec).

- `read` (GET) and `replace` (PUT): retried on transport errors, 429 (at least
  `Retry-After`) and the 5xx statuses of `RetryPolicy`;
- `create` (a partner-chosen identifier, `409 order_exist_error`): the same, and a
  409 after an attempt that may have been applied resolves to the existing resource,
  read back and compared as the bank compares (instant to the second, amount as a
  number, exact text); another resource under that identifier raises
  `ExistingResourceMismatchError`;
- `delete`: the documented 404 after a maybe-applied attempt means it is done;
- `once` (starting an authorization): retried only when the bank certainly did not
  apply it (429, refused connection). Nothing is ever created or paid twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from . import api_errors as _api_errors
from ._bank_equality import differences
from .api_errors import ConflictError, NotFoundError, RateLimitedError
from .retry import RetryPolicy, Verdict
from .runtime_errors import ExistingResourceMismatchError

T = TypeVar("T")

MAX_RETRY_AFTER = 60.0
"""A `Retry-After` longer than this (seconds) is not waited for: the error is raised."""

logger = logging.getLogger("nestbank_client.sdk")


@dataclass(frozen=True, slots=True)
class Operation:
    """What the retry loop needs to know about an operation (generated from the spec)."""

    operation_id: str
    method: str
    path: str
    mode: str  # read | replace | create | delete | once
    gone_codes: tuple[str, ...] = ()
    identifier: str = ""


def typed_transport_error(error: httpx.HTTPError) -> Exception:
    """The client's typed error for an httpx failure, with the httpx error as its cause."""
    typed: Exception = _api_errors.transport_error(error)
    typed.__cause__ = error
    return typed


class Attempts:
    """Bookkeeping of one call's attempts, shared by the sync and async loops."""

    __slots__ = ("maybe_applied", "number", "op", "policy", "retries")

    def __init__(self, op: Operation, policy: RetryPolicy, retries: int) -> None:
        self.op, self.policy, self.retries = op, policy, retries
        self.number = 1
        self.maybe_applied = False

    def duplicate(self, error: Exception) -> bool:
        """A 409 that proves an earlier attempt of this very create was applied."""
        return (
            self.op.mode == "create"
            and self.maybe_applied
            and isinstance(error, ConflictError)
            and error.code == "order_exist_error"
        )

    def gone(self, error: Exception) -> bool:
        """The documented 404 of a delete whose earlier attempt may have been applied."""
        return (
            self.op.mode == "delete"
            and self.maybe_applied
            and isinstance(error, NotFoundError)
            and error.code in self.op.gone_codes
        )

    def delay(self, error: Exception) -> float | None:
        """Seconds to wait before the next attempt, or None to raise `error`."""
        verdict = self.policy.classify(error)
        if verdict is Verdict.GIVE_UP:
            return None
        if self.op.mode == "once" and verdict is Verdict.RETRY_MAYBE_APPLIED:
            return None  # the bank may have started it: never a second start
        if self.number > self.retries:
            if self.retries:
                error.add_note(
                    f"nestbank_client: gave up on {self.op.operation_id} after "
                    f"{self.number} attempts"
                )
            return None
        wait = self.policy.backoff(self.number)
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            if error.retry_after > MAX_RETRY_AFTER:
                return None
            wait = max(wait, error.retry_after)
        logger.info(
            "%s attempt %d failed (%s); retrying in %.2f s",
            self.op.operation_id,
            self.number,
            type(error).__name__,
            wait,
        )
        self.number += 1
        self.maybe_applied = self.maybe_applied or verdict is Verdict.RETRY_MAYBE_APPLIED
        return wait


def check_existing(op: Operation, existing: T, sent: Any) -> T:
    wrong = differences(existing, sent)
    if wrong:
        kind = op.operation_id.removeprefix("create").lower() or op.operation_id
        raise ExistingResourceMismatchError(kind, str(getattr(sent, op.identifier, "")), wrong)
    return existing


def parse_nothing(_: httpx.Response) -> None:
    return None
