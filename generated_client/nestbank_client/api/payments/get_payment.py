from typing import Any

import httpx

from ..._paths import path_segment
from ...api_errors import (
    UnexpectedStatus,
    error_from_response,
    malformed_response,
    parse_error_body,
    transport_error,
)
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.payment import Payment
from ...types import Response, status_of


def _get_kwargs(
    order_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": f"/payment/{path_segment(order_id)}",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Payment | None:
    if response.status_code == 200:
        response_200 = Payment.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        return parse_error_body(response)
    if response.status_code == 401:
        return parse_error_body(response)
    if response.status_code == 404:
        return parse_error_body(response)
    if response.status_code == 429:
        return parse_error_body(response)
    if response.status_code == 500:
        return parse_error_body(response)
    if client.raise_on_unexpected_status:
        raise UnexpectedStatus(response.status_code, response.content)
    return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | Payment]:
    try:
        parsed = _parse_response(client=client, response=response)
    except (KeyError, TypeError, ValueError, AttributeError) as problem:
        # The same error as sync() raises, never a bare KeyError.
        raise malformed_response(response, problem) from problem
    return Response(
        status_code=status_of(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def _send(client: AuthenticatedClient, kwargs: dict[str, Any]) -> httpx.Response:
    try:
        return client.get_httpx_client().request(**kwargs, auth=client.auth)
    except httpx.HTTPError as error:  # a typed NestBankError keeps httpx's error as cause
        raise transport_error(error) from error


async def _send_async(client: AuthenticatedClient, kwargs: dict[str, Any]) -> httpx.Response:
    try:
        return await client.get_async_httpx_client().request(**kwargs, auth=client.auth)
    except httpx.HTTPError as error:
        raise transport_error(error) from error


def _success(response: httpx.Response) -> Payment:
    """The documented success model, or the exception for any other answer."""
    if response.status_code == 200:
        try:
            response_200 = Payment.from_dict(response.json())

            return response_200

        except (KeyError, TypeError, ValueError, AttributeError) as problem:
            raise malformed_response(response, problem) from problem
    raise error_from_response(response)


def sync_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | Payment]:
    """Read a payment

     A payment by the partner-chosen `orderId`; an unknown one answers `404 order_not_exist` (§10).

    Args:
        order_id (str): Documented (§10). Transfers are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.

    Raises:
        UnexpectedStatus: If the server returns an undocumented status code and
            Client.raise_on_unexpected_status is True.
        UnexpectedResponseError: on a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Response[Error | Payment]: every answer; `parsed` is the model
            of a documented status (None for an error body that is not the documented JSON).
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = _send(client, kwargs)

    return _build_response(client=client, response=response)


def sync(
    order_id: str,
    *,
    client: AuthenticatedClient,
) -> Payment:
    """Read a payment

     A payment by the partner-chosen `orderId`; an unknown one answers `404 order_not_exist` (§10).

    Args:
        order_id (str): Documented (§10). Transfers are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.

    Raises:
        BadRequestError: 400, `.code` one of ErrorCode.PARAMETERS_ERROR.
        UnauthorizedError: 401, `.code` one of ErrorCode.ACCESS_TOKEN_REQUIRED,
            ErrorCode.ACCESS_TOKEN_NOT_EXIST, ErrorCode.ACCESS_TOKEN_INVALID,
            ErrorCode.REQUEST_OUT_OF_SCOPE, ErrorCode.REQUEST_OUT_OF_PERMISSIONS,
            ErrorCode.APP_STATUS_ERROR, ErrorCode.USER_STATUS_ERROR, ErrorCode.ORDER_PERMISSIONS_ERROR.
        NotFoundError: 404, `.code` one of ErrorCode.ORDER_NOT_EXIST.
        RateLimitedError: 429, `.code` one of ErrorCode.REQUESTS_LIMIT_EXCEEDED.
        ServerError: 500, `.code` one of ErrorCode.INTERNAL_SERVER_ERROR.
        UnexpectedResponseError: on another status, or a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Payment
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = _send(client, kwargs)

    return _success(response)


async def asyncio_detailed(
    order_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Error | Payment]:
    """Read a payment

     A payment by the partner-chosen `orderId`; an unknown one answers `404 order_not_exist` (§10).

    Args:
        order_id (str): Documented (§10). Transfers are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.

    Raises:
        UnexpectedStatus: If the server returns an undocumented status code and
            Client.raise_on_unexpected_status is True.
        UnexpectedResponseError: on a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Response[Error | Payment]: every answer; `parsed` is the model
            of a documented status (None for an error body that is not the documented JSON).
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = await _send_async(client, kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    order_id: str,
    *,
    client: AuthenticatedClient,
) -> Payment:
    """Read a payment

     A payment by the partner-chosen `orderId`; an unknown one answers `404 order_not_exist` (§10).

    Args:
        order_id (str): Documented (§10). Transfers are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.

    Raises:
        BadRequestError: 400, `.code` one of ErrorCode.PARAMETERS_ERROR.
        UnauthorizedError: 401, `.code` one of ErrorCode.ACCESS_TOKEN_REQUIRED,
            ErrorCode.ACCESS_TOKEN_NOT_EXIST, ErrorCode.ACCESS_TOKEN_INVALID,
            ErrorCode.REQUEST_OUT_OF_SCOPE, ErrorCode.REQUEST_OUT_OF_PERMISSIONS,
            ErrorCode.APP_STATUS_ERROR, ErrorCode.USER_STATUS_ERROR, ErrorCode.ORDER_PERMISSIONS_ERROR.
        NotFoundError: 404, `.code` one of ErrorCode.ORDER_NOT_EXIST.
        RateLimitedError: 429, `.code` one of ErrorCode.REQUESTS_LIMIT_EXCEEDED.
        ServerError: 500, `.code` one of ErrorCode.INTERNAL_SERVER_ERROR.
        UnexpectedResponseError: on another status, or a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Payment
    """

    kwargs = _get_kwargs(
        order_id=order_id,
    )

    response = await _send_async(client, kwargs)

    return _success(response)
