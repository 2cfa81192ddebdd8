from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.payment import Payment
from ...models.payment_create import PaymentCreate
from ...types import Response


def _get_kwargs(
    *,
    body: PaymentCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/payment",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Payment | None:
    if response.status_code == 201:
        response_201 = Payment.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Payment]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PaymentCreate,
) -> Response[Error | Payment]:
    """Order a payment to the partner

     A payment from the account linked at pairing to the partner's own Nest Bank
    account fixed in the application's settings; a payment has no free recipient
    (§01, §04). The partner chooses `orderId`; a retry re-uses it, and an
    identifier that already exists answers `409 order_exist_error` (§10).

    The payment consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizePayment` instead.

    Args:
        body (PaymentCreate): Inferred. A new payment to the partner's account (the recipient is
            fixed, §01).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Payment]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: PaymentCreate,
) -> Error | Payment | None:
    """Order a payment to the partner

     A payment from the account linked at pairing to the partner's own Nest Bank
    account fixed in the application's settings; a payment has no free recipient
    (§01, §04). The partner chooses `orderId`; a retry re-uses it, and an
    identifier that already exists answers `409 order_exist_error` (§10).

    The payment consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizePayment` instead.

    Args:
        body (PaymentCreate): Inferred. A new payment to the partner's account (the recipient is
            fixed, §01).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Payment
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: PaymentCreate,
) -> Response[Error | Payment]:
    """Order a payment to the partner

     A payment from the account linked at pairing to the partner's own Nest Bank
    account fixed in the application's settings; a payment has no free recipient
    (§01, §04). The partner chooses `orderId`; a retry re-uses it, and an
    identifier that already exists answers `409 order_exist_error` (§10).

    The payment consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizePayment` instead.

    Args:
        body (PaymentCreate): Inferred. A new payment to the partner's account (the recipient is
            fixed, §01).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Payment]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: PaymentCreate,
) -> Error | Payment | None:
    """Order a payment to the partner

     A payment from the account linked at pairing to the partner's own Nest Bank
    account fixed in the application's settings; a payment has no free recipient
    (§01, §04). The partner chooses `orderId`; a retry re-uses it, and an
    identifier that already exists answers `409 order_exist_error` (§10).

    The payment consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizePayment` instead.

    Args:
        body (PaymentCreate): Inferred. A new payment to the partner's account (the recipient is
            fixed, §01).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Payment
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
