from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    account_id: str,
    blockade_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/account/{account_id}/blockade/{blockade_id}".format(
            account_id=quote(str(account_id), safe=""),
            blockade_id=quote(str(blockade_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    blockade_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Error]:
    """Release a blockade

     Releases the blocked amount and frees the limits it consumed (§05). The
    blockade becomes inactive: reading or deleting it again answers
    `404 blockade_not_exist`.

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        blockade_id (str): Documented (§10). Chosen by the partner, unique within the partner's
            application; a retry re-uses it. Allowed characters (letters, digits, `-`,
            `_`) and the maximum length of 64 are inferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        blockade_id=blockade_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    blockade_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Error | None:
    """Release a blockade

     Releases the blocked amount and frees the limits it consumed (§05). The
    blockade becomes inactive: reading or deleting it again answers
    `404 blockade_not_exist`.

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        blockade_id (str): Documented (§10). Chosen by the partner, unique within the partner's
            application; a retry re-uses it. Allowed characters (letters, digits, `-`,
            `_`) and the maximum length of 64 are inferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        account_id=account_id,
        blockade_id=blockade_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    blockade_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Error]:
    """Release a blockade

     Releases the blocked amount and frees the limits it consumed (§05). The
    blockade becomes inactive: reading or deleting it again answers
    `404 blockade_not_exist`.

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        blockade_id (str): Documented (§10). Chosen by the partner, unique within the partner's
            application; a retry re-uses it. Allowed characters (letters, digits, `-`,
            `_`) and the maximum length of 64 are inferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        blockade_id=blockade_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    blockade_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Error | None:
    """Release a blockade

     Releases the blocked amount and frees the limits it consumed (§05). The
    blockade becomes inactive: reading or deleting it again answers
    `404 blockade_not_exist`.

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        blockade_id (str): Documented (§10). Chosen by the partner, unique within the partner's
            application; a retry re-uses it. Allowed characters (letters, digits, `-`,
            `_`) and the maximum length of 64 are inferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            blockade_id=blockade_id,
            client=client,
        )
    ).parsed
