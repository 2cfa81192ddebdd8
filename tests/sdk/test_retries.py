"""Retries of the resource-style client, the same for NestBank and AsyncNestBank."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import nestbank_client._sdk_base as sdk_base
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nestbank_client import ConflictError, NestBankError, RateLimitedError, ServerError
from nestbank_client.models import AppType, Currency, OsType, PositiveMoney
from nestbank_client.runtime_errors import ExistingResourceMismatchError

from .harness import ACCOUNT, Bank, blockade, body_of, error, sequence

RENT = PositiveMoney(amount=Decimal("250.00"), currency=Currency.PLN)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(autouse=True)
def waits(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """No real waiting: the waits are recorded instead."""
    recorded: list[float] = []

    async def async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(sdk_base, "_sleep", recorded.append)
    monkeypatch.setattr(sdk_base, "_async_sleep", async_sleep)
    yield recorded


def get(b: Any) -> Any:
    return b.blockades.get(ACCOUNT, "rent-1")


def create(b: Any, **options: Any) -> Any:
    return b.blockades.create(ACCOUNT, blockade_id="rent-1", amount=RENT, title="Kaucja", **options)


@pytest.mark.parametrize(
    "failure",
    [
        lambda: error(500, "internal_server_error"),
        lambda: error(503, "internal_server_error"),
        lambda: error(429, "requests_limit_exceeded"),
        lambda: httpx.ConnectError("refused"),
        lambda: httpx.ReadError("connection reset"),
    ],
    ids=["500", "503", "429", "refused", "dropped"],
)
def test_a_read_is_retried_on_what_may_pass_next_time(kind: str, failure: Any) -> None:
    bank = Bank(kind, sequence(failure(), httpx.Response(200, json=blockade())))
    assert bank(get).blockade_id == "rent-1"
    assert len(bank.requests) == 2


def test_retry_after_is_honoured(kind: str, waits: list[float]) -> None:
    limited = error(429, "requests_limit_exceeded", {"Retry-After": "7"})
    bank = Bank(kind, sequence(limited, httpx.Response(200, json=blockade())))
    bank(get)
    assert waits == [7.0]


def test_a_4xx_is_never_retried(kind: str) -> None:
    bank = Bank(kind, sequence(error(400, "parameters_error")))
    with pytest.raises(NestBankError) as caught:
        bank(get)
    assert getattr(caught.value, "status_code", None) == 400
    assert len(bank.requests) == 1


@pytest.mark.parametrize(
    ("client_retries", "call_retries", "attempts"), [(2, None, 3), (5, 0, 1), (0, 1, 2)]
)
def test_max_retries_on_the_client_and_per_call(
    kind: str, client_retries: int, call_retries: int | None, attempts: int
) -> None:
    bank = Bank(kind, lambda _: error(500, "internal_server_error"), max_retries=client_retries)
    with pytest.raises(ServerError) as caught:
        bank(lambda b: b.blockades.get(ACCOUNT, "rent-1", max_retries=call_retries))
    assert len(bank.requests) == attempts
    if attempts > 1:
        assert any("gave up" in note for note in caught.value.__notes__)


def test_with_options_makes_a_copy(kind: str) -> None:
    bank = Bank(kind, lambda _: error(429, "requests_limit_exceeded"))
    quiet = bank.bank.with_options(max_retries=0, timeout=3.0)
    with pytest.raises(RateLimitedError):
        bank(lambda _: get(quiet))
    assert len(bank.requests) == 1
    assert (bank.bank.max_retries, quiet.max_retries, quiet.timeout) == (2, 0, 3.0)
    assert bank.requests[0].extensions["timeout"]["read"] == 3.0


def test_a_create_whose_answer_was_lost_returns_the_one_that_exists(kind: str) -> None:
    bank = Bank(
        kind,
        sequence(
            httpx.ReadError("dropped after the bank committed"),
            error(409, "order_exist_error"),
            httpx.Response(200, json=blockade()),
        ),
    )
    assert bank(create).blockade_id == "rent-1"
    methods = [r.method for r in bank.requests]
    assert methods == ["POST", "POST", "GET"]
    assert body_of(bank.requests[0]) == body_of(bank.requests[1])  # the same identifier


def test_a_409_on_the_first_attempt_is_a_real_conflict(kind: str) -> None:
    bank = Bank(kind, sequence(error(409, "order_exist_error")))
    with pytest.raises(ConflictError):
        bank(create)
    assert len(bank.requests) == 1


def test_a_taken_identifier_with_other_fields_is_not_ours(kind: str) -> None:
    bank = Bank(
        kind,
        sequence(
            error(500, "internal_server_error"),
            error(409, "order_exist_error"),
            httpx.Response(200, json=blockade(amount="999.00")),
        ),
    )
    with pytest.raises(ExistingResourceMismatchError) as caught:
        bank(create)
    assert caught.value.fields == ["amount"]


def test_the_existing_resource_is_compared_as_the_bank_compares(kind: str) -> None:
    """The same amount in another spelling and the same instant in whole seconds."""
    existing = blockade(amount="250.0") | {"expiresAt": "2030-01-01T01:00:00+01:00"}
    bank = Bank(
        kind,
        sequence(
            httpx.ReadError("dropped"),
            error(409, "order_exist_error"),
            httpx.Response(200, json=existing),
        ),
    )
    expires = datetime(2030, 1, 1, 0, 0, 0, 250_000, tzinfo=UTC)
    found = bank(
        lambda b: b.blockades.create(
            ACCOUNT, blockade_id="rent-1", amount=RENT, title="Kaucja", expires_at=expires
        )
    )
    assert found.blockade_id == "rent-1"


def test_starting_an_authorization_is_never_repeated_after_it_may_have_been_applied(
    kind: str,
) -> None:
    bank = Bank(kind, sequence(httpx.ReadError("dropped"), httpx.Response(200, json={})))
    # httpx's error, or the client's typed transport error that wraps it (issue 10)
    with pytest.raises((httpx.HTTPError, NestBankError)):
        bank(
            lambda b: b.payments.authorize(
                order_id="o-1",
                amount=RENT,
                title="t",
                app_type=AppType.WEB,
                os_type=OsType.ALL,
                callback_uri="http://127.0.0.1:8765/done",
            )
        )
    assert len(bank.requests) == 1


def test_a_create_is_not_retried_on_a_4xx(kind: str) -> None:
    bank = Bank(kind, sequence(error(400, "user_limit exceeded")))
    with pytest.raises(NestBankError):
        bank(create)
    assert len(bank.requests) == 1


def test_a_delete_whose_answer_was_lost_is_done(kind: str) -> None:
    bank = Bank(kind, sequence(httpx.ReadError("dropped"), error(404, "blockade_not_exist")))
    assert bank(lambda b: b.blockades.delete(ACCOUNT, "rent-1")) is None
    assert [r.method for r in bank.requests] == ["DELETE", "DELETE"]


def test_a_delete_of_an_unknown_blockade_is_an_error(kind: str) -> None:
    bank = Bank(kind, sequence(error(404, "blockade_not_exist")))
    with pytest.raises(NestBankError) as caught:
        bank(lambda b: b.blockades.delete(ACCOUNT, "rent-1"))
    assert getattr(caught.value, "status_code", None) == 404


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    instant=st.datetimes(
        min_value=datetime(2027, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.timezones()
    ),
    cents=st.integers(1, 10**9),
)
def test_a_lost_create_resolves_for_any_instant_and_amount(
    kind: str, instant: datetime, cents: int
) -> None:
    """The bank keeps whole seconds in UTC and two decimals: still the same blockade."""
    sent = PositiveMoney(amount=Decimal(cents) / 100, currency=Currency.PLN)
    stored_at = instant.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    existing = blockade(amount=f"{Decimal(cents) / 100:.2f}") | {"expiresAt": stored_at}
    bank = Bank(
        kind,
        sequence(
            httpx.RemoteProtocolError("dropped"),
            error(409, "order_exist_error"),
            httpx.Response(200, json=existing),
        ),
    )
    found = bank(
        lambda b: b.blockades.create(
            ACCOUNT, blockade_id="rent-1", amount=sent, title="Kaucja", expires_at=instant
        )
    )
    assert found.blockade_id == "rent-1"


def test_starting_an_authorization_is_retried_when_the_bank_did_nothing(kind: str) -> None:
    started = {"authorizationId": "auth-1", "redirectURI": "https://bank.test/a", "infoMsg": "ok"}
    bank = Bank(
        kind,
        sequence(
            error(429, "requests_limit_exceeded"),
            httpx.ConnectError("refused"),
            httpx.Response(200, json=started),
        ),
    )
    answer = bank(
        lambda b: b.payments.authorize(
            order_id="o-1",
            amount=RENT,
            title="t",
            app_type=AppType.WEB,
            os_type=OsType.ALL,
            callback_uri="http://127.0.0.1:8765/done",
        )
    )
    assert answer.authorization_id == "auth-1"
    assert len(bank.requests) == 3
