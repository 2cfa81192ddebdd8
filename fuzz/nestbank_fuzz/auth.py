"""Authentication as a partner's server does it: pair, exchange the code, refresh when needed.

`TokenSource` holds one pairing's tokens. Against the sandbox it pairs through the test
control `POST /_sandbox/pair` (as if the customer approved on the consent page), exchanges
the code at `POST /grant` and refreshes with the refresh token shortly before the access
token expires (the bank's tokens live 20 minutes). Against a server without test controls
it starts from tokens given in the environment. The token values never leave this module
except in the `access_token` header, which schemathesis masks in every report.
"""

from __future__ import annotations

import base64
import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nestbank_fuzz.transport import HttpTransport, Reply

PAIR_PATH = "/_sandbox/pair"
GRANT_PATH = "/grant"
# Renew this many seconds before the access token expires, so no request races the expiry.
REFRESH_MARGIN_SECONDS = 60.0
STATE_ALPHABET = string.ascii_letters + string.digits


class FuzzAuthError(RuntimeError):
    """The harness could not obtain an access token; the message says why (never the token)."""


@dataclass(frozen=True)
class ClientCredentials:
    """The partner application's OAuth2 client."""

    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str


def control_headers(client: ClientCredentials) -> dict[str, str]:
    """The sandbox's /_sandbox/ controls take the application's credentials as HTTP Basic."""
    pair = f"{client.client_id}:{client.client_secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}


# The sandbox's demo application (see the sandbox's demo data).
DEMO_CLIENT = ClientCredentials(
    client_id="demo-app",
    client_secret="demo-secret",
    redirect_uri="http://127.0.0.1:8765/callback",
)


@dataclass
class Tokens:
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    # Monotonic clock reading after which the access token must not be used any more.
    expires_at: float


def new_state() -> str:
    """A fresh OAuth2 `state`: alphanumeric, exactly 128 characters (documented, §07)."""
    return "".join(secrets.choice(STATE_ALPHABET) for _ in range(128))


def _describe_failure(step: str, reply: Reply) -> str:
    body = reply.json_object()
    code = body.get("error", "?")
    description = body.get("error_description", reply.text[:200])
    return f"{step} answered {reply.status_code} {code}: {description}"


class TokenSource:
    """Obtains, caches and renews the access token of one pairing."""

    def __init__(
        self,
        transport: HttpTransport,
        client: ClientCredentials | None,
        *,
        user: str | None = None,
        account_id: str | None = None,
        tokens: Tokens | None = None,
        can_pair: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transport = transport
        self._client = client
        self._user = user
        self._account_id = account_id
        self._tokens = tokens
        self._can_pair = can_pair
        self._clock = clock
        self.pairings = 0
        self.refreshes = 0

    @property
    def account_id(self) -> str | None:
        """The account chosen at pairing, when this source pairs itself."""
        return self._account_id

    def access_token(self) -> str:
        """A valid access token: pairs on first use and refreshes shortly before expiry."""
        if self._tokens is None:
            self._tokens = self._pair_and_exchange()
        elif self._clock() >= self._tokens.expires_at - REFRESH_MARGIN_SECONDS:
            self._tokens = self._renew(self._tokens)
        return self._tokens.access_token

    def _renew(self, tokens: Tokens) -> Tokens:
        if tokens.refresh_token is not None and self._client is not None:
            reply = self._transport.send(
                "POST",
                GRANT_PATH,
                form={
                    "grant_type": "refresh_token",
                    "refresh_token": tokens.refresh_token,
                    "client_id": self._client.client_id,
                    "client_secret": self._client.client_secret,
                },
            )
            if reply.status_code == 200:
                self.refreshes += 1
                return self._tokens_from(reply)
            if not self._can_pair:
                raise FuzzAuthError(_describe_failure("refreshing the access token", reply))
        if not self._can_pair:
            raise FuzzAuthError(
                "the access token expired and cannot be renewed: set NESTBANK_REFRESH_TOKEN with "
                "NESTBANK_CLIENT_ID and NESTBANK_CLIENT_SECRET, or a fresh NESTBANK_ACCESS_TOKEN"
            )
        return self._pair_and_exchange()

    def _pair_and_exchange(self) -> Tokens:
        if not self._can_pair or self._client is None:
            raise FuzzAuthError(
                "no access token: set NESTBANK_ACCESS_TOKEN (or NESTBANK_REFRESH_TOKEN with client "
                "credentials), or point BASE_URL at a sandbox with test controls"
            )
        state = new_state()
        pairing: dict[str, Any] = {
            "client_id": self._client.client_id,
            "redirect_uri": self._client.redirect_uri,
            "state": state,
        }
        if self._user is not None:
            pairing["user"] = self._user
        if self._account_id is not None:
            pairing["accountId"] = self._account_id
        reply = self._transport.send(
            "POST", PAIR_PATH, json_body=pairing, headers=control_headers(self._client)
        )
        code = reply.json_object().get("code")
        if reply.status_code != 200 or not isinstance(code, str):
            raise FuzzAuthError(_describe_failure("pairing through POST /_sandbox/pair", reply))
        reply = self._transport.send(
            "POST",
            GRANT_PATH,
            form={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self._client.redirect_uri,
                "state": state,
                "client_id": self._client.client_id,
                "client_secret": self._client.client_secret,
            },
        )
        if reply.status_code != 200:
            raise FuzzAuthError(_describe_failure("exchanging the authorization code", reply))
        self.pairings += 1
        return self._tokens_from(reply)

    def _tokens_from(self, reply: Reply) -> Tokens:
        body = reply.json_object()
        access = body.get("access_token")
        refresh = body.get("refresh_token")
        expires_in = body.get("expires_in")
        if not isinstance(access, str) or not isinstance(expires_in, int):
            raise FuzzAuthError("POST /grant answered 200 without access_token and expires_in")
        return Tokens(
            access_token=access,
            refresh_token=refresh if isinstance(refresh, str) else None,
            expires_at=self._clock() + expires_in,
        )
