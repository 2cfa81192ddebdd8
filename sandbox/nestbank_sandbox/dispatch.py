"""The bank API as a raw ASGI app: route, inject faults, limit, authenticate, validate, handle."""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from . import accounts, authorizations, blockades, faults, oauth, payments
from .auth import Principal, authenticate, check_standing, find_token
from .bodies import BadBody, read_body
from .callers import identify
from .compiled_validation import compiled
from .context import Call, Handler, Services
from .demo import DEMO_TENANT
from .errors import ApiError, api_error_response, error_response
from .faults import drop_connection
from .permissions import require_permission
from .ratelimit import PUBLIC, RateLimiter
from .registry import operation_records
from .routing import MethodNotAllowed, RouteMatch, Router
from .spec import ApiSpec, Operation
from .tenants import tenant_now
from .validation import IncomingRequest, validate_request

log = logging.getLogger("nestbank_sandbox")

HANDLERS: dict[str, Handler] = {
    "authorizeApplication": oauth.authorize_application,
    "grantToken": oauth.grant_token,
    "getUser": accounts.get_user,
    "getAccount": accounts.get_account,
    "listTransactions": accounts.list_transactions,
    "getTransaction": accounts.get_transaction,
    "createBlockade": blockades.create_blockade,
    "listBlockades": blockades.list_blockades,
    "getBlockade": blockades.get_blockade,
    "updateBlockade": blockades.update_blockade,
    "deleteBlockade": blockades.delete_blockade,
    "authorizeBlockade": authorizations.start_blockade,
    "createPayment": payments.create_payment,
    "listPayments": payments.list_payments,
    "getPayment": payments.get_payment,
    "authorizePayment": authorizations.start_payment,
    "getAuthorization": authorizations.get_authorization,
}

# Answers outside any operation: the catalogue has no routing codes, so an unknown path
# or method answers request_out_of_scope ("the service is outside the API's scope").
OUT_OF_SCOPE = "request_out_of_scope"


class BankDispatcher:
    def __init__(self, services: Services, limiter: RateLimiter) -> None:
        self.services = services
        self.limiter = limiter
        self.router = Router(services.spec.operations)
        self.records = operation_records(services.spec, HANDLERS)  # checked: fails start-up
        compiled(services.spec)  # every operation's request validators, once, at start-up

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        spec = self.services.spec
        request = Request(scope, receive)
        raw_path = scope.get("raw_path") or scope["path"].encode()
        match = self.router.match(scope["method"], raw_path.decode("latin-1").split("?", 1)[0])
        if not isinstance(match, RouteMatch):
            if isinstance(match, MethodNotAllowed):
                allow = {"Allow": ", ".join(match.allowed)}
                response: Response = error_response(spec, OUT_OF_SCOPE, status=405, headers=allow)
            else:
                response = error_response(spec, OUT_OF_SCOPE, status=404)
            await response(scope, receive, send)
            return
        operation = match.operation
        try:
            body = b""
            if operation.takes_body:
                body = await read_body(request, self.services.settings.body_timeout)
        except BadBody:
            response = error_response(spec, "parameters_error", headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        incoming = IncomingRequest(
            method=scope["method"],
            path=scope["path"],
            query=list(request.query_params.multi_items()),
            headers=combined_headers(request.headers.raw),
            body=body,
            content_type=request.headers.get("content-type", ""),
            path_params=match.path_params,
        )
        address = request.client.host if request.client else ""
        base_url = f"{request.url.scheme}://{request.url.netloc}"
        invalid = invalidity(spec, operation, incoming)  # pure: outside the lock
        # One transaction for the gate and the handler (on PostgreSQL every BEGIN and
        # COMMIT is a round trip); the handler runs in a savepoint, so its failure undoes
        # its own writes only and the gate's (a fault taken, a rate-limit hit) still count.
        # On the event loop, no thread hop: the hop cost a fifth of a call on SQLite. On
        # PostgreSQL a transaction waits for the advisory lock and the network on the loop:
        # one slow lock holder stalls that worker's other connections (docs/hosting.md).
        try:
            with self.services.db.transaction() as conn:
                gate = self.gate(conn, operation, incoming, address)
                if gate.passes:
                    response = self.answer(conn, operation, incoming, base_url, gate, invalid)
        except Exception:
            log.exception("the transaction of %s failed", operation.operation_id)
            await error_response(spec, "internal.server.error")(scope, receive, send)
            return
        if gate.fault == "drop":
            await drop_connection(send)
            return
        if gate.fault in ("500", "429"):
            code = "internal.server.error" if gate.fault == "500" else "requests_limit_exceeded"
            retry = 1 if gate.fault == "429" else None
            await error_response(spec, code, retry_after=retry)(scope, receive, send)
            return
        if gate.retry_after is not None:
            response = error_response(spec, "requests_limit_exceeded", retry_after=gate.retry_after)
            await response(scope, receive, send)
            return
        if gate.fault == "drop_after_commit":
            await drop_connection(send)
            return
        await response(scope, receive, send)

    def gate(
        self,
        conn: sqlite3.Connection,
        operation: Operation,
        incoming: IncomingRequest,
        address: str,
    ) -> Gate:
        """Before the handler, in its transaction: who the call is (callers.py), an injected
        fault of its tenant, its rate-limit budgets, its clock, and (secured operations)
        the token."""
        services = self.services
        token = incoming.headers.get("access_token")
        row = find_token(conn, token, operation.operation_id) if operation.secured else None
        caller = identify(conn, operation, incoming, row, address)
        services.activity.touch(conn, caller.tenant)  # --tenant-ttl-days counts from here
        tenant = caller.tenant or DEMO_TENANT
        fault = None
        # The token's row already says whether its tenant has a fault for this operation.
        if caller.tenant is not None and (row is None or row["fault_seq"] is not None):
            fault = faults.take(conn, tenant, operation.operation_id)
        if fault in ANSWERED_BY_FAULT:
            return Gate(tenant, 0.0, fault=fault)
        retry_after = self.limiter.hit_all(conn, caller.budgets)
        if retry_after is not None:
            return Gate(tenant, 0.0, fault=fault, retry_after=retry_after)
        if row is not None:  # the token's row carries its tenant's clock offset too
            now = services.clock.now() + float(row["clock_offset"] or 0.0)
        else:
            now = tenant_now(services.clock, conn, tenant)
        if not operation.secured:
            return Gate(tenant, now, fault=fault)
        try:
            principal = authenticate(token, row, now)
        except ApiError as refused:
            # An expired or revoked token must not buy a fresh budget: failures spend
            # the address's (an unknown token already did: it identified nobody).
            retry = self.limiter.hit(conn, PUBLIC, f"addr:{address}") if row else None
            if retry is not None:
                limited = ApiError("requests_limit_exceeded", retry_after=retry)
                return Gate(tenant, now, fault=fault, refused=limited)
            return Gate(tenant, now, fault=fault, refused=refused)
        return Gate(tenant, now, fault=fault, principal=principal)

    def answer(
        self,
        conn: sqlite3.Connection,
        operation: Operation,
        incoming: IncomingRequest,
        base_url: str,
        gate: Gate,
        invalid: Exception | None,
    ) -> Response:
        """Handle one call; every failure becomes a documented error."""
        spec = self.services.spec
        try:
            with self.services.db.savepoint(conn):
                return self._answer(conn, operation, incoming, base_url, gate, invalid)
        except ApiError as error:
            status = spec.error(error.code).status
            if operation.allows(status, error.code):
                return api_error_response(spec, error)
            log.error("%s may not answer %s %s", operation.operation_id, status, error.code)
        except Exception:
            log.exception("unexpected failure in %s", operation.operation_id)
        return error_response(spec, "internal.server.error")

    def _answer(
        self,
        conn: sqlite3.Connection,
        operation: Operation,
        incoming: IncomingRequest,
        base_url: str,
        gate: Gate,
        invalid: Exception | None,
    ) -> Response:
        services = self.services
        if gate.refused is not None:
            raise gate.refused
        if invalid is not None:
            raise invalid
        principal = gate.principal
        call = Call(
            services=services,
            conn=conn,
            request=incoming,
            operation=operation,
            base_url=base_url,
            now=gate.now,
            principal=principal,
        )
        if principal is not None:
            check_standing(principal)
            call.permission = require_permission(principal.permissions, operation)
        return self.records[operation.operation_id].handler(call)


def invalidity(spec: ApiSpec, operation: Operation, incoming: IncomingRequest) -> Exception | None:
    """validate_request's refusal (or failure), if any: raised after the gate's, as before,
    but found before the transaction (it reads no state), so the lock is held shorter."""
    try:
        validate_request(spec, operation, incoming)
    except Exception as error:  # raised again where the handler would run
        return error
    return None


# Faults that answer in the handler's place (drop_after_commit lets the handler run).
ANSWERED_BY_FAULT = ("drop", "500", "429")


@dataclass(frozen=True)
class Gate:
    """What `BankDispatcher.gate` decided before the handler runs."""

    tenant: str
    now: float  # the tenant's sandbox time
    fault: str | None = None
    retry_after: int | None = None
    principal: Principal | None = None
    refused: ApiError | None = None  # the token did not authenticate

    @property
    def passes(self) -> bool:
        """The handler runs (an early fault or rate limit answers without it)."""
        return self.fault not in ANSWERED_BY_FAULT and self.retry_after is None


def combined_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Lower-case names; a repeated header is one comma-joined value (RFC 9110 §5.3).

    Keeping only the last would let `access_token: garbage` + `access_token: <valid>`
    authenticate; joined, two tokens are one unknown token.
    """
    headers: dict[str, str] = {}
    for name, value in raw:
        key, text = name.decode("latin-1").lower(), value.decode("latin-1")
        headers[key] = f"{headers[key]}, {text}" if key in headers else text
    return headers
