"""Error answers become typed exceptions; *_detailed keeps returning the Response."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import nestbank_spec
import pytest
from nestbank_client import (
    APIStatusError,
    AuthenticatedClient,
    BadRequestError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnauthorizedError,
    UnexpectedResponseError,
)
from nestbank_client.api.blockades import create_blockade, delete_blockade, get_blockade
from nestbank_client.models import BlockadeCreate, Currency, Error, ErrorCode, PositiveMoney

from .conftest import Bank

STATUS_CLASSES = [
    (400, BadRequestError, "user_limit exceeded", ErrorCode.USER_LIMIT_EXCEEDED),
    (401, UnauthorizedError, "aceess_token_not_exist", ErrorCode.ACCESS_TOKEN_NOT_EXIST),
    (404, NotFoundError, "blockade_not_exist", ErrorCode.BLOCKADE_NOT_EXIST),
    (409, ConflictError, "order_exist_error", ErrorCode.ORDER_EXIST_ERROR),
    (429, RateLimitedError, "requests_limit_exceeded", ErrorCode.REQUESTS_LIMIT_EXCEEDED),
    (500, ServerError, "internal.server.error", ErrorCode.INTERNAL_SERVER_ERROR),
    (502, ServerError, "internal.server.error", ErrorCode.INTERNAL_SERVER_ERROR),
    (403, APIStatusError, "request_out_of_scope", ErrorCode.REQUEST_OUT_OF_SCOPE),
]


def _body() -> BlockadeCreate:
    return BlockadeCreate(
        blockade_id="rent-2018-0001",
        amount=PositiveMoney(amount="250.00", currency=Currency.PLN),
        title="Kaucja",
    )


@pytest.mark.parametrize(("status", "kind", "wire", "code"), STATUS_CLASSES)
def test_each_status_raises_its_class(
    bank: Bank,
    client: AuthenticatedClient,
    status: int,
    kind: type[APIStatusError],
    wire: str,
    code: ErrorCode,
) -> None:
    bank.reply(status, {"error": wire, "error_description": "Opis błędu."})
    with pytest.raises(kind) as caught:
        get_blockade.sync("acc-demo-main", "rent-2018-0001", client=client)
    error = caught.value
    assert type(error) is kind
    assert error.status_code == status
    assert error.code is code
    assert error.known_code is code
    assert error.description == "Opis błędu."
    assert error.response.status_code == status
    assert f"{status} {wire}: Opis błędu." in str(error)
    assert "(GET /rest/v1/open/api/account/acc-demo-main/blockade/rent-2018-0001)" in str(error)


@pytest.mark.parametrize(("status", "kind", "wire", "code"), STATUS_CLASSES)
def test_async_raises_the_same_classes(
    bank: Bank,
    async_client: AuthenticatedClient,
    status: int,
    kind: type[APIStatusError],
    wire: str,
    code: ErrorCode,
) -> None:
    bank.reply(status, {"error": wire, "error_description": "x"})
    with pytest.raises(kind) as caught:
        asyncio.run(get_blockade.asyncio("a", "b", client=async_client))
    assert caught.value.code is code


def test_an_undocumented_code_keeps_the_class_and_the_raw_code(
    bank: Bank, client: AuthenticatedClient
) -> None:
    bank.reply(409, {"error": "brand_new_code", "error_description": "Nowy kod."})
    with pytest.raises(ConflictError) as caught:
        create_blockade.sync("acc-demo-main", client=client, body=_body())
    assert caught.value.code == "brand_new_code"
    assert caught.value.known_code is None
    assert caught.value.description == "Nowy kod."


@pytest.mark.parametrize(
    "body",
    [b"<html>Bad gateway</html>", b"", b"[1, 2]", b'{"error": 7}', b'{"message": "x"}', b"\xff"],
)
def test_a_body_that_is_not_the_documented_json_still_raises_by_status(
    bank: Bank, client: AuthenticatedClient, body: bytes
) -> None:
    bank.reply(500, body)
    with pytest.raises(ServerError) as caught:
        get_blockade.sync("a", "b", client=client)
    assert caught.value.code == ""
    assert caught.value.error is None
    detailed = get_blockade.sync_detailed("a", "b", client=client)
    assert detailed.status_code == 500
    assert detailed.parsed is None


def test_missing_description_is_empty(bank: Bank, client: AuthenticatedClient) -> None:
    bank.reply(400, {"error": "parameters_error"})
    with pytest.raises(BadRequestError) as caught:
        get_blockade.sync("a", "b", client=client)
    assert caught.value.code is ErrorCode.PARAMETERS_ERROR
    assert caught.value.description == ""


@pytest.mark.parametrize(
    ("header", "expected"),
    [("30", 30.0), ("0", 0.0), (None, None), ("soon", None), ("-5", None)],
)
def test_retry_after_seconds(
    bank: Bank, client: AuthenticatedClient, header: str | None, expected: float | None
) -> None:
    headers = {"Retry-After": header} if header is not None else {}
    bank.reply(429, {"error": "requests_limit_exceeded", "error_description": "x"}, headers=headers)
    with pytest.raises(RateLimitedError) as caught:
        get_blockade.sync("a", "b", client=client)
    assert caught.value.retry_after == expected


def test_retry_after_http_date(bank: Bank, client: AuthenticatedClient) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=120), usegmt=True)
    bank.reply(
        429,
        {"error": "requests_limit_exceeded", "error_description": "x"},
        headers={"Retry-After": when},
    )
    with pytest.raises(RateLimitedError) as caught:
        get_blockade.sync("a", "b", client=client)
    assert caught.value.retry_after is not None
    assert 100 < caught.value.retry_after <= 120


def test_detailed_returns_the_response_instead_of_raising(
    bank: Bank, client: AuthenticatedClient
) -> None:
    bank.reply(
        409,
        {"error": "order_exist_error", "error_description": "Operacja istnieje."},
        headers={"Cache-Control": "no-cache"},
    )
    response = create_blockade.sync_detailed("acc-demo-main", client=client, body=_body())
    assert response.status_code == 409
    assert isinstance(response.parsed, Error)
    assert response.parsed.error is ErrorCode.ORDER_EXIST_ERROR
    assert response.headers["Cache-Control"] == "no-cache"


def test_nonstandard_status_does_not_crash_detailed(
    bank: Bank, client: AuthenticatedClient
) -> None:
    bank.reply(599, {"error": "x", "error_description": "y"})
    assert get_blockade.sync_detailed("a", "b", client=client).status_code == 599
    with pytest.raises(ServerError):
        get_blockade.sync("a", "b", client=client)


def test_undocumented_success_status_is_unexpected(bank: Bank, client: AuthenticatedClient) -> None:
    bank.reply(202, {})
    with pytest.raises(UnexpectedResponseError) as caught:
        get_blockade.sync("a", "b", client=client)
    assert caught.value.status_code == 202


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"blockadeId": "x"}',
        b'{"blockadeId": "x", "accountId": "a", "title": "t",'
        b' "amount": {"amount": "1.00", "currency": "PLN"},'
        b' "createdAt": "2018-01-20T12:32:00", "updatedAt": "2018-01-20T12:32:00Z"}',
        b'{"blockadeId": "x", "accountId": "a", "title": "t",'
        b' "amount": {"amount": 1.5, "currency": "PLN"},'
        b' "createdAt": "2018-01-20T12:32:00Z", "updatedAt": "2018-01-20T12:32:00Z"}',
    ],
)
def test_malformed_success_body_is_a_clear_error(
    bank: Bank, client: AuthenticatedClient, body: bytes
) -> None:
    bank.reply(200, body)
    with pytest.raises(UnexpectedResponseError, match="does not match the spec"):
        get_blockade.sync("a", "b", client=client)


def test_no_content_success_returns_none(bank: Bank, client: AuthenticatedClient) -> None:
    bank.reply(204, b"")
    delete_blockade.sync("a", "b", client=client)  # returns None: nothing to raise
    assert bank.last.method == "DELETE"
    bank.reply(404, {"error": "blockade_not_exist", "error_description": "x"})
    with pytest.raises(NotFoundError):
        delete_blockade.sync("a", "b", client=client)


def test_error_codes_have_clean_names() -> None:
    documented = nestbank_spec.error_catalogue(nestbank_spec.load())
    assert {member.value for member in ErrorCode} == set(documented)
    assert all(member.name.isidentifier() and member.name.isupper() for member in ErrorCode)
    assert ErrorCode.USER_LIMIT_EXCEEDED.value == "user_limit exceeded"
    assert ErrorCode.CHARGES_LIMIT_EXCEEDED.value == "charges_limit exceeded"
    assert ErrorCode.ACCESS_TOKEN_NOT_EXIST.value == "aceess_token_not_exist"
    assert ErrorCode.AUTHORIZATION_CODE_EXPIRED.value == "authorizationCode_expired"
    assert ErrorCode.INTERNAL_SERVER_ERROR.value == "internal.server.error"
