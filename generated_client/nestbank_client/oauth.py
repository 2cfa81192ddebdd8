"""Pairing a customer (OAuth2 authorization code) and the token service `/grant`.

The partner's server:

1. `OAuthClient.start_pairing()` -> an `AuthorizationRequest` with the URL to send
   the customer's browser to and a fresh 128-character `state`; keep the state in
   the customer's session.
2. When the browser returns to the redirect URI, `code_from_callback(url, state)`
   checks the returned `state` in constant time and gives the code (or raises).
3. `exchange_code(code, state)` -> `TokenSet`; `refresh(refresh_token)` -> `TokenSet`.

`client_secret`, codes, `state` and tokens never appear in a repr, a log line or
an exception message of this module.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from .api.oauth import grant_token
from .client import Client
from .models.token_request import TokenRequest
from .models.token_request_grant_type import TokenRequestGrantType
from .models.token_response import TokenResponse
from .runtime_errors import OAuthCallbackError, OAuthStateMismatchError
from .tokens import REDACTED, TokenSet

logger = logging.getLogger("nestbank_client.oauth")

PRODUCTION_BASE_URL = "https://login.nestbank.pl/rest/v1/open/api"
SCOPE = "open-api"
STATE_LENGTH = 128
_STATE_ALPHABET = string.ascii_letters + string.digits
DEFAULT_OAUTH_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def new_state() -> str:
    """A fresh `state`: 128 alphanumeric characters from `secrets` (documented, §07)."""
    return "".join(secrets.choice(_STATE_ALPHABET) for _ in range(STATE_LENGTH))


def verify_state(expected: str, received: str | None) -> None:
    """Raise `OAuthStateMismatchError` unless `received` equals `expected`.

    Compared with `hmac.compare_digest` so the time taken says nothing about how
    much of a forged state was right.
    """
    if received is None or not hmac.compare_digest(expected.encode(), received.encode()):
        raise OAuthStateMismatchError()


@dataclass(frozen=True)
class ClientCredentials:
    """The application's registration at the bank. The secret never shows in `repr()`."""

    client_id: str
    client_secret: str
    redirect_uri: str

    def __post_init__(self) -> None:
        for name in ("client_id", "client_secret", "redirect_uri"):
            if not getattr(self, name):
                raise ValueError(f"ClientCredentials.{name} must not be empty")

    def __repr__(self) -> str:
        return (
            f"ClientCredentials(client_id={self.client_id!r}, client_secret={REDACTED}, "
            f"redirect_uri={self.redirect_uri!r})"
        )

    __str__ = __repr__


@dataclass(frozen=True)
class AuthorizationRequest:
    """Where to send the customer's browser, and the `state` to keep for the callback."""

    url: str
    state: str

    def __repr__(self) -> str:
        base = self.url.split("?", 1)[0]
        return f"AuthorizationRequest(url={base + '?...'!r}, state={REDACTED})"

    __str__ = __repr__


# The bank's documented default lifetimes (§01), for an answer that does not say them:
# the spec requires only what RFC 6749 and the bank's pages require.
DEFAULT_ACCESS_LIFETIME = 20 * 60
DEFAULT_REFRESH_LIFETIME = 90 * 24 * 3600
DEFAULT_SCOPE = "open-api"


def tokens_from_response(answer: TokenResponse, now: float) -> TokenSet:
    """A `TokenSet` with absolute expiry times from a `/grant` answer received at `now`."""
    expires_in = answer.expires_in if isinstance(answer.expires_in, int) else None
    refresh_in = (
        answer.refresh_token_expires_in
        if isinstance(answer.refresh_token_expires_in, int)
        else None
    )
    return TokenSet(
        access_token=answer.access_token,
        refresh_token=answer.refresh_token,
        access_expires_at=now + (expires_in or DEFAULT_ACCESS_LIFETIME),
        refresh_expires_at=now + (refresh_in or DEFAULT_REFRESH_LIFETIME),
        scope=answer.scope if isinstance(answer.scope, str) else DEFAULT_SCOPE,
        permissions=tuple(answer.permissions) if isinstance(answer.permissions, list) else (),
    )


class OAuthClient:
    """The partner server's side of pairing and of the token service (sync and async).

    `base_url` is the API root (production by default; the sandbox's address in
    tests). The token calls are made without an `access_token` header, as documented.
    `httpx_args` go to the httpx clients (e.g. a `transport` in tests).
    """

    def __init__(
        self,
        credentials: ClientCredentials,
        *,
        base_url: str = PRODUCTION_BASE_URL,
        timeout: httpx.Timeout | float = DEFAULT_OAUTH_TIMEOUT,
        clock: Callable[[], float] = time.time,
        httpx_args: dict[str, Any] | None = None,
    ) -> None:
        self.credentials = credentials
        self.base_url = base_url.rstrip("/")
        self._http = Client(
            base_url=self.base_url, timeout=httpx.Timeout(timeout), httpx_args=httpx_args or {}
        )
        self._clock = clock

    def __repr__(self) -> str:
        return f"OAuthClient(credentials={self.credentials!r}, base_url={self.base_url!r})"

    # -- pairing -----------------------------------------------------------------------

    def start_pairing(self, state: str | None = None) -> AuthorizationRequest:
        """The authorization URL (`GET /request`) with a fresh `state` (or the one given)."""
        state = new_state() if state is None else state
        if len(state) != STATE_LENGTH or any(c not in _STATE_ALPHABET for c in state):
            raise ValueError("state must be exactly 128 ASCII letters and digits")
        query = urlencode(
            {
                "client_id": self.credentials.client_id,
                "response_type": "code",
                "state": state,
                "redirect_uri": self.credentials.redirect_uri,
                "scope": SCOPE,
            }
        )
        return AuthorizationRequest(url=f"{self.base_url}/request?{query}", state=state)

    @staticmethod
    def code_from_callback(callback_url: str, expected_state: str) -> str:
        """The authorization code from the redirect back, after checking its `state`.

        Raises `OAuthStateMismatchError` when the state is missing or differs (checked
        first, so a forged redirect learns nothing), `OAuthCallbackError` when the
        redirect carries an OAuth error or no code.
        """
        params = parse_qs(urlsplit(callback_url).query)
        states = params.get("state", [])
        # A repeated `state` is ambiguous (which one did the bank send?): refused.
        verify_state(expected_state, states[0] if len(states) == 1 else None)
        if "error" in params:
            raise OAuthCallbackError(params["error"][0], params.get("error_description", [""])[0])
        codes = params.get("code", [])
        if len(codes) != 1 or not codes[0]:
            raise OAuthCallbackError("missing_code" if not codes else "ambiguous_code")
        return codes[0]

    # -- token service -----------------------------------------------------------------

    def _code_request(self, code: str, state: str) -> TokenRequest:
        return TokenRequest(
            grant_type=TokenRequestGrantType.AUTHORIZATION_CODE,
            client_id=self.credentials.client_id,
            client_secret=self.credentials.client_secret,
            code=code,
            redirect_uri=self.credentials.redirect_uri,
            state=state,
        )

    def _refresh_request(self, refresh_token: str) -> TokenRequest:
        return TokenRequest(
            grant_type=TokenRequestGrantType.REFRESH_TOKEN,
            client_id=self.credentials.client_id,
            client_secret=self.credentials.client_secret,
            refresh_token=refresh_token,
        )

    def exchange_code(self, code: str, state: str) -> TokenSet:
        """Exchange the authorization code (with the pairing's `state`) for tokens."""
        answer = grant_token.sync(client=self._http, body=self._code_request(code, state))
        logger.info("authorization code exchanged for tokens")
        return tokens_from_response(answer, self._clock())

    async def exchange_code_async(self, code: str, state: str) -> TokenSet:
        """`exchange_code` for asyncio."""
        answer = await grant_token.asyncio(client=self._http, body=self._code_request(code, state))
        logger.info("authorization code exchanged for tokens")
        return tokens_from_response(answer, self._clock())

    def refresh(self, refresh_token: str) -> TokenSet:
        """New tokens; the bank rotates the refresh token (the old one stops working)."""
        answer = grant_token.sync(client=self._http, body=self._refresh_request(refresh_token))
        return tokens_from_response(answer, self._clock())

    async def refresh_async(self, refresh_token: str) -> TokenSet:
        """`refresh` for asyncio."""
        answer = await grant_token.asyncio(
            client=self._http, body=self._refresh_request(refresh_token)
        )
        return tokens_from_response(answer, self._clock())

    def close(self) -> None:
        """Close the sync connection pool of the token service."""
        self._http.get_httpx_client().close()

    async def aclose(self) -> None:
        """Close the async connection pool of the token service."""
        await self._http.get_async_httpx_client().aclose()
