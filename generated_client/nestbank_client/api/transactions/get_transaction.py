from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.transaction import Transaction
from ...types import Response


def _get_kwargs(
    account_id: str,
    transaction_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/account/{account_id}/transactions/{transaction_id}".format(
            account_id=quote(str(account_id), safe=""),
            transaction_id=quote(str(transaction_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | Transaction | None:
    if response.status_code == 200:
        response_200 = Transaction.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | Transaction]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    transaction_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | Transaction]:
    """Read a transaction

     One transaction of the account. The catalogue (§10) has no code of its own
    for an unknown transaction; this description infers `404 order_not_exist`
    ("the order does not exist in the system").

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        transaction_id (str): Inferred. The bank's identifier of a booked transaction.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Transaction]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        transaction_id=transaction_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    transaction_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | Transaction | None:
    """Read a transaction

     One transaction of the account. The catalogue (§10) has no code of its own
    for an unknown transaction; this description infers `404 order_not_exist`
    ("the order does not exist in the system").

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        transaction_id (str): Inferred. The bank's identifier of a booked transaction.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Transaction
    """

    return sync_detailed(
        account_id=account_id,
        transaction_id=transaction_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    transaction_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | Transaction]:
    """Read a transaction

     One transaction of the account. The catalogue (§10) has no code of its own
    for an unknown transaction; this description infers `404 order_not_exist`
    ("the order does not exist in the system").

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        transaction_id (str): Inferred. The bank's identifier of a booked transaction.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Transaction]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        transaction_id=transaction_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    transaction_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | Transaction | None:
    """Read a transaction

     One transaction of the account. The catalogue (§10) has no code of its own
    for an unknown transaction; this description infers `404 order_not_exist`
    ("the order does not exist in the system").

    Args:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits,
            `-`, `_`).
        transaction_id (str): Inferred. The bank's identifier of a booked transaction.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Transaction
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            transaction_id=transaction_id,
            client=client,
        )
    ).parsed
