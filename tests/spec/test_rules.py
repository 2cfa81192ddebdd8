"""The spec obeys our rules, and each rule fires on a deliberately broken copy."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from tests.spec.catalogue import STATUS_OF_CODE, SURFACE
from tests.spec.rules import check_spec

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "nestbank.yaml"
Doc = dict[str, Any]


@pytest.fixture(scope="module")
def spec() -> Doc:
    loaded: Doc = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def op(doc: Doc, operation_id: str) -> Doc:
    for item in doc["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                return operation
    raise KeyError(operation_id)


def test_spec_is_valid_openapi_31(spec: Doc) -> None:
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_spec_obeys_every_rule(spec: Doc) -> None:
    assert check_spec(spec) == []


def test_catalogue_has_34_codes_and_17_operations() -> None:
    assert len(STATUS_OF_CODE) == 34
    assert len(SURFACE) == 17


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


BREAKAGES: dict[str, tuple[Callable[[Doc], None], str]] = {
    "operation without operationId": (_drop_operation_id, "operation-metadata"),
    "operation without summary": (_drop_summary, "operation-metadata"),
    "operation without x-nestbank-source": (_drop_source, "operation-metadata"),
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
    "unused component": (_unused_component, "unused-components"),
    "$ref that does not resolve": (_dangling_ref, "refs-resolve"),
    "field without Documented/Inferred": (_field_without_provenance, "provenance"),
    "operation without security": (_operation_without_security, "security"),
    "token in the Authorization header": (_bearer_instead_of_header, "security"),
    "money as a JSON number": (_money_as_number, "money"),
    "create without its delete link": (_drop_link, "links"),
    "link to an unknown parameter": (_link_to_unknown_parameter, "links"),
    "servers changed": (_wrong_servers, "servers"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_each_rule_fires_on_a_broken_copy(spec: Doc, breakage: str) -> None:
    break_it, rule = BREAKAGES[breakage]
    broken = copy.deepcopy(spec)
    break_it(broken)
    problems = check_spec(broken)
    assert any(problem.startswith(f"{rule}: ") for problem in problems), problems


def test_every_rule_has_a_breakage() -> None:
    from tests.spec.rules import SpecRules

    rules = set(SpecRules({}).all_rules())
    assert rules == {rule for _, rule in BREAKAGES.values()}
