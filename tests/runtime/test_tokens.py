"""Token holders: expiry, rotation through the store, one refresh under concurrency."""

from __future__ import annotations

import asyncio
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from nestbank_client.file_store import FileTokenStore
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


# -- the atomic hook and the durable store (defect 3) -------------------------------------


class RecordingLockStore(InMemoryTokenStore):
    """An in-memory store with the atomic hook; records what ran under the lock."""

    def __init__(self, tokens: TokenSet | None = None) -> None:
        super().__init__(tokens)
        self.events: list[str] = []

    @contextmanager
    def lock(self) -> Iterator[None]:
        self.events.append("lock")
        yield
        self.events.append("unlock")

    def save(self, tokens: TokenSet) -> None:
        self.events.append(f"save {tokens.refresh_token}")
        super().save(tokens)


def test_sync_refresh_runs_under_the_store_lock_and_rereads_inside() -> None:
    clock = Clock(NOW + 1200)  # expired
    store = RecordingLockStore(token_set(1))
    holder = TokenHolder(FakeRefresher(clock=clock), store, clock=clock)
    assert holder.access_token() == "access-2"
    assert store.events == ["lock", "save refresh-2", "unlock"]
    # Another process refreshed while this one waited for the lock: no second refresh.
    store.save(token_set(7, now=clock.now))
    store.events.clear()
    assert holder.refresh_after_rejection("access-2") == "access-7"
    assert store.events == ["lock", "unlock"]


def test_async_refresh_runs_under_the_store_lock() -> None:
    clock = Clock(NOW + 1200)
    store = RecordingLockStore(token_set(1))
    holder = AsyncTokenHolder(FakeRefresher(clock=clock), store, clock=clock)
    assert asyncio.run(holder.access_token()) == "access-2"
    assert store.events == ["lock", "save refresh-2", "unlock"]


def test_file_store_round_trip_is_private_and_sees_other_writers(tmp_path: Path) -> None:
    path = tmp_path / "tokens" / "customer-1.json"
    mine, theirs = FileTokenStore(path), FileTokenStore(path)
    assert mine.load() is None
    tokens = TokenSet("acc-secret", "ref-secret", 1.5, 2.5, "open-api", ("BUS:ctx", "INF:ctx"))
    mine.save(tokens)
    assert theirs.load() == tokens
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    theirs.save(token_set(2))
    assert mine.load() == token_set(2)  # the cache notices the replaced file
    assert repr(mine) == f"FileTokenStore(path={str(path)!r})"  # never the tokens


def test_file_store_lock_excludes_another_holder(tmp_path: Path) -> None:
    first, second = FileTokenStore(tmp_path / "t.json"), FileTokenStore(tmp_path / "t.json")
    order: list[str] = []
    with first.lock():
        waiter = threading.Thread(target=lambda: _locked(second, order))
        waiter.start()
        time.sleep(0.2)
        order.append("first done")
    waiter.join(timeout=5)
    assert order == ["first done", "second got the lock"]


def _locked(store: FileTokenStore, order: list[str]) -> None:
    with store.lock():
        order.append("second got the lock")
