from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.blockade import Blockade
from ...models.blockade_update import BlockadeUpdate
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    account_id: str,
    blockade_id: str,
    *,
    body: BlockadeUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/account/{account_id}/blockade/{blockade_id}".format(
            account_id=quote(str(account_id), safe=""),
            blockade_id=quote(str(blockade_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Blockade | Error | None:
    if response.status_code == 200:
        response_200 = Blockade.from_dict(response.json())

        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Blockade | Error]:
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
    body: BlockadeUpdate,
) -> Response[Blockade | Error]:
    """Change a blockade

     Replaces the changeable fields of an active blockade (amount, title, expiry).
    Sending the same body again is harmless, so a retry after a broken connection
    simply repeats the call with the same `blockadeId` (§10).

    Raising the amount consumes the limits by the difference, lowering it frees
    them; a new amount above the no-authorization amount answers
    `401 authorization_required` (inferred from §05).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        blockade_id (str): Documented (§10). Chosen by the partner, unique within the partner's
            application; a retry re-uses it. Allowed characters (letters, digits, `-`,
            `_`) and the maximum length of 64 are inferred.
        body (BlockadeUpdate): Inferred. The changeable fields of a blockade; the body replaces
            them all.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Blockade | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        blockade_id=blockade_id,
        body=body,
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
    body: BlockadeUpdate,
) -> Blockade | Error | None:
    """Change a blockade

     Replaces the changeable fields of an active blockade (amount, title, expiry).
    Sending the same body again is harmless, so a retry after a broken connection
    simply repeats the call with the same `blockadeId` (§10).

    Raising the amount consumes the limits by the difference, lowering it frees
    them; a new amount above the no-authorization amount answers
    `401 authorization_required` (inferred from §05).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        blockade_id (str): Documented (§10). Chosen by the partner, unique within the partner's
            application; a retry re-uses it. Allowed characters (letters, digits, `-`,
            `_`) and the maximum length of 64 are inferred.
        body (BlockadeUpdate): Inferred. The changeable fields of a blockade; the body replaces
            them all.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Blockade | Error
    """

    return sync_detailed(
        account_id=account_id,
        blockade_id=blockade_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    blockade_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: BlockadeUpdate,
) -> Response[Blockade | Error]:
    """Change a blockade

     Replaces the changeable fields of an active blockade (amount, title, expiry).
    Sending the same body again is harmless, so a retry after a broken connection
    simply repeats the call with the same `blockadeId` (§10).

    Raising the amount consumes the limits by the difference, lowering it frees
    them; a new amount above the no-authorization amount answers
    `401 authorization_required` (inferred from §05).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        blockade_id (str): Documented (§10). Chosen by the partner, unique within the partner's
            application; a retry re-uses it. Allowed characters (letters, digits, `-`,
            `_`) and the maximum length of 64 are inferred.
        body (BlockadeUpdate): Inferred. The changeable fields of a blockade; the body replaces
            them all.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Blockade | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        blockade_id=blockade_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    blockade_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: BlockadeUpdate,
) -> Blockade | Error | None:
    """Change a blockade

     Replaces the changeable fields of an active blockade (amount, title, expiry).
    Sending the same body again is harmless, so a retry after a broken connection
    simply repeats the call with the same `blockadeId` (§10).

    Raising the amount consumes the limits by the difference, lowering it frees
    them; a new amount above the no-authorization amount answers
    `401 authorization_required` (inferred from §05).

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        blockade_id (str): Documented (§10). Chosen by the partner, unique within the partner's
            application; a retry re-uses it. Allowed characters (letters, digits, `-`,
            `_`) and the maximum length of 64 are inferred.
        body (BlockadeUpdate): Inferred. The changeable fields of a blockade; the body replaces
            them all.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Blockade | Error
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            blockade_id=blockade_id,
            client=client,
            body=body,
        )
    ).parsed
