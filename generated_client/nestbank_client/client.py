"""Clients that hold the connection settings (and, for AuthenticatedClient, the token).

Nest Bank differences from the stock generator (spec: securitySchemes.accessToken):
the token travels in the header `access_token: <token>` with no prefix, not
`Authorization: Bearer`; every request sends `Accept: application/json` unless you
pass another Accept in `headers`; and the token is added per request by
`AccessTokenAuth`, only to operations that require it, so the token service
(`grantToken`) never receives it, and a new `client.token` takes effect at once.
"""

import ssl
from collections.abc import Generator
from typing import Any, Self

import httpx
from attrs import define, evolve, field

__version__ = "1.0.0"

USER_AGENT = f"nestbank-client/{__version__} python-httpx/{httpx.__version__}"
"""Sent as `User-Agent` unless `headers` give another: the bank sees which client calls."""

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
"""Every client's default: 5 s to connect, 30 s for each read, write and pool wait.
Pass `timeout=` to change it (`None` waits forever, which a production caller rarely wants)."""

DEFAULT_HEADERS: dict[str, str] = {"Accept": "application/json", "User-Agent": USER_AGENT}


def _merged_headers(headers: dict[str, str]) -> dict[str, str]:
    merged = dict(DEFAULT_HEADERS)
    merged.update(headers)
    return merged


@define
class Client:
    """A client for the operations that need no access token (`authorizeApplication`, `grantToken`).

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL,
        e.g. ``https://login.nestbank.pl/rest/v1/open/api`` or the sandbox ``http://127.0.0.1:8000``.

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request (``Accept: application/json``
        is sent unless overridden here)

        ``timeout``: The maximum amount of a time a request can take (default ``DEFAULT_TIMEOUT``:
        5 s to connect, 30 s to read). API functions raise ``APITimeoutError`` if this is exceeded.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not `*_detailed` functions raise an api_errors.UnexpectedStatus
            if the API returns a status code that was not documented in the source OpenAPI document.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    # The copies below leave this client untouched and build their own httpx client
    # from the settings (an httpx client given to set_httpx_client is not copied).
    def with_headers(self, headers: dict[str, str]) -> "Client":
        """A copy of this client with additional headers (same authentication)."""
        return self._copy(headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "Client":
        """A copy of this client with additional cookies (same authentication)."""
        return self._copy(cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "Client":
        """A copy of this client with another timeout (same authentication)."""
        return self._copy(timeout=timeout)

    def _copy(self, **changes: Any) -> "Client":
        return evolve(self, **changes)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        The access token is still added to the operations that need it.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=_merged_headers(self._headers),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        The access token is still added to the operations that need it.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=_merged_headers(self._headers),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


class AccessTokenAuth(httpx.Auth):
    """Adds `access_token: <token>` (no prefix, by default) to a request, reading the token at send time."""

    def __init__(self, client: "AuthenticatedClient") -> None:
        self._client = client

    def for_client(self, client: "AuthenticatedClient") -> "AccessTokenAuth":
        """The same authentication for a copy of the client (`with_headers()` etc.)."""
        return AccessTokenAuth(client)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        client = self._client
        token = client.token
        request.headers[client.auth_header_name] = (
            f"{client.prefix} {token}" if client.prefix else token
        )
        yield request


@define
class AuthenticatedClient:
    """A client for every operation: sends `access_token: <token>` to those that require it.

    The following are accepted as keyword arguments and will be used to construct httpx Clients internally:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL,
        e.g. ``https://login.nestbank.pl/rest/v1/open/api`` or the sandbox ``http://127.0.0.1:8000``.

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request (``Accept: application/json``
        is sent unless overridden here)

        ``timeout``: The maximum amount of a time a request can take (default ``DEFAULT_TIMEOUT``:
        5 s to connect, 30 s to read). API functions raise ``APITimeoutError`` if this is exceeded.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server. This should be True in production,
        but can be set to False for testing purposes.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: A dictionary of additional arguments to be passed to the ``httpx.Client`` and ``httpx.AsyncClient`` constructor.


    Attributes:
        raise_on_unexpected_status: Whether or not `*_detailed` functions raise an api_errors.UnexpectedStatus
            if the API returns a status code that was not documented in the source OpenAPI document.
        token: The access token from `grantToken` (lives 20 minutes); assign a new one after a refresh.
        prefix: Written before the token; empty for Nest Bank (the bank rejects `Bearer <token>`).
        auth_header_name: The header that carries the token; `access_token` for Nest Bank.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False, repr=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False, repr=False)

    token: str = field(repr=False)
    prefix: str = ""
    auth_header_name: str = "access_token"
    auth: AccessTokenAuth = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        self.auth = AccessTokenAuth(self)

    # The copies below leave this client untouched and build their own httpx client
    # from the settings (an httpx client given to set_httpx_client is not copied).
    def with_headers(self, headers: dict[str, str]) -> "AuthenticatedClient":
        """A copy of this client with additional headers (same authentication)."""
        return self._copy(headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> "AuthenticatedClient":
        """A copy of this client with additional cookies (same authentication)."""
        return self._copy(cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> "AuthenticatedClient":
        """A copy of this client with another timeout (same authentication)."""
        return self._copy(timeout=timeout)

    def _copy(self, **changes: Any) -> "AuthenticatedClient":
        copy = evolve(self, **changes)
        copy.auth = self.auth.for_client(copy)  # keeps a token holder, if one is plugged in
        return copy

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        The access token is still added to the operations that need it.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=_merged_headers(self._headers),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, and timeout.
        The access token is still added to the operations that need it.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=_merged_headers(self._headers),
                timeout=self._timeout,
                verify=self._verify_ssl,
                follow_redirects=self._follow_redirects,
                **self._httpx_args,
            )
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)
