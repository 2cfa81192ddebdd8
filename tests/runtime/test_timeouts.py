"""Per-attempt and per-call timeouts cut real requests to a slow local server."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator

import httpx
import pytest
from nestbank_client.api.blockades import get_blockade
from nestbank_client.api_errors import APITimeoutError
from nestbank_client.client import AuthenticatedClient
from nestbank_client.retry import RetryPolicy
from nestbank_client.safe import read_safely, read_safely_async
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .sandbox_server import serve

BLOCKADE = {
    "blockadeId": "b-1",
    "accountId": "acc-1",
    "amount": {"amount": "1.00", "currency": "PLN"},
    "title": "T",
    "createdAt": "2026-01-01T00:00:00Z",
    "updatedAt": "2026-01-01T00:00:00Z",
}


# A slow answer takes far longer than any bound below, so a cut call and an uncut one
# stay apart however slow the machine: the bounds have seconds of room, not tenths (with
# 1 s answers and bounds of 0.95 s and 1.8 s, a loaded machine failed both).
SLOW = 30.0


async def _client_gone(request: Request) -> None:
    """Returns once the client closed the connection (the request has no body)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


class SlowThenFast:
    """Answers after `delays[i]` seconds for the i-th request (0 once they run out), or
    stops waiting when the client gives up, so a cut request never holds the shutdown."""

    def __init__(self, delays: list[float]) -> None:
        self.delays = delays
        self.requests = 0

    async def endpoint(self, request: Request) -> JSONResponse:
        delay = self.delays[self.requests] if self.requests < len(self.delays) else 0.0
        self.requests += 1
        if delay:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_client_gone(request), delay)
        return JSONResponse(BLOCKADE)


@pytest.fixture
def slow() -> Iterator[tuple[str, SlowThenFast]]:
    handler = SlowThenFast([SLOW, SLOW])
    app = Starlette(routes=[Route("/account/{a}/blockade/{b}", handler.endpoint)])
    with serve(app) as base_url:
        yield base_url, handler


def client(base_url: str) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token="t", timeout=httpx.Timeout(30.0))


def test_attempt_timeout_cuts_a_slow_answer_and_the_retry_succeeds(
    slow: tuple[str, SlowThenFast],
) -> None:
    base_url, handler = slow
    api = client(base_url)
    # 1 s per attempt: the fast third answer must come within it on a loaded machine too.
    policy = RetryPolicy(attempt_timeout=1.0, initial_delay=0.01, total_timeout=20)
    started = time.monotonic()
    result = read_safely(api, lambda: get_blockade.sync("acc-1", "b-1", client=api), policy)
    assert result.blockade_id == "b-1"
    assert handler.requests == 3
    assert time.monotonic() - started < 10  # two 1 s cuts; uncut it takes over 60 s


def test_per_call_timeout_bounds_the_whole_call(slow: tuple[str, SlowThenFast]) -> None:
    base_url, handler = slow
    handler.delays = [SLOW] * 10
    api = client(base_url)
    policy = RetryPolicy(attempt_timeout=None, initial_delay=0.01, total_timeout=30)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as caught:
        read_safely(api, lambda: get_blockade.sync("acc-1", "b-1", client=api), policy, timeout=0.5)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert time.monotonic() - started < 5  # the 0.5 s budget, not the 30 s answer


def test_async_attempt_timeout(slow: tuple[str, SlowThenFast]) -> None:
    base_url, handler = slow
    policy = RetryPolicy(attempt_timeout=1.0, initial_delay=0.01, total_timeout=20)

    async def run() -> str:
        api = client(base_url)
        result = await read_safely_async(
            api, lambda: get_blockade.asyncio("acc-1", "b-1", client=api), policy
        )
        await api.get_async_httpx_client().aclose()
        return result.blockade_id

    started = time.monotonic()
    assert asyncio.run(run()) == "b-1"
    assert handler.requests == 3
    assert time.monotonic() - started < 10  # uncut, the two slow answers alone take 60 s
