"""Deliberately wrong sandboxes: each mutation breaks one promise of the spec.

The harness must catch every one of them with the named check; tests/fuzz/test_mutations.py
runs a small, focused schemathesis run against each (only the operations and phases that can
see the fault) and asserts that the expected check failed.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from tests.fuzz.asgi_rewrite import Answer, ASGIApp, Intercept, Request, rewrite_responses

Forward = Callable[[Request], Awaitable[Answer]]

USER = re.compile(r"^/user$")
ACCOUNT = re.compile(r"^/account/[^/]+$")
BLOCKADES = re.compile(r"^/account/[^/]+/blockade$")
BLOCKADE = re.compile(r"^/account/[^/]+/blockade/(?!authorize$)[^/]+$")
TRANSACTIONS = re.compile(r"^/account/[^/]+/transactions$")
PAYMENTS = re.compile(r"^/payment$")
PAYMENT = re.compile(r"^/payment/(?!authorize$)[^/]+$")
AUTHORIZE = re.compile(r"^(/account/[^/]+/blockade|/payment)/authorize$")
AUTHORIZATION = re.compile(r"^/authorization/[^/]+$")
TOKEN_ERRORS = {"access_token_required", "aceess_token_not_exist", "access_token_invalid"}


@dataclass(frozen=True)
class Mutation:
    name: str
    # What is wrong with the mutated sandbox.
    fault: str
    # The check that must report it.
    expected_check: str
    # The focused run: only these operations and phases.
    operation_ids: tuple[str, ...]
    phases: tuple[str, ...]
    wrap: Callable[[ASGIApp], ASGIApp]
    max_examples: int = 8
    # Whether the run needs the second pairing (the peer of the cross-customer check).
    needs_peer: bool = False


def _on(method: str, path: re.Pattern[str], request: Request) -> bool:
    return request.method == method and bool(path.match(request.path))


def _error_code(answer: Answer) -> object:
    body = answer.json_body()
    return body.get("error") if isinstance(body, dict) else None


def undocumented_status(app: ASGIApp) -> ASGIApp:
    """getUser answers 203, a status the spec does not document."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        return (
            replace(answer, status=203)
            if _on("GET", USER, request) and answer.status == 200
            else answer
        )

    return rewrite_responses(app, rewrite)


def server_error(app: ASGIApp) -> ASGIApp:
    """getAccount fails with 500 on every call."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        if not _on("GET", ACCOUNT, request):
            return answer
        body = {
            "error": "internal.server.error",
            "error_description": "Wystąpił wewnętrzny błąd serwera.",
        }
        return Answer.json(500, body, {"cache-control": "no-cache"})

    return rewrite_responses(app, rewrite)


def wrong_error_body(app: ASGIApp) -> ASGIApp:
    """Error answers of getBlockade carry `{"message": ...}` instead of the documented Error."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        if _on("GET", BLOCKADE, request) and answer.status >= 400:
            return answer.with_json({"message": "Not found"})
        return answer

    return rewrite_responses(app, rewrite)


def missing_required_field(app: ASGIApp) -> ASGIApp:
    """getAccount leaves out the required `limits`."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        body = answer.json_body()
        if _on("GET", ACCOUNT, request) and answer.status == 200 and isinstance(body, dict):
            return answer.with_json({k: v for k, v in body.items() if k != "limits"})
        return answer

    return rewrite_responses(app, rewrite)


def missing_cache_control(app: ASGIApp) -> ASGIApp:
    """Error answers of getBlockade come without `Cache-Control: no-cache`."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        if _on("GET", BLOCKADE, request) and answer.status >= 400:
            return answer.without_header("cache-control")
        return answer

    return rewrite_responses(app, rewrite)


def wrong_content_type(app: ASGIApp) -> ASGIApp:
    """getUser's JSON is labelled text/plain."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        if _on("GET", USER, request) and answer.status == 200:
            return replace(
                answer, headers={**answer.headers, "content-type": "text/plain; charset=utf-8"}
            )
        return answer

    return rewrite_responses(app, rewrite)


def undocumented_error_code(app: ASGIApp) -> ASGIApp:
    """getBlockade's 404 says `not_found` instead of the documented `blockade_not_exist`."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        body = answer.json_body()
        if _on("GET", BLOCKADE, request) and answer.status == 404 and isinstance(body, dict):
            return answer.with_json({**body, "error": "not_found"})
        return answer

    return rewrite_responses(app, rewrite)


def ignores_invalid_query(app: ASGIApp) -> ASGIApp:
    """listTransactions drops its query string, so invalid paging and dates are accepted."""

    async def handler(request: Request, forward: Forward) -> Answer:
        if _on("GET", TRANSACTIONS, request):
            return await forward(replace(request, query=""))
        return await forward(request)

    return Intercept(app, handler)


def ignores_auth(app: ASGIApp) -> ASGIApp:
    """getUser serves a request with a missing or wrong token as if the last good token was sent."""
    good_tokens: list[str] = []

    async def handler(request: Request, forward: Forward) -> Answer:
        answer = await forward(request)
        token = request.headers.get("access_token")
        if answer.status < 300 and token:
            good_tokens.append(token)
        if _on("GET", USER, request) and _error_code(answer) in TOKEN_ERRORS and good_tokens:
            return await forward(
                replace(request, headers={**request.headers, "access_token": good_tokens[-1]})
            )
        return answer

    return Intercept(app, handler)


def keeps_deleted(app: ASGIApp) -> ASGIApp:
    """deleteBlockade answers 204 but keeps the blockade."""

    async def handler(request: Request, forward: Forward) -> Answer:
        if _on("DELETE", BLOCKADE, request):
            answer = await forward(replace(request, method="GET"))
            if answer.status == 200:
                return Answer(204)
            return answer
        return await forward(request)

    return Intercept(app, handler)


def loses_created(app: ASGIApp) -> ASGIApp:
    """createBlockade answers 201 but stores nothing."""

    async def handler(request: Request, forward: Forward) -> Answer:
        if not _on("POST", BLOCKADES, request):
            return await forward(request)
        answer = await forward(request)
        body = answer.json_body()
        if answer.status == 201 and isinstance(body, dict):
            # Undo it: the client saw 201, the blockade is gone.
            path = f"{request.path}/{body['blockadeId']}"
            await forward(replace(request, method="DELETE", path=path, body=b""))
        return answer

    return Intercept(app, handler)


def accepts_any_method(app: ASGIApp) -> ASGIApp:
    """Methods the spec does not declare are answered 200 instead of 405."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        if answer.status == 405:
            return Answer.json(200, {})
        return answer

    return rewrite_responses(app, rewrite)


def drops_allow_header(app: ASGIApp) -> ASGIApp:
    """405 answers leave out the `Allow` header."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        return answer.without_header("allow") if answer.status == 405 else answer

    return rewrite_responses(app, rewrite)


def refuses_valid_data(app: ASGIApp) -> ASGIApp:
    """getAccount refuses every request with 400 parameters_error."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        if _on("GET", ACCOUNT, request) and answer.status == 200:
            body = {
                "error": "parameters_error",
                "error_description": "Żądanie zawiera niewłaściwe parametry.",
            }
            return Answer.json(400, body, {"cache-control": "no-cache"})
        return answer

    return rewrite_responses(app, rewrite)


def business_rule_as_parameters_error(app: ASGIApp) -> ASGIApp:
    """createPayment refuses valid payments with 400 parameters_error instead of a limit code."""

    def rewrite(request: Request, answer: Answer) -> Answer:
        if _on("POST", PAYMENTS, request) and answer.status in (201, 400):
            body = answer.json_body()
            if answer.status == 201 or (
                isinstance(body, dict) and body.get("error") != "parameters_error"
            ):
                error = {
                    "error": "parameters_error",
                    "error_description": "Żądanie zawiera niewłaściwe parametry.",
                }
                return Answer.json(400, error, {"cache-control": "no-cache"})
        return answer

    return rewrite_responses(app, rewrite)


def serves_other_customers(
    read: re.Pattern[str],
    refusals: frozenset[str],
    create_method: str,
    create: re.Pattern[str],
) -> Callable[[ASGIApp], ASGIApp]:
    """Reads of `read` that are refused as someone else's are served with the token of the
    customer who last created something through `create`: any customer of the application
    reads the objects of the others (BOLA / IDOR)."""

    def wrap(app: ASGIApp) -> ASGIApp:
        creators: list[str] = []

        async def handler(request: Request, forward: Forward) -> Answer:
            answer = await forward(request)
            token = request.headers.get("access_token")
            if _on(create_method, create, request) and answer.status < 300 and token:
                creators.append(token)
            if _on("GET", read, request) and _error_code(answer) in refusals and creators:
                return await forward(
                    replace(request, headers={**request.headers, "access_token": creators[-1]})
                )
            return answer

        return Intercept(app, handler)

    return wrap


serves_other_customers_blockade = serves_other_customers(
    BLOCKADE,
    frozenset({"product_permissions_error", "blockade_permissions_error"}),
    "POST",
    BLOCKADES,
)
serves_other_customers_payment = serves_other_customers(
    PAYMENT, frozenset({"order_permissions_error"}), "POST", PAYMENTS
)
serves_other_customers_authorization = serves_other_customers(
    # Another customer's authorization answers the code of the operation it is for.
    AUTHORIZATION,
    frozenset({"blockade_permissions_error", "order_permissions_error"}),
    "POST",
    AUTHORIZE,
)


MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "undocumented_status",
        "getUser answers 203",
        "status_code_conformance",
        ("getUser",),
        ("examples", "fuzzing"),
        undocumented_status,
    ),
    Mutation(
        "server_error",
        "getAccount answers 500",
        "not_a_server_error",
        ("getAccount",),
        ("examples",),
        server_error,
    ),
    Mutation(
        "wrong_error_body",
        "error body is {message}",
        "response_schema_conformance",
        ("getBlockade",),
        ("examples", "fuzzing"),
        wrong_error_body,
    ),
    Mutation(
        "missing_required_field",
        "Account without limits",
        "response_schema_conformance",
        ("getAccount",),
        ("examples",),
        missing_required_field,
    ),
    Mutation(
        "missing_cache_control",
        "errors without Cache-Control",
        "response_headers_conformance",
        ("getBlockade",),
        ("examples", "fuzzing"),
        missing_cache_control,
    ),
    Mutation(
        "wrong_content_type",
        "JSON labelled text/plain",
        "content_type_conformance",
        ("getUser",),
        ("examples",),
        wrong_content_type,
    ),
    Mutation(
        "undocumented_error_code",
        "404 not_found instead of blockade_not_exist",
        "nestbank_documented_error_code",
        ("getBlockade",),
        ("examples", "fuzzing"),
        undocumented_error_code,
    ),
    Mutation(
        "ignores_invalid_query",
        "invalid paging accepted",
        "negative_data_rejection",
        ("listTransactions",),
        ("coverage",),
        ignores_invalid_query,
    ),
    Mutation(
        "ignores_auth",
        "missing/wrong token served",
        "ignored_auth",
        ("getUser",),
        ("examples", "coverage"),
        ignores_auth,
    ),
    Mutation(
        "serves_without_token",
        "a request without the access_token header is served",
        "missing_required_header",
        ("getUser",),
        ("examples", "coverage"),
        ignores_auth,
    ),
    Mutation(
        "keeps_deleted",
        "deleted blockade still readable",
        "use_after_free",
        ("createBlockade", "getBlockade", "deleteBlockade"),
        ("stateful",),
        keeps_deleted,
        max_examples=15,
    ),
    Mutation(
        "loses_created",
        "created blockade not stored",
        "ensure_resource_availability",
        # getUser links the customer's real accountId into the create; without it the
        # run depends on drawing that identifier by chance.
        ("getUser", "createBlockade", "getBlockade"),
        ("stateful",),
        loses_created,
        max_examples=15,
    ),
    Mutation(
        "accepts_any_method",
        "undeclared methods answered 200",
        "unsupported_method",
        ("getUser",),
        ("coverage",),
        accepts_any_method,
    ),
    Mutation(
        "drops_allow_header",
        "405 without Allow",
        "unsupported_method",
        ("getUser",),
        ("coverage",),
        drops_allow_header,
    ),
    Mutation(
        "refuses_valid_data",
        "getAccount refuses valid requests with 400",
        "positive_data_acceptance",
        ("getAccount",),
        ("examples",),
        refuses_valid_data,
    ),
    Mutation(
        "business_rule_as_parameters_error",
        "valid payment refused with parameters_error",
        "nestbank_positive_data_business_rule",
        ("createPayment",),
        ("examples",),
        business_rule_as_parameters_error,
    ),
    Mutation(
        "serves_other_customers_blockade",
        "another customer reads the owner's blockade",
        "nestbank_cross_customer_access",
        ("createBlockade",),
        ("coverage",),
        serves_other_customers_blockade,
        needs_peer=True,
    ),
    Mutation(
        "serves_other_customers_payment",
        "another customer reads the owner's payment",
        "nestbank_cross_customer_access",
        ("createPayment",),
        ("examples",),
        serves_other_customers_payment,
        needs_peer=True,
    ),
)
