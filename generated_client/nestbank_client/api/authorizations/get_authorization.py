from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authorization import Authorization
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    authorization_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/authorization/{authorization_id}".format(
            authorization_id=quote(str(authorization_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Authorization | Error | None:
    if response.status_code == 200:
        response_200 = Authorization.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Authorization | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    authorization_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Authorization | Error]:
    """Read the state of an authorization

     `PENDING` while the customer has not yet decided, `AUTHORIZED` once the
    operation was authorized (the blockade or payment now exists). An
    authorization that the customer rejected, or that expired undecided, answers
    `401 authorization_failed` (§10: "the authorization process ended in failure").
    An unknown `authorizationId` answers `404 authorization_id_not_exist` (§10).

    Args:
        authorization_id (str): Documented (§08). Identifies an authorization; assigned by the
            bank. Characters and length inferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Authorization | Error]
    """

    kwargs = _get_kwargs(
        authorization_id=authorization_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    authorization_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Authorization | Error | None:
    """Read the state of an authorization

     `PENDING` while the customer has not yet decided, `AUTHORIZED` once the
    operation was authorized (the blockade or payment now exists). An
    authorization that the customer rejected, or that expired undecided, answers
    `401 authorization_failed` (§10: "the authorization process ended in failure").
    An unknown `authorizationId` answers `404 authorization_id_not_exist` (§10).

    Args:
        authorization_id (str): Documented (§08). Identifies an authorization; assigned by the
            bank. Characters and length inferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Authorization | Error
    """

    return sync_detailed(
        authorization_id=authorization_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    authorization_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Authorization | Error]:
    """Read the state of an authorization

     `PENDING` while the customer has not yet decided, `AUTHORIZED` once the
    operation was authorized (the blockade or payment now exists). An
    authorization that the customer rejected, or that expired undecided, answers
    `401 authorization_failed` (§10: "the authorization process ended in failure").
    An unknown `authorizationId` answers `404 authorization_id_not_exist` (§10).

    Args:
        authorization_id (str): Documented (§08). Identifies an authorization; assigned by the
            bank. Characters and length inferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Authorization | Error]
    """

    kwargs = _get_kwargs(
        authorization_id=authorization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    authorization_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Authorization | Error | None:
    """Read the state of an authorization

     `PENDING` while the customer has not yet decided, `AUTHORIZED` once the
    operation was authorized (the blockade or payment now exists). An
    authorization that the customer rejected, or that expired undecided, answers
    `401 authorization_failed` (§10: "the authorization process ended in failure").
    An unknown `authorizationId` answers `404 authorization_id_not_exist` (§10).

    Args:
        authorization_id (str): Documented (§08). Identifies an authorization; assigned by the
            bank. Characters and length inferred.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Authorization | Error
    """

    return (
        await asyncio_detailed(
            authorization_id=authorization_id,
            client=client,
        )
    ).parsed
