"""Test helper for partners: drive the sandbox's `/_sandbox/` controls with typed methods.

    sandbox = Sandbox("http://127.0.0.1:8000")
    bank = sandbox.paired_bank()                 # pairs the demo customer, no browser
    start = bank.payments.authorize(...)
    sandbox.approve(start.authorization_id)      # the customer says yes
    sandbox.inject_fault("drop_after_commit", operation_id="createBlockade")
    sandbox.advance_clock(3600)

    partner = Sandbox.register_application("http://127.0.0.1:8000")   # a world of its own
    partner.registration.customers["demo"]       # its copy of the demo customer's accounts
    partner.delete_application()                 # and gone again, every row of it

Only for the sandbox: production has no `/_sandbox/` and no way to pair without the
customer's browser. Every control request carries the application's credentials
(HTTP Basic `client_id:client_secret`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from urllib.parse import quote

import httpx

from ._resources import AsyncNestBank, NestBank
from .oauth import ClientCredentials, OAuthClient
from .rfc3339 import parse_rfc3339
from .runtime_errors import NestBankRuntimeError
from .tokens import TokenSet

DEMO_CLIENT_ID = "demo-app"
DEMO_CLIENT_SECRET = "demo-secret"
DEMO_REDIRECT_URI = "http://127.0.0.1:8765/callback"
DEMO_USER = "demo"

FaultKind = Literal["500", "429", "drop", "drop_after_commit"]


class SandboxControlError(NestBankRuntimeError):
    """A `/_sandbox/` control answered an error (the body's `error` and description)."""

    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        try:
            body: Any = response.json()
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        self.code = str(body.get("error", ""))
        self.description = str(body.get("error_description", ""))
        request = response.request
        super().__init__(
            f"{request.method} {request.url.path} answered {self.status_code} "
            f"{self.code}: {self.description}".rstrip(": ")
        )


@dataclass(frozen=True)
class Registration:
    """What `POST /_sandbox/applications` answered: the new application's credentials
    and its own test customers (login = password) with their account ids."""

    client_id: str
    client_secret: str = field(repr=False)
    status: str
    redirect_uris: tuple[str, ...]
    permissions: tuple[str, ...]
    customers: dict[str, tuple[str, ...]]  # login -> account ids


class Sandbox:
    """The controls of one sandbox, as the application `client_id`.

    Every control acts on that application's tenant only: the demo applications share
    the demo tenant; an application made by `register_application` has a world of its own.
    """

    def __init__(
        self,
        base_url: str,
        *,
        client_id: str = DEMO_CLIENT_ID,
        client_secret: str = DEMO_CLIENT_SECRET,
        redirect_uri: str = DEMO_REDIRECT_URI,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.credentials = ClientCredentials(client_id, client_secret, redirect_uri)
        self.oauth = OAuthClient(
            self.credentials,
            base_url=self.base_url,
            httpx_args={"transport": transport} if transport else None,
        )
        self._http = httpx.Client(
            base_url=self.base_url,
            auth=httpx.BasicAuth(client_id, client_secret),
            timeout=10.0,
            transport=transport,
        )
        self.registration: Registration | None = None

    @classmethod
    def register_application(
        cls,
        base_url: str,
        *,
        redirect_uri: str = DEMO_REDIRECT_URI,
        permissions: list[str] | None = None,
        status: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> Sandbox:
        """Register a new partner application (`POST /_sandbox/applications`, no
        credentials needed) and return a `Sandbox` acting as it; `.registration` holds
        its credentials, customers and accounts. Its customers' logins are the demo ones."""
        body: dict[str, Any] = {"redirect_uris": [redirect_uri]}
        if permissions is not None:
            body["permissions"] = permissions
        if status is not None:
            body["status"] = status
        with httpx.Client(base_url=base_url.rstrip("/"), timeout=10.0, transport=transport) as http:
            response = http.post("/_sandbox/applications", json=body)
        if response.status_code >= 400:
            raise SandboxControlError(response)
        answer = response.json()
        registration = Registration(
            client_id=str(answer["client_id"]),
            client_secret=str(answer["client_secret"]),
            status=str(answer["status"]),
            redirect_uris=tuple(answer["redirect_uris"]),
            permissions=tuple(answer["permissions"]),
            customers={c["login"]: tuple(c["accounts"]) for c in answer["customers"]},
        )
        sandbox = cls(
            base_url,
            client_id=registration.client_id,
            client_secret=registration.client_secret,
            redirect_uri=redirect_uri,
            transport=transport,
        )
        sandbox.registration = registration
        return sandbox

    def __repr__(self) -> str:
        return f"Sandbox({self.base_url!r}, client_id={self.credentials.client_id!r})"

    def _post(self, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        # The controls take JSON only (an empty body as `{}`).
        response = self._http.post(path, json={} if body is None else body)
        if response.status_code >= 400:
            raise SandboxControlError(response)
        return response

    # -- customers ---------------------------------------------------------------------

    def pair(self, user: str = DEMO_USER, account_id: str | None = None) -> TokenSet:
        """Pair `user` (their first account, or `account_id`) as if they approved in the browser."""
        pairing = self.oauth.start_pairing()
        body: dict[str, Any] = {
            "client_id": self.credentials.client_id,
            "redirect_uri": self.credentials.redirect_uri,
            "state": pairing.state,
            "user": user,
        }
        if account_id is not None:
            body["accountId"] = account_id
        consent = self._post("/_sandbox/pair", body).json()
        callback = (
            f"{self.credentials.redirect_uri}?code={consent['code']}&state={consent['state']}"
        )
        code = self.oauth.code_from_callback(callback, pairing.state)
        return self.oauth.exchange_code(code, pairing.state)

    def paired_bank(
        self, user: str = DEMO_USER, account_id: str | None = None, **options: Any
    ) -> NestBank:
        """A `NestBank` for a freshly paired customer (tokens refreshed by themselves)."""
        return NestBank.from_tokens(self.oauth, self.pair(user, account_id), **options)

    def paired_async_bank(
        self, user: str = DEMO_USER, account_id: str | None = None, **options: Any
    ) -> AsyncNestBank:
        """An `AsyncNestBank` for a freshly paired customer."""
        return AsyncNestBank.from_tokens(self.oauth, self.pair(user, account_id), **options)

    # -- authorizations ----------------------------------------------------------------

    def approve(self, authorization_id: str) -> str:
        """The customer authorizes; returns the URL their browser goes back to (`callbackUri`)."""
        return str(
            self._post(f"/_sandbox/authorizations/{authorization_id}/approve").json()["callbackUrl"]
        )

    def reject(self, authorization_id: str) -> str:
        """The customer rejects; returns the URL their browser goes back to."""
        return str(
            self._post(f"/_sandbox/authorizations/{authorization_id}/reject").json()["callbackUrl"]
        )

    # -- time, faults, state -----------------------------------------------------------

    def advance_clock(self, seconds: float) -> datetime:
        """Move the sandbox's clock forward (tokens, blockades, authorizations expire).

        Returns the sandbox's new current time."""
        answer = self._post("/_sandbox/clock", {"advanceSeconds": seconds}).json()
        return parse_rfc3339(str(answer["now"]))

    def inject_fault(
        self, kind: FaultKind, count: int = 1, operation_id: str | None = None
    ) -> None:
        """The next `count` calls (of `operation_id`, or any) fail as `kind`:
        `500`, `429`, `drop` (no answer, nothing done) or `drop_after_commit` (done, no answer)."""
        body: dict[str, Any] = {"kind": kind, "count": count}
        if operation_id is not None:
            body["operationId"] = operation_id
        self._post("/_sandbox/faults", body)

    def reset(self) -> None:
        """This application's tenant back to the demo data, the real clock, no faults
        (other tenants untouched; a registered application stays registered)."""
        self._post("/_sandbox/reset")

    def delete_application(self) -> None:
        """Delete this application and its whole tenant (`DELETE
        /_sandbox/applications/{client_id}`): its customers, accounts, blockades, payments,
        authorizations, tokens, clock and faults, in one transaction. Its credentials and
        tokens stop working. A CI run that registered an application removes it this way,
        so the hosted sandbox does not grow with every run. The demo applications cannot
        be deleted (`SandboxControlError`, 403 `demo_tenant_undeletable`)."""
        path = f"/_sandbox/applications/{quote(self.credentials.client_id, safe='')}"
        response = self._http.request("DELETE", path, json={})  # the controls take JSON only
        if response.status_code >= 400:
            raise SandboxControlError(response)

    def close(self) -> None:
        self._http.close()
        self.oauth.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
