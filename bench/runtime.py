"""Overhead of the client runtime on the happy path.

A tiny Starlette app served by uvicorn in a child process on 127.0.0.1 (so the
server does not share our GIL) answers getBlockade and createBlockade. Every
variant uses the same httpx.Client, hence the same keep-alive connection; the
variants alternate call by call so drift affects all alike. Printed: the median
time per call and its ratio to the plain generated call. Never asserted.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import httpx

CALLS = 2000
WARMUP = 200

_SERVER = """
import sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

BODY = (b'{"blockadeId":"rent-0001","accountId":"acc-demo-main",'
        b'"amount":{"amount":"250.00","currency":"PLN"},"title":"Kaucja",'
        b'"createdAt":"2026-01-20T12:32:00Z","updatedAt":"2026-01-20T12:32:00Z"}')

async def read(request):
    return Response(BODY, media_type="application/json")

async def create(request):
    await request.body()
    return Response(BODY, status_code=201, media_type="application/json")

app = Starlette(routes=[
    Route("/account/{a}/blockade/{b}", read),
    Route("/account/{a}/blockade", create, methods=["POST"]),
])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError("the benchmark server did not start")


def _median_per_variant(variants: dict[str, Callable[[], object]]) -> dict[str, float]:
    for call in variants.values():
        for _ in range(WARMUP):
            call()
    timings: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(CALLS):
        for name, call in variants.items():
            started = time.perf_counter()
            call()
            timings[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> None:
    from nestbank_client.api.blockades import create_blockade, get_blockade
    from nestbank_client.client import AuthenticatedClient
    from nestbank_client.models import BlockadeCreate, Currency, PositiveMoney
    from nestbank_client.retry import RetryPolicy
    from nestbank_client.safe import create_blockade_safely, read_safely
    from nestbank_client.session import authenticated_client
    from nestbank_client.tokens import TokenHolder, TokenSet

    class NoRefresh:
        def refresh(self, refresh_token: str) -> TokenSet:
            raise AssertionError("the benchmark token never expires")

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-c", _SERVER, str(port)])
    try:
        _wait_until_up(f"{base}/account/a/blockade/b")
        http = httpx.Client(base_url=base, headers={"Accept": "application/json"})
        plain = AuthenticatedClient(base_url=base, token="bench").set_httpx_client(http)
        tokens = TokenSet("bench", "bench-refresh", time.time() + 86400, time.time() + 86400)
        held = authenticated_client(base, TokenHolder(NoRefresh(), initial=tokens))
        held.set_httpx_client(http)
        policy = RetryPolicy()
        body = BlockadeCreate(
            blockade_id="rent-0001",
            amount=PositiveMoney(amount="250.00", currency=Currency.PLN),
            title="Kaucja",
        )
        figures = _median_per_variant(
            {
                "getBlockade, plain generated call": lambda: get_blockade.sync(
                    "acc-demo-main", "rent-0001", client=plain
                ),
                "getBlockade through read_safely": lambda: read_safely(
                    plain,
                    lambda: get_blockade.sync("acc-demo-main", "rent-0001", client=plain),
                    policy,
                ),
                "getBlockade with TokenHolder auth": lambda: get_blockade.sync(
                    "acc-demo-main", "rent-0001", client=held
                ),
                "createBlockade, plain generated call": lambda: create_blockade.sync(
                    "acc-demo-main", client=plain, body=body
                ),
                "createBlockade through create_blockade_safely": lambda: create_blockade_safely(
                    plain, "acc-demo-main", body, policy
                ),
            }
        )
        http.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    baseline = {
        "getBlockade": figures["getBlockade, plain generated call"],
        "createBlockade": figures["createBlockade, plain generated call"],
    }
    print(f"   median of {CALLS} calls per variant, same keep-alive connection, 127.0.0.1")
    for name, seconds in figures.items():
        ratio = seconds / baseline[name.split(",")[0].split(" ")[0]]
        print(f"   {name:<48} {seconds * 1e6:8.0f} µs  x{ratio:.3f}")


if __name__ == "__main__":
    main()
