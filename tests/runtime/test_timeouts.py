"""Per-attempt and per-call timeouts cut real requests to a slow local server."""

from __future__ import annotations

import asyncio
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


class SlowThenFast:
    """Answers after `delays[i]` seconds for the i-th request (0 once they run out)."""

    def __init__(self, delays: list[float]) -> None:
        self.delays = delays
        self.requests = 0

    async def endpoint(self, request: Request) -> JSONResponse:
        delay = self.delays[self.requests] if self.requests < len(self.delays) else 0.0
        self.requests += 1
        await asyncio.sleep(delay)
        return JSONResponse(BLOCKADE)


@pytest.fixture
def slow() -> Iterator[tuple[str, SlowThenFast]]:
    handler = SlowThenFast([1.0, 1.0])
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
    policy = RetryPolicy(attempt_timeout=0.3, initial_delay=0.01, total_timeout=5)
    started = time.monotonic()
    result = read_safely(api, lambda: get_blockade.sync("acc-1", "b-1", client=api), policy)
    assert result.blockade_id == "b-1"
    assert handler.requests == 3
    assert time.monotonic() - started < 1.8  # two 0.3 s cuts; uncut it takes over 2 s


def test_per_call_timeout_bounds_the_whole_call(slow: tuple[str, SlowThenFast]) -> None:
    base_url, handler = slow
    handler.delays = [1.0] * 10
    api = client(base_url)
    policy = RetryPolicy(attempt_timeout=None, initial_delay=0.01, total_timeout=30)
    started = time.monotonic()
    with pytest.raises(APITimeoutError) as caught:
        read_safely(api, lambda: get_blockade.sync("acc-1", "b-1", client=api), policy, timeout=0.5)
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert time.monotonic() - started < 0.95  # the 0.5 s budget, not the 1 s answer


def test_async_attempt_timeout(slow: tuple[str, SlowThenFast]) -> None:
    base_url, handler = slow
    policy = RetryPolicy(attempt_timeout=0.3, initial_delay=0.01, total_timeout=5)

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
    assert time.monotonic() - started < 1.8  # uncut, the two slow answers alone take 2 s
