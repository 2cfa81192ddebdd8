"""Test controls under /_sandbox/ (not part of the bank API; see spec/sandbox-controls.yaml)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import authorizations, oauth
from .bodies import BadBody, parse_json, read_body
from .clock import LATEST_NOW, format_time
from .context import Services
from .control_guard import (
    ControlError,
    authenticate_application,
    check_json_content_type,
    check_same_site,
    control_error,
)
from .demo import DEMO_REDIRECT_URI, load_demo_data
from .errors import ApiError, api_error_response
from .faults import KINDS, Faults
from .ratelimit import RateLimiter

STATE = re.compile(r"[A-Za-z0-9]{128}")  # used with fullmatch: `$` admits a final "\n"
MAX_ADVANCE = 10 * 366 * 86400  # ten years at most per call
MAX_FAULTS = 10_000
CLOCK_KEY = "clock_offset"


# A control: (request, the calling application's client_id, the JSON body) -> answer.
Control = Callable[[Request, str, dict[str, Any]], Awaitable[Response]]


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


def reset_state(services: Services, faults: Faults, limiter: RateLimiter) -> None:
    services.clock.set_offset(0.0)
    with services.db.transaction() as conn:
        services.db.wipe(conn)
        load_demo_data(conn, services.clock.now())
        services.db.set_meta(conn, CLOCK_KEY, "0")
    faults.clear()
    limiter.reset()


@dataclass
class Controls:
    services: Services
    faults: Faults
    limiter: RateLimiter

    def routes(self) -> list[Route]:
        def route(path: str, control: Control) -> Route:
            return Route(path, self._guarded(control), methods=["POST"])

        return [
            route("/_sandbox/reset", self.reset),
            route("/_sandbox/pair", self.pair),
            route("/_sandbox/authorizations/{authorizationId}/approve", self.approve),
            route("/_sandbox/authorizations/{authorizationId}/reject", self.reject),
            route("/_sandbox/clock", self.clock),
            route("/_sandbox/faults", self.add_faults),
        ]

    def _guarded(self, control: Control) -> Callable[[Request], Awaitable[Response]]:
        """Same-site check, application credentials, JSON only; then the control."""

        async def endpoint(request: Request) -> Response:
            try:
                check_same_site(request)
                with self.services.db.transaction() as conn:
                    caller = authenticate_application(conn, request)
                check_json_content_type(request)
                try:
                    raw = await read_body(request, self.services.settings.body_timeout)
                except BadBody as exc:
                    raise ControlError(str(exc)) from exc
                return await control(request, caller, _json_object(raw))
            except ControlError as error:
                return control_error(error)

        return endpoint

    async def reset(self, request: Request, caller: str, body: dict[str, Any]) -> Response:
        if body:
            raise ControlError("the body must be empty or {}")
        reset_state(self.services, self.faults, self.limiter)
        return Response(status_code=204)

    async def pair(self, request: Request, caller: str, body: dict[str, Any]) -> Response:
        try:
            unknown = set(body) - {"client_id", "redirect_uri", "state", "user", "accountId"}
            if unknown:
                raise ControlError(f"unknown fields: {sorted(unknown)}")
            client_id = _string(body, "client_id", caller)
            if client_id != caller:
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
            return JSONResponse(
                self._pair(client_id, redirect_uri, state, login, body.get("accountId"))
            )
        except ApiError as error:
            return api_error_response(self.services.spec, error)

    def _pair(
        self, client_id: str, redirect_uri: str, state: str, login: str, account_id: Any
    ) -> dict[str, str]:
        services = self.services
        with services.db.transaction() as conn:
            oauth.check_pairing_request(conn, client_id, redirect_uri)
            customer = conn.execute("SELECT * FROM customers WHERE login = ?", (login,)).fetchone()
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
                client_id=client_id,
                user_id=customer["user_id"],
                account_id=chosen,
                redirect_uri=redirect_uri,
                state=state,
            )
        return {"code": code, "state": state}

    async def approve(self, request: Request, caller: str, body: dict[str, Any]) -> Response:
        return self._decide(request.path_params["authorizationId"], caller, body, approve=True)

    async def reject(self, request: Request, caller: str, body: dict[str, Any]) -> Response:
        return self._decide(request.path_params["authorizationId"], caller, body, approve=False)

    def _decide(
        self, authorization_id: str, caller: str, body: dict[str, Any], *, approve: bool
    ) -> Response:
        if body:
            raise ControlError("the body must be empty or {}")
        try:
            row, status = authorizations.decide(self.services, authorization_id, approve, caller)
        except LookupError:
            return api_error_response(self.services.spec, ApiError("authorization_id_not_exist"))
        except ValueError as exc:
            return control_error(
                ControlError(f"the authorization is no longer pending ({exc})", status=409)
            )
        return JSONResponse(authorizations.control_answer(row, status))

    async def clock(self, request: Request, caller: str, body: dict[str, Any]) -> Response:
        if set(body) != {"advanceSeconds"}:
            raise ControlError('the body must be {"advanceSeconds": <seconds>}')
        seconds = body["advanceSeconds"]
        valid = isinstance(seconds, int | float) and not isinstance(seconds, bool)
        if not valid or not 0 <= seconds <= MAX_ADVANCE:
            raise ControlError(f"`advanceSeconds` must be a number from 0 to {MAX_ADVANCE}")
        # Every instant the sandbox writes must stay an RFC 3339 date (year <= 9999), with
        # room for the longest lifetime it adds to "now" (a refresh token's 90 days).
        if self.services.clock.now() + seconds > LATEST_NOW:
            raise ControlError("the sandbox clock cannot move past 9899-12-31T00:00:00Z")
        offset = self.services.clock.advance(float(seconds))
        with self.services.db.transaction() as conn:
            self.services.db.set_meta(conn, CLOCK_KEY, repr(offset))
        return JSONResponse({"now": format_time(self.services.clock.now())})

    async def add_faults(self, request: Request, caller: str, body: dict[str, Any]) -> Response:
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
        self.faults.add(str(kind), count, operation_id)
        return JSONResponse({"kind": kind, "count": count, "operationId": operation_id})
