"""Request validation compiled once per operation (jsonschema-rs), as openapi-core read it.

At start-up every operation gets one validator per declared parameter (path, query,
header) and one per request media type, built from the spec's schemas with `$ref`
resolved here and patterns rewritten to keep their ECMA-262 meaning
(`ecma.rust_pattern`). A request then costs a few calls into Rust instead of
openapi-core's per-request walk of the document (about 80% of a call's time).

What openapi-core 0.23 did, and this module keeps (tests/sandbox/test_compiled_validation.py
compares the two on generated requests), except where marked stricter:
- stricter: a declared query parameter sent twice is refused (openapi-core read the
  first, the handlers the last: one request, two meanings); an integer one must be
  ASCII digits with an optional `-` (openapi-core's `int()` also took ` 7`, `+7`, `0_7`
  and other scripts' digits such as `٣`); an empty query value is refused; a missing
  optional one is not checked;
- the body's media type is the Content-Type before `;`, lower-cased, right-stripped; each
  `;` parameter must be one `name=value`; an empty body is missing;
- a form body is decoded as UTF-8, and only the schema's properties (first occurrence)
  are checked; unknown fields are ignored;
- formats: `date-time` is RFC 3339 as rfc3339-validator reads it (upper-cased, year 0
  and impossible days refused) but without Python's `$` allowing a final newline, which
  is the one place this is stricter; `uri` is not checked (the spec's pattern is the rule).

Spec features this does not implement (parameter `style`/`explode`/`content`, non-
primitive parameters, other formats) fail at start-up, never silently.
"""

from __future__ import annotations

import calendar
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import jsonschema_rs

from .ecma import rust_pattern
from .spec import HTTP_METHODS, ApiSpec

ASCII_INTEGER = re.compile(r"-?[0-9]+")  # used with fullmatch (`$` admits a final "\n")

BODY = "<body>"  # the name a body failure is reported under
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
CHECKED_FORMATS = frozenset({"date-time", "uri"})
UNSUPPORTED_PARAMETER_KEYS = ("style", "explode", "content", "allowEmptyValue")
# The keywords a `$ref` may sit beside without changing what the schema accepts.
VALUES = frozenset({"enum", "const", "default", "examples", "example", "required", "format"})
ANNOTATIONS = frozenset({"description", "summary", "example", "examples", "title", "deprecated"})

# rfc3339-validator 0.1.4 (what openapi-core's format checker used), anchored with fullmatch.
_RFC3339 = re.compile(
    r"([0-9]{4})-(0[1-9]|1[0-2])-([0-9]{2})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)


def is_date_time(text: str) -> bool:
    match = _RFC3339.fullmatch(text.upper())
    if match is None:
        return False
    year, month, day = (int(group) for group in match.groups())
    return year > 0 and 1 <= day <= calendar.monthrange(year, month)[1]


def _any_uri(text: str) -> bool:
    return True


FORMATS: dict[str, Callable[[str], bool]] = {"date-time": is_date_time, "uri": _any_uri}


class UnsupportedSpec(ValueError):
    """The spec uses a feature the compiled validation does not implement."""


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path, query or header
    required: bool
    integer: bool  # cast with int() before validation, as openapi-core did
    validator: Any  # jsonschema_rs.Validator

    def fails(self, present: dict[str, str]) -> bool:
        text = present.get(self.name)
        if text is None:
            return self.required
        if self.integer:
            if not ASCII_INTEGER.fullmatch(text):
                return True
            value: object = int(text)
        elif text == "" and self.location == "query":
            return True  # openapi-core: an empty query value is never valid
        else:
            value = text
        return not _is_valid(self.validator, value)


@dataclass(frozen=True)
class Body:
    required: bool
    by_media_type: dict[str, Any]  # media type -> jsonschema_rs.Validator
    form_fields: tuple[str, ...]  # the properties read from a form body

    def fails(self, body: bytes, content_type: str, json_value: Callable[[], Any]) -> bool:
        if not body:
            return self.required
        parts = content_type.split(";")
        if any(part.count("=") != 1 for part in parts[1:]):
            return True  # openapi-core could not read the parameters
        media_type = parts[0].lower().rstrip()
        validator = self.by_media_type.get(media_type)
        if validator is None:
            return True
        if media_type == FORM:
            try:
                fields = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                return True
            first: dict[str, str] = {}
            for key, value in fields:
                if key in self.form_fields:
                    first.setdefault(key, value)
            return not _is_valid(validator, first)
        return not _is_valid(validator, json_value())


@dataclass(frozen=True)
class CompiledOperation:
    parameters: tuple[Parameter, ...]
    body: Body | None

    def failures(
        self,
        path: dict[str, str],
        query: list[tuple[str, str]],
        headers: dict[str, str],
        body: bytes,
        content_type: str,
        json_value: Callable[[], Any],
    ) -> list[str]:
        """The names of the parameters that fail, and BODY if the body does."""
        failed = []
        first_query: dict[str, str] | None = None
        for parameter in self.parameters:
            if parameter.location == "path":
                present = path
            elif parameter.location == "header":
                present = headers
            else:
                if first_query is None:
                    first_query = {}
                    for key, value in query:
                        first_query.setdefault(key, value)
                present = first_query
                if sum(key == parameter.name for key, _ in query) > 1:
                    failed.append(parameter.name)
                    continue
            if parameter.fails(present):
                failed.append(parameter.name)
        if self.body is not None and self.body.fails(body, content_type, json_value):
            failed.append(BODY)
        return failed


def _is_valid(validator: Any, value: object) -> bool:
    # A value jsonschema-rs cannot even convert (an integer past 64 bits where any is
    # allowed, a lone surrogate) is not a valid request either.
    try:
        return bool(validator.is_valid(value))
    except (ValueError, OverflowError, TypeError):
        return False


class CompiledSpec:
    """Every operation of a spec, compiled."""

    def __init__(self, spec: ApiSpec) -> None:
        self._resolver = _Resolver(spec.document)
        self.operations = {
            operation_id: self._operation(path, method, op)
            for path, method, op, operation_id in _raw_operations(spec.document)
        }

    def _operation(self, path: str, method: str, op: dict[str, Any]) -> CompiledOperation:
        item = self._resolver.document["paths"][path]
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*item.get("parameters", []), *op.get("parameters", [])]:
            parameter = self._resolver.resolve(raw)
            merged[(parameter["name"], parameter["in"])] = parameter  # the operation's win
        parameters = tuple(self._parameter(p) for p in merged.values())
        return CompiledOperation(parameters, self._body(op.get("requestBody")))

    def _parameter(self, declared: dict[str, Any]) -> Parameter:
        name, location = declared["name"], declared["in"]
        if location not in ("path", "query", "header") or any(
            key in declared for key in UNSUPPORTED_PARAMETER_KEYS
        ):
            raise UnsupportedSpec(f"parameter {name} in {location}: {sorted(declared)}")
        schema = self._resolver.inline(declared["schema"])
        kind = schema.get("type")
        if kind not in ("string", "integer"):
            raise UnsupportedSpec(f"parameter {name}: type {kind!r}")
        if location == "header":
            name = name.lower()  # IncomingRequest.headers has lower-case names
        return Parameter(
            name=name,
            location=location,
            required=bool(declared.get("required", False)),
            integer=kind == "integer",
            validator=_validator(schema),
        )

    def _body(self, declared: dict[str, Any] | None) -> Body | None:
        if declared is None:
            return None
        declared = self._resolver.resolve(declared)
        by_media_type: dict[str, Any] = {}
        form_fields: tuple[str, ...] = ()
        for media_type, content in declared.get("content", {}).items():
            if media_type not in (JSON, FORM) or "encoding" in content:
                raise UnsupportedSpec(f"request body {media_type}: {sorted(content)}")
            schema = self._resolver.inline(content.get("schema", {}))
            if media_type == FORM:
                form_fields = _form_fields(schema)
            by_media_type[media_type] = _validator(schema)
        return Body(bool(declared.get("required", False)), by_media_type, form_fields)


def _form_fields(schema: dict[str, Any]) -> tuple[str, ...]:
    """A form's fields: string properties only (openapi-core casts nothing else here)."""
    if any(key in schema for key in ("allOf", "anyOf", "oneOf")):
        raise UnsupportedSpec("a form schema with allOf/anyOf/oneOf")
    fields = schema.get("properties", {})
    for name, field in fields.items():
        if field.get("type") != "string":
            raise UnsupportedSpec(f"form field {name}: only strings are supported")
    return tuple(fields)


def _validator(schema: dict[str, Any]) -> Any:
    used = _formats(schema)
    if not used <= CHECKED_FORMATS:
        raise UnsupportedSpec(f"formats {sorted(used - CHECKED_FORMATS)}")
    return jsonschema_rs.validator_for(
        {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema},
        validate_formats=True,
        formats=FORMATS,
    )


def _formats(node: Any) -> set[str]:
    """The formats a (resolved) schema uses; values (enum, examples...) are not schemas."""
    if isinstance(node, list):
        return set().union(set(), *(_formats(item) for item in node))
    if not isinstance(node, dict):
        return set()
    found = {node["format"]} if isinstance(node.get("format"), str) else set()
    for key, value in node.items():
        if key in ("properties", "$defs", "patternProperties", "dependentSchemas"):
            found |= _formats(list(value.values()))
        elif key not in VALUES:
            found |= _formats(value)
    return found


class _Resolver:
    """Local `$ref`s (`#/...`) of one document, inlined; patterns rewritten on the way."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def target(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            raise UnsupportedSpec(f"$ref {ref!r}: only local references")
        node: Any = self.document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """A parameter or request body object, followed through its `$ref` chain."""
        seen = set()
        while "$ref" in node:
            if node["$ref"] in seen:
                raise UnsupportedSpec(f"$ref cycle at {node['$ref']}")
            seen.add(node["$ref"])
            node = self.target(node["$ref"])
        return node

    def inline(self, schema: Any, active: frozenset[str] = frozenset()) -> Any:
        if isinstance(schema, list):
            return [self.inline(item, active) for item in schema]
        if not isinstance(schema, dict):
            return schema
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key == "pattern" and isinstance(value, str):
                out[key] = rust_pattern(value)
            elif key in ("properties", "$defs", "patternProperties", "dependentSchemas"):
                out[key] = {name: self.inline(child, active) for name, child in value.items()}
            elif key in VALUES:
                out[key] = value  # values, not schemas
            elif key != "$ref":
                out[key] = self.inline(value, active)
        ref = schema.get("$ref")
        if ref is None:
            return out
        if ref in active:
            raise UnsupportedSpec(f"recursive $ref {ref}")
        target = self.inline(self.target(ref), active | {ref})
        if set(out) <= ANNOTATIONS:
            return target
        # 2020-12: `$ref` applies beside its sibling keywords, like one more allOf branch.
        return {**out, "allOf": [*out.get("allOf", []), target]}


def _raw_operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], str]]:
    return [
        (path, method, item[method], item[method]["operationId"])
        for path, item in document["paths"].items()
        for method in HTTP_METHODS
        if method in item
    ]


_COMPILED: weakref.WeakKeyDictionary[ApiSpec, CompiledSpec] = weakref.WeakKeyDictionary()


def compiled(spec: ApiSpec) -> CompiledSpec:
    """The spec's compiled validators, built on first use (the dispatcher: at start-up)."""
    found = _COMPILED.get(spec)
    if found is None:
        found = _COMPILED[spec] = CompiledSpec(spec)
    return found
