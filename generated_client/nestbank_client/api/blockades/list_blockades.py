from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.blockade_list import BlockadeList
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    *,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["pageSize"] = page_size

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/account/{account_id}/blockade".format(
            account_id=quote(str(account_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BlockadeList | Error | None:
    if response.status_code == 200:
        response_200 = BlockadeList.from_dict(response.json())

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
) -> Response[BlockadeList | Error]:
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
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> Response[BlockadeList | Error]:
    """List active blockades

     The application's active blockades on the account, newest first, one page at
    a time. Deleted and expired blockades are not listed (they are inactive, §10
    `blockade_not_exist`).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BlockadeList | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        page=page,
        page_size=page_size,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> BlockadeList | Error | None:
    """List active blockades

     The application's active blockades on the account, newest first, one page at
    a time. Deleted and expired blockades are not listed (they are inactive, §10
    `blockade_not_exist`).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BlockadeList | Error
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        page=page,
        page_size=page_size,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> Response[BlockadeList | Error]:
    """List active blockades

     The application's active blockades on the account, newest first, one page at
    a time. Deleted and expired blockades are not listed (they are inactive, §10
    `blockade_not_exist`).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BlockadeList | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        page=page,
        page_size=page_size,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = 1,
    page_size: int | Unset = 20,
) -> BlockadeList | Error | None:
    """List active blockades

     The application's active blockades on the account, newest first, one page at
    a time. Deleted and expired blockades are not listed (they are inactive, §10
    `blockade_not_exist`).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        page (int | Unset):  Default: 1.
        page_size (int | Unset):  Default: 20.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BlockadeList | Error
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            page=page,
            page_size=page_size,
        )
    ).parsed
