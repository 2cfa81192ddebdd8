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
from ...models.blockade import Blockade
from ...models.blockade_create import BlockadeCreate
from ...models.error import Error
from ...types import Response, status_of


def _get_kwargs(
    account_id: str,
    *,
    body: BlockadeCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": f"/account/{path_segment(account_id)}/blockade",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Blockade | Error | None:
    if response.status_code == 201:
        response_201 = Blockade.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        return parse_error_body(response)
    if response.status_code == 401:
        return parse_error_body(response)
    if response.status_code == 409:
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
) -> Response[Blockade | Error]:
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


def _success(response: httpx.Response) -> Blockade:
    """The documented success model, or the exception for any other answer."""
    if response.status_code == 201:
        try:
            response_201 = Blockade.from_dict(response.json())

            return response_201

        except (KeyError, TypeError, ValueError, AttributeError) as problem:
            raise malformed_response(response, problem) from problem
    raise error_from_response(response)


def sync_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    body: BlockadeCreate,
) -> Response[Blockade | Error]:
    """Create a blockade

     Blocks an amount on the account in favour of the partner. The partner chooses
    `blockadeId`, unique within the application; a repeated creation (e.g. after a
    broken connection) uses the same identifier (§10). Inferred: an identifier
    that already exists answers `409 order_exist_error` ("the operation already
    exists in the system", §10), so on a retry it means the first attempt went
    through: read the blockade with `getBlockade`. An identifier already used by
    an operation of another customer of the same application answers
    `401 order_id_permissions_error` ("no permissions ... in the context of the
    given operation identifier", §10).

    The blockade consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizeBlockade` instead (§05, §08).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (BlockadeCreate): Inferred. A new blockade.

    Raises:
        UnexpectedStatus: If the server returns an undocumented status code and
            Client.raise_on_unexpected_status is True.
        UnexpectedResponseError: on a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Response[Blockade | Error]: every answer; `parsed` is the model
            of a documented status (None for an error body that is not the documented JSON).
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = _send(client, kwargs)

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient,
    body: BlockadeCreate,
) -> Blockade:
    """Create a blockade

     Blocks an amount on the account in favour of the partner. The partner chooses
    `blockadeId`, unique within the application; a repeated creation (e.g. after a
    broken connection) uses the same identifier (§10). Inferred: an identifier
    that already exists answers `409 order_exist_error` ("the operation already
    exists in the system", §10), so on a retry it means the first attempt went
    through: read the blockade with `getBlockade`. An identifier already used by
    an operation of another customer of the same application answers
    `401 order_id_permissions_error` ("no permissions ... in the context of the
    given operation identifier", §10).

    The blockade consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizeBlockade` instead (§05, §08).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (BlockadeCreate): Inferred. A new blockade.

    Raises:
        BadRequestError: 400, `.code` one of ErrorCode.PARAMETERS_ERROR,
            ErrorCode.APP_LIMIT_EXCEEDED, ErrorCode.USER_LIMIT_EXCEEDED,
            ErrorCode.CHARGES_LIMIT_EXCEEDED, ErrorCode.REQUEST_REJECT_BY_USER_PRODUCT_STATE.
        UnauthorizedError: 401, `.code` one of ErrorCode.ACCESS_TOKEN_REQUIRED,
            ErrorCode.ACCESS_TOKEN_NOT_EXIST, ErrorCode.ACCESS_TOKEN_INVALID,
            ErrorCode.REQUEST_OUT_OF_SCOPE, ErrorCode.REQUEST_OUT_OF_PERMISSIONS,
            ErrorCode.APP_STATUS_ERROR, ErrorCode.USER_STATUS_ERROR, ErrorCode.USER_PERMISSIONS_ERROR,
            ErrorCode.PRODUCT_PERMISSIONS_ERROR, ErrorCode.AUTHORIZATION_REQUIRED,
            ErrorCode.ORDER_ID_PERMISSIONS_ERROR.
        ConflictError: 409, `.code` one of ErrorCode.ORDER_EXIST_ERROR.
        RateLimitedError: 429, `.code` one of ErrorCode.REQUESTS_LIMIT_EXCEEDED.
        ServerError: 500, `.code` one of ErrorCode.INTERNAL_SERVER_ERROR.
        UnexpectedResponseError: on another status, or a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Blockade
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = _send(client, kwargs)

    return _success(response)


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient,
    body: BlockadeCreate,
) -> Response[Blockade | Error]:
    """Create a blockade

     Blocks an amount on the account in favour of the partner. The partner chooses
    `blockadeId`, unique within the application; a repeated creation (e.g. after a
    broken connection) uses the same identifier (§10). Inferred: an identifier
    that already exists answers `409 order_exist_error` ("the operation already
    exists in the system", §10), so on a retry it means the first attempt went
    through: read the blockade with `getBlockade`. An identifier already used by
    an operation of another customer of the same application answers
    `401 order_id_permissions_error` ("no permissions ... in the context of the
    given operation identifier", §10).

    The blockade consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizeBlockade` instead (§05, §08).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (BlockadeCreate): Inferred. A new blockade.

    Raises:
        UnexpectedStatus: If the server returns an undocumented status code and
            Client.raise_on_unexpected_status is True.
        UnexpectedResponseError: on a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Response[Blockade | Error]: every answer; `parsed` is the model
            of a documented status (None for an error body that is not the documented JSON).
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = await _send_async(client, kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient,
    body: BlockadeCreate,
) -> Blockade:
    """Create a blockade

     Blocks an amount on the account in favour of the partner. The partner chooses
    `blockadeId`, unique within the application; a repeated creation (e.g. after a
    broken connection) uses the same identifier (§10). Inferred: an identifier
    that already exists answers `409 order_exist_error` ("the operation already
    exists in the system", §10), so on a retry it means the first attempt went
    through: read the blockade with `getBlockade`. An identifier already used by
    an operation of another customer of the same application answers
    `401 order_id_permissions_error` ("no permissions ... in the context of the
    given operation identifier", §10).

    The blockade consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizeBlockade` instead (§05, §08).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (BlockadeCreate): Inferred. A new blockade.

    Raises:
        BadRequestError: 400, `.code` one of ErrorCode.PARAMETERS_ERROR,
            ErrorCode.APP_LIMIT_EXCEEDED, ErrorCode.USER_LIMIT_EXCEEDED,
            ErrorCode.CHARGES_LIMIT_EXCEEDED, ErrorCode.REQUEST_REJECT_BY_USER_PRODUCT_STATE.
        UnauthorizedError: 401, `.code` one of ErrorCode.ACCESS_TOKEN_REQUIRED,
            ErrorCode.ACCESS_TOKEN_NOT_EXIST, ErrorCode.ACCESS_TOKEN_INVALID,
            ErrorCode.REQUEST_OUT_OF_SCOPE, ErrorCode.REQUEST_OUT_OF_PERMISSIONS,
            ErrorCode.APP_STATUS_ERROR, ErrorCode.USER_STATUS_ERROR, ErrorCode.USER_PERMISSIONS_ERROR,
            ErrorCode.PRODUCT_PERMISSIONS_ERROR, ErrorCode.AUTHORIZATION_REQUIRED,
            ErrorCode.ORDER_ID_PERMISSIONS_ERROR.
        ConflictError: 409, `.code` one of ErrorCode.ORDER_EXIST_ERROR.
        RateLimitedError: 429, `.code` one of ErrorCode.REQUESTS_LIMIT_EXCEEDED.
        ServerError: 500, `.code` one of ErrorCode.INTERNAL_SERVER_ERROR.
        UnexpectedResponseError: on another status, or a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Blockade
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = await _send_async(client, kwargs)

    return _success(response)
