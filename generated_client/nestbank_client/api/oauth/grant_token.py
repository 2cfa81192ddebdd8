from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.token_request import TokenRequest
from ...models.token_response import TokenResponse
from ...types import Response


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


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | TokenResponse | None:
    if response.status_code == 200:
        response_200 = TokenResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

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
) -> Response[Error | TokenResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[Error | TokenResponse]:
    """Exchange an authorization code, or refresh a token

     The token service. With `grant_type=authorization_code` it exchanges the code
    returned to `redirect_uri` for an access token (20 minutes) and a refresh token
    (90 days); with `grant_type=refresh_token` it issues a new access token and a
    **renewed** refresh token (the old one stops working: rotation).

    Called only by the partner's server (confidential client): `client_secret`
    never reaches a browser or a device. This is the one service called without
    the `access_token` header, and its body is form-encoded.

    Documented (§01, §07): the service name `/grant`, the two uses, the lifetimes,
    that `state` is needed again here. Inferred: the RFC 6749 field names, the
    `client_secret_post` client authentication and the response fields.

    Args:
        body (TokenRequest): Inferred from RFC 6749 §4.1.3 and §6 (field names), with the bank's
            documented
            extra that `state` is sent again at the exchange (§07). The client
            authenticates with `client_id` and `client_secret` in the body.
            `authorization_code` needs `code`, `redirect_uri` and `state`;
            `refresh_token` needs `refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TokenResponse]
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
    body: TokenRequest,
) -> Error | TokenResponse | None:
    """Exchange an authorization code, or refresh a token

     The token service. With `grant_type=authorization_code` it exchanges the code
    returned to `redirect_uri` for an access token (20 minutes) and a refresh token
    (90 days); with `grant_type=refresh_token` it issues a new access token and a
    **renewed** refresh token (the old one stops working: rotation).

    Called only by the partner's server (confidential client): `client_secret`
    never reaches a browser or a device. This is the one service called without
    the `access_token` header, and its body is form-encoded.

    Documented (§01, §07): the service name `/grant`, the two uses, the lifetimes,
    that `state` is needed again here. Inferred: the RFC 6749 field names, the
    `client_secret_post` client authentication and the response fields.

    Args:
        body (TokenRequest): Inferred from RFC 6749 §4.1.3 and §6 (field names), with the bank's
            documented
            extra that `state` is sent again at the exchange (§07). The client
            authenticates with `client_id` and `client_secret` in the body.
            `authorization_code` needs `code`, `redirect_uri` and `state`;
            `refresh_token` needs `refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TokenResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Response[Error | TokenResponse]:
    """Exchange an authorization code, or refresh a token

     The token service. With `grant_type=authorization_code` it exchanges the code
    returned to `redirect_uri` for an access token (20 minutes) and a refresh token
    (90 days); with `grant_type=refresh_token` it issues a new access token and a
    **renewed** refresh token (the old one stops working: rotation).

    Called only by the partner's server (confidential client): `client_secret`
    never reaches a browser or a device. This is the one service called without
    the `access_token` header, and its body is form-encoded.

    Documented (§01, §07): the service name `/grant`, the two uses, the lifetimes,
    that `state` is needed again here. Inferred: the RFC 6749 field names, the
    `client_secret_post` client authentication and the response fields.

    Args:
        body (TokenRequest): Inferred from RFC 6749 §4.1.3 and §6 (field names), with the bank's
            documented
            extra that `state` is sent again at the exchange (§07). The client
            authenticates with `client_id` and `client_secret` in the body.
            `authorization_code` needs `code`, `redirect_uri` and `state`;
            `refresh_token` needs `refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | TokenResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TokenRequest,
) -> Error | TokenResponse | None:
    """Exchange an authorization code, or refresh a token

     The token service. With `grant_type=authorization_code` it exchanges the code
    returned to `redirect_uri` for an access token (20 minutes) and a refresh token
    (90 days); with `grant_type=refresh_token` it issues a new access token and a
    **renewed** refresh token (the old one stops working: rotation).

    Called only by the partner's server (confidential client): `client_secret`
    never reaches a browser or a device. This is the one service called without
    the `access_token` header, and its body is form-encoded.

    Documented (§01, §07): the service name `/grant`, the two uses, the lifetimes,
    that `state` is needed again here. Inferred: the RFC 6749 field names, the
    `client_secret_post` client authentication and the response fields.

    Args:
        body (TokenRequest): Inferred from RFC 6749 §4.1.3 and §6 (field names), with the bank's
            documented
            extra that `state` is sent again at the exchange (§07). The client
            authenticates with `client_id` and `client_secret` in the body.
            `authorization_code` needs `code`, `redirect_uri` and `state`;
            `refresh_token` needs `refresh_token`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | TokenResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
