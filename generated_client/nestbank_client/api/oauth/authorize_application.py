from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authorize_application_response_type import AuthorizeApplicationResponseType
from ...models.authorize_application_scope import AuthorizeApplicationScope
from ...models.error import Error
from ...types import UNSET, Response


def _get_kwargs(
    *,
    client_id: str,
    response_type: AuthorizeApplicationResponseType,
    state: str,
    redirect_uri: str,
    scope: AuthorizeApplicationScope,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["client_id"] = client_id

    json_response_type = response_type.value
    params["response_type"] = json_response_type

    params["state"] = state

    params["redirect_uri"] = redirect_uri

    json_scope = scope.value
    params["scope"] = json_scope

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/request",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Error | str | None:
    if response.status_code == 200:
        response_200 = response.text
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Error | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
    response_type: AuthorizeApplicationResponseType,
    state: str,
    redirect_uri: str,
    scope: AuthorizeApplicationScope,
) -> Response[Error | str]:
    """Start pairing (OAuth2 authorization request)

     The partner redirects the customer's **browser** here to pair the application
    with the customer's account (OAuth2 authorization-code flow, RFC 6749 §4.1).
    The bank shows its login and consent page; the customer logs in, chooses the
    account linked to the application and approves. The browser then returns to
    `redirect_uri` with `code` and the same `state`.

    Documented (§07): the URL, its five parameters, `scope=open-api`, the 128-character
    alphanumeric `state`, and that the customer picks the linked account.
    Inferred: the HTML page as the success answer and the JSON error answers.

    Args:
        client_id (str): Documented (§07). The application's client identifier. Allowed characters
            and length inferred.
        response_type (AuthorizeApplicationResponseType):
        state (str): Documented (§07). Alphanumeric, exactly 128 characters.
        redirect_uri (str): Documented (§07). The partner's registered redirect URI. Maximum
            length inferred.
        scope (AuthorizeApplicationScope):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        response_type=response_type,
        state=state,
        redirect_uri=redirect_uri,
        scope=scope,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
    response_type: AuthorizeApplicationResponseType,
    state: str,
    redirect_uri: str,
    scope: AuthorizeApplicationScope,
) -> Error | str | None:
    """Start pairing (OAuth2 authorization request)

     The partner redirects the customer's **browser** here to pair the application
    with the customer's account (OAuth2 authorization-code flow, RFC 6749 §4.1).
    The bank shows its login and consent page; the customer logs in, chooses the
    account linked to the application and approves. The browser then returns to
    `redirect_uri` with `code` and the same `state`.

    Documented (§07): the URL, its five parameters, `scope=open-api`, the 128-character
    alphanumeric `state`, and that the customer picks the linked account.
    Inferred: the HTML page as the success answer and the JSON error answers.

    Args:
        client_id (str): Documented (§07). The application's client identifier. Allowed characters
            and length inferred.
        response_type (AuthorizeApplicationResponseType):
        state (str): Documented (§07). Alphanumeric, exactly 128 characters.
        redirect_uri (str): Documented (§07). The partner's registered redirect URI. Maximum
            length inferred.
        scope (AuthorizeApplicationScope):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return sync_detailed(
        client=client,
        client_id=client_id,
        response_type=response_type,
        state=state,
        redirect_uri=redirect_uri,
        scope=scope,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
    response_type: AuthorizeApplicationResponseType,
    state: str,
    redirect_uri: str,
    scope: AuthorizeApplicationScope,
) -> Response[Error | str]:
    """Start pairing (OAuth2 authorization request)

     The partner redirects the customer's **browser** here to pair the application
    with the customer's account (OAuth2 authorization-code flow, RFC 6749 §4.1).
    The bank shows its login and consent page; the customer logs in, chooses the
    account linked to the application and approves. The browser then returns to
    `redirect_uri` with `code` and the same `state`.

    Documented (§07): the URL, its five parameters, `scope=open-api`, the 128-character
    alphanumeric `state`, and that the customer picks the linked account.
    Inferred: the HTML page as the success answer and the JSON error answers.

    Args:
        client_id (str): Documented (§07). The application's client identifier. Allowed characters
            and length inferred.
        response_type (AuthorizeApplicationResponseType):
        state (str): Documented (§07). Alphanumeric, exactly 128 characters.
        redirect_uri (str): Documented (§07). The partner's registered redirect URI. Maximum
            length inferred.
        scope (AuthorizeApplicationScope):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        response_type=response_type,
        state=state,
        redirect_uri=redirect_uri,
        scope=scope,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
    response_type: AuthorizeApplicationResponseType,
    state: str,
    redirect_uri: str,
    scope: AuthorizeApplicationScope,
) -> Error | str | None:
    """Start pairing (OAuth2 authorization request)

     The partner redirects the customer's **browser** here to pair the application
    with the customer's account (OAuth2 authorization-code flow, RFC 6749 §4.1).
    The bank shows its login and consent page; the customer logs in, chooses the
    account linked to the application and approves. The browser then returns to
    `redirect_uri` with `code` and the same `state`.

    Documented (§07): the URL, its five parameters, `scope=open-api`, the 128-character
    alphanumeric `state`, and that the customer picks the linked account.
    Inferred: the HTML page as the success answer and the JSON error answers.

    Args:
        client_id (str): Documented (§07). The application's client identifier. Allowed characters
            and length inferred.
        response_type (AuthorizeApplicationResponseType):
        state (str): Documented (§07). Alphanumeric, exactly 128 characters.
        redirect_uri (str): Documented (§07). The partner's registered redirect URI. Maximum
            length inferred.
        scope (AuthorizeApplicationScope):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return (
        await asyncio_detailed(
            client=client,
            client_id=client_id,
            response_type=response_type,
            state=state,
            redirect_uri=redirect_uri,
            scope=scope,
        )
    ).parsed
