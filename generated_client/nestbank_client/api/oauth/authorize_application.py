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
from ...models.authorize_application_response_type import AuthorizeApplicationResponseType
from ...models.authorize_application_scope import AuthorizeApplicationScope
from ...models.error import Error
from ...types import UNSET, Response, status_of


def _get_kwargs(
    *,
    client_id: str,
    response_type: AuthorizeApplicationResponseType,
    state: str,
    redirect_uri: str,
    scope: AuthorizeApplicationScope,
) -> dict[str, Any]:

    headers: dict[str, Any] = {}
    headers["Accept"] = "text/html"

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

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | str | None:
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[Error | str]:
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


def _success(response: httpx.Response) -> str:
    """The documented success model, or the exception for any other answer."""
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    raise error_from_response(response)


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
    Inferred: the HTML page as the success answer, the JSON error answers, and that
    this page needs no `access_token` and no `Accept: application/json` (§10
    exempts only the token service; this is a browser redirect).

    Args:
        client_id (str): Documented (§07). The application's client identifier. Allowed characters
            and length inferred.
        response_type (AuthorizeApplicationResponseType):
        state (str): Documented (§07). Alphanumeric, exactly 128 characters.
        redirect_uri (str): Documented (§07). Where the customer's browser returns with the code.
            Inferred: it is registered for the application; it is HTTPS (§11 says the API
            is HTTPS only; that partner URIs must be too is our reading), and plain `http`
            is accepted for loopback hosts only (`127.0.0.1`, `localhost`, `[::1]`), for
            local development against the sandbox; the maximum length.
        scope (AuthorizeApplicationScope):

    Raises:
        UnexpectedStatus: If the server returns an undocumented status code and
            Client.raise_on_unexpected_status is True.
        UnexpectedResponseError: on a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Response[Error | str]: every answer; `parsed` is the model
            of a documented status (None for an error body that is not the documented JSON).
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        response_type=response_type,
        state=state,
        redirect_uri=redirect_uri,
        scope=scope,
    )

    response = _send(client, kwargs)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
    response_type: AuthorizeApplicationResponseType,
    state: str,
    redirect_uri: str,
    scope: AuthorizeApplicationScope,
) -> str:
    """Start pairing (OAuth2 authorization request)

     The partner redirects the customer's **browser** here to pair the application
    with the customer's account (OAuth2 authorization-code flow, RFC 6749 §4.1).
    The bank shows its login and consent page; the customer logs in, chooses the
    account linked to the application and approves. The browser then returns to
    `redirect_uri` with `code` and the same `state`.

    Documented (§07): the URL, its five parameters, `scope=open-api`, the 128-character
    alphanumeric `state`, and that the customer picks the linked account.
    Inferred: the HTML page as the success answer, the JSON error answers, and that
    this page needs no `access_token` and no `Accept: application/json` (§10
    exempts only the token service; this is a browser redirect).

    Args:
        client_id (str): Documented (§07). The application's client identifier. Allowed characters
            and length inferred.
        response_type (AuthorizeApplicationResponseType):
        state (str): Documented (§07). Alphanumeric, exactly 128 characters.
        redirect_uri (str): Documented (§07). Where the customer's browser returns with the code.
            Inferred: it is registered for the application; it is HTTPS (§11 says the API
            is HTTPS only; that partner URIs must be too is our reading), and plain `http`
            is accepted for loopback hosts only (`127.0.0.1`, `localhost`, `[::1]`), for
            local development against the sandbox; the maximum length.
        scope (AuthorizeApplicationScope):

    Raises:
        BadRequestError: 400, `.code` one of ErrorCode.PARAMETERS_ERROR,
            ErrorCode.ACTIVATION_PARAMETERS_EMPTY, ErrorCode.CALLBACK_URI_EMPTY.
        UnauthorizedError: 401, `.code` one of ErrorCode.INVALID_REQUEST,
            ErrorCode.OAUTH_PARAMETERS_ERROR, ErrorCode.CALLBACK_URI_ERROR,
            ErrorCode.REQUEST_OUT_OF_SCOPE, ErrorCode.APP_STATUS_ERROR.
        RateLimitedError: 429, `.code` one of ErrorCode.REQUESTS_LIMIT_EXCEEDED.
        ServerError: 500, `.code` one of ErrorCode.INTERNAL_SERVER_ERROR.
        UnexpectedResponseError: on another status, or a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        str
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        response_type=response_type,
        state=state,
        redirect_uri=redirect_uri,
        scope=scope,
    )

    response = _send(client, kwargs)

    return _success(response)


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
    Inferred: the HTML page as the success answer, the JSON error answers, and that
    this page needs no `access_token` and no `Accept: application/json` (§10
    exempts only the token service; this is a browser redirect).

    Args:
        client_id (str): Documented (§07). The application's client identifier. Allowed characters
            and length inferred.
        response_type (AuthorizeApplicationResponseType):
        state (str): Documented (§07). Alphanumeric, exactly 128 characters.
        redirect_uri (str): Documented (§07). Where the customer's browser returns with the code.
            Inferred: it is registered for the application; it is HTTPS (§11 says the API
            is HTTPS only; that partner URIs must be too is our reading), and plain `http`
            is accepted for loopback hosts only (`127.0.0.1`, `localhost`, `[::1]`), for
            local development against the sandbox; the maximum length.
        scope (AuthorizeApplicationScope):

    Raises:
        UnexpectedStatus: If the server returns an undocumented status code and
            Client.raise_on_unexpected_status is True.
        UnexpectedResponseError: on a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        Response[Error | str]: every answer; `parsed` is the model
            of a documented status (None for an error body that is not the documented JSON).
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        response_type=response_type,
        state=state,
        redirect_uri=redirect_uri,
        scope=scope,
    )

    response = await _send_async(client, kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    client_id: str,
    response_type: AuthorizeApplicationResponseType,
    state: str,
    redirect_uri: str,
    scope: AuthorizeApplicationScope,
) -> str:
    """Start pairing (OAuth2 authorization request)

     The partner redirects the customer's **browser** here to pair the application
    with the customer's account (OAuth2 authorization-code flow, RFC 6749 §4.1).
    The bank shows its login and consent page; the customer logs in, chooses the
    account linked to the application and approves. The browser then returns to
    `redirect_uri` with `code` and the same `state`.

    Documented (§07): the URL, its five parameters, `scope=open-api`, the 128-character
    alphanumeric `state`, and that the customer picks the linked account.
    Inferred: the HTML page as the success answer, the JSON error answers, and that
    this page needs no `access_token` and no `Accept: application/json` (§10
    exempts only the token service; this is a browser redirect).

    Args:
        client_id (str): Documented (§07). The application's client identifier. Allowed characters
            and length inferred.
        response_type (AuthorizeApplicationResponseType):
        state (str): Documented (§07). Alphanumeric, exactly 128 characters.
        redirect_uri (str): Documented (§07). Where the customer's browser returns with the code.
            Inferred: it is registered for the application; it is HTTPS (§11 says the API
            is HTTPS only; that partner URIs must be too is our reading), and plain `http`
            is accepted for loopback hosts only (`127.0.0.1`, `localhost`, `[::1]`), for
            local development against the sandbox; the maximum length.
        scope (AuthorizeApplicationScope):

    Raises:
        BadRequestError: 400, `.code` one of ErrorCode.PARAMETERS_ERROR,
            ErrorCode.ACTIVATION_PARAMETERS_EMPTY, ErrorCode.CALLBACK_URI_EMPTY.
        UnauthorizedError: 401, `.code` one of ErrorCode.INVALID_REQUEST,
            ErrorCode.OAUTH_PARAMETERS_ERROR, ErrorCode.CALLBACK_URI_ERROR,
            ErrorCode.REQUEST_OUT_OF_SCOPE, ErrorCode.APP_STATUS_ERROR.
        RateLimitedError: 429, `.code` one of ErrorCode.REQUESTS_LIMIT_EXCEEDED.
        ServerError: 500, `.code` one of ErrorCode.INTERNAL_SERVER_ERROR.
        UnexpectedResponseError: on another status, or a success body the spec does not allow.
        APITimeoutError: If the request takes longer than Client.timeout.
        APIConnectionError: If there is no answer (the httpx error is the cause).

    Returns:
        str
    """

    kwargs = _get_kwargs(
        client_id=client_id,
        response_type=response_type,
        state=state,
        redirect_uri=redirect_uri,
        scope=scope,
    )

    response = await _send_async(client, kwargs)

    return _success(response)
