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
from nestbank_review.normalize import EXTENSIBLE_ENUM, OPEN_ENUM, normalize
from nestbank_review.refs import ORIGIN

# Upper bounds: a smaller value (or a new bound) narrows. Lower bounds: a larger value narrows.
UPPER_BOUNDS = (
    "maxLength",
    "maxItems",
    "maxProperties",
    "maximum",
    "exclusiveMaximum",
    "maxContains",
)
LOWER_BOUNDS = (
    "minLength",
    "minItems",
    "minProperties",
    "minimum",
    "exclusiveMinimum",
    "minContains",
)
# Subschemas compared in place; one appearing or vanishing is reported as a change.
SUBSCHEMAS = ("items", "not", "if", "then", "else", "contains", "propertyNames", "contentSchema")
# Named subschema maps: a new entry adds constraints (narrows), a removed one relaxes.
SCHEMA_MAPS = ("dependentSchemas", "patternProperties")
# Keywords whose change alters what is on the wire in a way we cannot order: breaking.
OPAQUE = ("contentMediaType", "contentEncoding")
# Where a schema closes an object or array to unlisted members.
CLOSERS = {
    "additionalProperties": "unknown fields",
    "unevaluatedProperties": "unevaluated fields",
    "unevaluatedItems": "unevaluated items",
}
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
    old, new = normalize(old), normalize(new)
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
    _compare_dependent_required(old, new, where, out)
    _compare_subschemas(old, new, where, out)
    _compare_schema_maps(old, new, where, out)
    _compare_prefix_items(old, new, where, out)
    _compare_compositions(old, new, where, out)


def _add(out: Findings, where: Where, what: str, breaking: bool, message: str) -> None:
    out.add(f"{where.side}-{what}", where.location, where.side, breaking, message, where.operation)


def _narrowing_breaks(where: Where) -> bool:
    """Narrowing breaks what the API receives (requests); widening what it sends (responses)."""
    return where.side == "request"


def _dumps(value: Any) -> str:
    # YAML gives dates and other non-JSON values; they are compared by their text.
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _types(schema: dict[str, Any]) -> set[str] | None:
    raw = schema.get("type")
    if raw is None:
        return _branch_types(schema)
    types = set(raw) if isinstance(raw, list) else {str(raw)}
    if schema.get("nullable") is True:  # OpenAPI 3.0 spelling
        types.add("null")
    return types


def _branch_types(schema: dict[str, Any]) -> set[str] | None:
    """The types an anyOf/oneOf allows when every branch names its type."""
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if isinstance(branches, list) and branches:
            found = [_types(b) if isinstance(b, dict) else None for b in branches]
            if all(t is not None for t in found):
                return set().union(*(t for t in found if t is not None))
    return None


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
    return ", ".join(json.dumps(value, ensure_ascii=False, default=str) for value in values)


def _compare_enum(old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings) -> None:
    before, after = _enum_values(old), _enum_values(new)
    narrowing = _narrowing_breaks(where)
    was_open, is_open = bool(old.get(OPEN_ENUM)), bool(new.get(OPEN_ENUM))
    if before is not None and after is not None and was_open != is_open:
        # An open set lets the API send values it has not listed yet.
        if is_open:
            message = f"enum declared open ({EXTENSIBLE_ENUM})"
            _add(out, where, "enum-opened", not narrowing, message)
        else:
            _add(out, where, "enum-closed", narrowing, "enum declared closed")
    if before == after:
        return
    if before is None:
        assert after is not None
        _add(out, where, "enum-added", narrowing, f"values restricted to {_show(after)}")
        return
    if after is None:
        _add(out, where, "enum-removed", not narrowing, "any value allowed (enum removed)")
        return
    keys_before = {_dumps(v) for v in before}
    keys_after = {_dumps(v) for v in after}
    removed = [v for v in before if _dumps(v) not in keys_after]
    added = [v for v in after if _dumps(v) not in keys_before]
    if removed:
        _add(out, where, "enum-value-removed", narrowing, f"values removed: {_show(removed)}")
    if added:
        message = f"values added: {_show(added)}"
        breaking = not narrowing
        if breaking and where.open_enum:
            breaking = False
            message += " (open set: a sibling anyOf/oneOf branch already accepts any value)"
        elif breaking and is_open:
            breaking = False
            message += f" (open set: {EXTENSIBLE_ENUM})"
        _add(out, where, "enum-value-added", breaking, message)


def _compare_bounds(old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings) -> None:
    narrowing_breaks = _narrowing_breaks(where)
    for keyword in (*UPPER_BOUNDS, *LOWER_BOUNDS):
        before, after = old.get(keyword), new.get(keyword)
        if before == after or not _is_number(before) or not _is_number(after):
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


def _is_number(value: Any) -> bool:
    """None (absent) or a real number: OpenAPI 3.0's boolean exclusiveMaximum is not a bound."""
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


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
    for keyword in OPAQUE:
        if old.get(keyword) != new.get(keyword):
            message = f"{keyword} {old.get(keyword)} -> {new.get(keyword)}"
            _add(out, where, f"{kebab(keyword)}-changed", True, message)
    if old.get("multipleOf") != new.get("multipleOf"):
        message = f"multipleOf {old.get('multipleOf')} -> {new.get('multipleOf')}"
        _add(out, where, "multiple-of-changed", True, message)
    if where.side == "request" and "default" in old and old.get("default") != new.get("default"):
        # A client that leaves the value out now gets other behaviour.
        message = f"default {_dumps(old['default'])} -> {_dumps(new.get('default'))}"
        _add(out, where, "default-changed", True, message)
    if not old.get("uniqueItems") and new.get("uniqueItems"):
        _add(out, where, "unique-items-added", _narrowing_breaks(where), "uniqueItems added")


def _visible(schema: dict[str, Any], where: Where) -> tuple[dict[str, Any], set[str]]:
    """Properties and required names on this side of the wire.

    A ``readOnly`` property is never sent by clients and a ``writeOnly`` one never
    returned (OpenAPI: "required" only applies on the side where the property exists).
    """
    raw = schema.get("properties")
    props: dict[str, Any] = dict(raw) if isinstance(raw, dict) else {}
    listed = schema.get("required")
    required = {str(n) for n in listed} if isinstance(listed, list) else set()
    hidden = "readOnly" if where.side == "request" else "writeOnly"
    gone = {n for n, p in props.items() if isinstance(p, dict) and p.get(hidden) is True}
    return {n: p for n, p in props.items() if n not in gone}, required - gone


def _compare_properties(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    old_props, old_required = _visible(old, where)
    new_props, new_required = _visible(new, where)
    request = where.side == "request"
    for name in sorted(old_props.keys() - new_props.keys()):
        deprecated = isinstance(old_props[name], dict) and old_props[name].get("deprecated") is True
        rule = "property-removed-after-deprecation" if deprecated else "property-removed"
        _add(out, where.at(f"properties/{name}"), rule, True, f"field {name} removed")
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
    for keyword in CLOSERS:
        _compare_closer(keyword, old, new, where, out)


def _compare_closer(
    keyword: str, old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    """``additionalProperties``, ``unevaluatedProperties``, ``unevaluatedItems``."""
    before, after = old.get(keyword), new.get(keyword)
    if isinstance(before, dict) and isinstance(after, dict):
        compare_schema(before, after, where.at(keyword), out)
        return
    closed_before, closed_after = before is False, after is False
    if closed_before == closed_after:
        return
    name, what = kebab(keyword), CLOSERS[keyword]
    if closed_after:
        # Responses are open by convention: only a request refusing unknown members breaks.
        message = f"{what} now refused"
        _add(out, where, f"{name}-forbidden", where.side == "request", message)
    else:
        _add(out, where, f"{name}-allowed", False, f"{what} now allowed")


def _compare_dependent_required(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    """``dependentRequired``: "if field A is present, B must be too" is a required rule."""

    def pairs(schema: dict[str, Any]) -> set[tuple[str, str]]:
        raw = schema.get("dependentRequired")
        if not isinstance(raw, dict):
            return set()
        return {
            (str(a), str(b)) for a, names in raw.items() if isinstance(names, list) for b in names
        }

    before, after = pairs(old), pairs(new)
    narrowing = _narrowing_breaks(where)
    added, removed = sorted(after - before), sorted(before - after)
    if added:
        message = "now required together: " + ", ".join(f"{a} -> {b}" for a, b in added)
        _add(out, where, "dependent-required-added", narrowing, message)
    if removed:
        message = "no longer required together: " + ", ".join(f"{a} -> {b}" for a, b in removed)
        _add(out, where, "dependent-required-removed", not narrowing, message)


def _compare_subschemas(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    for keyword in SUBSCHEMAS:
        before, after = old.get(keyword), new.get(keyword)
        if before is None and after is None:
            continue
        if isinstance(before, dict) and isinstance(after, dict):
            compare_schema(before, after, where.at(keyword), out)
        elif before != after:
            # A conditional or item schema appearing or vanishing cannot be classified finer.
            _add(out, where, f"{kebab(keyword)}-changed", True, f"{keyword} added or removed")


def _compare_schema_maps(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    """``dependentSchemas`` and ``patternProperties``: named subschemas."""
    narrowing = _narrowing_breaks(where)
    for keyword in SCHEMA_MAPS:
        raw_before, raw_after = old.get(keyword), new.get(keyword)
        before = raw_before if isinstance(raw_before, dict) else {}
        after = raw_after if isinstance(raw_after, dict) else {}
        name = kebab(keyword)
        for key in sorted(str(k) for k in before.keys() - after.keys()):
            spot = where.at(f"{keyword}/{key}")
            _add(out, spot, f"{name}-removed", not narrowing, f"{keyword} {key} removed")
        for key in sorted(str(k) for k in after.keys() - before.keys()):
            spot = where.at(f"{keyword}/{key}")
            _add(out, spot, f"{name}-added", narrowing, f"{keyword} {key} added")
        for key in sorted(str(k) for k in before.keys() & after.keys()):
            compare_schema(before[key], after[key], where.at(f"{keyword}/{key}"), out)


def _compare_prefix_items(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    """``prefixItems``: a schema per array position."""
    raw_before, raw_after = old.get("prefixItems"), new.get("prefixItems")
    before = raw_before if isinstance(raw_before, list) else []
    after = raw_after if isinstance(raw_after, list) else []
    for index in range(min(len(before), len(after))):
        compare_schema(before[index], after[index], where.at(f"prefixItems/{index}"), out)
    narrowing = _narrowing_breaks(where)
    if len(after) > len(before):
        message = f"{len(after) - len(before)} prefixItems position(s) constrained"
        _add(out, where, "prefix-items-added", narrowing, message)
    elif len(before) > len(after):
        message = f"{len(before) - len(after)} prefixItems position(s) no longer constrained"
        _add(out, where, "prefix-items-removed", not narrowing, message)


def _is_open(branch: Any) -> bool:
    return isinstance(branch, dict) and not any(k in branch for k in CONSTRAINING)


def _compare_compositions(
    old: dict[str, Any], new: dict[str, Any], where: Where, out: Findings
) -> None:
    for keyword in COMPOSITIONS:
        raw_before, raw_after = old.get(keyword), new.get(keyword)
        before: list[Any] = raw_before if isinstance(raw_before, list) else []
        after: list[Any] = raw_after if isinstance(raw_after, list) else []
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
        if keyword != "allOf" and bool(before) != bool(after):
            # No alternatives before means "anything": introducing them narrows.
            introduced = bool(after)
            breaks = introduced == _narrowing_breaks(where)
            what = "introduced" if introduced else "dropped"
            _add(out, where, f"{name}-{what}", breaks, f"{keyword} {what}")
        elif len(after) > len(before):
            breaks = adding_narrows == _narrowing_breaks(where)
            message = f"{len(after) - len(before)} {keyword} branch(es) added"
            _add(out, where, f"{name}-branch-added", breaks, message)
        elif len(before) > len(after):
            breaks = adding_narrows != _narrowing_breaks(where)
            message = f"{len(before) - len(after)} {keyword} branch(es) removed"
            _add(out, where, f"{name}-branch-removed", breaks, message)
