"""House lint rules: what a reviewer expects of any spec of ours beyond Spectral's rulesets.

Examples are `spec_rules`' `examples-present` (parameters, bodies and every answer).

They run without Node.js, so `make review` still lints when npm is unreachable, and they
express this API's exceptions exactly (the two public OAuth2 steps, the local sandbox
server), which Spectral's path-based overrides cannot do independently of file paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import nestbank_spec

# The pairing redirect runs before any token exists; the token service authenticates the
# client with client_id/client_secret in its body (RFC 6749 §2.3.1).
PUBLIC_OPERATIONS = frozenset({"authorizeApplication", "grantToken"})
SANDBOX_SERVER = "http://127.0.0.1:8000"
# Keys whose example values must be placeholders such as "<client-secret>".
SECRET_KEYS = frozenset(
    {"client_secret", "access_token", "refresh_token", "password", "api_key", "apikey", "secret"}
)
PLACEHOLDER = re.compile(r"^<[^<>]+>$")
SECRET_LOOKALIKES = (
    (re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\."), "a JSON Web Token"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "an AWS access key"),
    (re.compile(r"\b(?:ghp|gho|github_pat)_[A-Za-z0-9_]{20,}"), "a GitHub token"),
)
COMPONENT_KINDS = (
    "schemas",
    "parameters",
    "responses",
    "headers",
    "examples",
    "requestBodies",
    "links",
    "callbacks",
    "pathItems",
)
# Regex quantifiers without an upper bound make a pattern accept any length.
UNBOUNDED_QUANTIFIER = re.compile(r"(?<!\\)[*+]|\{\d+,\}")
BOUNDED_FORMATS = frozenset({"date-time", "date", "time", "uuid", "email", "ipv4", "ipv6"})


RULES = frozenset(
    {
        "operation-id",
        "operation-documented",
        "security-required",
        "no-unused-components",
        "no-secrets-in-examples",
        "servers-https",
        "request-values-bounded",
        "error-validation",
    }
)


@dataclass(frozen=True)
class Problem:
    rule: str
    location: str
    message: str


def check_house_rules(doc: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    problems += _operations_documented(doc)
    problems += _security_required(doc)
    problems += _unused_components(doc)
    problems += _no_secrets_in_examples(doc)
    problems += _servers_https(doc)
    problems += _request_values_bounded(doc)
    problems += _error_validation(doc)
    return problems


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    for op in nestbank_spec.operations(doc):
        yield op.path, op.method, op.path_item, op.operation


def _label(path: str, method: str, op: dict[str, Any]) -> str:
    return str(op.get("operationId") or f"{method.upper()} {path}")


def _operations_documented(doc: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    declared_tags = {t.get("name") for t in doc.get("tags") or [] if isinstance(t, dict)}
    seen: dict[str, str] = {}
    for path, method, _item, op in _operations(doc):
        label = _label(path, method, op)
        op_id = op.get("operationId")
        if not op_id:
            problems.append(Problem("operation-id", label, "operation has no operationId"))
        elif op_id in seen:
            problems.append(
                Problem("operation-id", label, f"operationId also used by {seen[op_id]}")
            )
        else:
            seen[op_id] = f"{method.upper()} {path}"
        for field in ("summary", "description"):
            if not str(op.get(field) or "").strip():
                problems.append(Problem("operation-documented", label, f"operation has no {field}"))
        tags = op.get("tags") or []
        if not tags:
            problems.append(Problem("operation-documented", label, "operation has no tag"))
        for tag in tags:
            if tag not in declared_tags:
                problems.append(
                    Problem("operation-documented", label, f"tag {tag} is not declared")
                )
    return problems


def _security_required(doc: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    schemes = ((doc.get("components") or {}).get("securitySchemes")) or {}
    root = doc.get("security") or []
    for path, method, _item, op in _operations(doc):
        label = _label(path, method, op)
        security = op.get("security", root)
        anonymous = not security or any(req == {} for req in security)
        if label in PUBLIC_OPERATIONS:
            if "security" not in op or op["security"] != []:
                message = "public OAuth2 step must say `security: []` explicitly"
                problems.append(Problem("security-required", label, message))
        elif anonymous:
            message = "operation callable without credentials (only the OAuth2 steps may be)"
            problems.append(Problem("security-required", label, message))
        for requirement in security or []:
            for name in requirement or {}:
                if name not in schemes:
                    message = f"security scheme {name} is not defined"
                    problems.append(Problem("security-required", label, message))
    return problems


def _all_refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _all_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _all_refs(item)


def _unused_components(doc: dict[str, Any]) -> list[Problem]:
    components = doc.get("components") or {}
    used = set(_all_refs(doc))
    problems: list[Problem] = []
    for kind in COMPONENT_KINDS:
        for name in components.get(kind) or {}:
            pointer = f"#/components/{kind}/{name}"
            if pointer not in used:
                problems.append(Problem("no-unused-components", pointer, "component is never used"))
    schemes = components.get("securitySchemes") or {}
    named = {
        name
        for _path, _method, _item, op in _operations(doc)
        for requirement in (op.get("security") if "security" in op else doc.get("security")) or []
        for name in requirement or {}
    }
    # A scheme no operation requires is unused, even one that only documents where another
    # scheme's value comes from (spec 1.1 dropped such an OAuth2 scheme; the broken copy
    # "unused OAuth2 scheme" in tests/spec/test_rules.py keeps it out).
    for name in schemes:
        if name not in named:
            pointer = f"#/components/securitySchemes/{name}"
            problems.append(Problem("no-unused-components", pointer, "security scheme never used"))
    return problems


def _example_values(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    """Every example value in the document, with where it sits."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{pointer}/{key}"
            if key == "example" or (key == "examples" and isinstance(value, list)):
                yield here, value
            elif key == "examples" and isinstance(value, dict):
                for name, example in value.items():
                    if isinstance(example, dict) and "value" in example:
                        yield f"{here}/{name}/value", example["value"]
                    elif isinstance(example, dict):
                        yield from _example_values(example, f"{here}/{name}")
            else:
                yield from _example_values(value, here)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _example_values(item, f"{pointer}/{index}")


def _secret_problems(value: Any, pointer: str, key: str | None) -> Iterator[Problem]:
    if isinstance(value, dict):
        for child_key, child in value.items():
            yield from _secret_problems(child, f"{pointer}/{child_key}", str(child_key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _secret_problems(item, f"{pointer}/{index}", key)
    elif isinstance(value, str):
        if key is not None and key.lower() in SECRET_KEYS and not PLACEHOLDER.match(value):
            message = f"example value of {key} must be a placeholder such as <{key}>"
            yield Problem("no-secrets-in-examples", pointer, message)
        for pattern, what in SECRET_LOOKALIKES:
            if pattern.search(value):
                yield Problem("no-secrets-in-examples", pointer, f"example contains {what}")


def _no_secrets_in_examples(doc: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for pointer, value in _example_values(doc, "#"):
        # A parameter's own example: judge it by the parameter's name.
        parent = _parent_name(doc, pointer)
        problems += _secret_problems(value, pointer, parent)
    return problems


def _parent_name(doc: dict[str, Any], pointer: str) -> str | None:
    parts = pointer.lstrip("#/").split("/")
    if parts[-1] != "example":
        return None
    node: Any = doc
    for part in parts[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    return str(node.get("name")) if isinstance(node, dict) and "in" in node else None


def _servers_https(doc: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for index, server in enumerate(doc.get("servers") or []):
        url = str((server or {}).get("url", ""))
        if not (url.startswith("https://") or url == SANDBOX_SERVER):
            message = f"server {url} must use https:// (only {SANDBOX_SERVER} may be plain HTTP)"
            problems.append(Problem("servers-https", f"#/servers/{index}", message))
    return problems


def _resolve(doc: dict[str, Any], node: Any) -> Any:
    """What `node`'s `$ref` names; None for a dangling one (`refs-resolve` reports it)."""
    try:
        return nestbank_spec.resolve(doc, node)
    except nestbank_spec.UnresolvedRef:
        return None


def _unbounded(doc: dict[str, Any], schema: Any, pointer: str, depth: int = 0) -> Iterator[str]:
    """Places in a request schema where a client could send an unbounded value."""
    schema = _resolve(doc, schema)
    if not isinstance(schema, dict) or depth > 30:
        return
    if "enum" in schema or "const" in schema:
        return
    types = schema.get("type")
    types = set(types) if isinstance(types, list) else {types}
    if "string" in types:
        pattern = schema.get("pattern")
        bounded_pattern = isinstance(pattern, str) and not UNBOUNDED_QUANTIFIER.search(pattern)
        if not (
            "maxLength" in schema or schema.get("format") in BOUNDED_FORMATS or bounded_pattern
        ):
            yield f"{pointer}: string without maxLength"
    if "integer" in types or "number" in types:
        for bound in ("minimum", "maximum"):
            if bound not in schema and f"exclusive{bound.capitalize()}" not in schema:
                yield f"{pointer}: number without {bound}"
    if "array" in types and "maxItems" not in schema:
        yield f"{pointer}: array without maxItems"
    for name, prop in (schema.get("properties") or {}).items():
        yield from _unbounded(doc, prop, f"{pointer}/properties/{name}", depth + 1)
    for keyword in ("items", "then", "else"):
        if isinstance(schema.get(keyword), dict):
            yield from _unbounded(doc, schema[keyword], f"{pointer}/{keyword}", depth + 1)
    for keyword in ("anyOf", "oneOf", "allOf"):
        for index, branch in enumerate(schema.get(keyword) or []):
            yield from _unbounded(doc, branch, f"{pointer}/{keyword}/{index}", depth + 1)


def _request_values_bounded(doc: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for path, method, item, op in _operations(doc):
        label = _label(path, method, op)
        for param in [*(item.get("parameters") or []), *(op.get("parameters") or [])]:
            param = _resolve(doc, param) or {}
            where = f"parameter {param.get('in')} {param.get('name')}"
            for spot in _unbounded(doc, param.get("schema"), where):
                problems.append(Problem("request-values-bounded", label, spot))
        body = _resolve(doc, op.get("requestBody")) or {}
        for media_type, media in (body.get("content") or {}).items():
            for spot in _unbounded(doc, (media or {}).get("schema"), f"body {media_type}"):
                problems.append(Problem("request-values-bounded", label, spot))
    return problems


def _error_validation(doc: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for path, method, item, op in _operations(doc):
        takes_input = bool(item.get("parameters") or op.get("parameters") or op.get("requestBody"))
        responses = {str(status) for status in op.get("responses") or {}}
        if takes_input and not responses & {"400", "422", "4XX"}:
            message = "takes parameters or a body but documents no 400/422/4XX answer"
            problems.append(Problem("error-validation", _label(path, method, op), message))
    return problems
