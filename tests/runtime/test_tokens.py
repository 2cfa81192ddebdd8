"""Token holders: expiry, rotation through the store, one refresh under concurrency."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import pytest
from nestbank_client.runtime_errors import NotPairedError
from nestbank_client.tokens import AsyncTokenHolder, InMemoryTokenStore, TokenHolder, TokenSet

NOW = 10_000.0


def token_set(n: int, now: float = NOW, lifetime: float = 1200) -> TokenSet:
    return TokenSet(f"access-{n}", f"refresh-{n}", now + lifetime, now + 7776000)


class FakeRefresher:
    """Issues access-(n+1)/refresh-(n+1) for refresh-n, valid 20 min from `clock`.

    It can be slow, to widen the window in which concurrent callers race.
    """

    def __init__(self, delay: float = 0.0, clock: Callable[[], float] | None = None) -> None:
        self.delay = delay
        self.clock = clock or Clock()
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def _next(self, refresh_token: str) -> TokenSet:
        with self._lock:
            self.calls.append(refresh_token)
        n = int(refresh_token.rsplit("-", 1)[1])
        return token_set(n + 1, now=self.clock())

    def refresh(self, refresh_token: str) -> TokenSet:
        time.sleep(self.delay)
        return self._next(refresh_token)

    async def refresh_async(self, refresh_token: str) -> TokenSet:
        await asyncio.sleep(self.delay)
        return self._next(refresh_token)


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_fresh_token_is_used_without_refreshing() -> None:
    refresher = FakeRefresher()
    holder = TokenHolder(refresher, initial=token_set(1), clock=Clock())
    assert holder.access_token() == "access-1"
    assert refresher.calls == []


def test_token_is_refreshed_within_the_skew_and_the_rotated_refresh_token_is_stored() -> None:
    clock, store = Clock(), InMemoryTokenStore()
    refresher = FakeRefresher(clock=clock)
    holder = TokenHolder(refresher, store, initial=token_set(1), refresh_skew=60, clock=clock)
    clock.now = NOW + 1200 - 61
    assert holder.access_token() == "access-1"
    clock.now = NOW + 1200 - 59
    assert holder.access_token() == "access-2"
    assert refresher.calls == ["refresh-1"]
    stored = store.load()
    assert stored is not None and stored.refresh_token == "refresh-2"
    assert holder.refresh_count == 1


def test_the_skew_is_configurable() -> None:
    clock = Clock(NOW + 1200 - 200)
    refresher = FakeRefresher(clock=clock)
    holder = TokenHolder(refresher, initial=token_set(1), refresh_skew=300, clock=clock)
    assert holder.access_token() == "access-2"
    lazy = TokenHolder(FakeRefresher(), initial=token_set(1), refresh_skew=0, clock=clock)
    assert lazy.access_token() == "access-1"


def test_rejection_refreshes_once_and_a_stale_rejection_does_not() -> None:
    refresher = FakeRefresher()
    holder = TokenHolder(refresher, initial=token_set(1), clock=Clock())
    assert holder.refresh_after_rejection("access-1") == "access-2"
    # A second caller that was rejected with the old token gets the new one for free.
    assert holder.refresh_after_rejection("access-1") == "access-2"
    assert refresher.calls == ["refresh-1"]


def test_empty_store_means_not_paired() -> None:
    holder = TokenHolder(FakeRefresher())
    with pytest.raises(NotPairedError, match="pair the customer first"):
        holder.access_token()


def test_negative_skew_is_refused() -> None:
    with pytest.raises(ValueError, match="refresh_skew"):
        TokenHolder(FakeRefresher(), refresh_skew=-1)


def test_many_threads_refresh_exactly_once() -> None:
    clock = Clock(NOW + 1200)  # expired for everyone
    refresher = FakeRefresher(delay=0.05, clock=clock)
    holder = TokenHolder(refresher, initial=token_set(1), clock=clock)
    barrier = threading.Barrier(16)
    results: list[str] = []

    def worker() -> None:
        barrier.wait()
        results.append(holder.access_token())

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert refresher.calls == ["refresh-1"]
    assert results == ["access-2"] * 16


def test_many_threads_rejected_together_refresh_exactly_once() -> None:
    refresher = FakeRefresher(delay=0.05)
    holder = TokenHolder(refresher, initial=token_set(1), clock=Clock())
    barrier = threading.Barrier(16)
    results: list[str] = []

    def worker() -> None:
        barrier.wait()
        results.append(holder.refresh_after_rejection("access-1"))

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert refresher.calls == ["refresh-1"]
    assert results == ["access-2"] * 16


def test_many_tasks_refresh_exactly_once() -> None:
    clock = Clock(NOW + 1200)
    refresher = FakeRefresher(delay=0.05, clock=clock)

    async def run() -> list[str]:
        holder = AsyncTokenHolder(refresher, initial=token_set(1), clock=clock)
        expired = [holder.access_token() for _ in range(25)]
        rejected = [holder.refresh_after_rejection("access-1") for _ in range(25)]
        return list(await asyncio.gather(*expired, *rejected))

    assert asyncio.run(run()) == ["access-2"] * 50
    assert refresher.calls == ["refresh-1"]


def test_async_rejection_with_a_current_token_refreshes() -> None:
    refresher = FakeRefresher()

    async def run() -> tuple[str, str]:
        holder = AsyncTokenHolder(refresher, initial=token_set(1), clock=Clock())
        return await holder.access_token(), await holder.refresh_after_rejection("access-1")

    assert asyncio.run(run()) == ("access-1", "access-2")


class FailingRefresher:
    def __init__(self) -> None:
        self.calls = 0

    def refresh(self, refresh_token: str) -> TokenSet:
        self.calls += 1
        raise ConnectionError("the token service is down")

    async def refresh_async(self, refresh_token: str) -> TokenSet:
        return self.refresh(refresh_token)


def test_failed_early_refresh_keeps_a_token_that_has_not_expired(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock, refresher = Clock(NOW + 1200 - 30), FailingRefresher()
    holder = TokenHolder(refresher, initial=token_set(1), refresh_skew=60, clock=clock)
    assert holder.access_token() == "access-1"
    assert "refreshing ahead of expiry failed (ConnectionError)" in caplog.text
    clock.now = NOW + 1200
    with pytest.raises(ConnectionError):
        holder.access_token()
    assert refresher.calls == 2


def test_async_failed_early_refresh_keeps_a_token_that_has_not_expired() -> None:
    clock, refresher = Clock(NOW + 1200 - 30), FailingRefresher()

    async def run() -> str:
        holder = AsyncTokenHolder(refresher, initial=token_set(1), clock=clock)
        token = await holder.access_token()
        clock.now = NOW + 1201
        with pytest.raises(ConnectionError):
            await holder.access_token()
        return token

    assert asyncio.run(run()) == "access-1"


def test_failed_refresh_after_a_rejection_is_raised() -> None:
    holder = TokenHolder(FailingRefresher(), initial=token_set(1), clock=Clock())
    with pytest.raises(ConnectionError):
        holder.refresh_after_rejection("access-1")
