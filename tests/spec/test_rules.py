"""The spec obeys the rule engine's rules, and each rule fires on a deliberately broken copy."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import nestbank_spec
import pytest
from nestbank_review.rules import check, rule_names
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from tests.spec import catalogue
from tests.spec.catalogue import STATUS_OF_CODE, SURFACE

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def spec() -> Doc:
    return nestbank_spec.load()


def op(doc: Doc, operation_id: str) -> Doc:
    for found in nestbank_spec.operations(doc):
        if found.operation_id == operation_id:
            return found.operation
    raise KeyError(operation_id)


def test_spec_is_valid_openapi_31(spec: Doc) -> None:
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def check_spec(doc: Doc) -> list[str]:
    """The engine's findings with this repository's restated facts, as 'rule: ...' lines."""
    outcome = check(doc, catalogue)
    assert outcome.skipped == []
    return [str(finding) for finding in outcome.findings]


def test_spec_obeys_every_rule(spec: Doc) -> None:
    assert check_spec(spec) == []


def test_the_restated_facts_cover_the_spec(spec: Doc) -> None:
    """The counts are the spec's own (test_sources ties the 34 codes to docs/sources.md)."""
    assert len(STATUS_OF_CODE) == len(nestbank_spec.error_catalogue(spec))
    assert len(SURFACE) == len(list(nestbank_spec.operations(spec)))


def test_error_code_names_are_clean_python_names(spec: Doc) -> None:
    error_code = spec["components"]["schemas"]["ErrorCode"]
    names = dict(zip(error_code["enum"], error_code["x-enum-varnames"], strict=True))
    assert names["user_limit exceeded"] == "USER_LIMIT_EXCEEDED"
    assert names["charges_limit exceeded"] == "CHARGES_LIMIT_EXCEEDED"
    assert names["aceess_token_not_exist"] == "ACCESS_TOKEN_NOT_EXIST"
    assert names["internal.server.error"] == "INTERNAL_SERVER_ERROR"
    assert names["authorizationCode_expired"] == "AUTHORIZATION_CODE_EXPIRED"


def test_broken_document_fails_openapi_validation(spec: Doc) -> None:
    broken = copy.deepcopy(spec)
    broken["paths"]["/user"]["get"]["responses"] = "none"
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def _drop_operation_id(doc: Doc) -> None:
    del op(doc, "getUser")["operationId"]


def _drop_summary(doc: Doc) -> None:
    del op(doc, "getBlockade")["summary"]


def _drop_source(doc: Doc) -> None:
    del op(doc, "createPayment")["x-nestbank-source"]


def _rename_operation(doc: Doc) -> None:
    op(doc, "listPayments")["operationId"] = "getPayments"


def _wrong_tag(doc: Doc) -> None:
    op(doc, "getAccount")["tags"] = ["user"]


def _drop_request_example(doc: Doc) -> None:
    content = op(doc, "createBlockade")["requestBody"]["content"]["application/json"]
    del content["examples"]


def _drop_response_example(doc: Doc) -> None:
    content = op(doc, "getUser")["responses"]["200"]["content"]["application/json"]
    del content["examples"]


def _invalid_example(doc: Doc) -> None:
    content = op(doc, "createBlockade")["requestBody"]["content"]["application/json"]
    content["examples"]["deposit"]["value"]["amount"]["amount"] = 250


def _invalid_timestamp_example(doc: Doc) -> None:
    doc["components"]["examples"]["BlockadeCreated"]["value"]["createdAt"] = "20/01/2018"


def _error_body_not_error_schema(doc: Doc) -> None:
    op(doc, "getBlockade")["responses"]["404"] = {
        "description": "gone",
        "headers": {"Cache-Control": {"$ref": "#/components/headers/CacheControlNoCache"}},
        "content": {"application/json": {"schema": {"type": "object"}, "examples": {}}},
    }


def _drop_cache_control(doc: Doc) -> None:
    del doc["components"]["responses"]["Conflict"]["headers"]["Cache-Control"]


def _drop_retry_after(doc: Doc) -> None:
    del doc["components"]["responses"]["TooManyRequests"]["headers"]["Retry-After"]


def _move_code_to_wrong_status(doc: Doc) -> None:
    examples = doc["components"]["responses"]["BadRequest"]["content"]["application/json"]
    example = examples["examples"].pop("callback_uri_empty")
    doc["components"]["responses"]["Unauthorized"]["content"]["application/json"]["examples"][
        "callback_uri_empty"
    ] = example


def _respell_code(doc: Doc) -> None:
    error_code = doc["components"]["schemas"]["ErrorCode"]
    error_code["enum"][error_code["enum"].index("aceess_token_not_exist")] = (
        "access_token_not_exist"
    )


def _code_under_wrong_status_in_operation(doc: Doc) -> None:
    op(doc, "getBlockade")["x-nestbank-errors"]["404"].append("order_exist_error")


def _undeclared_error_status(doc: Doc) -> None:
    del op(doc, "getPayment")["x-nestbank-errors"]["404"]


def _timestamp_not_datetime(doc: Doc) -> None:
    doc["components"]["schemas"]["Blockade"]["properties"]["createdAt"]["format"] = "date"


def _unused_component(doc: Doc) -> None:
    doc["components"]["schemas"]["Orphan"] = {"type": "string", "description": "Inferred. x"}


def _dangling_ref(doc: Doc) -> None:
    op(doc, "getUser")["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Nobody"
    }


def _field_without_provenance(doc: Doc) -> None:
    doc["components"]["schemas"]["Payment"]["properties"]["status"]["description"] = "State."


def _operation_without_security(doc: Doc) -> None:
    op(doc, "deleteBlockade")["security"] = []


def _bearer_instead_of_header(doc: Doc) -> None:
    doc["components"]["securitySchemes"]["accessToken"]["name"] = "Authorization"


def _money_as_number(doc: Doc) -> None:
    doc["components"]["schemas"]["PositiveAmount"] = {
        "type": "number",
        "description": "Inferred. A float.",
    }


def _drop_link(doc: Doc) -> None:
    del op(doc, "createBlockade")["responses"]["201"]["links"]["DeleteBlockade"]


def _link_to_unknown_parameter(doc: Doc) -> None:
    links = op(doc, "createPayment")["responses"]["201"]["links"]
    links["GetPayment"]["parameters"] = {"paymentId": "$response.body#/orderId"}


def _wrong_servers(doc: Doc) -> None:
    doc["servers"] = doc["servers"][:1]


def _plain_http_production(doc: Doc) -> None:
    doc["servers"][0]["url"] = doc["servers"][0]["url"].replace("https://", "http://")


def _drop_permission(doc: Doc) -> None:
    del op(doc, "deleteBlockade")["x-nestbank-permission"]


def _permission_outside_vocabulary(doc: Doc) -> None:
    op(doc, "getPayment")["x-nestbank-permission"] = "PAYMENTS:READ"


def _permission_on_token_service(doc: Doc) -> None:
    op(doc, "grantToken")["x-nestbank-permission"] = "USER:READ_DET"


def _require_retry_after(doc: Doc) -> None:
    doc["components"]["headers"]["RetryAfter"]["required"] = True


def _require_inferred_token_field(doc: Doc) -> None:
    doc["components"]["schemas"]["TokenResponse"]["required"].append("permissions")


def _closed_cache_control(doc: Doc) -> None:
    schema = doc["components"]["headers"]["CacheControlNoCache"]["schema"]
    del schema["pattern"]
    schema["enum"] = ["no-cache"]


def _closed_token_form(doc: Doc) -> None:
    doc["components"]["schemas"]["TokenRequest"]["additionalProperties"] = False


def _no_scope_on_refresh(doc: Doc) -> None:
    del doc["components"]["schemas"]["TokenRequest"]["properties"]["scope"]


def _drop_pragma(doc: Doc) -> None:
    del op(doc, "grantToken")["responses"]["200"]["headers"]["Pragma"]


def _identifier_may_be_authorize(doc: Doc) -> None:
    doc["components"]["schemas"]["OrderId"]["pattern"] = "^[A-Za-z0-9_-]+$"


def _bad_account_number(doc: Doc) -> None:
    doc["components"]["schemas"]["AccountNumber"]["examples"] = ["62187010452078107846560001"]


def _negative_zero_amount(doc: Doc) -> None:
    doc["components"]["schemas"]["Amount"]["pattern"] = "^-?(0|[1-9][0-9]{0,12})\\.[0-9]{2}$"


def _executed_without_executed_at(doc: Doc) -> None:
    payment = doc["components"]["schemas"]["Payment"]
    del payment["if"], payment["then"]


def _authorization_without_its_operation(doc: Doc) -> None:
    del doc["components"]["schemas"]["Authorization"]["else"]


def _http_callback(doc: Doc) -> None:
    del doc["components"]["schemas"]["CallbackUri"]["pattern"]


def _unknown_section(doc: Doc) -> None:
    op(doc, "getUser")["description"] += " See §12."


def _gloss_adds_meaning(doc: Doc) -> None:
    response = doc["components"]["responses"]["Unauthorized"]
    response["description"] = response["description"].replace(
        "| The given access_token is invalid. |",
        "| The given access_token is invalid (expired or revoked). |",
    )


def _respelt_bank_text(doc: Doc) -> None:
    examples = doc["components"]["responses"]["BadRequest"]["content"]["application/json"]
    examples["examples"]["callback_uri_empty"]["value"]["error_description"] = (
        "Żądanie zawiera pusty parametr callbackUri wywołania."
    )


def _money_labelled_documented(doc: Doc) -> None:
    doc["components"]["schemas"]["Money"]["description"] = "Documented form (API surface)."


def _rotation_stated_as_fact(doc: Doc) -> None:
    doc["components"]["schemas"]["TokenResponse"]["properties"]["refresh_token"]["description"] = (
        "Documented (§01). Renewed on every refresh; the previous one stops working."
    )


def _unused_oauth_scheme(doc: Doc) -> None:
    doc["components"]["securitySchemes"]["nestOAuth"] = {
        "type": "oauth2",
        "flows": {
            "authorizationCode": {
                "authorizationUrl": "https://login.nestbank.pl/rest/v1/open/api/request",
                "tokenUrl": "https://login.nestbank.pl/rest/v1/open/api/grant",
                "scopes": {"open-api": "Documented (§07)."},
            }
        },
    }
    doc["components"]["securitySchemes"]["accessToken"]["x-nestbank-obtained-by"] = "nestOAuth"


BREAKAGES: dict[str, tuple[Callable[[Doc], None], str]] = {
    "operation without operationId": (_drop_operation_id, "operation-id"),
    "operation without summary": (_drop_summary, "operation-documented"),
    "operation without x-nestbank-source": (_drop_source, "operation-source"),
    "renamed operation": (_rename_operation, "surface"),
    "operation under the wrong tag": (_wrong_tag, "surface"),
    "request body without example": (_drop_request_example, "examples-present"),
    "response without example": (_drop_response_example, "examples-present"),
    "example that breaks its schema": (_invalid_example, "examples-valid"),
    "timestamp example not RFC 3339": (_invalid_timestamp_example, "examples-valid"),
    "error body not the Error schema": (_error_body_not_error_schema, "error-responses"),
    "error response without Cache-Control": (_drop_cache_control, "error-responses"),
    "429 without Retry-After": (_drop_retry_after, "error-responses"),
    "documented code under the wrong status": (_move_code_to_wrong_status, "error-catalogue"),
    "documented code respelt": (_respell_code, "error-catalogue"),
    "operation code under the wrong status": (
        _code_under_wrong_status_in_operation,
        "operation-errors",
    ),
    "error status missing from x-nestbank-errors": (_undeclared_error_status, "operation-errors"),
    "timestamp not date-time": (_timestamp_not_datetime, "timestamps"),
    "unused component": (_unused_component, "no-unused-components"),
    "$ref that does not resolve": (_dangling_ref, "refs-resolve"),
    "field without Documented/Inferred": (_field_without_provenance, "provenance"),
    "operation without security": (_operation_without_security, "security-required"),
    "token in the Authorization header": (_bearer_instead_of_header, "security"),
    "money as a JSON number": (_money_as_number, "money"),
    "create without its delete link": (_drop_link, "links"),
    "link to an unknown parameter": (_link_to_unknown_parameter, "links"),
    "servers changed": (_wrong_servers, "servers"),
    "plain-http production server": (_plain_http_production, "servers-https"),
    "operation without its permission": (_drop_permission, "permissions"),
    "permission outside the §06 vocabulary": (_permission_outside_vocabulary, "permissions"),
    "permission on the token service": (_permission_on_token_service, "permissions"),
    "inferred Retry-After required": (_require_retry_after, "tolerance"),
    "inferred token field required": (_require_inferred_token_field, "tolerance"),
    "Cache-Control as a closed enum": (_closed_cache_control, "tolerance"),
    "token form refuses unknown parameters": (_closed_token_form, "tolerance"),
    "token form without scope": (_no_scope_on_refresh, "tolerance"),
    "token answer without Pragma": (_drop_pragma, "token-headers"),
    "orderId may be 'authorize'": (_identifier_may_be_authorize, "identifiers"),
    "account number failing mod 97": (_bad_account_number, "examples-consistent"),
    "amount -0.00 allowed": (_negative_zero_amount, "conditions"),
    "EXECUTED payment without executedAt": (_executed_without_executed_at, "conditions"),
    "authorization without its operation's id": (
        _authorization_without_its_operation,
        "conditions",
    ),
    "plain-http callbackUri": (_http_callback, "https"),
    "§NN that docs/sources.md lacks": (_unknown_section, "sections"),
    "gloss adding meaning": (_gloss_adds_meaning, "glosses"),
    "bank's Polish text respelt": (_respelt_bank_text, "glosses"),
    "money shape labelled documented": (_money_labelled_documented, "labels"),
    "refresh rotation stated as documented": (_rotation_stated_as_fact, "labels"),
    "unused OAuth2 scheme": (_unused_oauth_scheme, "no-unused-components"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_each_rule_fires_on_a_broken_copy(spec: Doc, breakage: str) -> None:
    break_it, rule = BREAKAGES[breakage]
    broken = copy.deepcopy(spec)
    break_it(broken)
    problems = check_spec(broken)
    assert any(problem.startswith(f"{rule}: ") for problem in problems), problems


def test_every_rule_has_a_breakage() -> None:
    # House rules without a breakage here have theirs in tests/review/test_lint.py.
    house_elsewhere = {"no-secrets-in-examples", "request-values-bounded", "error-validation"}
    assert rule_names() - house_elsewhere == {rule for _, rule in BREAKAGES.values()}
