"""The bank's OpenAPI document, loaded once: operations, error catalogue, validator.

Everything the sandbox knows about the API's surface comes from `spec/nestbank.yaml`:
the operations, the codes each may answer (`x-nestbank-errors`), the §06 permission
each needs (`x-nestbank-permission`), the HTTP status and
Polish description of every error code (the examples of `components/responses`), and the
request schemas (compiled_validation.py compiles them).
"""

from __future__ import annotations

import copy
import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .ecma import with_python_patterns

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# An installed wheel carries the spec documents in `nestbank_sandbox/specs/` (copied from
# spec/ when the wheel is built); a checkout (editable install) reads spec/ itself.
PACKAGED_SPECS = "specs"
CHECKOUT_SPECS = Path(__file__).resolve().parents[2] / "spec"


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
    """Where the spec document `name` (e.g. "sandbox-controls.yaml") is: wheel, then checkout."""
    packaged = resources.files("nestbank_sandbox") / PACKAGED_SPECS / name
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged
    checkout = CHECKOUT_SPECS / name
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"{name}: neither in the installed package nor in a checkout's spec/")


def spec_path() -> Path:
    override = os.environ.get("NESTBANK_SPEC")
    return Path(override) if override else spec_document("nestbank.yaml")


@functools.lru_cache(maxsize=4)
def load_spec(path: Path | None = None) -> ApiSpec:
    """Parse (once per path) the spec file."""
    with (path or spec_path()).open(encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    return ApiSpec(document)


def _operations(document: dict[str, Any]) -> list[Operation]:
    default_security = document.get("security", [])
    operations = []
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            errors = {
                int(status): frozenset(codes)
                for status, codes in op.get("x-nestbank-errors", {}).items()
            }
            security = op.get("security", default_security)
            operations.append(
                Operation(
                    operation_id=op["operationId"],
                    method=method.upper(),
                    path=path,
                    errors=errors,
                    secured=bool(security),
                    takes_body="requestBody" in op,
                    permissions=_permissions(op.get("x-nestbank-permission")),
                )
            )
    return operations


def _permissions(declared: Any) -> tuple[tuple[str, str], ...]:
    """`OBJECT:ACTION`, or a list of them, as (OBJECT, ACTION) pairs."""
    if declared is None:
        return ()
    values = declared if isinstance(declared, list) else [declared]
    pairs = []
    for value in values:
        obj, _, action = str(value).partition(":")
        if not obj or not action:
            raise ValueError(f"x-nestbank-permission must be OBJECT:ACTION, got {value!r}")
        pairs.append((obj, action))
    return tuple(pairs)


def _error_catalogue(document: dict[str, Any]) -> dict[str, ErrorInfo]:
    """Map every error code to its status and description.

    The status of a reusable response comes from where operations use it
    (`"400": $ref: .../BadRequest`); the codes and Polish descriptions from its examples.
    """
    status_of: dict[str, int] = {}
    for item in document["paths"].values():
        for method in HTTP_METHODS:
            for status, response in item.get(method, {}).get("responses", {}).items():
                ref = response.get("$ref", "")
                if ref.startswith("#/components/responses/") and status.isdigit():
                    status_of[ref.rsplit("/", 1)[1]] = int(status)
    catalogue: dict[str, ErrorInfo] = {}
    for name, response in document["components"]["responses"].items():
        if name not in status_of:
            continue
        examples = response.get("content", {}).get("application/json", {}).get("examples", {})
        for example in examples.values():
            value = example.get("value", {})
            if isinstance(value, dict) and "error" in value:
                catalogue[value["error"]] = ErrorInfo(
                    status_of[name], value.get("error_description", "")
                )
    return catalogue
