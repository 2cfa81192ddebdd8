"""Defects 4 and 5: `except NestBankError` catches everything, and both call styles agree.

Transport failures become `APIConnectionError` / `APITimeoutError` with the httpx
error as `__cause__` (the openai-python shape); a malformed success body raises
`UnexpectedResponseError` from `sync()` and `sync_detailed()` alike.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pickle
import pkgutil
from collections.abc import Callable
from typing import Any

import httpx
import nestbank_client
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nestbank_client import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticatedClient,
    NestBankError,
    UnexpectedResponseError,
    api_errors,
    errors,
    exceptions,
)
from nestbank_client.api.blockades import get_blockade

from .conftest import BASE_URL, BLOCKADE, TOKEN


def _every_module() -> list[Any]:
    names = [
        info.name for info in pkgutil.walk_packages(nestbank_client.__path__, "nestbank_client.")
    ]
    return [importlib.import_module(name) for name in names]


def test_every_exception_class_of_the_package_is_a_nestbank_error() -> None:
    classes = {
        value
        for module in _every_module()
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, BaseException)
        and value.__module__.startswith("nestbank_client")
    }
    assert len(classes) >= 20
    assert [kind for kind in classes if not issubclass(kind, NestBankError)] == []
    assert issubclass(api_errors.UnexpectedStatus, NestBankError)


def test_the_earlier_module_names_still_import_the_same_classes() -> None:
    """`exceptions` (ours, earlier) and `errors` (openapi-python-client's) re-export."""
    assert errors.UnexpectedStatus is api_errors.UnexpectedStatus
    assert exceptions.__all__ == api_errors.__all__
    for name in api_errors.__all__:
        assert getattr(exceptions, name) is getattr(api_errors, name)


def _failing_client(error: Exception) -> AuthenticatedClient:
    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    return AuthenticatedClient(
        base_url=BASE_URL, token=TOKEN, httpx_args={"transport": httpx.MockTransport(fail)}
    )


CALLS: dict[str, Callable[[AuthenticatedClient], object]] = {
    "sync": lambda client: get_blockade.sync("a", "b", client=client),
    "sync_detailed": lambda client: get_blockade.sync_detailed("a", "b", client=client),
    "asyncio": lambda client: asyncio.run(get_blockade.asyncio("a", "b", client=client)),
    "asyncio_detailed": lambda client: asyncio.run(
        get_blockade.asyncio_detailed("a", "b", client=client)
    ),
}
TRANSPORT_ERRORS = [
    (httpx.ConnectError("refused"), APIConnectionError, False),
    (httpx.RemoteProtocolError("dropped"), APIConnectionError, True),
    (httpx.ReadError("reset"), APIConnectionError, True),
    (httpx.ReadTimeout("slow"), APITimeoutError, True),
    (httpx.ConnectTimeout("slow"), APITimeoutError, False),
    (httpx.PoolTimeout("busy"), APITimeoutError, False),
]


@pytest.mark.parametrize("style", CALLS)
@pytest.mark.parametrize(("error", "kind", "maybe_applied"), TRANSPORT_ERRORS)
def test_transport_failures_are_typed_and_keep_the_httpx_error(
    style: str, error: Exception, kind: type[APIConnectionError], maybe_applied: bool
) -> None:
    with pytest.raises(NestBankError) as caught:
        CALLS[style](_failing_client(error))
    assert type(caught.value) is kind
    assert caught.value.__cause__ is error
    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.maybe_applied is maybe_applied
    assert caught.value.status_code is None  # readable on every NestBankError
    assert "/account/a/blockade/b" in str(caught.value)


REQUIRED = ["blockadeId", "accountId", "amount", "title", "createdAt", "updatedAt"]
CONVERTED = ["amount", "createdAt", "updatedAt", "expiresAt"]
WRONG_VALUES = st.one_of(
    st.none(), st.integers(), st.lists(st.integers(), max_size=2), st.just("not a date")
)


@st.composite
def malformed_blockades(draw: st.DrawFn) -> object:
    """A 200 body that breaks the Blockade schema: a missing field, a wrong value in a
    field the client converts (money, timestamps), or not an object at all. (Plain
    strings are passed through unchecked, as the stock generator does.)"""
    kind = draw(st.sampled_from(["missing", "wrong", "not an object"]))
    if kind == "not an object":
        return draw(st.one_of(st.lists(st.integers(), max_size=2), st.integers(), st.text()))
    body = dict(BLOCKADE)
    if kind == "missing":
        del body[draw(st.sampled_from(REQUIRED))]
    else:
        body[draw(st.sampled_from(CONVERTED))] = draw(WRONG_VALUES)
    return body


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=malformed_blockades())
def test_a_malformed_success_body_raises_the_same_error_from_both_styles(body: object) -> None:
    client = AuthenticatedClient(
        base_url=BASE_URL,
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(lambda _: httpx.Response(200, json=body))},
    )
    for style in CALLS:
        with pytest.raises(UnexpectedResponseError, match="does not match the spec") as caught:
            CALLS[style](client)
        assert caught.value.status_code == 200, style


@pytest.mark.parametrize(
    "answer",
    [
        lambda request: httpx.Response(401, json={"error": "access_token_invalid"}),
        lambda request: httpx.Response(502, content=b"<html>proxy</html>"),
        lambda request: (_ for _ in ()).throw(httpx.ReadTimeout("slow", request=request)),
    ],
    ids=["401", "502 html", "timeout"],
)
def test_exceptions_pickle_without_the_token(answer: Callable[[httpx.Request], Any]) -> None:
    client = AuthenticatedClient(
        base_url=BASE_URL, token=TOKEN, httpx_args={"transport": httpx.MockTransport(answer)}
    )
    with pytest.raises(NestBankError) as caught:
        get_blockade.sync("a", "b", client=client)
    pickled = pickle.dumps(caught.value)
    assert TOKEN.encode() not in pickled
    copy = pickle.loads(pickled)
    assert (type(copy), str(copy), copy.status_code, copy.code) == (
        type(caught.value),
        str(caught.value),
        caught.value.status_code,
        caught.value.code,
    )
    if isinstance(copy, APIConnectionError):
        assert copy.request is None  # the request (its headers hold the token) stays behind
    else:
        assert isinstance(copy, APIStatusError) and isinstance(caught.value, APIStatusError)
        assert copy.response.content == caught.value.response.content
        assert copy.response.request.url.path.endswith("/account/a/blockade/b")
