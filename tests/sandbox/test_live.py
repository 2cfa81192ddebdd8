"""Against a live uvicorn: real concurrency, dropped connections, restart persistence."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from nestbank_sandbox.app import create_app
from nestbank_sandbox.faults import SimulatedConnectionDrop

from .support import (
    DEMO_REDIRECT,
    SpecClient,
    blockade,
    control,
    live_server,
    new_state,
    payment,
)

MAIN = "/account/acc-demo-main"
WORKERS = 16
CONCURRENT_TIMEOUT = 30.0  # seconds for one of WORKERS calls queued at once (httpx: 5 s)


def live_token(base: str) -> dict[str, str]:
    state = new_state()
    pair = {"client_id": "demo-app", "redirect_uri": DEMO_REDIRECT, "state": state}
    code = control(base, "/_sandbox/pair", pair).json()["code"]
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": DEMO_REDIRECT,
        "state": state,
        "client_id": "demo-app",
        "client_secret": "demo-secret",
    }
    return {"access_token": httpx.post(f"{base}/grant", data=form).json()["access_token"]}


def test_concurrent_creates_with_one_identifier_make_one_resource() -> None:
    with live_server(create_app(":memory:", rate_limit_per_minute=0)) as base:
        headers = live_token(base)

        def create(_: int) -> int:
            with httpx.Client(base_url=base, headers=headers, timeout=CONCURRENT_TIMEOUT) as http:
                return http.post(f"{MAIN}/blockade", json=blockade("same-1", "10.00")).status_code

        with ThreadPoolExecutor(WORKERS) as pool:
            statuses = list(pool.map(create, range(WORKERS * 2)))
        assert statuses.count(201) == 1 and statuses.count(409) == WORKERS * 2 - 1
        listed = httpx.get(f"{base}{MAIN}/blockade", headers=headers).json()
        assert [b["blockadeId"] for b in listed["blockades"]].count("same-1") == 1


def test_concurrent_payments_never_spend_past_the_daily_limit() -> None:
    with live_server(create_app(":memory:", rate_limit_per_minute=0)) as base:
        headers = live_token(base)

        def pay(n: int) -> int:
            with httpx.Client(base_url=base, headers=headers, timeout=CONCURRENT_TIMEOUT) as http:
                return http.post("/payment", json=payment(f"p-{n}", "1000.00")).status_code

        with ThreadPoolExecutor(WORKERS) as pool:
            statuses = list(pool.map(pay, range(24)))
        # Daily limit 10000.00 with 250.00 already blocked: nine payments of 1000.00 fit.
        assert statuses.count(201) == 9 and statuses.count(400) == 15
        used = httpx.get(f"{base}{MAIN}", headers=headers).json()["limits"]["daily"]["used"]
        assert used["amount"] == "9250.00"


@pytest.mark.parametrize("kind", ["drop", "drop_after_commit"])
def test_dropped_connection_over_uvicorn(kind: str) -> None:
    with live_server(create_app(":memory:", rate_limit_per_minute=0)) as base:
        headers = live_token(base)
        control(base, "/_sandbox/faults", {"kind": kind, "operationId": "createBlockade"})
        with pytest.raises(httpx.TransportError):
            httpx.post(f"{base}{MAIN}/blockade", json=blockade("drop-1", "10.00"), headers=headers)
        retry = httpx.post(
            f"{base}{MAIN}/blockade", json=blockade("drop-1", "10.00"), headers=headers
        )
        # After a drop_after_commit the first attempt went through: the retry sees 409.
        assert retry.status_code == (409 if kind == "drop_after_commit" else 201)


@pytest.mark.parametrize("kind", ["drop", "drop_after_commit"])
def test_dropped_connection_in_process(client: SpecClient, demo: dict[str, str], kind: str) -> None:
    client.control("/_sandbox/faults", {"kind": kind, "count": 1})
    with pytest.raises(SimulatedConnectionDrop):
        client.post(f"{MAIN}/blockade", json=blockade("drop-2", "10.00"), headers=demo)
    exists = client.get(f"{MAIN}/blockade/drop-2", headers=demo).status_code
    assert exists == (200 if kind == "drop_after_commit" else 404)


def test_injected_429_carries_retry_after(client: SpecClient, demo: dict[str, str]) -> None:
    client.control("/_sandbox/faults", {"kind": "429", "count": 2, "operationId": "getUser"})
    statuses = [client.get("/user", headers=demo) for _ in range(3)]
    assert [r.status_code for r in statuses] == [429, 429, 200]
    assert statuses[0].headers["retry-after"] == "1"


def test_state_survives_a_restart(tmp_path: Path) -> None:
    database = str(tmp_path / "sandbox.db")
    with SpecClient(create_app(database, rate_limit_per_minute=0)) as first:
        headers = first.token()
        assert (
            first.post(
                f"{MAIN}/blockade", json=blockade("kept-1", "10.00"), headers=headers
            ).status_code
            == 201
        )
        first.advance(100)
    with SpecClient(create_app(database, rate_limit_per_minute=0)) as second:
        assert second.get(f"{MAIN}/blockade/kept-1", headers=headers).status_code == 200
        second.advance(1101)  # 100 + 1101 > 1200: the clock offset survived too
        assert second.get("/user", headers=headers).json()["error"] == "access_token_invalid"
        assert second.control("/_sandbox/reset").status_code == 204
        assert second.get("/user", headers=headers).json()["error"] == "aceess_token_not_exist"
