"""Validate requests against the spec (openapi-core) and pick the documented code.

The spec's own schemas decide what is valid; this module only chooses which
documented code a rejection answers: `parameters_error` by default, or a more precise
code where the catalogue has one (empty pairing or token parameters, empty
`callbackUri`, a wrong `response_type`, `state` or `scope` at `GET /request`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from openapi_core.datatypes import RequestParameters
from openapi_core.validation.request.exceptions import ParameterValidationError
from werkzeug.datastructures import Headers, ImmutableMultiDict

from .errors import ApiError
from .spec import ApiSpec, Operation

PAIRING_PARAMETERS = ("client_id", "response_type", "state", "redirect_uri", "scope")
TOKEN_FIELDS = (
    "grant_type",
    "code",
    "redirect_uri",
    "state",
    "refresh_token",
    "client_id",
    "client_secret",
)
# Optional RFC 6749 §6 parameter: known (so not sent twice), but an empty one is omitted.
FORM_FIELDS = (*TOKEN_FIELDS, "scope")


@dataclass
class IncomingRequest:
    """The parts of an HTTP request that validation and the handlers need."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-case names
    body: bytes
    content_type: str
    path_params: dict[str, str] = field(default_factory=dict)


class _OpenApiRequest:
    """openapi-core's Request protocol over an IncomingRequest and its matched path."""

    host_url = "http://sandbox"

    def __init__(self, request: IncomingRequest, operation: Operation) -> None:
        self.path = request.path
        self.path_pattern = operation.path
        self.method = request.method.lower()
        self.body = request.body or None
        self.content_type = request.content_type
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(request.query),
            header=Headers(list(request.headers.items())),
            cookie=ImmutableMultiDict(),
            path=dict(request.path_params),
        )


def validate_request(spec: ApiSpec, operation: Operation, request: IncomingRequest) -> None:
    """Raise ApiError with the documented code if the spec rejects the request."""
    if operation.operation_id == "authorizeApplication":
        _check_pairing_parameters_present(request)
    elif operation.operation_id == "grantToken":
        _check_token_fields_present(request)
    elif operation.operation_id in ("authorizeBlockade", "authorizePayment"):
        _check_callback_uri_present(request)
    try:
        errors = list(spec.openapi.iter_request_errors(_OpenApiRequest(request, operation)))
    except Exception as exc:  # a body openapi-core cannot even read is still a bad request
        raise ApiError("parameters_error") from exc
    errors = [e for e in errors if type(e).__name__ != "SecurityValidationError"]
    if not errors:
        return
    if operation.operation_id == "authorizeApplication":
        names = {e.name for e in errors if isinstance(e, ParameterValidationError)}
        if "response_type" in names or "state" in names:
            raise ApiError("invalid_request")
        if "scope" in names:
            raise ApiError("request_out_of_scope")
    raise ApiError("parameters_error")


def _check_pairing_parameters_present(request: IncomingRequest) -> None:
    given = dict(request.query)
    if any(not given.get(name) for name in PAIRING_PARAMETERS):
        raise ApiError("activation_parameters_empty")


def _check_token_fields_present(request: IncomingRequest) -> None:
    if not request.content_type.startswith("application/x-www-form-urlencoded"):
        raise ApiError("parameters_error")
    try:
        fields = parse_qsl(
            request.body.decode("utf-8"), keep_blank_values=True, strict_parsing=False
        )
    except UnicodeDecodeError as exc:
        raise ApiError("parameters_error") from exc
    given = dict(fields)
    if any(name in given and given[name] == "" for name in TOKEN_FIELDS):
        raise ApiError("token_request_parameters_empty")
    required = ["grant_type", "client_id", "client_secret"]
    if given.get("grant_type") == "authorization_code":
        required += ["code", "redirect_uri", "state"]
    elif given.get("grant_type") == "refresh_token":
        required += ["refresh_token"]
    if any(name not in given for name in required):
        raise ApiError("token_request_parameters_empty")


def _check_callback_uri_present(request: IncomingRequest) -> None:
    try:
        body: Any = json.loads(request.body)
    except ValueError:
        return  # the schema check answers parameters_error
    if isinstance(body, dict) and body.get("callbackUri") == "":
        raise ApiError("callback_uri_empty")


def form_fields(request: IncomingRequest) -> dict[str, str]:
    """The validated token fields of POST /grant.

    RFC 6749 §3.2: a known parameter sent twice is a bad request; unknown parameters
    (repeated or not) are ignored, not refused.
    """
    fields = parse_qsl(request.body.decode("utf-8"), keep_blank_values=True)
    known = [(k, v) for k, v in fields if k in FORM_FIELDS]
    result = dict(known)
    if len(result) != len(known):
        raise ApiError("parameters_error")
    return result


def json_body(request: IncomingRequest) -> dict[str, Any]:
    body = json.loads(request.body)
    if not isinstance(body, dict):
        raise ApiError("parameters_error")
    return body


def query_int(request: IncomingRequest, name: str, default: int) -> int:
    for key, value in request.query:
        if key == name:
            return int(value)
    return default


def query_value(request: IncomingRequest, name: str) -> str | None:
    for key, value in request.query:
        if key == name:
            return value
    return None
