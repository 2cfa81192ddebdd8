from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authorization_start import AuthorizationStart
from ...models.authorize_payment_request import AuthorizePaymentRequest
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    *,
    body: AuthorizePaymentRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/payment/authorize",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthorizationStart | Error | None:
    if response.status_code == 200:
        response_200 = AuthorizationStart.from_dict(response.json())

        return response_200

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthorizationStart | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AuthorizePaymentRequest,
) -> Response[AuthorizationStart | Error]:
    """Order a payment that the customer authorizes

     For a payment above the no-authorization amount: the payment's fields plus
    `appType`, `os_type` and `callbackUri`, as for `authorizeBlockade` (§08). The
    payment exists once the authorization is `AUTHORIZED`.

    Args:
        body (AuthorizePaymentRequest): Documented (§08). The payment's fields (as
            `PaymentCreate`) plus `appType`, `os_type` and `callbackUri`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationStart | Error]
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
    body: AuthorizePaymentRequest,
) -> AuthorizationStart | Error | None:
    """Order a payment that the customer authorizes

     For a payment above the no-authorization amount: the payment's fields plus
    `appType`, `os_type` and `callbackUri`, as for `authorizeBlockade` (§08). The
    payment exists once the authorization is `AUTHORIZED`.

    Args:
        body (AuthorizePaymentRequest): Documented (§08). The payment's fields (as
            `PaymentCreate`) plus `appType`, `os_type` and `callbackUri`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationStart | Error
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AuthorizePaymentRequest,
) -> Response[AuthorizationStart | Error]:
    """Order a payment that the customer authorizes

     For a payment above the no-authorization amount: the payment's fields plus
    `appType`, `os_type` and `callbackUri`, as for `authorizeBlockade` (§08). The
    payment exists once the authorization is `AUTHORIZED`.

    Args:
        body (AuthorizePaymentRequest): Documented (§08). The payment's fields (as
            `PaymentCreate`) plus `appType`, `os_type` and `callbackUri`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationStart | Error]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AuthorizePaymentRequest,
) -> AuthorizationStart | Error | None:
    """Order a payment that the customer authorizes

     For a payment above the no-authorization amount: the payment's fields plus
    `appType`, `os_type` and `callbackUri`, as for `authorizeBlockade` (§08). The
    payment exists once the authorization is `AUTHORIZED`.

    Args:
        body (AuthorizePaymentRequest): Documented (§08). The payment's fields (as
            `PaymentCreate`) plus `appType`, `os_type` and `callbackUri`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationStart | Error
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
