"""The bank API as a raw ASGI app: route, inject faults, limit, authenticate, validate, handle."""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from . import accounts, authorizations, blockades, oauth, payments
from .auth import authenticate, check_standing
from .context import Call, Handler, Services
from .errors import ApiError, api_error_response, error_response
from .faults import Faults, drop_connection
from .permissions import require_permission
from .ratelimit import RateLimiter
from .routing import MethodNotAllowed, RouteMatch, Router
from .spec import Operation
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
    def __init__(self, services: Services, limiter: RateLimiter, faults: Faults) -> None:
        self.services = services
        self.limiter = limiter
        self.faults = faults
        self.router = Router(services.spec.operations)
        missing = {op.operation_id for op in services.spec.operations} - set(HANDLERS)
        if missing:
            raise RuntimeError(f"operations without a handler: {sorted(missing)}")

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
        fault = self.faults.take(operation.operation_id)
        if fault == "drop":
            await drop_connection(send)
            return
        if fault in ("500", "429"):
            code = "internal.server.error" if fault == "500" else "requests_limit_exceeded"
            retry = 1 if fault == "429" else None
            await error_response(spec, code, retry_after=retry)(scope, receive, send)
            return
        key = request.headers.get("access_token") or (request.client.host if request.client else "")
        retry_after = self.limiter.hit(key)
        if retry_after is not None:
            response = error_response(spec, "requests_limit_exceeded", retry_after=retry_after)
            await response(scope, receive, send)
            return
        incoming = IncomingRequest(
            method=scope["method"],
            path=scope["path"],
            query=list(request.query_params.multi_items()),
            headers={k.lower(): v for k, v in request.headers.items()},
            body=await request.body(),
            content_type=request.headers.get("content-type", ""),
            path_params=match.path_params,
        )
        base_url = f"{request.url.scheme}://{request.url.netloc}"
        response = await run_in_threadpool(self.answer, operation, incoming, base_url)
        if fault == "drop_after_commit":
            await drop_connection(send)
            return
        await response(scope, receive, send)

    def answer(self, operation: Operation, incoming: IncomingRequest, base_url: str) -> Response:
        """Handle one call in a worker thread; every failure becomes a documented error."""
        spec = self.services.spec
        try:
            return self._answer(operation, incoming, base_url)
        except ApiError as error:
            status = spec.error(error.code).status
            if operation.allows(status, error.code):
                return api_error_response(spec, error)
            log.error("%s may not answer %s %s", operation.operation_id, status, error.code)
        except Exception:
            log.exception("unexpected failure in %s", operation.operation_id)
        return error_response(spec, "internal.server.error")

    def _answer(self, operation: Operation, incoming: IncomingRequest, base_url: str) -> Response:
        services = self.services
        principal = None
        if operation.secured:
            with services.db.transaction() as conn:
                principal = authenticate(
                    conn, incoming.headers.get("access_token"), services.clock.now()
                )
        validate_request(services.spec, operation, incoming)
        with services.db.transaction() as conn:
            call = Call(
                services=services,
                conn=conn,
                request=incoming,
                operation=operation,
                base_url=base_url,
                now=services.clock.now(),
                principal=principal,
            )
            if principal is not None:
                check_standing(principal)
                call.permission = require_permission(principal.permissions, operation)
            return HANDLERS[operation.operation_id](call)
