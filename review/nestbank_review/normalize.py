"""Rewrite a schema into a canonical spelling before it is compared.

Two spellings of the same contract must not count as a change: an ``allOf`` branch
that only adds annotations, ``allOf``/``anyOf`` around a single schema, ``anyOf`` of
bare types against a ``type`` list, and a ``pattern`` that accepts every string.
Open enums (``x-extensible-enum``) are marked so that a new value in a response is
not a break.
"""

from __future__ import annotations

import re
from typing import Any

from nestbank_review.refs import ORIGIN

OPEN_ENUM = "x-review-open-enum"
EXTENSIBLE_ENUM = "x-extensible-enum"
# Keywords that describe a value without constraining it.
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "examples",
        "example",
        "deprecated",
        "$comment",
        "externalDocs",
        "xml",
        ORIGIN,
    }
)
# Patterns that ECMA-262 `search` matches in every string: the same as no pattern.
_UNIVERSAL_PATTERN = re.compile(
    r"\^?(\.\*)?\$?|\^?\(\.\*\)\$?|\^?\[\\s\\S\]\*\$?|\^?\[\\S\\s\]\*\$?|\^?\[\^\]\*\$?"
)


def is_annotation_only(schema: Any) -> bool:
    return isinstance(schema, dict) and all(
        key in ANNOTATIONS or key.startswith("x-") for key in schema
    )


def universal_pattern(pattern: Any) -> bool:
    """Whether ``pattern`` matches every string (as ``""``, ``.*``, ``^.*``)."""
    if not isinstance(pattern, str) or not _UNIVERSAL_PATTERN.fullmatch(pattern):
        return False
    # `^$` and `^.*$` only match strings without a line break (no `s` flag): not universal.
    anchored_both = pattern.startswith("^") and pattern.endswith("$")
    return not anchored_both or "[" in pattern


def normalize(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` in its canonical spelling (a shallow copy; subschemas are not touched)."""
    out = dict(schema)
    for _ in range(8):  # nested single-branch wrappers unwrap one level per round
        before = out
        out = _drop_annotation_branches(out)
        out = _bare_types_to_type_list(out)
        out = _unwrap_single_branch(out)
        if out == before:
            break
    if universal_pattern(out.get("pattern")):
        del out["pattern"]
    extensible = out.get(EXTENSIBLE_ENUM)
    if isinstance(extensible, list) and "enum" not in out:
        out["enum"] = extensible
        out[OPEN_ENUM] = True
    elif extensible is True and "enum" in out:
        out[OPEN_ENUM] = True
    return out


def _drop_annotation_branches(schema: dict[str, Any]) -> dict[str, Any]:
    branches = schema.get("allOf")
    if not isinstance(branches, list) or not any(is_annotation_only(b) for b in branches):
        return schema
    kept = [b for b in branches if not is_annotation_only(b)]
    out = {k: v for k, v in schema.items() if k != "allOf"}
    if kept:
        out["allOf"] = kept
    return out


def _bare_type(branch: Any) -> list[str] | None:
    if not isinstance(branch, dict) or "type" not in branch:
        return None
    if any(key != "type" and key not in ANNOTATIONS for key in branch):
        return None
    raw = branch["type"]
    return [str(t) for t in raw] if isinstance(raw, list) else [str(raw)]


def _bare_types_to_type_list(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [{type: a}, {type: b}]`` is ``type: [a, b]``."""
    if "type" in schema:
        return schema
    for keyword in ("anyOf", "oneOf"):
        branches = schema.get(keyword)
        if not isinstance(branches, list) or not branches:
            continue
        types = [_bare_type(b) for b in branches]
        if any(t is None for t in types):
            continue
        merged: list[str] = []
        for listed in types:
            assert listed is not None
            merged += [t for t in listed if t not in merged]
        out = {k: v for k, v in schema.items() if k != keyword}
        out["type"] = merged[0] if len(merged) == 1 else merged
        return out
    return schema


def _unwrap_single_branch(schema: dict[str, Any]) -> dict[str, Any]:
    """``allOf: [X]`` (or anyOf/oneOf of one) beside annotations only is ``X``."""
    for keyword in ("allOf", "anyOf", "oneOf"):
        branches = schema.get(keyword)
        if not isinstance(branches, list) or len(branches) != 1:
            continue
        branch = branches[0]
        if not isinstance(branch, dict) or "$ref" in branch:
            continue  # a cut reference cycle stays as it is
        rest = {k: v for k, v in schema.items() if k != keyword}
        if any(k in branch and k not in ANNOTATIONS for k in rest):
            continue  # both sides constrain the same keyword: keep the composition
        merged = {**branch, **rest}
        if ORIGIN not in rest and ORIGIN in branch:
            merged[ORIGIN] = branch[ORIGIN]
        return merged
    return schema
