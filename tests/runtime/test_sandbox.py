"""The runtime against the real sandbox, served by uvicorn on 127.0.0.1.

Each test starts from a fresh sandbox state (`POST /_sandbox/reset`) and proves one
point of the runtime end to end: pairing and the state check, refresh before
expiry and after `access_token_invalid`, exactly one `/grant` for many concurrent
callers, and retries that never create a blockade or payment twice.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest
from nestbank_client.api.accounts import get_account
from nestbank_client.api.blockades import get_blockade, list_blockades
from nestbank_client.api.payments import list_payments
from nestbank_client.api.user import get_user
from nestbank_client.api_errors import ConflictError, UnauthorizedError
from nestbank_client.client import AuthenticatedClient
from nestbank_client.models.blockade_create import BlockadeCreate
from nestbank_client.models.payment_create import PaymentCreate
from nestbank_client.models.positive_money import PositiveMoney
from nestbank_client.oauth import ClientCredentials, OAuthClient
from nestbank_client.retry import RetryPolicy
from nestbank_client.runtime_errors import OAuthStateMismatchError
from nestbank_client.safe import (
    create_blockade_safely,
    create_blockade_safely_async,
    create_payment_safely,
)
from nestbank_client.session import authenticated_client
from nestbank_client.tokens import AsyncTokenHolder, TokenHolder, TokenSet

from .sandbox_server import sandbox

REDIRECT_URI = "http://127.0.0.1:8765/callback"
CREDENTIALS = ClientCredentials("demo-app", "demo-secret", REDIRECT_URI)
ACCOUNT = "acc-demo-main"
POLICY = RetryPolicy(initial_delay=0.05, max_delay=0.2, total_timeout=15, attempt_timeout=5)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with sandbox(rate_limit_per_minute=100_000) as url:
        yield url


class GrantCounter:
    """Counts the `/grant` requests an `OAuthClient` sends (an httpx request hook)."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> None:
        if request.url.path.endswith("/grant"):
            with self._lock:
                self.count += 1

    async def hook_async(self, request: httpx.Request) -> None:
        self(request)


class Bank:
    """Test-side handle on one fresh sandbox: its controls and a paired customer."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        # The controls take the demo application's credentials as HTTP Basic.
        self.controls = httpx.Client(
            base_url=base_url, timeout=10, auth=("demo-app", "demo-secret")
        )
        self.grants = GrantCounter()
        self.oauth = OAuthClient(
            CREDENTIALS,
            base_url=base_url,
            httpx_args={
                "event_hooks": {"request": [self.grants]},
            },
        )

    def control(self, path: str, body: dict[str, object] | None = None) -> httpx.Response:
        response = self.controls.post(path, json=body or {})
        assert response.status_code in (200, 204), response.text
        return response

    def pair(self) -> TokenSet:
        """Pair the demo customer: authorization URL, consent (`/_sandbox/pair`), exchange."""
        pairing = self.oauth.start_pairing()
        consent = self.control(
            "/_sandbox/pair",
            {
                "client_id": "demo-app",
                "redirect_uri": REDIRECT_URI,
                "state": pairing.state,
                "user": "demo",
                "accountId": ACCOUNT,
            },
        ).json()
        callback = f"{REDIRECT_URI}?code={consent['code']}&state={consent['state']}"
        code = self.oauth.code_from_callback(callback, pairing.state)
        return self.oauth.exchange_code(code, pairing.state)

    def advance_clock(self, seconds: int) -> None:
        self.control("/_sandbox/clock", {"advanceSeconds": seconds})

    def fault(self, kind: str, operation_id: str, count: int = 1) -> None:
        self.control(
            "/_sandbox/faults", {"kind": kind, "count": count, "operationId": operation_id}
        )


@pytest.fixture
def bank(base_url: str) -> Iterator[Bank]:
    handle = Bank(base_url)
    handle.control("/_sandbox/reset")
    yield handle
    handle.controls.close()
    handle.oauth.close()


def paired_client(bank: Bank) -> tuple[AuthenticatedClient, TokenHolder]:
    holder = TokenHolder(bank.oauth, initial=bank.pair())
    return authenticated_client(bank.base_url, holder), holder


def money(amount: str) -> PositiveMoney:
    return PositiveMoney.from_dict({"amount": amount, "currency": "PLN"})


def record_requests(client: AuthenticatedClient) -> list[str]:
    """`METHOD path` of every request the client sends from now on."""
    sent: list[str] = []
    http = client.get_httpx_client()
    hook = lambda request: sent.append(f"{request.method} {request.url.path}")  # noqa: E731
    http.event_hooks = {**http.event_hooks, "request": [*http.event_hooks["request"], hook]}
    return sent


def daily_used(client: AuthenticatedClient) -> Decimal:
    return Decimal(str(get_account.sync(ACCOUNT, client=client).limits.daily.used.amount))


# -- pairing ------------------------------------------------------------------------------


def test_the_sandbox_accepts_the_authorization_url(bank: Bank) -> None:
    pairing = bank.oauth.start_pairing()
    page = httpx.get(pairing.url.replace(bank.oauth.base_url, bank.base_url), timeout=10)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")


def test_pairing_yields_working_tokens(bank: Bank) -> None:
    client, holder = paired_client(bank)
    user = get_user.sync(client=client)
    assert [account.account_id for account in user.accounts] == [ACCOUNT]
    assert bank.grants.count == 1
    assert holder.tokens.access_expires_at - time.time() == pytest.approx(1200, abs=5)


def test_a_callback_with_another_state_is_refused_before_any_exchange(bank: Bank) -> None:
    mine = bank.oauth.start_pairing()
    theirs = bank.oauth.start_pairing()
    consent = bank.control(
        "/_sandbox/pair",
        {"client_id": "demo-app", "redirect_uri": REDIRECT_URI, "state": theirs.state},
    ).json()
    callback = f"{REDIRECT_URI}?code={consent['code']}&state={consent['state']}"
    with pytest.raises(OAuthStateMismatchError):
        bank.oauth.code_from_callback(callback, mine.state)
    assert bank.grants.count == 0


# -- refresh ------------------------------------------------------------------------------


def test_token_is_refreshed_shortly_before_it_expires(bank: Bank) -> None:
    offset = [0.0]
    holder = TokenHolder(
        bank.oauth,
        initial=bank.pair(),
        refresh_skew=120,
        clock=lambda: time.time() + offset[0],
    )
    client = authenticated_client(bank.base_url, holder)
    first = holder.tokens
    get_user.sync(client=client)
    assert bank.grants.count == 1  # the pairing only
    offset[0] = 1200 - 100  # 100 s left: inside the 120 s skew
    get_user.sync(client=client)
    assert bank.grants.count == 2
    assert holder.tokens.refresh_token != first.refresh_token  # rotated and stored


def test_rejected_token_is_refreshed_once_and_the_call_succeeds(bank: Bank) -> None:
    client, holder = paired_client(bank)
    old = holder.tokens
    bank.advance_clock(1201)  # the bank now finds the access token expired
    assert get_user.sync(client=client).user_id
    assert bank.grants.count == 2
    assert holder.tokens.refresh_token != old.refresh_token
    # The rotated-out refresh token no longer works: the store must hold the new one.
    with pytest.raises(UnauthorizedError):
        bank.oauth.refresh(old.refresh_token)


def test_many_threads_with_an_expired_token_cause_exactly_one_grant(bank: Bank) -> None:
    client, _ = paired_client(bank)
    get_user.sync(client=client)  # open the pool before the race
    bank.advance_clock(1201)
    barrier = threading.Barrier(12)
    results: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(get_account.sync(ACCOUNT, client=client).account_id)
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == [ACCOUNT] * 12
    assert bank.grants.count == 2  # pairing + exactly one refresh


def test_many_tasks_with_an_expired_token_cause_exactly_one_grant(bank: Bank) -> None:
    tokens = bank.pair()
    bank.advance_clock(1201)

    async def run() -> list[str]:
        holder = AsyncTokenHolder(bank.oauth, initial=tokens)
        client = authenticated_client(bank.base_url, holder)
        accounts = await asyncio.gather(
            *(get_account.asyncio(ACCOUNT, client=client) for _ in range(20))
        )
        await bank.oauth.aclose()
        await client.get_async_httpx_client().aclose()
        return [account.account_id for account in accounts]

    bank.oauth = OAuthClient(
        CREDENTIALS,
        base_url=bank.base_url,
        httpx_args={"event_hooks": {"request": [bank.grants.hook_async]}},
    )
    assert asyncio.run(run()) == [ACCOUNT] * 20
    assert bank.grants.count == 2


# -- retries that never duplicate money ---------------------------------------------------


def test_dropped_answer_after_commit_yields_exactly_one_blockade(bank: Bank) -> None:
    client, _ = paired_client(bank)
    used_before = daily_used(client)
    bank.fault("drop_after_commit", "createBlockade")
    body = BlockadeCreate(blockade_id="rent-0001", amount=money("250.00"), title="Kaucja")
    sent = record_requests(client)
    blockade = create_blockade_safely(client, ACCOUNT, body, POLICY)
    assert blockade.blockade_id == "rent-0001"
    create, read = f"POST /account/{ACCOUNT}/blockade", f"GET /account/{ACCOUNT}/blockade/rent-0001"
    assert sent == [create, create, read]  # dropped, then 409, then the read
    listed = list_blockades.sync(ACCOUNT, client=client)
    assert [b.blockade_id for b in listed.blockades].count("rent-0001") == 1
    assert daily_used(client) - used_before == Decimal("250.00")


def test_async_dropped_answer_after_commit_yields_exactly_one_blockade(bank: Bank) -> None:
    tokens = bank.pair()
    bank.fault("drop_after_commit", "createBlockade")
    body = BlockadeCreate(blockade_id="rent-0002", amount=money("120.00"), title="Kaucja")

    async def run() -> str:
        oauth = OAuthClient(CREDENTIALS, base_url=bank.base_url)
        client = authenticated_client(bank.base_url, AsyncTokenHolder(oauth, initial=tokens))
        blockade = await create_blockade_safely_async(client, ACCOUNT, body, POLICY)
        await client.get_async_httpx_client().aclose()
        await oauth.aclose()
        return blockade.blockade_id

    assert asyncio.run(run()) == "rent-0002"
    client = authenticated_client(bank.base_url, TokenHolder(bank.oauth, initial=tokens))
    listed = list_blockades.sync(ACCOUNT, client=client)
    assert [b.blockade_id for b in listed.blockades].count("rent-0002") == 1


def test_a_conflict_on_the_first_attempt_raises(bank: Bank) -> None:
    client, _ = paired_client(bank)
    body = BlockadeCreate(blockade_id="rent-0003", amount=money("10.00"), title="Kaucja")
    create_blockade_safely(client, ACCOUNT, body, POLICY)
    used = daily_used(client)
    sent = record_requests(client)
    with pytest.raises(ConflictError) as caught:
        create_blockade_safely(client, ACCOUNT, body, POLICY)
    assert caught.value.code == "order_exist_error"
    assert sent == [f"POST /account/{ACCOUNT}/blockade"]  # no retry, no read
    assert daily_used(client) == used


def test_injected_500_and_429_are_retried_to_one_blockade(bank: Bank) -> None:
    client, _ = paired_client(bank)
    bank.fault("500", "createBlockade")
    bank.fault("429", "createBlockade")  # Retry-After: 1
    body = BlockadeCreate(blockade_id="rent-0004", amount=money("30.00"), title="Kaucja")
    sent = record_requests(client)
    started = time.monotonic()
    assert create_blockade_safely(client, ACCOUNT, body, POLICY).blockade_id == "rent-0004"
    assert time.monotonic() - started >= 1.0  # waited for Retry-After
    assert sent == [f"POST /account/{ACCOUNT}/blockade"] * 3
    assert get_blockade.sync(ACCOUNT, "rent-0004", client=client).title == "Kaucja"


def test_dropped_payment_answer_yields_exactly_one_payment(bank: Bank) -> None:
    client, _ = paired_client(bank)
    bank.fault("drop_after_commit", "createPayment")
    body = PaymentCreate(order_id="order-0001", amount=money("49.99"), title="Abonament")
    sent = record_requests(client)
    payment = create_payment_safely(client, body, POLICY)
    assert sent == ["POST /payment", "POST /payment", "GET /payment/order-0001"]
    assert payment.order_id == "order-0001"
    listed = list_payments.sync(client=client)
    assert [p.order_id for p in listed.payments].count("order-0001") == 1
