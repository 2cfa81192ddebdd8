"""The `x-nestbank-*` extensions of an operation, read one way everywhere.

- `x-nestbank-errors`: status -> the error codes the operation may answer with it;
- `x-nestbank-permission`: `OBJECT:ACTION` (or a list: any one allows the call), §06;
- `x-nestbank-source`: documented, partly documented or inferred.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ERRORS", "PERMISSION", "SOURCE", "error_codes", "permissions", "source"]

ERRORS = "x-nestbank-errors"
PERMISSION = "x-nestbank-permission"
SOURCE = "x-nestbank-source"


def error_codes(operation: dict[str, Any]) -> dict[int, tuple[str, ...]]:
    """`x-nestbank-errors` as status -> codes (a malformed entry is left out)."""
    table = operation.get(ERRORS)
    found: dict[int, tuple[str, ...]] = {}
    for status, codes in (table if isinstance(table, dict) else {}).items():
        if str(status).isdigit() and isinstance(codes, list):
            found[int(status)] = tuple(str(code) for code in codes)
    return found


def permissions(operation: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """`x-nestbank-permission` as (OBJECT, ACTION) pairs; ValueError on another shape."""
    declared = operation.get(PERMISSION)
    if declared is None:
        return ()
    values = declared if isinstance(declared, list) else [declared]
    pairs = []
    for value in values:
        obj, _, action = str(value).partition(":")
        if not obj or not action:
            raise ValueError(f"{PERMISSION} must be OBJECT:ACTION, got {value!r}")
        pairs.append((obj, action))
    return tuple(pairs)


def source(operation: dict[str, Any]) -> str | None:
    value = operation.get(SOURCE)
    return value if isinstance(value, str) else None
