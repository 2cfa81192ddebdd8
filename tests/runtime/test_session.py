"""The auth flows: header from the holder, one refresh-and-resend on `access_token_invalid`."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from nestbank_client.api.accounts import get_account
from nestbank_client.api.oauth import grant_token
from nestbank_client.api_errors import UnauthorizedError
from nestbank_client.client import Client
from nestbank_client.models.token_request import TokenRequest
from nestbank_client.models.token_request_grant_type import TokenRequestGrantType
from nestbank_client.session import authenticated_client
from nestbank_client.tokens import AsyncTokenHolder, TokenHolder, TokenSet

from .test_tokens import FakeRefresher
from .test_tokens import token_set as _token_set


def token_set(n: int) -> TokenSet:
    """Tokens issued now (real clock): the holders here use the real clock."""
    return _token_set(n, now=time.time())


class Refresher(FakeRefresher):
    def __init__(self, delay: float = 0.0) -> None:
        super().__init__(delay, clock=time.time)


ACCOUNT = {
    "accountId": "acc-1",
    "number": "62187010452078107846560001",
    "name": "Konto",
    "currency": "PLN",
    "balance": {"amount": "1.00", "currency": "PLN"},
    "availableBalance": {"amount": "1.00", "currency": "PLN"},
    "limits": {
        "perTransaction": {"amount": "1.00", "currency": "PLN"},
        "noAuthorization": {"amount": "1.00", "currency": "PLN"},
        "daily": {
            "limit": {"amount": "1.00", "currency": "PLN"},
            "used": {"amount": "0.00", "currency": "PLN"},
            "remaining": {"amount": "1.00", "currency": "PLN"},
        },
        "monthly": {
            "limit": {"amount": "1.00", "currency": "PLN"},
            "used": {"amount": "0.00", "currency": "PLN"},
            "remaining": {"amount": "1.00", "currency": "PLN"},
        },
    },
}


class Bank:
    """Accepts only the tokens in `valid`; answers 401 with `code` otherwise."""

    def __init__(self, valid: set[str], code: str = "access_token_invalid") -> None:
        self.valid = valid
        self.code = code
        self.seen: list[str | None] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        token = request.headers.get("access_token")
        self.seen.append(token)
        if token in self.valid:
            return httpx.Response(200, json=ACCOUNT)
        return httpx.Response(401, json={"error": self.code, "error_description": "x"})


def client_for(bank: Bank, holder: TokenHolder | AsyncTokenHolder) -> object:
    return authenticated_client(
        "http://bank.test", holder, httpx_args={"transport": httpx.MockTransport(bank)}
    )


def test_header_carries_the_holders_token() -> None:
    bank = Bank({"access-1"})
    holder = TokenHolder(Refresher(), initial=token_set(1))
    client = authenticated_client(
        "http://bank.test", holder, httpx_args={"transport": httpx.MockTransport(bank)}
    )
    assert get_account.sync("acc-1", client=client).account_id == "acc-1"
    assert bank.seen == ["access-1"]


def test_rejected_token_is_refreshed_once_and_the_request_resent() -> None:
    bank = Bank({"access-2"})
    refresher = Refresher()
    holder = TokenHolder(refresher, initial=token_set(1))
    client = authenticated_client(
        "http://bank.test", holder, httpx_args={"transport": httpx.MockTransport(bank)}
    )
    assert get_account.sync("acc-1", client=client).account_id == "acc-1"
    assert bank.seen == ["access-1", "access-2"]
    assert refresher.calls == ["refresh-1"]


def test_a_second_rejection_is_not_retried_again() -> None:
    bank = Bank(set())
    refresher = Refresher()
    client = authenticated_client(
        "http://bank.test",
        TokenHolder(refresher, initial=token_set(1)),
        httpx_args={"transport": httpx.MockTransport(bank)},
    )
    with pytest.raises(UnauthorizedError) as caught:
        get_account.sync("acc-1", client=client)
    assert caught.value.code == "access_token_invalid"
    assert bank.seen == ["access-1", "access-2"]
    assert refresher.calls == ["refresh-1"]


@pytest.mark.parametrize("code", ["aceess_token_not_exist", "request_out_of_permissions"])
def test_other_401_codes_do_not_refresh(code: str) -> None:
    bank = Bank(set(), code=code)
    refresher = Refresher()
    client = authenticated_client(
        "http://bank.test",
        TokenHolder(refresher, initial=token_set(1)),
        httpx_args={"transport": httpx.MockTransport(bank)},
    )
    with pytest.raises(UnauthorizedError):
        get_account.sync("acc-1", client=client)
    assert refresher.calls == []
    assert bank.seen == ["access-1"]


def test_async_client_refreshes_once_for_many_rejected_tasks() -> None:
    bank = Bank({"access-2"})
    refresher = Refresher(delay=0.02)

    async def run() -> list[str]:
        holder = AsyncTokenHolder(refresher, initial=token_set(1))
        client = authenticated_client(
            "http://bank.test", holder, httpx_args={"transport": httpx.MockTransport(bank)}
        )
        accounts = await asyncio.gather(
            *(get_account.asyncio("acc-1", client=client) for _ in range(20))
        )
        return [account.account_id for account in accounts]

    assert asyncio.run(run()) == ["acc-1"] * 20
    assert refresher.calls == ["refresh-1"]
    assert bank.seen.count("access-1") == 20 and bank.seen.count("access-2") == 20


def test_sync_and_async_flows_refuse_the_wrong_kind_of_client() -> None:
    bank = Bank({"access-1"})
    sync_client = authenticated_client(
        "http://bank.test",
        TokenHolder(Refresher(), initial=token_set(1)),
        httpx_args={"transport": httpx.MockTransport(bank)},
    )
    with pytest.raises(TypeError, match="AsyncNestBankAuth"):
        asyncio.run(get_account.asyncio("acc-1", client=sync_client))

    async def make() -> object:
        return AsyncTokenHolder(Refresher(), initial=token_set(1))

    async_holder = asyncio.run(make())
    assert isinstance(async_holder, AsyncTokenHolder)
    async_client = authenticated_client(
        "http://bank.test", async_holder, httpx_args={"transport": httpx.MockTransport(bank)}
    )
    with pytest.raises(TypeError, match="NestBankAuth for sync"):
        get_account.sync("acc-1", client=async_client)


def test_the_token_service_never_receives_an_access_token() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(401, json={"error": "oauth_parameters_error"})

    client = Client(
        base_url="http://bank.test", httpx_args={"transport": httpx.MockTransport(handler)}
    )
    body = TokenRequest(TokenRequestGrantType.REFRESH_TOKEN, "app", "secret", refresh_token="r")
    with pytest.raises(UnauthorizedError):
        grant_token.sync(client=client, body=body)
    assert "access_token" not in seen[0].headers
