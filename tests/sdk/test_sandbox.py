"""Authorizations, safe creates and the sandbox test helper against a real sandbox process."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest
from nestbank_client import AsyncNestBank, NestBank
from nestbank_client._sdk_authorizations import Outcome
from nestbank_client.models import AppType, Currency, OsType, PositiveMoney
from nestbank_client.testing import Sandbox, SandboxControlError

from tests.runtime.sandbox_server import sandbox

ACCOUNT = "acc-demo-main"
BIG = PositiveMoney(amount=Decimal("2500.00"), currency=Currency.PLN)
SMALL = PositiveMoney(amount=Decimal("25.00"), currency=Currency.PLN)
CALLBACK = "http://127.0.0.1:8765/authorized"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with sandbox(rate_limit_per_minute=0) as url:
        yield url


@pytest.fixture
def controls(base_url: str) -> Iterator[Sandbox]:
    with Sandbox(base_url) as helper:
        helper.reset()
        yield helper


def start(bank: NestBank, order_id: str) -> str:
    return bank.payments.authorize(
        order_id=order_id,
        amount=BIG,
        title="Abonament roczny",
        app_type=AppType.WEB,
        os_type=OsType.ALL,
        callback_uri=CALLBACK,
    ).authorization_id


def test_wait_returns_the_approval(controls: Sandbox, base_url: str) -> None:
    with controls.paired_bank() as bank:
        authorization_id = start(bank, "o-approve")
        callback = controls.approve(authorization_id)
        decision = bank.authorizations.wait(authorization_id, timeout=10)
        assert decision.outcome is Outcome.AUTHORIZED and decision.authorized
        assert decision.authorization is not None
        assert decision.authorization.order_id == "o-approve"
        assert callback.startswith(CALLBACK) and "status=AUTHORIZED" in callback
        assert bank.payments.get("o-approve").order_id == "o-approve"


def test_wait_returns_a_rejection_as_a_value(controls: Sandbox, base_url: str) -> None:
    with controls.paired_bank() as bank:
        authorization_id = start(bank, "o-reject")
        controls.reject(authorization_id)
        decision = bank.authorizations.wait(authorization_id, timeout=10)
        assert decision.outcome is Outcome.FAILED and not decision.authorized


def test_wait_gives_up_undecided_after_its_timeout(controls: Sandbox, base_url: str) -> None:
    with controls.paired_bank() as bank:
        authorization_id = start(bank, "o-pending")
        decision = bank.authorizations.wait(authorization_id, timeout=0.3, interval=0.1)
        assert decision.outcome is Outcome.UNDECIDED


def test_async_wait_and_paging(controls: Sandbox, base_url: str) -> None:
    async def flow(bank: AsyncNestBank) -> tuple[Outcome, int]:
        async with bank:
            started = await bank.payments.authorize(
                order_id="o-async",
                amount=BIG,
                title="Abonament",
                app_type=AppType.WEB,
                os_type=OsType.ALL,
                callback_uri=CALLBACK,
            )
            controls.approve(started.authorization_id)
            decision = await bank.authorizations.wait(started.authorization_id, timeout=10)
            page = await bank.transactions.list(ACCOUNT, page_size=1)
            return decision.outcome, len([t async for t in page])

    outcome, count = asyncio.run(flow(controls.paired_async_bank()))
    assert outcome is Outcome.AUTHORIZED
    assert count == 4  # three demo transactions and the payment


@pytest.mark.parametrize("operation_id", ["createBlockade", "createPayment"])
def test_a_create_whose_answer_is_dropped_exists_once(
    controls: Sandbox, base_url: str, operation_id: str
) -> None:
    with controls.paired_bank() as bank:
        controls.inject_fault("drop_after_commit", operation_id=operation_id)
        if operation_id == "createBlockade":
            made = bank.blockades.create(ACCOUNT, blockade_id="b-dropped", amount=SMALL, title="t")
            assert made.blockade_id == "b-dropped"
            ids = [b.blockade_id for b in bank.blockades.list(ACCOUNT)]
            assert ids.count("b-dropped") == 1
        else:
            paid = bank.payments.create(order_id="p-dropped", amount=SMALL, title="t")
            assert paid.order_id == "p-dropped"
            ids = [p.order_id for p in bank.payments.list()]
            assert ids.count("p-dropped") == 1


def test_injected_500_and_429_are_retried(controls: Sandbox, base_url: str) -> None:
    with controls.paired_bank() as bank:
        controls.inject_fault("500", operation_id="getUser")
        controls.inject_fault("429", operation_id="getUser")
        assert bank.user.get().first_name == "Jan"


def test_the_clock_moves(controls: Sandbox) -> None:
    first = controls.advance_clock(0)
    later = controls.advance_clock(3600)
    assert 3600 <= (later - first).total_seconds() < 3700


def test_a_refused_control_raises_its_error(controls: Sandbox) -> None:
    with pytest.raises(SandboxControlError) as caught:
        controls.approve("no-such-authorization")
    assert caught.value.status_code == 404
    assert "no-such-authorization" not in caught.value.code


def test_every_control_request_carries_the_application_credentials() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization", ""))
        return (
            httpx.Response(204)
            if request.url.path.endswith("reset")
            else httpx.Response(200, json={"kind": "500", "count": 1, "operationId": None})
        )

    with Sandbox("http://sandbox.test", transport=httpx.MockTransport(handler)) as helper:
        helper.reset()
        helper.inject_fault("500")
    expected = "Basic " + base64.b64encode(b"demo-app:demo-secret").decode()
    assert seen == [expected, expected]
