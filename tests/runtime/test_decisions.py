"""Defect 8: a customer's rejection is not a token error, and waiting for it is one call.

- `401 authorization_failed` raises `AuthorizationFailedError` (still an
  `UnauthorizedError`, status 401), so re-pairing code that catches other 401s can
  tell it apart;
- `wait_for_authorization` returns AUTHORIZED / FAILED / UNDECIDED (deadline) /
  UNKNOWN (a status the client does not know), retrying transient failures;
- `parse_authorization_callback` reads the browser's return to `callbackUri`.
Against the real sandbox (approve, reject, no decision) and on a mock transport.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nestbank_client import AuthenticatedClient, AuthorizationFailedError, UnauthorizedError
from nestbank_client.api.authorizations import get_authorization
from nestbank_client.api.payments import authorize_payment
from nestbank_client.decisions import (
    Outcome,
    parse_authorization_callback,
    wait_for_authorization,
    wait_for_authorization_async,
)
from nestbank_client.models import (
    AppType,
    AuthorizationStatus,
    AuthorizePaymentRequest,
    Currency,
    OsType,
    PositiveMoney,
)
from nestbank_client.oauth import OAuthClient
from nestbank_client.retry import RetryPolicy
from nestbank_client.runtime_errors import AuthorizationCallbackError
from nestbank_client.session import authenticated_client
from nestbank_client.tokens import AsyncTokenHolder

from .test_sandbox import Bank, paired_client

CALLBACK = "http://127.0.0.1:8765/authorized"
FAST = RetryPolicy(initial_delay=0.01, max_delay=0.05, total_timeout=5, attempt_timeout=5)


def _start(client: AuthenticatedClient, order_id: str) -> str:
    started = authorize_payment.sync(
        client=client,
        body=AuthorizePaymentRequest(
            order_id=order_id,
            amount=PositiveMoney(amount="2500.00", currency=Currency.PLN),
            title="Abonament roczny",
            app_type=AppType.WEB,
            os_type=OsType.ALL,
            callback_uri=CALLBACK,
        ),
    )
    return started.authorization_id


@pytest.fixture
def client(bank: Bank) -> AuthenticatedClient:
    bank.control("/_sandbox/reset")
    return paired_client(bank)[0]


def test_approved_is_authorized_and_the_callback_agrees(
    bank: Bank, client: AuthenticatedClient
) -> None:
    authorization_id = _start(client, "order-approve")
    answer = bank.control(f"/_sandbox/authorizations/{authorization_id}/approve").json()
    decision = wait_for_authorization(client, authorization_id, timeout=10, interval=0.05)
    assert decision.outcome is Outcome.AUTHORIZED and decision.authorized
    assert decision.authorization is not None
    assert decision.authorization.order_id == "order-approve"
    callback = parse_authorization_callback(answer["callbackUrl"], authorization_id)
    assert callback.status is AuthorizationStatus.AUTHORIZED and callback.claims_authorized


def test_rejected_is_failed_not_a_token_error(bank: Bank, client: AuthenticatedClient) -> None:
    authorization_id = _start(client, "order-reject")
    answer = bank.control(f"/_sandbox/authorizations/{authorization_id}/reject").json()
    with pytest.raises(AuthorizationFailedError) as caught:
        get_authorization.sync(authorization_id, client=client)
    assert isinstance(caught.value, UnauthorizedError) and caught.value.status_code == 401
    decision = wait_for_authorization(client, authorization_id, timeout=10, interval=0.05)
    assert decision.outcome is Outcome.FAILED and not decision.authorized
    assert decision.error is not None and decision.error.code == "authorization_failed"
    callback = parse_authorization_callback(answer["callbackUrl"], authorization_id)
    assert (callback.status, callback.claims_authorized) == ("REJECTED", False)


def test_no_decision_by_the_deadline_is_undecided(bank: Bank, client: AuthenticatedClient) -> None:
    authorization_id = _start(client, "order-wait")
    decision = wait_for_authorization(client, authorization_id, timeout=0.3, interval=0.05)
    assert decision.outcome is Outcome.UNDECIDED
    assert decision.authorization is not None
    assert decision.authorization.status is AuthorizationStatus.PENDING


def test_the_async_wait_sees_the_rejection(bank: Bank) -> None:
    bank.control("/_sandbox/reset")
    tokens = bank.pair()

    async def run() -> Outcome:
        oauth = OAuthClient(bank.oauth.credentials, base_url=bank.base_url)
        client = authenticated_client(bank.base_url, AsyncTokenHolder(oauth, initial=tokens))
        started = await authorize_payment.asyncio(
            client=client,
            body=AuthorizePaymentRequest(
                order_id="order-async",
                amount=PositiveMoney(amount="2500.00", currency=Currency.PLN),
                title="Abonament",
                app_type=AppType.WEB,
                os_type=OsType.ALL,
                callback_uri=CALLBACK,
            ),
        )
        bank.control(f"/_sandbox/authorizations/{started.authorization_id}/reject")
        decision = await wait_for_authorization_async(
            client, started.authorization_id, timeout=10, interval=0.05
        )
        await client.get_async_httpx_client().aclose()
        await oauth.aclose()
        return decision.outcome

    assert asyncio.run(run()) is Outcome.FAILED


# -- on a mock transport: transient failures, unknown statuses, the deadline -------------


AUTHORIZATION: dict[str, Any] = {
    "authorizationId": "auth-1",
    "operationType": "PAYMENT",
    "accountId": "acc-demo-main",
    "createdAt": "2026-01-20T12:32:00Z",
    "expiresAt": "2026-01-20T12:42:00Z",
}


def _scripted(answers: list[httpx.Response]) -> tuple[AuthenticatedClient, list[int]]:
    served: list[int] = []

    def answer(_request: httpx.Request) -> httpx.Response:
        served.append(1)
        return answers.pop(0) if len(answers) > 1 else answers[0]

    client = AuthenticatedClient(
        base_url="https://bank.test",
        token="t",
        httpx_args={"transport": httpx.MockTransport(answer)},
    )
    return client, served


def _status(status: str) -> httpx.Response:
    return httpx.Response(200, json={**AUTHORIZATION, "status": status})


def test_transient_failures_are_retried_while_waiting() -> None:
    client, served = _scripted(
        [
            _status("PENDING"),
            httpx.Response(503, json={"error": "internal.server.error"}),
            httpx.Response(429, json={"error": "requests_limit_exceeded"}),
            _status("AUTHORIZED"),
        ]
    )
    decision = wait_for_authorization(
        client, "auth-1", interval=0.01, policy=FAST, sleep=lambda _: None
    )
    assert decision.outcome is Outcome.AUTHORIZED
    assert len(served) == 4


def test_an_unknown_final_status_ends_the_wait() -> None:
    client, _ = _scripted([_status("PENDING"), _status("EXPIRED")])
    decision = wait_for_authorization(client, "auth-1", interval=0.01, sleep=lambda _: None)
    assert decision.outcome is Outcome.UNKNOWN
    assert decision.authorization is not None and decision.authorization.status == "EXPIRED"


def test_the_deadline_bounds_the_wait_on_a_fake_clock() -> None:
    now = [0.0]
    client, served = _scripted([_status("PENDING")])

    def sleep(seconds: float) -> None:
        now[0] += seconds

    decision = wait_for_authorization(
        client, "auth-1", timeout=10, interval=3, sleep=sleep, clock=lambda: now[0]
    )
    assert decision.outcome is Outcome.UNDECIDED
    assert now[0] == 10  # 3 + 3 + 3 + 1: never past the deadline
    assert len(served) == 5


def test_other_errors_are_raised() -> None:
    client, _ = _scripted([httpx.Response(404, json={"error": "authorization_id_not_exist"})])
    with pytest.raises(Exception, match="authorization_id_not_exist"):
        wait_for_authorization(client, "auth-1", interval=0.01, sleep=lambda _: None)


# -- the browser's return to callbackUri --------------------------------------------------

identifiers = st.text(min_size=1, max_size=40).filter(lambda text: "\x00" not in text)
statuses = st.sampled_from(["AUTHORIZED", "REJECTED", "FAILED", "PENDING"]) | st.text(min_size=1)


@given(
    identifier=identifiers,
    status=statuses,
    base=st.sampled_from([CALLBACK, CALLBACK + "?shop=1", "https://p.example/a?b=c&d="]),
)
def test_any_callback_address_is_read_back(identifier: str, status: str, base: str) -> None:
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}{urlencode({'authorizationId': identifier, 'status': status})}"
    callback = parse_authorization_callback(url, identifier)
    assert (callback.authorization_id, callback.status) == (identifier, status)
    assert callback.claims_authorized is (status == "AUTHORIZED")


@pytest.mark.parametrize(
    "url",
    [
        CALLBACK,
        f"{CALLBACK}?status=AUTHORIZED",
        f"{CALLBACK}?authorizationId=a-1",
        f"{CALLBACK}?authorizationId=a-1&authorizationId=a-2&status=AUTHORIZED",
        f"{CALLBACK}?authorizationId=other&status=AUTHORIZED",
    ],
)
def test_a_callback_without_a_usable_answer_is_refused(url: str) -> None:
    with pytest.raises(AuthorizationCallbackError):
        parse_authorization_callback(url, "a-1")
