"""Nest Bank specific checks, on top of schemathesis's built-in ones.

- `nestbank_documented_error_code`: an error response carries a code that the operation's
  `x-nestbank-errors` lists for that status (the error `error` field is an open set in the
  schema, so response_schema_conformance cannot catch a wrong code).
- `nestbank_positive_data_business_rule`: where valid data may be refused with 400 (limits,
  see schemathesis.toml), the 400 must carry a business-rule code, never `parameters_error`
  (except for an `expiresAt` that is not in the future, which the spec documents).

Schemathesis registers checks process-wide; these act only on schemas that
`enable_for(schema)` marked, so other schemathesis users in the same process are unaffected.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import nestbank_spec
import schemathesis

BUSINESS_RULE_CODES = frozenset(
    {
        "app_limit_exceeded",
        "user_limit exceeded",
        "charges_limit exceeded",
        "request_reject_by_user_product_state",
    }
)

# Clocks of the harness and the server differ a little; an expiry this close to now is ambiguous.
CLOCK_TOLERANCE = timedelta(minutes=5)

_ENABLED_SCHEMAS: set[int] = set()


def enable_for(schema: Any) -> None:
    """Turn the Nest Bank checks on for this schema."""
    # Keyed by the loaded document, which filtered clones of the schema share.
    _ENABLED_SCHEMAS.add(id(schema.raw_schema))


def _applies(case: Any) -> bool:
    operation = case.operation
    # Requests with a method the operation does not have are unsupported_method's business.
    return (
        id(operation.schema.raw_schema) in _ENABLED_SCHEMAS
        and str(case.method).upper() == str(operation.method).upper()
    )


def _error_code(response: Any) -> str | None:
    try:
        body = json.loads(response.text)
    except ValueError:
        return None
    code = body.get("error") if isinstance(body, dict) else None
    return code if isinstance(code, str) else None


def documented_codes(operation: Any, status_code: int) -> list[str] | None:
    """The codes `x-nestbank-errors` lists for this status, or None when it lists none."""
    codes = nestbank_spec.error_codes(operation.definition.raw).get(status_code)
    return list(codes) if codes is not None else None


def _expiry_not_in_future(body: object) -> bool:
    """Whether the request's `expiresAt` is not clearly in the future (then 400 is documented)."""
    text = body.get("expiresAt") if isinstance(body, dict) else None
    if not isinstance(text, str):
        return False
    try:
        instant = datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        # Not a form this check can read; leave the verdict to the server's validation.
        return True
    if instant.tzinfo is None:
        return True
    return instant <= datetime.now(UTC) + CLOCK_TOLERANCE


@schemathesis.check
def nestbank_documented_error_code(ctx: Any, response: Any, case: Any) -> bool | None:
    if not _applies(case) or response.status_code < 400:
        return None
    codes = documented_codes(case.operation, response.status_code)
    code = _error_code(response)
    if codes is None or code is None:
        # Undocumented statuses and bodies without a code are for the built-in checks.
        return None
    if code not in codes:
        raise AssertionError(
            f"Undocumented error code {code!r} for {response.status_code}: "
            f"x-nestbank-errors lists {', '.join(repr(c) for c in codes)}"
        )
    return None


@schemathesis.check
def nestbank_positive_data_business_rule(ctx: Any, response: Any, case: Any) -> bool | None:
    meta = case.meta
    if not _applies(case) or response.status_code != 400 or meta is None:
        return None
    if not meta.generation.mode.is_positive:
        return None
    code = _error_code(response)
    if code == "parameters_error" and _expiry_not_in_future(case.body):
        # A documented rule the schema cannot express (spec: `expiresAt` must lie in the future).
        return None
    if code not in BUSINESS_RULE_CODES:
        raise AssertionError(
            f"Valid data was refused with 400 {code!r}: only the business-rule codes "
            f"{', '.join(sorted(BUSINESS_RULE_CODES))} may refuse a well-formed request"
        )
    return None
