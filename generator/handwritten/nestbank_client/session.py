"""Plugging the token holders into the generated `AuthenticatedClient`.

`NestBankAuth` / `AsyncNestBankAuth` replace the client's `AccessTokenAuth` (the
httpx auth flow the generated operations that need a token use): they put a valid
access token in the `access_token` header of every such request and, when the bank
answers `401 access_token_invalid`, refresh once (one refresh for all concurrent
callers, see `tokens`) and send the same request again. `authenticated_client`
builds a ready `AuthenticatedClient` around a holder.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, Generator
from typing import Any

import httpx

from .client import DEFAULT_TIMEOUT, AccessTokenAuth, AuthenticatedClient
from .tokens import AsyncTokenHolder, TokenHolder

ACCESS_TOKEN_HEADER = "access_token"
TOKEN_REJECTED_CODE = "access_token_invalid"
__all__ = [
    "DEFAULT_TIMEOUT",
    "AsyncNestBankAuth",
    "NestBankAuth",
    "authenticated_client",
    "token_was_rejected",
]


def token_was_rejected(response: httpx.Response) -> bool:
    """True for `401 access_token_invalid` (the body must have been read)."""
    if response.status_code != 401:
        return False
    try:
        body: Any = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("error") == TOKEN_REJECTED_CODE


class NestBankAuth(AccessTokenAuth):
    """`access_token` header from a `TokenHolder`; one refresh-and-resend on rejection."""

    def __init__(self, client: AuthenticatedClient, holder: TokenHolder) -> None:
        super().__init__(client)
        self.holder = holder

    def __repr__(self) -> str:
        return f"NestBankAuth(holder={self.holder!r})"

    def for_client(self, client: AuthenticatedClient) -> NestBankAuth:
        return NestBankAuth(client, self.holder)

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.holder.access_token()
        request.headers[ACCESS_TOKEN_HEADER] = token
        response = yield request
        if response.status_code == 401:
            response.read()
            if token_was_rejected(response):
                request.headers[ACCESS_TOKEN_HEADER] = self.holder.refresh_after_rejection(token)
                yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        raise TypeError("NestBankAuth serves sync clients; use AsyncNestBankAuth with asyncio")
        yield request  # pragma: no cover - makes this an async generator


class AsyncNestBankAuth(AccessTokenAuth):
    """`access_token` header from an `AsyncTokenHolder`; one refresh-and-resend on rejection."""

    def __init__(self, client: AuthenticatedClient, holder: AsyncTokenHolder) -> None:
        super().__init__(client)
        self.holder = holder

    def __repr__(self) -> str:
        return f"AsyncNestBankAuth(holder={self.holder!r})"

    def for_client(self, client: AuthenticatedClient) -> AsyncNestBankAuth:
        return AsyncNestBankAuth(client, self.holder)

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        raise TypeError("AsyncNestBankAuth serves asyncio clients; use NestBankAuth for sync")
        yield request  # pragma: no cover - makes this a generator

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.holder.access_token()
        request.headers[ACCESS_TOKEN_HEADER] = token
        response = yield request
        if response.status_code == 401:
            await response.aread()
            if token_was_rejected(response):
                new_token = await self.holder.refresh_after_rejection(token)
                request.headers[ACCESS_TOKEN_HEADER] = new_token
                yield request


def authenticated_client(
    base_url: str,
    holder: TokenHolder | AsyncTokenHolder,
    *,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    **client_args: Any,
) -> AuthenticatedClient:
    """An `AuthenticatedClient` whose token comes from `holder` (sync or async holder).

    A `TokenHolder` gives a client for the `sync()` operations, an `AsyncTokenHolder`
    one for the `asyncio()` operations. `client_args` go to `AuthenticatedClient`.
    """
    # The static token is never sent: the holder's auth flow sets the header.
    client = AuthenticatedClient(
        base_url=base_url, token="", timeout=httpx.Timeout(timeout), **client_args
    )
    if isinstance(holder, AsyncTokenHolder):
        client.auth = AsyncNestBankAuth(client, holder)
    else:
        client.auth = NestBankAuth(client, holder)
    return client
