"""The sandbox's request validation as it was before issue 14: openapi-core, per request.

Kept for the tests only, as the oracle the compiled validators (jsonschema-rs) are
compared with: test_compiled_validation.py. The checks before openapi-core (strict JSON,
text, presence of the pairing and token fields, an empty callbackUri) are the sandbox's
own, shared with validate_request.
"""

from __future__ import annotations

from nestbank_sandbox import validation
from nestbank_sandbox.errors import ApiError
from nestbank_sandbox.spec import ApiSpec, Operation
from nestbank_sandbox.validation import IncomingRequest
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.request.exceptions import ParameterValidationError
from werkzeug.datastructures import Headers, ImmutableMultiDict


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


def validate_with_openapi_core(
    spec: ApiSpec, operation: Operation, request: IncomingRequest
) -> None:
    """validate_request as it was: raise ApiError with the documented code, or return."""
    if request.body and validation._is_json(request.content_type):
        validation.json_value(request.body)
    validation._check_text(request)
    if operation.operation_id == "authorizeApplication":
        validation._check_pairing_parameters_present(request)
    elif operation.operation_id == "grantToken":
        validation._check_token_fields_present(request)
    elif operation.operation_id in ("authorizeBlockade", "authorizePayment"):
        validation._check_callback_uri_present(request)
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
