"""Defects 2, 7 and 9: client copies, the default timeout, and the small promises.

- `with_headers()`, `with_timeout()`, `with_cookies()` return a copy that keeps the
  token holder and never change the original client (nor its httpx client);
- every client has the documented default timeout;
- User-Agent names this client, `__version__` exists, the package logger has a
  `NullHandler`, `UNSET` prints as `UNSET`.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Callable
from pathlib import Path

import httpx
import nestbank_client
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nestbank_client import AuthenticatedClient, Client
from nestbank_client.api.blockades import get_blockade
from nestbank_client.client import DEFAULT_TIMEOUT
from nestbank_client.session import authenticated_client
from nestbank_client.tokens import TokenHolder, TokenSet
from nestbank_client.types import UNSET

from .conftest import BASE_URL, Bank

ROOT = Path(__file__).resolve().parents[2]


class _NoRefresh:
    def refresh(self, refresh_token: str) -> TokenSet:
        raise AssertionError("no refresh expected")


def _held_client(bank: Bank) -> AuthenticatedClient:
    tokens = TokenSet("held-token", "refresh", 4e9, 4e9)
    holder = TokenHolder(_NoRefresh(), initial=tokens)
    return authenticated_client(
        BASE_URL, holder, httpx_args={"transport": httpx.MockTransport(bank.handle)}
    )


COPIES: dict[str, Callable[[AuthenticatedClient], AuthenticatedClient]] = {
    "with_headers": lambda client: client.with_headers({"X-Trace": "t-1"}),
    "with_cookies": lambda client: client.with_cookies({"session": "s-1"}),
    "with_timeout": lambda client: client.with_timeout(httpx.Timeout(3.0)),
}


@pytest.mark.parametrize("make_copy", COPIES)
def test_a_copy_keeps_the_token_holder_and_leaves_the_original_alone(
    bank: Bank, make_copy: str
) -> None:
    original = _held_client(bank)
    get_blockade.sync("a", "b", client=original)  # the original's httpx client exists
    http = original.get_httpx_client()
    before = (dict(http.headers), dict(http.cookies), http.timeout)

    copy = COPIES[make_copy](original)
    get_blockade.sync("a", "b", client=copy)
    assert bank.last.headers["access_token"] == "held-token"
    if make_copy == "with_headers":
        assert bank.last.headers["X-Trace"] == "t-1"
    if make_copy == "with_cookies":
        assert bank.last.headers["Cookie"] == "session=s-1"
    if make_copy == "with_timeout":
        assert bank.last.extensions["timeout"]["read"] == 3.0

    assert (dict(http.headers), dict(http.cookies), http.timeout) == before
    get_blockade.sync("a", "b", client=original)
    assert "X-Trace" not in bank.last.headers and "Cookie" not in bank.last.headers
    assert bank.last.headers["access_token"] == "held-token"


@given(token=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1))
def test_a_copy_of_a_static_token_client_sends_the_same_token(token: str) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(404, json={"error": "blockade_not_exist"})

    client = AuthenticatedClient(
        base_url=BASE_URL, token=token, httpx_args={"transport": httpx.MockTransport(answer)}
    )
    copy = client.with_headers({"X-A": "1"})
    copy.get_httpx_client().get("/x", auth=copy.auth)
    assert seen[-1].headers["access_token"] == token


@pytest.mark.parametrize(
    "client",
    [Client(base_url=BASE_URL), AuthenticatedClient(base_url=BASE_URL, token="t")],
    ids=["Client", "AuthenticatedClient"],
)
def test_every_client_has_the_documented_default_timeout(
    client: Client | AuthenticatedClient,
) -> None:
    assert httpx.Timeout(30.0, connect=5.0) == DEFAULT_TIMEOUT
    assert client.get_httpx_client().timeout == DEFAULT_TIMEOUT
    assert client.get_async_httpx_client().timeout == DEFAULT_TIMEOUT
    assert "30" in (ROOT / "docs" / "client.md").read_text(encoding="utf-8").split("## Timeouts")[1]


def test_the_user_agent_names_the_client_and_its_version(
    bank: Bank, client: AuthenticatedClient
) -> None:
    get_blockade.sync("a", "b", client=client)
    agent = bank.last.headers["User-Agent"]
    assert agent.startswith(f"nestbank-client/{nestbank_client.__version__} ")
    assert "python-httpx/" in agent


def test_version_is_the_package_version() -> None:
    project = tomllib.loads((ROOT / "generated_client" / "pyproject.toml").read_text())
    assert nestbank_client.__version__ == project["project"]["version"]


def test_the_package_logger_has_a_null_handler() -> None:
    handlers = logging.getLogger("nestbank_client").handlers
    assert any(isinstance(handler, logging.NullHandler) for handler in handlers)


def test_unset_prints_as_unset() -> None:
    assert (repr(UNSET), str(UNSET), f"{[UNSET]}") == ("UNSET", "UNSET", "[UNSET]")
