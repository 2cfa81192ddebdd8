"""Defect 6: a value the bank adds to an open response enum is kept, never a crash.

The spec writes payment and authorization status, operation type, application
status and every currency as `anyOf: [Enum, string]`; the client types them
`Enum | str`. Any string parses, in `sync()` and `sync_detailed()` alike: a known
value becomes the member, any other stays the raw string. A value that is not a
string breaks the schema and raises `UnexpectedResponseError` from both.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nestbank_client import AuthenticatedClient, UnexpectedResponseError
from nestbank_client.api.authorizations import get_authorization
from nestbank_client.api.blockades import get_blockade
from nestbank_client.api.payments import get_payment
from nestbank_client.models import (
    AuthorizationOperationType,
    AuthorizationStatus,
    Currency,
    PaymentStatus,
)

from .conftest import BASE_URL, BLOCKADE, TOKEN

PAYMENT: dict[str, Any] = {
    "orderId": "order-1",
    "accountId": "acc-demo-main",
    "amount": {"amount": "49.99", "currency": "PLN"},
    "title": "Abonament",
    "status": "ACCEPTED",
    "recipient": {"name": "Partner Sp. z o.o.", "number": "27187010452078100000000001"},
    "createdAt": "2026-01-20T12:32:00Z",
}
AUTHORIZATION: dict[str, Any] = {
    "authorizationId": "auth-1",
    "operationType": "PAYMENT",
    "status": "PENDING",
    "accountId": "acc-demo-main",
    "createdAt": "2026-01-20T12:32:00Z",
    "expiresAt": "2026-01-20T12:42:00Z",
    "orderId": "order-1",
}


def _set(body: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    copy = {key: dict(item) if isinstance(item, dict) else item for key, item in body.items()}
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return copy


# (operation, a valid body, where the open enum is, its enum, how to read it back)
Read = Callable[[Any], object]
CASES: dict[str, tuple[Any, dict[str, Any], tuple[str, ...], type[StrEnum], Read]] = {
    "payment status": (get_payment, PAYMENT, ("status",), PaymentStatus, lambda p: p.status),
    "payment currency": (
        get_payment,
        PAYMENT,
        ("amount", "currency"),
        Currency,
        lambda p: p.amount.currency,
    ),
    "authorization status": (
        get_authorization,
        AUTHORIZATION,
        ("status",),
        AuthorizationStatus,
        lambda a: a.status,
    ),
    "authorization type": (
        get_authorization,
        AUTHORIZATION,
        ("operationType",),
        AuthorizationOperationType,
        lambda a: a.operation_type,
    ),
    "blockade currency": (
        get_blockade,
        BLOCKADE,
        ("amount", "currency"),
        Currency,
        lambda b: b.amount.currency,
    ),
}


def _call(module: Any, client: AuthenticatedClient, detailed: bool) -> Any:
    args = ("acc-demo-main", "b-1") if module is get_blockade else ("id-1",)
    if detailed:
        return module.sync_detailed(*args, client=client).parsed
    return module.sync(*args, client=client)


def _client(body: object) -> AuthenticatedClient:
    answer = httpx.Response(200, json=body)
    return AuthenticatedClient(
        base_url=BASE_URL,
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(lambda _: answer)},
    )


@pytest.mark.parametrize(
    ("case", "value"),
    [
        ("payment status", "CANCELLED"),
        ("authorization status", "EXPIRED"),
        ("payment currency", "EUR"),
        ("blockade currency", "EUR"),
        ("authorization type", "TRANSFER"),
    ],
)
@pytest.mark.parametrize("detailed", [False, True], ids=["sync", "sync_detailed"])
def test_the_issue_values_are_kept_as_strings(case: str, value: str, detailed: bool) -> None:
    module, body, path, _enum, read = CASES[case]
    parsed = _call(module, _client(_set(body, path, value)), detailed)
    assert read(parsed) == value
    assert type(read(parsed)) is str


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.sampled_from(sorted(CASES)), value=st.text(max_size=20), detailed=st.booleans())
def test_any_string_parses_known_as_member_unknown_as_itself(
    case: str, value: str, detailed: bool
) -> None:
    module, body, path, enum, read = CASES[case]
    got = read(_call(module, _client(_set(body, path, value)), detailed))
    known = {member.value: member for member in enum}
    if value in known:
        assert got is known[value]
    else:
        assert (type(got), got) == (str, value)


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("detailed", [False, True], ids=["sync", "sync_detailed"])
@pytest.mark.parametrize("value", [None, 7, ["PLN"]])
def test_a_value_that_is_not_a_string_is_an_unexpected_response(
    case: str, detailed: bool, value: object
) -> None:
    module, body, path, _enum, _read = CASES[case]
    with pytest.raises(UnexpectedResponseError):
        _call(module, _client(_set(body, path, value)), detailed)


def test_an_unknown_currency_goes_back_on_the_wire_unchanged() -> None:
    module, body, path, _enum, _read = CASES["payment currency"]
    parsed = _call(module, _client(_set(body, path, "EUR")), False)
    assert parsed.to_dict()["amount"] == {"amount": "49.99", "currency": "EUR"}
