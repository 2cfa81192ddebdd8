"""Sandbox throughput and p99 latency: a create/read mix over loopback with keep-alive."""

from __future__ import annotations

import contextlib
import secrets
import string
import threading
import time
from collections.abc import Iterator

import httpx
import uvicorn
from nestbank_sandbox.app import create_app

MAX_REQUESTS = 1000
MAX_SECONDS = 10.0
REDIRECT = "http://127.0.0.1:8765/callback"


@contextlib.contextmanager
def _server() -> Iterator[str]:
    app = create_app(":memory:", rate_limit_per_minute=0)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _token(http: httpx.Client) -> str:
    state = "".join(secrets.choice(string.ascii_letters) for _ in range(128))
    pair = {"state": state}
    code = http.post("/_sandbox/pair", json=pair, auth=("demo-app", "demo-secret")).json()["code"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
            "state": state, "client_id": "demo-app", "client_secret": "demo-secret"}  # fmt: skip
    return str(http.post("/grant", data=form).json()["access_token"])


def main() -> None:
    latencies: list[float] = []
    with _server() as base, httpx.Client(base_url=base) as http:
        http.headers["access_token"] = _token(http)
        start = time.perf_counter()
        n = 0
        while n < MAX_REQUESTS and time.perf_counter() - start < MAX_SECONDS:
            t0 = time.perf_counter()
            if n % 2 == 0:  # 1 create : 1 read (a 0.01 blockade stays under every limit)
                body = {
                    "blockadeId": f"bench-{n}",
                    "amount": {"amount": "0.01", "currency": "PLN"},
                    "title": "b",
                }
                response = http.post("/account/acc-demo-main/blockade", json=body)
            else:
                response = http.get(f"/account/acc-demo-main/blockade/bench-{n - 1}")
            response.raise_for_status()
            latencies.append(time.perf_counter() - t0)
            n += 1
        elapsed = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print(f"sandbox: {n} requests (create/read 1:1, keep-alive) in {elapsed:.2f} s")
    print(f"sandbox: throughput {n / elapsed:.0f} req/s, p99 latency {p99 * 1000:.1f} ms")


if __name__ == "__main__":
    main()
