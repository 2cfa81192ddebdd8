from typing import Any

import httpx

from ...api_errors import (
    UnexpectedStatus,
    error_from_response,
    malformed_response,
    parse_error_body,
    transport_error,
)
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.token_request import TokenRequest
from ...models.token_response import TokenResponse
from ...types import Response, status_of


def _get_kwargs(
    *,
    body: TokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/grant",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        return parse_error_body(response)
    if response.status_code == 401:
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
) -> Response[Error | TokenResponse]:
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


def _send(client: AuthenticatedClient | Client, kwargs: dict[str, Any]) -> httpx.Response:
    try:
        return client.get_httpx_client().request(**kwargs)
    except httpx.HTTPError as error:  # a typed NestBankError keeps httpx's error as cause
        raise transport_error(error) from error


async def _send_async(
    client: AuthenticatedClient | Client, kwargs: dict[str, Any]
) -> httpx.Response:
    try:
        return await client.get_async_httpx_client().request(**kwargs)
    except httpx.HTTPError as error:
        raise transport_error(error) from error


def _success(response: httpx.Response) -> TokenResponse:
    """The documented success model, or the exception for any other answer."""
    if response.status_code == 200:
        try:
            response_200 = TokenResponse.from_dict(response.json())

            return response_200

        except (KeyError, TypeError, ValueError, AttributeError) as problem:
            raise malformed_response(response, problem) from problem
    raise error_from_response(response)


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[Error | TokenResponse]:
    """Exchange an authorization code, or refresh a token

     The token service. With `grant_type=authorization_code` it exchanges the code
    returned to `redirect_uri` for an access token (20 minutes) and a refresh token
    (90 days); with `grant_type=refresh_token` it issues a new access token and a
    renewed refresh token (§07). Inferred: the previous refresh token stops working
    once renewed (rotation), so a partner keeps only the newest one.

    Called only by the partner's server (confidential client): `client_secret`
    never reaches a browser or a device. This is the one service called without
    the `access_token` header, and its body is form-encoded.

    Documented (§01, §07): the service name `/grant`, the two uses, the lifetimes,
    the renewed refresh token, that `state` is needed again here, and that OAuth2
    is the RFC 6749 framework. Inferred: the RFC 6749 field names, the
    `client_secret_post` client authentication, the response fields beyond those
    RFC 6749 §5.1 requires, and that unknown form parameters are ignored
    (RFC 6749 §3.2).

    Args:
        body (TokenRequest): Inferred from RFC 6749 §4.1.3 and §6 (field names), with the bank's
            documented
            extra that `state` is sent again at the exchange (§07). The client
            authenticates with `client_id` and `client_secret` in the body.
            `authorization_code` needs `code`, `redirect_uri` and `state`;
            `refresh_token` needs `refresh_token` and may narrow the `scope`
            (RFC 6749 §6). Other parameters are ignored, not refused (RFC 6749 §3.2), so
            the form is open (no `additionalProperties: false`).

    Raises:
        UnexpectedStatus: If the server returns an undocumented status code and
            Client.raise_on_unexpected_status is True.
        UnexpectedResponseError: on a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Response[Error | TokenResponse]: every answer; `parsed` is the model
            of a documented status (None for an error body that is not the documented JSON).
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = _send(client, kwargs)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> TokenResponse:
    """Exchange an authorization code, or refresh a token

     The token service. With `grant_type=authorization_code` it exchanges the code
    returned to `redirect_uri` for an access token (20 minutes) and a refresh token
    (90 days); with `grant_type=refresh_token` it issues a new access token and a
    renewed refresh token (§07). Inferred: the previous refresh token stops working
    once renewed (rotation), so a partner keeps only the newest one.

    Called only by the partner's server (confidential client): `client_secret`
    never reaches a browser or a device. This is the one service called without
    the `access_token` header, and its body is form-encoded.

    Documented (§01, §07): the service name `/grant`, the two uses, the lifetimes,
    the renewed refresh token, that `state` is needed again here, and that OAuth2
    is the RFC 6749 framework. Inferred: the RFC 6749 field names, the
    `client_secret_post` client authentication, the response fields beyond those
    RFC 6749 §5.1 requires, and that unknown form parameters are ignored
    (RFC 6749 §3.2).

    Args:
        body (TokenRequest): Inferred from RFC 6749 §4.1.3 and §6 (field names), with the bank's
            documented
            extra that `state` is sent again at the exchange (§07). The client
            authenticates with `client_id` and `client_secret` in the body.
            `authorization_code` needs `code`, `redirect_uri` and `state`;
            `refresh_token` needs `refresh_token` and may narrow the `scope`
            (RFC 6749 §6). Other parameters are ignored, not refused (RFC 6749 §3.2), so
            the form is open (no `additionalProperties: false`).

    Raises:
        BadRequestError: 400, `.code` one of ErrorCode.PARAMETERS_ERROR,
            ErrorCode.TOKEN_REQUEST_PARAMETERS_EMPTY.
        UnauthorizedError: 401, `.code` one of ErrorCode.INVALID_REQUEST,
            ErrorCode.TOKEN_REQUEST_PARAMETERS_ERROR, ErrorCode.OAUTH_PARAMETERS_ERROR,
            ErrorCode.CALLBACK_URI_ERROR, ErrorCode.AUTHORIZATION_CODE_EXPIRED,
            ErrorCode.REFRESH_TOKEN_EXPIRED, ErrorCode.APP_STATUS_ERROR.
        RateLimitedError: 429, `.code` one of ErrorCode.REQUESTS_LIMIT_EXCEEDED.
        ServerError: 500, `.code` one of ErrorCode.INTERNAL_SERVER_ERROR.
        UnexpectedResponseError: on another status, or a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        TokenResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = _send(client, kwargs)

    return _success(response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[Error | TokenResponse]:
    """Exchange an authorization code, or refresh a token

     The token service. With `grant_type=authorization_code` it exchanges the code
    returned to `redirect_uri` for an access token (20 minutes) and a refresh token
    (90 days); with `grant_type=refresh_token` it issues a new access token and a
    renewed refresh token (§07). Inferred: the previous refresh token stops working
    once renewed (rotation), so a partner keeps only the newest one.

    Called only by the partner's server (confidential client): `client_secret`
    never reaches a browser or a device. This is the one service called without
    the `access_token` header, and its body is form-encoded.

    Documented (§01, §07): the service name `/grant`, the two uses, the lifetimes,
    the renewed refresh token, that `state` is needed again here, and that OAuth2
    is the RFC 6749 framework. Inferred: the RFC 6749 field names, the
    `client_secret_post` client authentication, the response fields beyond those
    RFC 6749 §5.1 requires, and that unknown form parameters are ignored
    (RFC 6749 §3.2).

    Args:
        body (TokenRequest): Inferred from RFC 6749 §4.1.3 and §6 (field names), with the bank's
            documented
            extra that `state` is sent again at the exchange (§07). The client
            authenticates with `client_id` and `client_secret` in the body.
            `authorization_code` needs `code`, `redirect_uri` and `state`;
            `refresh_token` needs `refresh_token` and may narrow the `scope`
            (RFC 6749 §6). Other parameters are ignored, not refused (RFC 6749 §3.2), so
            the form is open (no `additionalProperties: false`).

    Raises:
        UnexpectedStatus: If the server returns an undocumented status code and
            Client.raise_on_unexpected_status is True.
        UnexpectedResponseError: on a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Response[Error | TokenResponse]: every answer; `parsed` is the model
            of a documented status (None for an error body that is not the documented JSON).
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await _send_async(client, kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> TokenResponse:
    """Exchange an authorization code, or refresh a token

     The token service. With `grant_type=authorization_code` it exchanges the code
    returned to `redirect_uri` for an access token (20 minutes) and a refresh token
    (90 days); with `grant_type=refresh_token` it issues a new access token and a
    renewed refresh token (§07). Inferred: the previous refresh token stops working
    once renewed (rotation), so a partner keeps only the newest one.

    Called only by the partner's server (confidential client): `client_secret`
    never reaches a browser or a device. This is the one service called without
    the `access_token` header, and its body is form-encoded.

    Documented (§01, §07): the service name `/grant`, the two uses, the lifetimes,
    the renewed refresh token, that `state` is needed again here, and that OAuth2
    is the RFC 6749 framework. Inferred: the RFC 6749 field names, the
    `client_secret_post` client authentication, the response fields beyond those
    RFC 6749 §5.1 requires, and that unknown form parameters are ignored
    (RFC 6749 §3.2).

    Args:
        body (TokenRequest): Inferred from RFC 6749 §4.1.3 and §6 (field names), with the bank's
            documented
            extra that `state` is sent again at the exchange (§07). The client
            authenticates with `client_id` and `client_secret` in the body.
            `authorization_code` needs `code`, `redirect_uri` and `state`;
            `refresh_token` needs `refresh_token` and may narrow the `scope`
            (RFC 6749 §6). Other parameters are ignored, not refused (RFC 6749 §3.2), so
            the form is open (no `additionalProperties: false`).

    Raises:
        BadRequestError: 400, `.code` one of ErrorCode.PARAMETERS_ERROR,
            ErrorCode.TOKEN_REQUEST_PARAMETERS_EMPTY.
        UnauthorizedError: 401, `.code` one of ErrorCode.INVALID_REQUEST,
            ErrorCode.TOKEN_REQUEST_PARAMETERS_ERROR, ErrorCode.OAUTH_PARAMETERS_ERROR,
            ErrorCode.CALLBACK_URI_ERROR, ErrorCode.AUTHORIZATION_CODE_EXPIRED,
            ErrorCode.REFRESH_TOKEN_EXPIRED, ErrorCode.APP_STATUS_ERROR.
        RateLimitedError: 429, `.code` one of ErrorCode.REQUESTS_LIMIT_EXCEEDED.
        ServerError: 500, `.code` one of ErrorCode.INTERNAL_SERVER_ERROR.
        UnexpectedResponseError: on another status, or a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        TokenResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await _send_async(client, kwargs)

    return _success(response)
