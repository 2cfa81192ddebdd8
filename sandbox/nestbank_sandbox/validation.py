"""Validate requests against the spec and pick the documented code.

The spec's own schemas decide what is valid, through validators compiled once per
operation (compiled_validation.py); this module chooses which documented code a
rejection answers: `parameters_error` by default, or a more precise
code where the catalogue has one (empty pairing or token parameters, empty
`callbackUri`, a wrong `response_type`, `state` or `scope` at `GET /request`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from .bodies import BadBody, check_text, parse_json
from .compiled_validation import compiled
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


_UNREAD: Any = object()


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
    # The body as strict JSON, parsed once for validation and the handler.
    parsed_body: Any = field(default=_UNREAD, repr=False, compare=False)


def _is_json(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() == "application/json"


def validate_request(spec: ApiSpec, operation: Operation, request: IncomingRequest) -> None:
    """Raise ApiError with the documented code if the spec rejects the request."""
    if request.body and _is_json(request.content_type):
        request_json(request)  # strict RFC 8259 before any other reader sees it
    _check_text(request)
    if operation.operation_id == "authorizeApplication":
        _check_pairing_parameters_present(request)
    elif operation.operation_id == "grantToken":
        _check_token_fields_present(request)
    elif operation.operation_id in ("authorizeBlockade", "authorizePayment"):
        _check_callback_uri_present(request)
    failed = (
        compiled(spec)
        .operations[operation.operation_id]
        .failures(
            request.path_params,
            request.query,
            request.headers,
            request.body,
            request.content_type,
            lambda: request_json(request),
        )
    )
    if not failed:
        return
    if operation.operation_id == "authorizeApplication":
        if "response_type" in failed or "state" in failed:
            raise ApiError("invalid_request")
        if "scope" in failed:
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


def _check_text(request: IncomingRequest) -> None:
    """Query, path and form values must be Unicode text (no lone surrogates)."""
    values = [value for _, value in request.query] + list(request.path_params.values())
    try:
        check_text(values)
    except BadBody as exc:
        raise ApiError("parameters_error") from exc


def _check_callback_uri_present(request: IncomingRequest) -> None:
    body = request_json(request)
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


def json_value(raw: bytes) -> Any:
    """The body parsed as strict JSON; a body that is not answers parameters_error."""
    try:
        return parse_json(raw)
    except BadBody as exc:
        raise ApiError("parameters_error") from exc


def request_json(request: IncomingRequest) -> Any:
    """The body as strict JSON (parsed once per request), or parameters_error."""
    if request.parsed_body is _UNREAD:
        request.parsed_body = json_value(request.body)
    return request.parsed_body


def json_body(request: IncomingRequest) -> dict[str, Any]:
    body = request_json(request)
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
