from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authorization_start import AuthorizationStart
from ...models.authorize_blockade_request import AuthorizeBlockadeRequest
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    account_id: str,
    *,
    body: AuthorizeBlockadeRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/account/{account_id}/blockade/authorize".format(
            account_id=quote(str(account_id), safe=""),
        ),
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
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AuthorizeBlockadeRequest,
) -> Response[AuthorizationStart | Error]:
    """Create a blockade that the customer authorizes

     For a blockade above the no-authorization amount. Takes the blockade's fields
    plus how the customer authorizes: `appType` `web` (an SMS code on the bank's
    page at `redirectURI`) or `mobile` (the bank's mobile app; `redirectURI` is
    empty and `infoMsg` is the text to show the customer). After authorizing,
    the customer's browser returns to `callbackUri`. The blockade exists once the
    authorization is `AUTHORIZED` (see `getAuthorization`).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (AuthorizeBlockadeRequest): Documented (§08). The blockade's fields (as
            `BlockadeCreate`) plus `appType`, `os_type` and `callbackUri`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationStart | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AuthorizeBlockadeRequest,
) -> AuthorizationStart | Error | None:
    """Create a blockade that the customer authorizes

     For a blockade above the no-authorization amount. Takes the blockade's fields
    plus how the customer authorizes: `appType` `web` (an SMS code on the bank's
    page at `redirectURI`) or `mobile` (the bank's mobile app; `redirectURI` is
    empty and `infoMsg` is the text to show the customer). After authorizing,
    the customer's browser returns to `callbackUri`. The blockade exists once the
    authorization is `AUTHORIZED` (see `getAuthorization`).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (AuthorizeBlockadeRequest): Documented (§08). The blockade's fields (as
            `BlockadeCreate`) plus `appType`, `os_type` and `callbackUri`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationStart | Error
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AuthorizeBlockadeRequest,
) -> Response[AuthorizationStart | Error]:
    """Create a blockade that the customer authorizes

     For a blockade above the no-authorization amount. Takes the blockade's fields
    plus how the customer authorizes: `appType` `web` (an SMS code on the bank's
    page at `redirectURI`) or `mobile` (the bank's mobile app; `redirectURI` is
    empty and `infoMsg` is the text to show the customer). After authorizing,
    the customer's browser returns to `callbackUri`. The blockade exists once the
    authorization is `AUTHORIZED` (see `getAuthorization`).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (AuthorizeBlockadeRequest): Documented (§08). The blockade's fields (as
            `BlockadeCreate`) plus `appType`, `os_type` and `callbackUri`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationStart | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AuthorizeBlockadeRequest,
) -> AuthorizationStart | Error | None:
    """Create a blockade that the customer authorizes

     For a blockade above the no-authorization amount. Takes the blockade's fields
    plus how the customer authorizes: `appType` `web` (an SMS code on the bank's
    page at `redirectURI`) or `mobile` (the bank's mobile app; `redirectURI` is
    empty and `infoMsg` is the text to show the customer). After authorizing,
    the customer's browser returns to `callbackUri`. The blockade exists once the
    authorization is `AUTHORIZED` (see `getAuthorization`).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (AuthorizeBlockadeRequest): Documented (§08). The blockade's fields (as
            `BlockadeCreate`) plus `appType`, `os_type` and `callbackUri`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationStart | Error
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            body=body,
        )
    ).parsed
