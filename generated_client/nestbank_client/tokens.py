"""Tokens of one paired customer: expiry-aware, refreshed once, stored pluggably.

`TokenHolder` (threads) and `AsyncTokenHolder` (asyncio tasks) hand out a valid
access token. They refresh it `refresh_skew` seconds before it expires, and once
more when the bank rejects it (`401 access_token_invalid`). Many threads or tasks
asking at the same moment cause exactly one `/grant` call: the refresh runs under
a lock and whoever waited re-reads the tokens the winner stored.

The bank rotates the refresh token on every refresh (the old one stops working),
so each refresh result is saved through a `TokenStore` before it is used.

Several processes (workers of one application) share a pairing through a store
that has the atomic hook `lock()` (`LockingTokenStore`): the holder takes it around
"re-read, refresh if still needed, save", so a refresh token is used by exactly one
process; the others find the new tokens when they get the lock. `FileTokenStore`
(`nestbank_client.file_store`) is such a store.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Protocol

from .runtime_errors import NotPairedError

logger = logging.getLogger("nestbank_client.tokens")

REDACTED = "<redacted>"
DEFAULT_REFRESH_SKEW = 60.0
"""Seconds before the access token's expiry at which it is refreshed ahead of time."""


@dataclass(frozen=True, repr=False)
class TokenSet:
    """The tokens of one pairing and when they expire (Unix seconds, wall clock).

    `repr()`/`str()` never show the tokens themselves.
    """

    access_token: str
    refresh_token: str
    access_expires_at: float
    refresh_expires_at: float
    scope: str = "open-api"
    permissions: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        return (
            f"TokenSet(access_token={REDACTED}, refresh_token={REDACTED}, "
            f"access_expires_at={self.access_expires_at!r}, "
            f"refresh_expires_at={self.refresh_expires_at!r}, scope={self.scope!r}, "
            f"permissions={len(self.permissions)} granted)"
        )

    __str__ = __repr__

    def access_expires_within(self, seconds: float, now: float) -> bool:
        """True when the access token is expired or expires in less than `seconds`."""
        return self.access_expires_at - now <= seconds


class TokenStore(Protocol):
    """Where the current tokens live (a database row, a keyring, memory...).

    `save` must be durable before it returns: the previous refresh token is already
    invalid at the bank when it is called. Both methods are called under the
    holder's lock, from the event loop for `AsyncTokenHolder`, so keep them fast.
    """

    def load(self) -> TokenSet | None: ...

    def save(self, tokens: TokenSet) -> None: ...


class LockingTokenStore(TokenStore, Protocol):
    """A store shared by several processes, with the atomic hook the holders use.

    `lock()` returns a context manager holding a lock that excludes every other
    process (and every other holder of this process) using the same store, until
    it exits. The holder takes it only to refresh: inside it re-reads the tokens,
    and refreshes and saves only if no one else did in the meantime.
    """

    def lock(self) -> AbstractContextManager[object]: ...


def store_lock(store: TokenStore) -> AbstractContextManager[object]:
    """The store's atomic hook, or nothing for a store that lives in one process."""
    lock: Callable[[], AbstractContextManager[object]] | None = getattr(store, "lock", None)
    return nullcontext() if lock is None else lock()


class InMemoryTokenStore:
    """The default store: the tokens live as long as the process."""

    def __init__(self, tokens: TokenSet | None = None) -> None:
        self._tokens = tokens
        self._lock = threading.Lock()

    def load(self) -> TokenSet | None:
        return self._tokens  # reading one reference is atomic: no lock on every call

    def save(self, tokens: TokenSet) -> None:
        with self._lock:
            self._tokens = tokens

    def __repr__(self) -> str:
        return f"InMemoryTokenStore(holds_tokens={self._tokens is not None})"


class Refresher(Protocol):
    """Anything that turns a refresh token into new tokens (`OAuthClient` does)."""

    def refresh(self, refresh_token: str) -> TokenSet: ...


class AsyncRefresher(Protocol):
    """The asyncio form of `Refresher` (`OAuthClient` is both)."""

    async def refresh_async(self, refresh_token: str) -> TokenSet: ...


def _same_token(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())


class _HolderBase:
    def __init__(
        self,
        store: TokenStore | None,
        initial: TokenSet | None,
        refresh_skew: float,
        clock: Callable[[], float],
    ) -> None:
        if refresh_skew < 0:
            raise ValueError(f"refresh_skew must be >= 0 seconds, got {refresh_skew!r}")
        self._store: TokenStore = store if store is not None else InMemoryTokenStore()
        if initial is not None:
            self._store.save(initial)
        self._skew = refresh_skew
        self._clock = clock
        self.refresh_count = 0
        """How many `/grant` refreshes this holder made (for tests and metrics)."""

    @property
    def tokens(self) -> TokenSet:
        """The stored tokens; raises `NotPairedError` before the first pairing."""
        tokens = self._store.load()
        if tokens is None:
            raise NotPairedError()
        return tokens

    def _fresh_enough(self, tokens: TokenSet) -> bool:
        return not tokens.access_expires_within(self._skew, self._clock())

    def _keep(self, tokens: TokenSet) -> TokenSet:
        self._store.save(tokens)
        self.refresh_count += 1
        logger.info(
            "access token refreshed; valid for %.0f s",
            tokens.access_expires_at - self._clock(),
        )
        return tokens

    def _current_if_still_valid(self, tokens: TokenSet, error: Exception) -> str:
        """After a failed early refresh: keep using a token that has not expired yet.

        The refresh is tried again on the next call; once the token has expired
        the refresh error is raised.
        """
        left = tokens.access_expires_at - self._clock()
        if left <= 0:
            raise error
        logger.warning(
            "refreshing ahead of expiry failed (%s); the current access token is valid %.0f s more",
            type(error).__name__,
            left,
        )
        return tokens.access_token

    def __repr__(self) -> str:
        return f"{type(self).__name__}(store={self._store!r}, refresh_skew={self._skew!r})"


class TokenHolder(_HolderBase):
    """Thread-safe source of a valid access token for a sync client."""

    def __init__(
        self,
        refresher: Refresher,
        store: TokenStore | None = None,
        *,
        initial: TokenSet | None = None,
        refresh_skew: float = DEFAULT_REFRESH_SKEW,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(store, initial, refresh_skew, clock)
        self._refresher = refresher
        self._lock = threading.Lock()

    def access_token(self) -> str:
        """A valid access token, refreshed first if it expires within the skew."""
        tokens = self._store.load()  # the path of every call: kept short
        if tokens is not None and tokens.access_expires_at - self._clock() > self._skew:
            return tokens.access_token
        with self._lock, store_lock(self._store):
            tokens = self.tokens  # another thread or process may have refreshed meanwhile
            if self._fresh_enough(tokens):
                return tokens.access_token
            logger.info("access token expires soon; refreshing")
            try:
                return self._refresh(tokens).access_token
            except Exception as error:
                return self._current_if_still_valid(tokens, error)

    def refresh_after_rejection(self, rejected_access_token: str) -> str:
        """Called after `401 access_token_invalid`: refresh unless someone already did."""
        with self._lock, store_lock(self._store):
            tokens = self.tokens
            if not _same_token(tokens.access_token, rejected_access_token):
                return tokens.access_token
            logger.info("the bank rejected the access token; refreshing")
            return self._refresh(tokens).access_token

    def _refresh(self, tokens: TokenSet) -> TokenSet:
        return self._keep(self._refresher.refresh(tokens.refresh_token))


class AsyncTokenHolder(_HolderBase):
    """Task-safe source of a valid access token for an asyncio client."""

    def __init__(
        self,
        refresher: AsyncRefresher,
        store: TokenStore | None = None,
        *,
        initial: TokenSet | None = None,
        refresh_skew: float = DEFAULT_REFRESH_SKEW,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(store, initial, refresh_skew, clock)
        self._refresher = refresher
        self._lock = asyncio.Lock()

    async def access_token(self) -> str:
        """A valid access token, refreshed first if it expires within the skew."""
        tokens = self.tokens
        if self._fresh_enough(tokens):
            return tokens.access_token
        async with self._lock, _AsyncStoreLock(self._store):
            tokens = self.tokens
            if self._fresh_enough(tokens):
                return tokens.access_token
            logger.info("access token expires soon; refreshing")
            try:
                return (await self._refresh(tokens)).access_token
            except Exception as error:
                return self._current_if_still_valid(tokens, error)

    async def refresh_after_rejection(self, rejected_access_token: str) -> str:
        """Called after `401 access_token_invalid`: refresh unless someone already did."""
        async with self._lock, _AsyncStoreLock(self._store):
            tokens = self.tokens
            if not _same_token(tokens.access_token, rejected_access_token):
                return tokens.access_token
            logger.info("the bank rejected the access token; refreshing")
            return (await self._refresh(tokens)).access_token

    async def _refresh(self, tokens: TokenSet) -> TokenSet:
        return self._keep(await self._refresher.refresh_async(tokens.refresh_token))


class _AsyncStoreLock:
    """`store_lock` for asyncio: waiting for another process never blocks the loop."""

    def __init__(self, store: TokenStore) -> None:
        self._lock = store_lock(store)

    async def __aenter__(self) -> None:
        await asyncio.to_thread(self._lock.__enter__)

    async def __aexit__(self, *exc_info: object) -> None:
        self._lock.__exit__(None, None, None)
