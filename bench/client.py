"""Speed of the generated client: full generation time, and per-call overhead vs bare httpx.

Two measurements of `getBlockade`, each against bare httpx + `.json()` in the same run:

- in memory (the target, <= 1.10x): both sides on `httpx.MockTransport` answering the
  same bytes, so only client CPU is compared. The typed call runs with everything on:
  strict RFC 3339, `Decimal` money, typed errors and the `TokenHolder` auth of
  `authenticated_client`. CPU time of this thread (`time.thread_time_ns`), in short
  interleaved blocks (alternating which goes first), so that other processes on a
  shared machine affect both alike; the ratio is of the medians of the blocks.
- loopback: a tiny Starlette app served by uvicorn in a child process on 127.0.0.1
  (so the server does not share our GIL). Both sides use the same httpx.Client, hence
  the same keep-alive connection; calls alternate so that drift affects both alike.

Figures are printed, never asserted.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "nestbank.yaml"
TARGET_RATIO = 1.15
IN_MEMORY_TARGET = 1.10
BLOCKS = 400
BLOCK_CALLS = 20
CALLS = 2000
WARMUP = 200
TOKEN = "bench-token"

BODY = (
    b'{"blockadeId":"rent-2018-0001","accountId":"acc-demo-main",'
    b'"amount":{"amount":"250.00","currency":"PLN"},"title":"Kaucja za wynajem roweru",'
    b'"createdAt":"2018-01-20T12:32:00Z","updatedAt":"2018-01-20T12:32:00Z",'
    b'"expiresAt":"2018-01-27T12:32:00Z"}'
)

_SERVER = """
import socket, sys, uvicorn
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

BODY = (b'{"blockadeId":"rent-2018-0001","accountId":"acc-demo-main",'
        b'"amount":{"amount":"250.00","currency":"PLN"},"title":"Kaucja za wynajem roweru",'
        b'"createdAt":"2018-01-20T12:32:00Z","updatedAt":"2018-01-20T12:32:00Z",'
        b'"expiresAt":"2018-01-27T12:32:00Z"}')

async def blockade(request):
    return Response(BODY, media_type="application/json")

app = Starlette(routes=[Route("/account/{accountId}/blockade/{blockadeId}", blockade)])
# socket(fileno=...) keeps the inherited socket's real family (uvicorn's fd= assumes
# AF_UNIX, which leaves Nagle on and adds ~40 ms of delayed-ACK to every answer).
sock = socket.socket(fileno=int(sys.argv[1]))
config = uvicorn.Config(app, log_level="warning", access_log=False)
uvicorn.Server(config).run(sockets=[sock])
"""


def generation_seconds() -> float:
    from nestbank_generator.generate import generate_into

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        generate_into(SPEC, Path(tmp) / "client")
        return time.perf_counter() - start


def _wait_until_serving(http: httpx.Client) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            http.get("/account/a/blockade/b")
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError("the benchmark server did not start")


def call_overhead() -> tuple[float, float]:
    """Median seconds per call: (generated client, bare httpx)."""
    from nestbank_client import AuthenticatedClient
    from nestbank_client.api.blockades import get_blockade

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(listener.fileno())], pass_fds=[listener.fileno()]
    )
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"Accept": "application/json"}
        ) as http:
            _wait_until_serving(http)
            client = AuthenticatedClient(base_url=str(http.base_url), token=TOKEN)
            client.set_httpx_client(http)
            path = "/account/acc-demo-main/blockade/rent-2018-0001"
            headers = {"access_token": TOKEN}

            def bare() -> None:
                http.get(path, headers=headers).json()

            def generated() -> None:
                get_blockade.sync("acc-demo-main", "rent-2018-0001", client=client)

            for _ in range(WARMUP):
                bare()
                generated()
            bare_times: list[float] = []
            client_times: list[float] = []
            clock = time.perf_counter
            for _ in range(CALLS):
                start = clock()
                bare()
                middle = clock()
                generated()
                client_times.append(clock() - middle)
                bare_times.append(middle - start)
            return statistics.median(client_times), statistics.median(bare_times)
    finally:
        server.terminate()
        server.wait(timeout=10)
        listener.close()


def _interleaved(
    first: Callable[[], None], second: Callable[[], None]
) -> tuple[list[float], list[float]]:
    """CPU seconds per call of each, in blocks run side by side; which one runs first
    alternates from block to block, so that neither gains from going first."""
    clock = time.thread_time_ns
    times: tuple[list[float], list[float]] = ([], [])
    for block in range(BLOCKS):
        order = (0, 1) if block % 2 == 0 else (1, 0)
        for index in order:
            call = (first, second)[index]
            start = clock()
            for _ in range(BLOCK_CALLS):
                call()
            times[index].append((clock() - start) / BLOCK_CALLS / 1e9)
    return times


def in_memory_overhead() -> tuple[float, float, float]:
    """Median CPU seconds per call on httpx.MockTransport: (typed call, bare httpx), and
    the ratio of bare httpx against itself measured the same way (the noise floor)."""
    from nestbank_client.api.blockades import get_blockade
    from nestbank_client.session import authenticated_client
    from nestbank_client.tokens import TokenHolder, TokenSet

    class NoRefresh:
        def refresh(self, refresh_token: str) -> TokenSet:
            raise AssertionError("the benchmark token never expires")

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=BODY, headers={"Content-Type": "application/json"})

    base = "https://bank.test/rest/v1/open/api"
    transport = httpx.MockTransport(answer)
    tokens = TokenSet(TOKEN, "bench-refresh", time.time() + 86400, time.time() + 86400)
    client = authenticated_client(
        base, TokenHolder(NoRefresh(), initial=tokens), httpx_args={"transport": transport}
    )
    path = "/account/acc-demo-main/blockade/rent-2018-0001"
    headers = {"access_token": TOKEN}
    with httpx.Client(
        base_url=base, transport=transport, headers={"Accept": "application/json"}
    ) as http:

        def bare() -> None:
            http.get(path, headers=headers).json()

        def typed() -> None:
            get_blockade.sync("acc-demo-main", "rent-2018-0001", client=client)

        for _ in range(WARMUP * 5):
            bare()
            typed()
        bare_times, typed_times = _interleaved(bare, typed)
        control_a, control_b = _interleaved(bare, bare)
    client.get_httpx_client().close()
    control = statistics.median(control_b) / statistics.median(control_a)
    return statistics.median(typed_times), statistics.median(bare_times), control


def main() -> None:
    print(
        f"client: full generation (openapi-python-client + hand-written + ruff): "
        f"{generation_seconds():.2f} s"
    )
    typed, bare, control = in_memory_overhead()
    print(
        f"client: getBlockade in memory (httpx.MockTransport, CPU per call, median of "
        f"{BLOCKS} blocks of {BLOCK_CALLS}): typed call with token holder {typed * 1e6:.1f} us, "
        f"bare httpx (+ .json()) {bare * 1e6:.1f} us, ratio {typed / bare:.3f}x "
        f"(target <= {IN_MEMORY_TARGET}x; bare against itself: {control:.3f}x)"
    )
    generated, bare = call_overhead()
    print(
        f"client: getBlockade over loopback, median of {CALLS}: "
        f"generated {generated * 1e6:.0f} us, "
        f"bare httpx (+ .json()) {bare * 1e6:.0f} us, ratio {generated / bare:.3f}x "
        f"(target <= {TARGET_RATIO}x)"
    )


if __name__ == "__main__":
    main()
