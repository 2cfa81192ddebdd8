from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.blockade import Blockade
from ...models.blockade_create import BlockadeCreate
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    account_id: str,
    *,
    body: BlockadeCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/account/{account_id}/blockade".format(
            account_id=quote(str(account_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Blockade | Error | None:
    if response.status_code == 201:
        response_201 = Blockade.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Blockade | Error]:
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
    body: BlockadeCreate,
) -> Response[Blockade | Error]:
    """Create a blockade

     Blocks an amount on the account in favour of the partner. The partner chooses
    `blockadeId`; a retry after a broken connection must re-use it, and an
    identifier that already exists answers `409 order_exist_error` (§10): on a
    retry that means the first attempt went through, so read it with
    `getBlockade`.

    The blockade consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizeBlockade` instead (§05, §08).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (BlockadeCreate): Inferred. A new blockade.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Blockade | Error]
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
    body: BlockadeCreate,
) -> Blockade | Error | None:
    """Create a blockade

     Blocks an amount on the account in favour of the partner. The partner chooses
    `blockadeId`; a retry after a broken connection must re-use it, and an
    identifier that already exists answers `409 order_exist_error` (§10): on a
    retry that means the first attempt went through, so read it with
    `getBlockade`.

    The blockade consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizeBlockade` instead (§05, §08).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (BlockadeCreate): Inferred. A new blockade.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Blockade | Error
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
    body: BlockadeCreate,
) -> Response[Blockade | Error]:
    """Create a blockade

     Blocks an amount on the account in favour of the partner. The partner chooses
    `blockadeId`; a retry after a broken connection must re-use it, and an
    identifier that already exists answers `409 order_exist_error` (§10): on a
    retry that means the first attempt went through, so read it with
    `getBlockade`.

    The blockade consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizeBlockade` instead (§05, §08).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (BlockadeCreate): Inferred. A new blockade.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Blockade | Error]
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
    body: BlockadeCreate,
) -> Blockade | Error | None:
    """Create a blockade

     Blocks an amount on the account in favour of the partner. The partner chooses
    `blockadeId`; a retry after a broken connection must re-use it, and an
    identifier that already exists answers `409 order_exist_error` (§10): on a
    retry that means the first attempt went through, so read it with
    `getBlockade`.

    The blockade consumes the per-transaction, daily and monthly limits (§05).
    Above the no-authorization amount the call answers
    `401 authorization_required`: use `authorizeBlockade` instead (§05, §08).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        body (BlockadeCreate): Inferred. A new blockade.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Blockade | Error
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            body=body,
        )
    ).parsed
