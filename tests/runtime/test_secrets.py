"""No secret ever shows in a repr/str, a log line or an exception message.

A complete flow runs against the sandbox with every logger at DEBUG (httpx and
httpcore included): pairing, calls, a refresh after `access_token_invalid`, a retried
create, and the failures (a foreign state, a rotated-out refresh token, an empty
store, a blockade that conflicts with different fields). Then every object and
exception met on the way is rendered and searched for each secret.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable

import httpx
import pytest
from nestbank_client.api.user import get_user
from nestbank_client.api_errors import APIConnectionError, ConflictError, UnauthorizedError
from nestbank_client.models.blockade_create import BlockadeCreate
from nestbank_client.models.positive_money import PositiveMoney
from nestbank_client.oauth import ClientCredentials, OAuthClient, new_state
from nestbank_client.retry import RetryPolicy
from nestbank_client.runtime_errors import NotPairedError, OAuthStateMismatchError
from nestbank_client.safe import create_blockade_safely
from nestbank_client.session import authenticated_client
from nestbank_client.tokens import InMemoryTokenStore, TokenHolder

from .sandbox_server import sandbox

REDIRECT_URI = "http://127.0.0.1:8765/callback"
SECRET = "demo-secret"
CONTROL_AUTH = ("demo-app", SECRET)  # the sandbox controls take HTTP Basic
POLICY = RetryPolicy(initial_delay=0.01, max_delay=0.05, total_timeout=10)


def rendered(thing: object) -> list[str]:
    texts = [repr(thing), str(thing)]
    if isinstance(thing, BaseException):
        texts += [*getattr(thing, "__notes__", []), *map(str, thing.args)]
        # An exception is pickled to cross a process (a task queue, multiprocessing):
        # it must unpickle, and its bytes must hold no secret either.
        pickled = pickle.dumps(thing)
        copy = pickle.loads(pickled)
        assert (type(copy), str(copy)) == (type(thing), str(thing))
        assert getattr(copy, "status_code", None) == getattr(thing, "status_code", None)
        texts.append(pickled.decode("latin-1"))
    return texts


def test_no_secret_in_reprs_logs_or_exception_texts(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[object] = []
    with sandbox() as base_url:
        credentials = ClientCredentials("demo-app", SECRET, REDIRECT_URI)
        oauth = OAuthClient(credentials, base_url=base_url)
        pairing = oauth.start_pairing()
        consent = httpx.post(
            f"{base_url}/_sandbox/pair",
            json={"client_id": "demo-app", "redirect_uri": REDIRECT_URI, "state": pairing.state},
            auth=CONTROL_AUTH,
        ).json()
        callback = f"{REDIRECT_URI}?code={consent['code']}&state={consent['state']}"
        code = oauth.code_from_callback(callback, pairing.state)
        first = oauth.exchange_code(code, pairing.state)
        store = InMemoryTokenStore()
        holder = TokenHolder(oauth, store, initial=first)
        client = authenticated_client(base_url, holder)
        get_user.sync(client=client)
        httpx.post(f"{base_url}/_sandbox/clock", json={"advanceSeconds": 1201}, auth=CONTROL_AUTH)
        get_user.sync(client=client)  # 401 access_token_invalid, refresh, resend
        second = holder.tokens
        assert second.access_token != first.access_token

        httpx.post(
            f"{base_url}/_sandbox/faults",
            json={"kind": "drop_after_commit", "count": 1, "operationId": "createBlockade"},
            auth=CONTROL_AUTH,
        )
        money = PositiveMoney.from_dict({"amount": "10.00", "currency": "PLN"})
        body = BlockadeCreate(blockade_id="b-secret-test", amount=money, title="T")
        seen.append(create_blockade_safely(client, "acc-demo-main", body, POLICY))

        other = BlockadeCreate(blockade_id="b-secret-test", amount=money, title="Other")
        unreachable = OAuthClient(credentials, base_url="http://127.0.0.1:9")
        failures: list[tuple[Callable[[], object], type[Exception]]] = [
            (lambda: oauth.code_from_callback(callback, new_state()), OAuthStateMismatchError),
            (lambda: oauth.refresh(first.refresh_token), UnauthorizedError),  # rotated out
            (lambda: TokenHolder(oauth).access_token(), NotPairedError),
            (lambda: create_blockade_safely(client, "acc-demo-main", other), ConflictError),
            (lambda: unreachable.refresh(second.refresh_token), APIConnectionError),
        ]
        for fail, expected in failures:
            with pytest.raises(expected) as caught:
                fail()
            seen.append(caught.value)
        seen += [credentials, oauth, pairing, first, second, store, holder, client, client.auth]

    secrets = {
        "client_secret": SECRET,
        "state": pairing.state,
        "code": code,
        "first access token": first.access_token,
        "first refresh token": first.refresh_token,
        "second access token": second.access_token,
        "second refresh token": second.refresh_token,
    }
    texts = [text for thing in seen for text in rendered(thing)]
    texts += [record.getMessage() for record in caplog.records]
    assert len(caplog.records) > 10  # the flow did log (httpx, the runtime)
    assert any("refreshing" in record.getMessage() for record in caplog.records)
    for name, value in secrets.items():
        leaks = [text for text in texts if value in text]
        assert leaks == [], f"{name} leaked: {leaks[:3]}"
