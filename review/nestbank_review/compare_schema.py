"""Compare two (already $ref-resolved) JSON Schemas, request and response sides apart.

The rule of thumb, as in GitHub's own description checker: a **request** schema says
what the server accepts, so *narrowing* it (a client's valid call now refused) is
breaking and widening it is safe; a **response** schema says what a client must be
ready to read, so *widening* it (a client meets a value it was told cannot occur) is
breaking for strict clients and narrowing it is safe.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from nestbank_review.changes import Findings, Side
from nestbank_review.refs import ORIGIN

# Upper bounds: a smaller value (or a new bound) narrows. Lower bounds: a larger value narrows.
UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")
LOWER_BOUNDS = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
COMPOSITIONS = ("anyOf", "oneOf", "allOf")
# Keywords whose value must match a branch to count as "open" (accepting any value of its type).
CONSTRAINING = ("enum", "const", "pattern", "format")


@dataclass(frozen=True)
class Where:
    """Where a schema sits: request or response side, readable location, operation."""

    side: Side
    location: str
    operation: str
    # A sibling anyOf/oneOf branch accepts any value of this type: enum growth is harmless.
    open_enum: bool = False

    def at(self, step: str) -> Where:
        return replace(self, location=f"{self.location}/{step}", open_enum=False)


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def compare_schema(old: Any, new: Any, where: Where, out: Findings) -> None:
    """Report every classified difference between schema ``old`` and ``new``."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        if old != new:
            _add(out, where, "schema-replaced", True, "the schema was replaced")
        return
    origin = new.get(ORIGIN) or old.get(ORIGIN)
    if isinstance(origin, str):
        where = replace(where, location=origin)
    if "$ref" in old or "$ref" in new:
        # A reference cycle was cut here; equal pointers mean equal schemas.
        if old.get("$ref") != new.get("$ref"):
            _add(out, where, "schema-replaced", True, "the recursive schema now points elsewhere")
        return
    if not _compare_types(old, new, where, out):
        return  # a changed type makes the finer differences noise
    _compare_format(old, new, where, out)
    _compare_enum(old, new, where, out)
    _compare_bounds(old, new, where, out)
    _compare_pattern(old, new, where, out)
    _compare_simple(old, new, where, out)
    _compare_properties(old, new, where, out)
    _compare_subschemas(old, new, where, out)
    _compare_compositions(old, new, where, out)


def _add(out: Findings, where: Where, what: str, breaking: bool, message: str) -> None:
    out.add(f"{where.side}-{what}", where.location, where.side, breaking, message, where.operation)


def _narrowing_breaks(where: Where) -> bool:
    """Narrowing breaks requests; widening breaks responses."""
    return where.side == "request"


def _types(schema: dict[str, Any]) -> set[str] | None:
    raw = schema.get("type")
    if raw is None:
        return None
    types = set(raw) if isinstance(raw, list) else {str(raw)}
    if schema.get("nullable") is True:  # OpenAPI 3.0 spelling
        types.add("null")
    return types


def _accepts(types: set[str] | None, other: set[str] | None) -> bool:
    """Whether every value of type set ``other`` is allowed by ``types``."""
    if types is None:
        return True
    if other is None:
        return False
    widened = types | ({"integer"} if "number" in types else set())
    return other <= widened


def _compare_types(old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings) -> bool:
    old_types, new_types = _types(old), _types(new)
    if old_types == new_types:
        return True
    message = f"type {_show_types(old_types)} -> {_show_types(new_types)}"
    if where.side == "request" and _accepts(new_types, old_types):
        _add(out, where, "type-widened", False, message)
        return True
    if where.side == "response" and _accepts(old_types, new_types):
        _add(out, where, "type-narrowed", False, message)
        return True
    _add(out, where, "type-changed", True, message)
    return False


def _show_types(types: set[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


def _compare_format(old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings) -> None:
    before, after = old.get("format"), new.get("format")
    if before == after:
        return
    if before is None:
        _add(out, where, "format-added", _narrowing_breaks(where), f"format {after} added")
    elif after is None:
        _add(out, where, "format-removed", not _narrowing_breaks(where), f"format {before} removed")
    else:
        _add(out, where, "format-changed", True, f"format {before} -> {after}")


def _enum_values(schema: dict[str, Any]) -> list[Any] | None:
    if "const" in schema:
        return [schema["const"]]
    values = schema.get("enum")
    return list(values) if isinstance(values, list) else None


def _show(values: list[Any]) -> str:
    return ", ".join(json.dumps(value, ensure_ascii=False) for value in values)


def _compare_enum(old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings) -> None:
    before, after = _enum_values(old), _enum_values(new)
    if before == after:
        return
    narrowing = _narrowing_breaks(where)
    if before is None:
        assert after is not None
        _add(out, where, "enum-added", narrowing, f"values restricted to {_show(after)}")
        return
    if after is None:
        _add(out, where, "enum-removed", not narrowing, "any value allowed (enum removed)")
        return
    keys_before = {json.dumps(v, sort_keys=True) for v in before}
    keys_after = {json.dumps(v, sort_keys=True) for v in after}
    removed = [v for v in before if json.dumps(v, sort_keys=True) not in keys_after]
    added = [v for v in after if json.dumps(v, sort_keys=True) not in keys_before]
    if removed:
        _add(out, where, "enum-value-removed", narrowing, f"values removed: {_show(removed)}")
    if added:
        message = f"values added: {_show(added)}"
        breaking = not narrowing
        if breaking and where.open_enum:
            breaking = False
            message += " (open set: a sibling anyOf/oneOf branch already accepts any value)"
        _add(out, where, "enum-value-added", breaking, message)


def _compare_bounds(old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings) -> None:
    narrowing_breaks = _narrowing_breaks(where)
    for keyword in (*UPPER_BOUNDS, *LOWER_BOUNDS):
        before, after = old.get(keyword), new.get(keyword)
        if before == after or isinstance(before, bool) or isinstance(after, bool):
            continue
        upper = keyword in UPPER_BOUNDS
        name = kebab(keyword)
        if before is None:
            what, narrows, message = "added", True, f"{keyword} {after} added"
        elif after is None:
            what, narrows, message = "removed", False, f"{keyword} {before} removed"
        else:
            decreased = after < before
            what = "decreased" if decreased else "increased"
            narrows = decreased if upper else not decreased
            message = f"{keyword} {before} -> {after}"
        breaking = narrows if narrowing_breaks else not narrows
        _add(out, where, f"{name}-{what}", breaking, message)


def _compare_pattern(old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings) -> None:
    before, after = old.get("pattern"), new.get("pattern")
    if before == after:
        return
    narrowing = _narrowing_breaks(where)
    if before is None:
        _add(out, where, "pattern-added", narrowing, f"pattern {after} added")
    elif after is None:
        _add(out, where, "pattern-removed", not narrowing, f"pattern {before} removed")
    else:
        # Whether one regex accepts a subset of the other is not decidable here: breaking.
        _add(out, where, "pattern-changed", True, f"pattern {before} -> {after}")


def _compare_simple(old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings) -> None:
    if old.get("multipleOf") != new.get("multipleOf"):
        message = f"multipleOf {old.get('multipleOf')} -> {new.get('multipleOf')}"
        _add(out, where, "multiple-of-changed", True, message)
    if where.side == "request" and "default" in old and old.get("default") != new.get("default"):
        # A client that leaves the value out now gets other behaviour.
        message = f"default {json.dumps(old['default'])} -> {json.dumps(new.get('default'))}"
        _add(out, where, "default-changed", True, message)
    if not old.get("uniqueItems") and new.get("uniqueItems"):
        _add(out, where, "unique-items-added", _narrowing_breaks(where), "uniqueItems added")


def _compare_properties(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    old_props: dict[str, Any] = old.get("properties") or {}
    new_props: dict[str, Any] = new.get("properties") or {}
    old_required = set(old.get("required") or [])
    new_required = set(new.get("required") or [])
    request = where.side == "request"
    for name in old_props.keys() - new_props.keys():
        _add(out, where.at(f"properties/{name}"), "property-removed", True, f"field {name} removed")
    for name in sorted(new_props.keys() - old_props.keys()):
        spot = where.at(f"properties/{name}")
        if request:
            if name in new_required:
                _add(out, spot, "property-added-required", True, f"required field {name} added")
            else:
                _add(out, spot, "property-added-optional", False, f"optional field {name} added")
        elif old.get("additionalProperties") is False:
            message = f"field {name} added to an object that forbade unknown fields"
            _add(out, spot, "property-added-to-closed-object", True, message)
        else:
            _add(out, spot, "property-added", False, f"field {name} added")
    for name in sorted(new_required - old_required):
        if name in old_props or name not in new_props:
            spot = where.at(f"properties/{name}")
            _add(out, spot, "property-became-required", request, f"field {name} now required")
    for name in sorted(old_required - new_required):
        if name in new_props or name not in old_props:
            spot = where.at(f"properties/{name}")
            message = f"field {name} now optional"
            _add(out, spot, "property-became-optional", not request, message)
    for name in sorted(old_props.keys() & new_props.keys()):
        compare_schema(old_props[name], new_props[name], where.at(f"properties/{name}"), out)
    _compare_additional(old, new, where, out)


def _compare_additional(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    before, after = old.get("additionalProperties"), new.get("additionalProperties")
    if isinstance(before, dict) and isinstance(after, dict):
        compare_schema(before, after, where.at("additionalProperties"), out)
        return
    closed_before, closed_after = before is False, after is False
    if closed_before == closed_after:
        return
    if closed_after:
        # Responses are open by convention: only a request refusing unknown fields breaks.
        message = "unknown fields now refused"
        _add(out, where, "additional-properties-forbidden", where.side == "request", message)
    else:
        _add(out, where, "additional-properties-allowed", False, "unknown fields now allowed")


def _compare_subschemas(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    for keyword in ("items", "not", "if", "then", "else", "contains", "propertyNames"):
        before, after = old.get(keyword), new.get(keyword)
        if before is None and after is None:
            continue
        if isinstance(before, dict) and isinstance(after, dict):
            compare_schema(before, after, where.at(keyword), out)
        elif before != after:
            # A conditional or item schema appearing or vanishing cannot be classified finer.
            _add(out, where, f"{kebab(keyword)}-changed", True, f"{keyword} added or removed")


def _is_open(branch: Any) -> bool:
    return isinstance(branch, dict) and not any(k in branch for k in CONSTRAINING)


def _compare_compositions(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    for keyword in COMPOSITIONS:
        before: list[Any] = old.get(keyword) or []
        after: list[Any] = new.get(keyword) or []
        if not before and not after:
            continue
        # allOf adds constraints; anyOf/oneOf add alternatives: opposite directions.
        adding_narrows = keyword == "allOf"
        for index in range(min(len(before), len(after))):
            spot = where.at(f"{keyword}/{index}")
            siblings = [b for i, b in enumerate(after) if i != index]
            new_types = _types(after[index]) if isinstance(after[index], dict) else None
            open_enum = keyword != "allOf" and any(
                _is_open(b) and _accepts(_types(b), new_types) for b in siblings
            )
            compare_schema(before[index], after[index], replace(spot, open_enum=open_enum), out)
        name = kebab(keyword)
        if len(after) > len(before):
            breaks = adding_narrows == _narrowing_breaks(where)
            message = f"{len(after) - len(before)} {keyword} branch(es) added"
            _add(out, where, f"{name}-branch-added", breaks, message)
        elif len(before) > len(after):
            breaks = adding_narrows != _narrowing_breaks(where)
            message = f"{len(before) - len(after)} {keyword} branch(es) removed"
            _add(out, where, f"{name}-branch-removed", breaks, message)
