"""`NestBank` read vs the low-level generated call, CPU only (httpx.MockTransport).

Both sides use the same kind of in-memory transport answering the getBlockade
example, so the figure is the resource layer's own cost (method, retry loop,
raw-response and logging checks). Calls alternate so drift affects both alike;
the median per call and the ratio are printed, never asserted. Target: <= 1.05x.
"""

from __future__ import annotations

import httpx

from .runtime import CALLS, _median_per_variant

TARGET_RATIO = 1.05
ROUNDS = 3
BODY = (
    b'{"blockadeId":"rent-0001","accountId":"acc-demo-main",'
    b'"amount":{"amount":"250.00","currency":"PLN"},"title":"Kaucja",'
    b'"createdAt":"2026-01-20T12:32:00Z","updatedAt":"2026-01-20T12:32:00Z"}'
)


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=BODY, headers={"Content-Type": "application/json"})


def measure() -> tuple[float, float]:
    """Median seconds per call: (low-level generated call, NestBank), the median round."""
    from nestbank_client import AuthenticatedClient, NestBank
    from nestbank_client.api.blockades import get_blockade

    base = "http://bank.test"
    low = AuthenticatedClient(base_url=base, token="bench").set_httpx_client(
        httpx.Client(base_url=base, transport=httpx.MockTransport(_answer))
    )
    bank = NestBank(access_token="bench", base_url=base, transport=httpx.MockTransport(_answer))
    rounds = [
        _median_per_variant(
            {
                "low": lambda: get_blockade.sync("acc-demo-main", "rent-0001", client=low),
                "bank": lambda: bank.blockades.get("acc-demo-main", "rent-0001"),
            }
        )
        for _ in range(ROUNDS)
    ]
    middle = sorted(rounds, key=lambda r: r["bank"] / r["low"])[len(rounds) // 2]
    return middle["low"], middle["bank"]


def main() -> None:
    low, bank = measure()
    print(f"   median of {CALLS} calls, median of {ROUNDS} rounds, httpx.MockTransport")
    print(f"   getBlockade, low-level generated call   {low * 1e6:8.1f} µs")
    print(
        f"   NestBank read vs low-level generated call {bank * 1e6:6.1f} µs  "
        f"x{bank / low:.3f} (target <= {TARGET_RATIO}x)"
    )


if __name__ == "__main__":
    main()
