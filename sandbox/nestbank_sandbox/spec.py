"""The bank's OpenAPI document, loaded once: operations, error catalogue, validator.

Everything the sandbox knows about the API's surface comes from `spec/nestbank.yaml`,
read through the spec library (`nestbank_spec`, which also carries the documents): the
operations, the codes each may answer (`x-nestbank-errors`), the §06 permission each
needs (`x-nestbank-permission`), the HTTP status and Polish description of every error
code (the examples of `components/responses`), and the request schemas
(compiled_validation.py compiles them). This module is the sandbox's view of them; its
names are the public API every sandbox module imports.
"""

from __future__ import annotations

import copy
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nestbank_spec
from nestbank_spec import HTTP_METHODS

from .ecma import with_python_patterns

__all__ = [
    "HTTP_METHODS",
    "ApiSpec",
    "ErrorInfo",
    "Operation",
    "load_spec",
    "spec_document",
    "spec_path",
]


@dataclass(frozen=True)
class Operation:
    """One operation of the spec."""

    operation_id: str
    method: str  # upper case
    path: str  # the template, e.g. /account/{accountId}
    errors: dict[int, frozenset[str]]  # x-nestbank-errors
    secured: bool  # needs the access_token header
    takes_body: bool = False  # declares a requestBody (others' bodies are never read)
    # x-nestbank-permission: (OBJECT, ACTION) pairs, any one of which allows the call.
    permissions: tuple[tuple[str, str], ...] = ()

    def allows(self, status: int, code: str) -> bool:
        return code in self.errors.get(status, frozenset())


@dataclass(frozen=True)
class ErrorInfo:
    status: int
    description: str


class ApiSpec:
    """The parsed document with the lookups the sandbox needs."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.operations = _operations(document)
        self.by_id = {op.operation_id: op for op in self.operations}
        self.errors = _error_catalogue(document)

    @functools.cached_property
    def openapi(self) -> Any:
        """openapi-core over the document: the tests' response checks and request oracle.

        Not a runtime dependency of the sandbox (its requests go through
        compiled_validation.py), so imported only here. Requests arrive at
        http://testserver in-process and http://127.0.0.1:PORT live; the spec's servers
        name production. Validation matches on the path only, so the validator sees the
        same document with a single relative server "/". Patterns are rewritten so that
        Python's `re` applies them as ECMA-262 does.
        """
        from openapi_core import OpenAPI

        validated = with_python_patterns(copy.deepcopy(self.document))
        validated["servers"] = [{"url": "/"}]
        return OpenAPI.from_dict(validated)

    def error(self, code: str) -> ErrorInfo:
        return self.errors[code]


def spec_document(name: str) -> Path:
    """Where the spec document `name` (e.g. "sandbox-controls.yaml") is (nestbank-spec)."""
    return nestbank_spec.document_path(name)


def spec_path() -> Path:
    override = os.environ.get("NESTBANK_SPEC")
    return Path(override) if override else spec_document("nestbank.yaml")


@functools.lru_cache(maxsize=4)
def load_spec(path: Path | None = None) -> ApiSpec:
    """Parse (once per path) the spec file."""
    return ApiSpec(nestbank_spec.load(path or spec_path()))


def _operations(document: dict[str, Any]) -> list[Operation]:
    return [
        Operation(
            operation_id=op.operation["operationId"],
            method=op.method.upper(),
            path=op.path,
            errors={
                status: frozenset(codes)
                for status, codes in nestbank_spec.error_codes(op.operation).items()
            },
            secured=bool(op.security(document) or []),
            takes_body="requestBody" in op.operation,
            permissions=nestbank_spec.permissions(op.operation),
        )
        for op in nestbank_spec.operations(document)
    ]


def _permissions(declared: Any) -> tuple[tuple[str, str], ...]:
    """`OBJECT:ACTION`, or a list of them, as (OBJECT, ACTION) pairs."""
    return nestbank_spec.permissions({nestbank_spec.PERMISSION: declared})


def _error_catalogue(document: dict[str, Any]) -> dict[str, ErrorInfo]:
    """Every error code an operation can answer: its status and the bank's description."""
    return {
        code: ErrorInfo(entry.status, entry.description)
        for code, entry in nestbank_spec.error_catalogue(document).items()
        if entry.status is not None
    }
