"""The operations of a document: one walk over `paths`, one list of HTTP methods."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .refs import UnresolvedRef, resolve

__all__ = ["HTTP_METHODS", "Operation", "operations", "parameter_key", "parameters"]

# The operation fields of an OpenAPI Path Item Object, in the specification's order.
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    """One operation: where it is and its raw objects (the document's own dicts)."""

    method: str  # lower case, as in the document
    path: str  # the template, e.g. /account/{accountId} (a webhook's name under webhooks)
    operation: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def operation_id(self) -> str | None:
        op_id = self.operation.get("operationId")
        return op_id if isinstance(op_id, str) else None

    @property
    def label(self) -> str:
        """The operationId, or `METHOD /path` for an operation without one."""
        return self.operation_id or f"{self.method.upper()} {self.path}"

    def security(self, document: dict[str, Any]) -> Any:
        """The operation's `security`, or the document's when it has none of its own."""
        return self.operation.get("security", document.get("security"))


def operations(document: dict[str, Any], section: str = "paths") -> Iterator[Operation]:
    """Every operation under `paths` (or `webhooks`), in document order.

    Tolerant of a broken document (the review reads any): what is not a mapping is skipped.
    """
    items = document.get(section)
    for path, item in (items if isinstance(items, dict) else {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield Operation(method, str(path), operation, item)


def parameters(document: dict[str, Any], op: Operation) -> list[dict[str, Any]]:
    """The path item's and the operation's parameters merged, `$ref`s resolved.

    An operation's parameter replaces the path item's of the same `parameter_key`
    (OpenAPI); what is not a parameter object is left out.
    """
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for declared in (op.path_item.get("parameters"), op.operation.get("parameters")):
        for raw in declared if isinstance(declared, list) else []:
            try:
                param = resolve(document, raw)
            except UnresolvedRef:
                continue  # the review reports dangling references on its own
            if isinstance(param, dict) and "name" in param and "in" in param:
                merged[parameter_key(param)] = param
    return list(merged.values())


def parameter_key(param: dict[str, Any]) -> tuple[str, str]:
    """(location, name) of a parameter; a header's name in lower case, as on the wire."""
    location, name = str(param["in"]), str(param["name"])
    return location, name.lower() if location == "header" else name
