"""What goes on the wire: the access_token header, Accept, and the form-encoded grant."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx
from nestbank_client import AuthenticatedClient, Client
from nestbank_client.api.blockades import get_blockade
from nestbank_client.api.oauth import authorize_application, grant_token
from nestbank_client.models import (
    AuthorizeApplicationResponseType,
    AuthorizeApplicationScope,
    TokenRequest,
    TokenRequestGrantType,
)

from .conftest import TOKEN, Bank

TOKENS = {
    "access_token": "new-access",
    "token_type": "bearer",
    "expires_in": 1200,
    "refresh_token": "new-refresh",
    "refresh_token_expires_in": 7776000,
    "scope": "open-api",
    "permissions": [],
}


def test_secured_call_sends_access_token_without_prefix_and_accept_json(
    bank: Bank, client: AuthenticatedClient
) -> None:
    get_blockade.sync("acc-demo-main", "rent-2018-0001", client=client)
    request = bank.last
    assert request.headers["access_token"] == TOKEN
    assert request.headers["Accept"] == "application/json"
    assert "Authorization" not in request.headers
    assert request.url.path == "/rest/v1/open/api/account/acc-demo-main/blockade/rent-2018-0001"


def test_a_new_token_takes_effect_on_the_next_call(bank: Bank, client: AuthenticatedClient) -> None:
    get_blockade.sync("acc-demo-main", "rent-2018-0001", client=client)
    client.token = "refreshed"
    get_blockade.sync("acc-demo-main", "rent-2018-0001", client=client)
    assert [r.headers["access_token"] for r in bank.requests] == [TOKEN, "refreshed"]


def test_the_token_is_not_in_the_repr(client: AuthenticatedClient) -> None:
    assert TOKEN not in repr(client)


def test_accept_can_be_overridden(bank: Bank) -> None:
    client = AuthenticatedClient(
        base_url="https://bank.test",
        token=TOKEN,
        headers={"Accept": "application/json; charset=utf-8"},
        httpx_args={"transport": httpx.MockTransport(bank.handle)},
    )
    get_blockade.sync("a", "b", client=client)
    assert bank.last.headers["Accept"] == "application/json; charset=utf-8"


def _grant_body() -> TokenRequest:
    body = TokenRequest(
        grant_type=TokenRequestGrantType.REFRESH_TOKEN,
        client_id="demo-app",
        client_secret="demo-secret",
    )
    body.refresh_token = "old-refresh"
    return body


def test_grant_is_form_encoded_and_never_carries_the_access_token(
    bank: Bank, client: AuthenticatedClient
) -> None:
    bank.reply(200, TOKENS)
    tokens = grant_token.sync(client=client, body=_grant_body())
    request = bank.last
    assert tokens.access_token == "new-access"
    assert "access_token" not in request.headers
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = parse_qs(request.content.decode())
    assert form == {
        "grant_type": ["refresh_token"],
        "client_id": ["demo-app"],
        "client_secret": ["demo-secret"],
        "refresh_token": ["old-refresh"],
    }


def test_grant_works_with_the_plain_client(bank: Bank, public_client: Client) -> None:
    bank.reply(200, TOKENS)
    assert grant_token.sync(client=public_client, body=_grant_body()).refresh_token == "new-refresh"
    assert "access_token" not in bank.last.headers
    assert bank.last.headers["Accept"] == "application/json"


def test_pairing_page_asks_for_html_without_the_token(
    bank: Bank, client: AuthenticatedClient
) -> None:
    bank.answer = lambda _request: httpx.Response(200, text="<html>zgoda</html>")
    page = authorize_application.sync(
        client=client,
        client_id="demo-app",
        response_type=AuthorizeApplicationResponseType.CODE,
        state="a" * 128,
        redirect_uri="http://127.0.0.1:8765/callback",
        scope=AuthorizeApplicationScope.OPEN_API,
    )
    assert page == "<html>zgoda</html>"
    assert bank.last.headers["Accept"] == "text/html"
    assert "access_token" not in bank.last.headers
    assert bank.last.url.params["scope"] == "open-api"
