"""Normalise the spec for openapi-python-client without changing what it means.

- Operation security: the tool reads only an operation's own `security`, so the
  document-level requirement (`access_token` on every call) would be lost and every
  operation would accept an unauthenticated `Client`. We copy the document's
  `security` into each operation that has none, as OpenAPI itself says it applies.
- Error codes: each operation's `x-nestbank-errors` is attached to its error
  responses as `x-nestbank-codes`, as `ErrorCode` member names, on an inlined copy of
  the shared response (the tool drops whatever sits beside a `$ref`), so that
  docstrings can list the codes each status can carry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nestbank_spec
from nestbank_spec import load as load_spec

__all__ = ["load_spec", "prepare", "write_prepared"]


def prepare(document: dict[str, Any]) -> dict[str, Any]:
    """The normalised copy (the input is not modified)."""
    prepared: dict[str, Any] = json.loads(json.dumps(document))
    default_security = prepared.get("security")
    names = _error_code_names(prepared)
    for op in nestbank_spec.operations(prepared):
        operation = op.operation
        if default_security is not None and "security" not in operation:
            operation["security"] = default_security
        responses = operation.get("responses") or {}
        for status, listed in nestbank_spec.error_codes(operation).items():
            response = _inline(prepared, responses.get(str(status)))
            if response is not None:
                response["x-nestbank-codes"] = [
                    f"ErrorCode.{names[code]}" if code in names else repr(code) for code in listed
                ]
                responses[str(status)] = response
    return prepared


def _error_code_names(document: dict[str, Any]) -> dict[str, str]:
    """Wire value -> Python name of the documented error codes (`x-enum-varnames`)."""
    schema = document.get("components", {}).get("schemas", {}).get("ErrorCode", {})
    values, names = schema.get("enum") or [], schema.get("x-enum-varnames") or []
    return {str(value): str(name) for value, name in zip(values, names, strict=False)}


def _inline(document: dict[str, Any], response: Any) -> dict[str, Any] | None:
    """A private copy of a response, its local `$ref` resolved."""
    try:
        response = nestbank_spec.resolve(document, response)
    except nestbank_spec.UnresolvedRef:
        return None
    if not isinstance(response, dict):
        return None
    copied: dict[str, Any] = json.loads(json.dumps(response))
    return copied


def write_prepared(spec: Path, target: Path) -> Path:
    """Write the normalised spec as JSON to `target` and return it."""
    target.write_text(
        json.dumps(prepare(load_spec(spec)), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return target
