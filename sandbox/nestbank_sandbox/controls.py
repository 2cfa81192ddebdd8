"""Test controls under /_sandbox/ (not part of the bank API; see spec/sandbox-controls.yaml)."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import authorizations, faults, oauth, registration, tenants
from .bodies import BadBody, parse_json, read_body
from .clock import LATEST_NOW, format_time
from .context import Services
from .control_guard import (
    REALM,
    ControlError,
    authenticate_application,
    check_json_content_type,
    check_same_site,
    control_error,
)
from .demo import DEMO_REDIRECT_URI, DEMO_TENANT
from .errors import ApiError, api_error_response
from .faults import KINDS
from .ratelimit import REGISTRATIONS, spend
from .tenants import tenant_now, tenant_of_client

STATE = re.compile(r"[A-Za-z0-9]{128}")  # used with fullmatch: `$` admits a final "\n"
MAX_ADVANCE = 10 * 366 * 86400  # ten years at most per call
MAX_FAULTS = 10_000


# A control: (request, the calling application, the JSON body) -> answer.
Control = Callable[[Request, "Caller", dict[str, Any]], Awaitable[Response]]


def _json_object(raw: bytes) -> dict[str, Any]:
    try:
        body = parse_json(raw or b"{}")
    except BadBody as exc:
        raise ControlError(f"the body must be a JSON object ({exc})") from exc
    if not isinstance(body, dict):
        raise ControlError("the body must be a JSON object")
    return body


def _string(body: dict[str, Any], name: str, default: str | None = None) -> str:
    value = body.get(name, default)
    if not isinstance(value, str) or not value:
        raise ControlError(f"`{name}` must be a non-empty string")
    return value


def reset_state(services: Services, tenant: str = DEMO_TENANT) -> None:
    """The tenant's world back to the demo set (tenants.reset); other tenants untouched."""
    with services.db.transaction() as conn:
        tenants.reset(conn, tenant, services.clock.now())


@dataclass(frozen=True)
class Caller:
    """The application whose credentials came with a control, and its tenant."""

    client_id: str
    tenant: str


@dataclass
class Controls:
    services: Services

    def routes(self) -> list[Route]:
        def route(path: str, control: Control, method: str = "POST") -> Route:
            return Route(path, self._guarded(control), methods=[method])

        return [
            route("/_sandbox/reset", self.reset),
            route("/_sandbox/pair", self.pair),
            route("/_sandbox/authorizations/{authorizationId}/approve", self.approve),
            route("/_sandbox/authorizations/{authorizationId}/reject", self.reject),
            route("/_sandbox/clock", self.clock),
            route("/_sandbox/faults", self.add_faults),
            Route("/_sandbox/applications", self.register, methods=["POST"]),
            route("/_sandbox/applications/{clientId}", self.delete_application, "DELETE"),
        ]

    def _guarded(self, control: Control) -> Callable[[Request], Awaitable[Response]]:
        """Same-site check, application credentials, JSON only; then the control."""

        async def endpoint(request: Request) -> Response:
            try:
                check_same_site(request)
                with self.services.db.transaction() as conn:
                    client_id = authenticate_application(conn, request)
                    caller = Caller(client_id, tenant_of_client(conn, client_id) or DEMO_TENANT)
                    self.services.activity.touch(conn, caller.tenant)
                check_json_content_type(request)
                return await control(request, caller, await self._body(request))
            except ControlError as error:
                return control_error(error)

        return endpoint

    @contextmanager
    def _transaction(self, caller: Caller) -> Iterator[sqlite3.Connection]:
        """A control's transaction, in which its application still exists.

        The credentials were checked in an earlier transaction (before the body was read):
        a deletion of the tenant committed since then must not let this control write rows
        for a tenant that is gone. It answers as if the credentials were unknown.
        """
        with self.services.db.transaction() as conn:
            if (tenant_of_client(conn, caller.client_id) or DEMO_TENANT) != caller.tenant:
                raise ControlError(
                    "the application was deleted",
                    401,
                    "invalid_client",
                    {"WWW-Authenticate": REALM},
                )
            yield conn

    async def _body(self, request: Request) -> dict[str, Any]:
        try:
            raw = await read_body(request, self.services.settings.body_timeout)
        except BadBody as exc:
            raise ControlError(str(exc)) from exc
        return _json_object(raw)

    async def register(self, request: Request) -> Response:
        """Self-service registration: no credentials (a newcomer has none), otherwise
        guarded like the other controls, and limited per client address."""
        services = self.services
        try:
            check_same_site(request)
            check_json_content_type(request)
            body = await self._body(request)
            registration.parse(body)  # refuse a bad body before it spends the budget
            address = request.client.host if request.client else ""
            with services.db.transaction() as conn:
                wait = spend(
                    conn,
                    REGISTRATIONS,
                    f"addr:{address}",
                    services.settings.registrations_per_hour,
                    3600.0,
                    time.time(),
                )
                now = services.clock.now()
                answer = None if wait else registration.register(conn, body, now)
            if answer is None:
                raise ControlError(
                    "too many registrations from this address; try again later",
                    429,
                    "requests_limit_exceeded",
                    {"Retry-After": str(wait or 1)},
                )
        except ControlError as error:
            return control_error(error)
        return JSONResponse(answer, status_code=201, headers={"Cache-Control": "no-store"})

    async def delete_application(
        self, request: Request, caller: Caller, body: dict[str, Any]
    ) -> Response:
        """A registered application deletes itself and its whole tenant, in one transaction:
        a partner's CI run can clean up after itself (the database does not grow)."""
        if body:
            raise ControlError("the body must be empty or {}")
        if request.path_params["clientId"] != caller.client_id:
            raise ControlError(
                "an application deletes only itself: the path's client_id must be the caller's",
                403,
                "client_mismatch",
            )
        if caller.tenant == DEMO_TENANT:
            raise ControlError(
                "the demo applications are shared and cannot be deleted"
                " (POST /_sandbox/reset restores the demo tenant)",
                403,
                "demo_tenant_undeletable",
            )
        with self._transaction(caller) as conn:
            tenants.delete(conn, caller.tenant)
        return Response(status_code=204)

    async def reset(self, request: Request, caller: Caller, body: dict[str, Any]) -> Response:
        if body:
            raise ControlError("the body must be empty or {}")
        with self._transaction(caller) as conn:
            tenants.reset(conn, caller.tenant, self.services.clock.now())
        return Response(status_code=204)

    async def pair(self, request: Request, caller: Caller, body: dict[str, Any]) -> Response:
        try:
            unknown = set(body) - {"client_id", "redirect_uri", "state", "user", "accountId"}
            if unknown:
                raise ControlError(f"unknown fields: {sorted(unknown)}")
            client_id = _string(body, "client_id", caller.client_id)
            if client_id != caller.client_id:
                raise ControlError(
                    "an application pairs only itself: `client_id` must be the caller's",
                    403,
                    "client_mismatch",
                )
            redirect_uri = _string(body, "redirect_uri", DEMO_REDIRECT_URI)
            state = _string(body, "state")
            if not STATE.fullmatch(state):
                raise ControlError("`state` must be 128 letters or digits")
            login = _string(body, "user", "demo")
            account_id = body.get("accountId")
            return JSONResponse(self._pair(caller, redirect_uri, state, login, account_id))
        except ApiError as error:
            return api_error_response(self.services.spec, error)

    def _pair(
        self, caller: Caller, redirect_uri: str, state: str, login: str, account_id: Any
    ) -> dict[str, str]:
        """The customer with `login` in the caller's tenant (each tenant has its own)."""
        services = self.services
        with self._transaction(caller) as conn:
            oauth.check_pairing_request(conn, caller.client_id, redirect_uri)
            customer = conn.execute(
                "SELECT * FROM customers WHERE tenant = ? AND login = ?", (caller.tenant, login)
            ).fetchone()
            if customer is None:
                raise ControlError(f"no customer with the login {login!r}")
            accounts = [
                row["account_id"]
                for row in conn.execute(
                    "SELECT account_id FROM accounts WHERE user_id = ? ORDER BY account_id",
                    (customer["user_id"],),
                )
            ]
            chosen = accounts[0] if account_id is None else account_id
            if chosen not in accounts:
                raise ControlError(f"`accountId` must be one of the customer's accounts {accounts}")
            code = oauth.issue_code(
                services,
                conn,
                now=tenant_now(services.clock, conn, caller.tenant),
                client_id=caller.client_id,
                user_id=customer["user_id"],
                account_id=chosen,
                redirect_uri=redirect_uri,
                state=state,
            )
        return {"code": code, "state": state}

    async def approve(self, request: Request, caller: Caller, body: dict[str, Any]) -> Response:
        return self._decide(request.path_params["authorizationId"], caller, body, approve=True)

    async def reject(self, request: Request, caller: Caller, body: dict[str, Any]) -> Response:
        return self._decide(request.path_params["authorizationId"], caller, body, approve=False)

    def _decide(
        self, authorization_id: str, caller: Caller, body: dict[str, Any], *, approve: bool
    ) -> Response:
        if body:
            raise ControlError("the body must be empty or {}")
        try:
            row, status = authorizations.decide(
                self.services, authorization_id, approve, caller.client_id
            )
        except LookupError:
            return api_error_response(self.services.spec, ApiError("authorization_id_not_exist"))
        except ValueError as exc:
            return control_error(
                ControlError(f"the authorization is no longer pending ({exc})", status=409)
            )
        return JSONResponse(authorizations.control_answer(row, status))

    async def clock(self, request: Request, caller: Caller, body: dict[str, Any]) -> Response:
        if set(body) != {"advanceSeconds"}:
            raise ControlError('the body must be {"advanceSeconds": <seconds>}')
        seconds = body["advanceSeconds"]
        valid = isinstance(seconds, int | float) and not isinstance(seconds, bool)
        if not valid or not 0 <= seconds <= MAX_ADVANCE:
            raise ControlError(f"`advanceSeconds` must be a number from 0 to {MAX_ADVANCE}")
        clock = self.services.clock
        with self._transaction(caller) as conn:
            # Every instant the sandbox writes must stay an RFC 3339 date (year <= 9999), with
            # room for the longest lifetime it adds to "now" (a refresh token's 90 days).
            if tenant_now(clock, conn, caller.tenant) + seconds > LATEST_NOW:
                raise ControlError("the sandbox clock cannot move past 9899-12-31T00:00:00Z")
            tenants.advance_clock(conn, caller.tenant, float(seconds))
            now = tenant_now(clock, conn, caller.tenant)
        return JSONResponse({"now": format_time(now)})

    async def add_faults(self, request: Request, caller: Caller, body: dict[str, Any]) -> Response:
        unknown = set(body) - {"kind", "count", "operationId"}
        if unknown:
            raise ControlError(f"unknown fields: {sorted(unknown)}")
        kind = body.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise ControlError(f"`kind` must be one of {list(KINDS)}")
        count = body.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_FAULTS:
            raise ControlError(f"`count` must be an integer from 1 to {MAX_FAULTS}")
        operation_id = body.get("operationId")
        known = isinstance(operation_id, str) and operation_id in self.services.spec.by_id
        if operation_id is not None and not known:
            raise ControlError(f"unknown operationId {operation_id!r}")
        with self._transaction(caller) as conn:
            faults.add(conn, caller.tenant, str(kind), count, operation_id)
        return JSONResponse({"kind": kind, "count": count, "operationId": operation_id})
