"""Find the spec operation of a request path (concrete paths before templated ones)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from .spec import Operation

_VARIABLE = re.compile(r"^\{([^}]+)\}$")


@dataclass(frozen=True)
class RouteMatch:
    operation: Operation
    path_params: dict[str, str]


@dataclass(frozen=True)
class MethodNotAllowed:
    allowed: tuple[str, ...]


class _PathTemplate:
    def __init__(self, template: str) -> None:
        self.template = template
        self.segments = template.strip("/").split("/")
        self.variables = sum(1 for s in self.segments if _VARIABLE.match(s))

    def match(self, segments: list[str]) -> dict[str, str] | None:
        if len(segments) != len(self.segments):
            return None
        params: dict[str, str] = {}
        for pattern, actual in zip(self.segments, segments, strict=True):
            variable = _VARIABLE.match(pattern)
            if variable:
                params[variable.group(1)] = unquote(actual)
            elif pattern != actual:
                return None
        return params


class Router:
    def __init__(self, operations: list[Operation]) -> None:
        self._by_path: dict[str, dict[str, Operation]] = {}
        for op in operations:
            self._by_path.setdefault(op.path, {})[op.method] = op
        # OpenAPI: concrete paths match before templated ones.
        self._templates = sorted(
            (_PathTemplate(path) for path in self._by_path), key=lambda t: t.variables
        )

    def match(self, method: str, raw_path: str) -> RouteMatch | MethodNotAllowed | None:
        """`raw_path` is still percent-encoded, so an encoded `/` stays inside a segment."""
        segments = raw_path.strip("/").split("/") if raw_path.startswith("/") else [""]
        if raw_path != "/" and raw_path.endswith("/"):
            return None
        for template in self._templates:
            params = template.match(segments)
            if params is None:
                continue
            methods = self._by_path[template.template]
            operation = methods.get(method.upper())
            if operation is None:
                return MethodNotAllowed(tuple(sorted(methods)))
            return RouteMatch(operation, params)
        return None
