"""Creates and updates that are retried without ever moving money twice.

The bank's rule (§10): a retry re-uses the same `blockadeId` / `orderId`, and an
identifier that already exists answers `409 order_exist_error`. So:

- every retry sends the very same body (same identifier);
- a 409 on a retry *after an attempt that may have been applied* (a dropped
  connection, a timeout, a 5xx) means that attempt went through: the existing
  resource is read (`getBlockade` / `getPayment`), checked against what we sent,
  and returned. Nothing is created twice;
- a 409 on the first attempt, or after attempts the bank certainly did not apply
  (429, connection refused), is a real conflict and raises `ConflictError`;
- an existing resource whose fields differ from the body raises
  `ExistingResourceMismatchError`.

Every function takes a `RetryPolicy` and an optional per-call `timeout` (seconds,
the whole call including waits); each comes in a sync and an `_async` form.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from . import _call_timeout
from ._bank_equality import differences
from .api.blockades import create_blockade, delete_blockade, get_blockade, update_blockade
from .api.payments import create_payment, get_payment
from .api_errors import ConflictError, NotFoundError
from .client import AuthenticatedClient
from .models.blockade import Blockade
from .models.blockade_create import BlockadeCreate
from .models.blockade_update import BlockadeUpdate
from .models.error_code import ErrorCode
from .models.payment import Payment
from .models.payment_create import PaymentCreate
from .retry import DEFAULT_POLICY, Attempt, RetryPolicy, call_with_retries, call_with_retries_async
from .runtime_errors import ExistingResourceMismatchError

T = TypeVar("T")


def _is_duplicate(error: ConflictError, attempt: Attempt) -> bool:
    """A 409 that proves an earlier attempt of this very call was applied."""
    return attempt.maybe_applied and error.code == ErrorCode.ORDER_EXIST_ERROR


def _check_blockade(existing: Blockade, body: BlockadeCreate) -> Blockade:
    wrong = differences(existing, body)
    if wrong:
        raise ExistingResourceMismatchError("blockade", body.blockade_id, wrong)
    return existing


def _check_payment(existing: Payment, body: PaymentCreate) -> Payment:
    wrong = differences(existing, body)
    if wrong:
        raise ExistingResourceMismatchError("payment", body.order_id, wrong)
    return existing


# -- blockades ---------------------------------------------------------------------------


def create_blockade_safely(
    client: AuthenticatedClient,
    account_id: str,
    body: BlockadeCreate,
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
) -> Blockade:
    """Create a blockade, retrying safely; returns the one blockade that exists."""
    _call_timeout.install_sync(client)

    def attempt(state: Attempt) -> Blockade:
        try:
            return create_blockade.sync(account_id, client=client, body=body)
        except ConflictError as error:
            if not _is_duplicate(error, state):
                raise
        existing = get_blockade.sync(account_id, body.blockade_id, client=client)
        return _check_blockade(existing, body)

    return call_with_retries(attempt, policy, timeout=timeout, operation="createBlockade")


async def create_blockade_safely_async(
    client: AuthenticatedClient,
    account_id: str,
    body: BlockadeCreate,
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
) -> Blockade:
    """`create_blockade_safely` for asyncio."""
    _call_timeout.install_async(client)

    async def attempt(state: Attempt) -> Blockade:
        try:
            return await create_blockade.asyncio(account_id, client=client, body=body)
        except ConflictError as error:
            if not _is_duplicate(error, state):
                raise
        existing = await get_blockade.asyncio(account_id, body.blockade_id, client=client)
        return _check_blockade(existing, body)

    return await call_with_retries_async(
        attempt, policy, timeout=timeout, operation="createBlockade"
    )


def update_blockade_safely(
    client: AuthenticatedClient,
    account_id: str,
    blockade_id: str,
    body: BlockadeUpdate,
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
) -> Blockade:
    """Change a blockade; the PUT replaces the fields, so repeating it is harmless."""
    _call_timeout.install_sync(client)
    return call_with_retries(
        lambda _: update_blockade.sync(account_id, blockade_id, client=client, body=body),
        policy,
        timeout=timeout,
        operation="updateBlockade",
    )


async def update_blockade_safely_async(
    client: AuthenticatedClient,
    account_id: str,
    blockade_id: str,
    body: BlockadeUpdate,
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
) -> Blockade:
    """`update_blockade_safely` for asyncio."""
    _call_timeout.install_async(client)
    return await call_with_retries_async(
        lambda _: update_blockade.asyncio(account_id, blockade_id, client=client, body=body),
        policy,
        timeout=timeout,
        operation="updateBlockade",
    )


def delete_blockade_safely(
    client: AuthenticatedClient,
    account_id: str,
    blockade_id: str,
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
) -> None:
    """Release a blockade; `404 blockade_not_exist` after a maybe-applied attempt is success."""
    _call_timeout.install_sync(client)

    def attempt(state: Attempt) -> None:
        try:
            delete_blockade.sync(account_id, blockade_id, client=client)
        except NotFoundError as error:
            if not (state.maybe_applied and error.code == ErrorCode.BLOCKADE_NOT_EXIST):
                raise

    call_with_retries(attempt, policy, timeout=timeout, operation="deleteBlockade")


async def delete_blockade_safely_async(
    client: AuthenticatedClient,
    account_id: str,
    blockade_id: str,
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
) -> None:
    """`delete_blockade_safely` for asyncio."""
    _call_timeout.install_async(client)

    async def attempt(state: Attempt) -> None:
        try:
            await delete_blockade.asyncio(account_id, blockade_id, client=client)
        except NotFoundError as error:
            if not (state.maybe_applied and error.code == ErrorCode.BLOCKADE_NOT_EXIST):
                raise

    await call_with_retries_async(attempt, policy, timeout=timeout, operation="deleteBlockade")


# -- payments ----------------------------------------------------------------------------


def create_payment_safely(
    client: AuthenticatedClient,
    body: PaymentCreate,
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
) -> Payment:
    """Order a payment, retrying safely; returns the one payment that exists."""
    _call_timeout.install_sync(client)

    def attempt(state: Attempt) -> Payment:
        try:
            return create_payment.sync(client=client, body=body)
        except ConflictError as error:
            if not _is_duplicate(error, state):
                raise
        return _check_payment(get_payment.sync(body.order_id, client=client), body)

    return call_with_retries(attempt, policy, timeout=timeout, operation="createPayment")


async def create_payment_safely_async(
    client: AuthenticatedClient,
    body: PaymentCreate,
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
) -> Payment:
    """`create_payment_safely` for asyncio."""
    _call_timeout.install_async(client)

    async def attempt(state: Attempt) -> Payment:
        try:
            return await create_payment.asyncio(client=client, body=body)
        except ConflictError as error:
            if not _is_duplicate(error, state):
                raise
        return _check_payment(await get_payment.asyncio(body.order_id, client=client), body)

    return await call_with_retries_async(
        attempt, policy, timeout=timeout, operation="createPayment"
    )


# -- reads and other calls that are safe to repeat ---------------------------------------


def read_safely(
    client: AuthenticatedClient,
    call: Callable[[], T],
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
    operation: str = "read",
) -> T:
    """Retry a call that changes nothing at the bank (any GET), e.g.
    `read_safely(client, lambda: get_account.sync("acc-1", client=client))`."""
    _call_timeout.install_sync(client)
    return call_with_retries(lambda _: call(), policy, timeout=timeout, operation=operation)


async def read_safely_async(
    client: AuthenticatedClient,
    call: Callable[[], Awaitable[T]],
    policy: RetryPolicy = DEFAULT_POLICY,
    *,
    timeout: float | None = None,
    operation: str = "read",
) -> T:
    """`read_safely` for asyncio: `call` returns a fresh awaitable on each attempt."""
    _call_timeout.install_async(client)
    return await call_with_retries_async(
        lambda _: call(), policy, timeout=timeout, operation=operation
    )
