"""Pairing: the authorization URL, the `state` check, and the `/grant` calls."""

from __future__ import annotations

import asyncio
import hmac
import string
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from nestbank_client.api_errors import UnauthorizedError
from nestbank_client.oauth import ClientCredentials, OAuthClient, new_state, verify_state
from nestbank_client.runtime_errors import OAuthCallbackError, OAuthStateMismatchError

CREDENTIALS = ClientCredentials("demo-app", "s3cret-value", "http://127.0.0.1:8765/callback")
ALNUM = set(string.ascii_letters + string.digits)


def token_answer(access: str = "acc-1", refresh: str = "ref-1") -> dict[str, object]:
    return {
        "access_token": access,
        "token_type": "bearer",
        "expires_in": 1200,
        "refresh_token": refresh,
        "refresh_token_expires_in": 7776000,
        "scope": "open-api",
        "permissions": ["INF:ctx:TRANSACTIONS:READ_LIST:::::-1:-1:-1:PLN:::"],
    }


def test_state_is_128_alphanumeric_and_fresh_each_time() -> None:
    states = {new_state() for _ in range(50)}
    assert len(states) == 50
    for state in states:
        assert len(state) == 128
        assert set(state) <= ALNUM


def test_authorization_url_has_exactly_the_documented_parameters() -> None:
    request = OAuthClient(CREDENTIALS, base_url="http://bank.test/api/").start_pairing()
    parts = urlsplit(request.url)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "bank.test", "/api/request")
    assert parse_qs(parts.query) == {
        "client_id": ["demo-app"],
        "response_type": ["code"],
        "state": [request.state],
        "redirect_uri": ["http://127.0.0.1:8765/callback"],
        "scope": ["open-api"],
    }


def test_default_authorization_url_is_production() -> None:
    url = OAuthClient(CREDENTIALS).start_pairing().url
    assert url.startswith("https://login.nestbank.pl/rest/v1/open/api/request?")


@pytest.mark.parametrize("bad", ["short", "a" * 127 + "!", "ą" * 128, ""])
def test_start_pairing_refuses_a_state_that_is_not_128_alphanumerics(bad: str) -> None:
    with pytest.raises(ValueError, match="128"):
        OAuthClient(CREDENTIALS).start_pairing(state=bad)


def test_verify_state_compares_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    state = new_state()
    verify_state(state, state)
    assert calls == [(state.encode(), state.encode())]


@pytest.mark.parametrize("received", [None, "", "x" * 128, "ż" * 128])
def test_verify_state_refuses_a_mismatch(received: str | None) -> None:
    with pytest.raises(OAuthStateMismatchError, match="does not match"):
        verify_state(new_state(), received)


def test_code_from_callback_returns_the_code_when_the_state_matches() -> None:
    state = new_state()
    url = f"http://127.0.0.1:8765/callback?code=abc123&state={state}"
    assert OAuthClient.code_from_callback(url, state) == "abc123"


def test_code_from_callback_checks_the_state_before_anything_else() -> None:
    state = new_state()
    forged = f"http://127.0.0.1:8765/callback?error=access_denied&state={new_state()}"
    with pytest.raises(OAuthStateMismatchError):
        OAuthClient.code_from_callback(forged, state)
    with pytest.raises(OAuthStateMismatchError):
        OAuthClient.code_from_callback("http://127.0.0.1:8765/callback?code=abc", state)


def test_code_from_callback_reports_an_oauth_error_or_a_missing_code() -> None:
    state = new_state()
    denied = f"http://cb/?error=access_denied&error_description=nope&state={state}"
    with pytest.raises(OAuthCallbackError, match="access_denied") as caught:
        OAuthClient.code_from_callback(denied, state)
    assert caught.value.error == "access_denied"
    with pytest.raises(OAuthCallbackError, match="missing_code"):
        OAuthClient.code_from_callback(f"http://cb/?state={state}", state)


def test_code_from_callback_refuses_a_repeated_state_or_code() -> None:
    """`?code=c&state=GOOD&state=evil`: which one did the bank send? Neither is trusted."""
    state = new_state()
    with pytest.raises(OAuthStateMismatchError):
        OAuthClient.code_from_callback(f"http://cb/?code=c&state={state}&state=x", state)
    with pytest.raises(OAuthStateMismatchError):
        OAuthClient.code_from_callback(f"http://cb/?code=c&state={state}&state={state}", state)
    with pytest.raises(OAuthCallbackError, match="ambiguous_code"):
        OAuthClient.code_from_callback(f"http://cb/?code=c1&code=c2&state={state}", state)


class GrantRecorder:
    """A mock `/grant` that records the form fields it received."""

    def __init__(self, answers: list[httpx.Response]) -> None:
        self.answers = answers
        self.forms: list[dict[str, list[str]]] = []
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/grant"
        self.requests.append(request)
        self.forms.append(parse_qs(request.content.decode()))
        return self.answers.pop(0)


def oauth_client(recorder: GrantRecorder, now: float = 1000.0) -> OAuthClient:
    return OAuthClient(
        CREDENTIALS,
        base_url="http://bank.test",
        clock=lambda: now,
        httpx_args={"transport": httpx.MockTransport(recorder)},
    )


def test_exchange_code_posts_the_form_with_state_and_credentials() -> None:
    recorder = GrantRecorder([httpx.Response(200, json=token_answer())])
    state = new_state()
    tokens = oauth_client(recorder).exchange_code("the-code", state)
    assert recorder.forms == [
        {
            "grant_type": ["authorization_code"],
            "client_id": ["demo-app"],
            "client_secret": ["s3cret-value"],
            "code": ["the-code"],
            "redirect_uri": ["http://127.0.0.1:8765/callback"],
            "state": [state],
        }
    ]
    request = recorder.requests[0]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert "access_token" not in request.headers
    assert (tokens.access_token, tokens.refresh_token) == ("acc-1", "ref-1")
    assert tokens.access_expires_at == 1000.0 + 1200
    assert tokens.refresh_expires_at == 1000.0 + 7776000
    assert tokens.permissions == ("INF:ctx:TRANSACTIONS:READ_LIST:::::-1:-1:-1:PLN:::",)


def test_refresh_posts_the_refresh_token_and_returns_the_rotated_one() -> None:
    recorder = GrantRecorder([httpx.Response(200, json=token_answer("acc-2", "ref-2"))])
    tokens = oauth_client(recorder).refresh("ref-1")
    assert recorder.forms[0]["grant_type"] == ["refresh_token"]
    assert recorder.forms[0]["refresh_token"] == ["ref-1"]
    assert "code" not in recorder.forms[0]
    assert tokens.refresh_token == "ref-2"


def test_refresh_failure_raises_the_typed_error() -> None:
    body = {"error": "refresh_token_expired", "error_description": "Wskazany refresh_token"}
    recorder = GrantRecorder([httpx.Response(401, json=body)])
    with pytest.raises(UnauthorizedError) as caught:
        oauth_client(recorder).refresh("ref-1")
    assert caught.value.code == "refresh_token_expired"


def test_async_exchange_and_refresh() -> None:
    recorder = GrantRecorder(
        [
            httpx.Response(200, json=token_answer("acc-1", "ref-1")),
            httpx.Response(200, json=token_answer("acc-2", "ref-2")),
        ]
    )
    client = oauth_client(recorder)

    async def run() -> tuple[str, str]:
        first = await client.exchange_code_async("code", new_state())
        second = await client.refresh_async(first.refresh_token)
        await client.aclose()
        return first.access_token, second.access_token

    assert asyncio.run(run()) == ("acc-1", "acc-2")
    assert [form["grant_type"] for form in recorder.forms] == [
        ["authorization_code"],
        ["refresh_token"],
    ]


@pytest.mark.parametrize("field", ["client_id", "client_secret", "redirect_uri"])
def test_credentials_refuse_empty_fields(field: str) -> None:
    values = {"client_id": "a", "client_secret": "b", "redirect_uri": "c", field: ""}
    with pytest.raises(ValueError, match=field):
        ClientCredentials(**values)
