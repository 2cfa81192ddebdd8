"""Inline local ``$ref``s so that two documents can be compared structurally.

Every inlined object keeps where it came from under ``ORIGIN`` (for example
``#/components/schemas/Title``). The comparer reports a change inside a shared
component once, at the component, instead of once per operation that uses it.
"""

from __future__ import annotations

from typing import Any

from nestbank_review.errors import ReviewError

ORIGIN = "x-review-origin"


def resolve_refs(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``doc`` with every local ``$ref`` replaced by its target.

    A reference cycle is cut where it closes: the repeated ``$ref`` stays in place
    (with ``ORIGIN``), and the comparer treats it as equal when the pointer is equal.
    """
    resolved = _resolve(doc, doc, ())
    assert isinstance(resolved, dict)
    return resolved


def _resolve(node: Any, root: dict[str, Any], stack: tuple[str, ...]) -> Any:
    if isinstance(node, list):
        return [_resolve(item, root, stack) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref in stack:
            return {"$ref": ref, ORIGIN: ref}
        target = _resolve(lookup_pointer(root, ref), root, (*stack, ref))
        if not isinstance(target, dict):
            return target
        merged = dict(target)
        # OpenAPI 3.1 lets summary/description sit beside $ref and override the target's.
        for key, value in node.items():
            if key != "$ref":
                merged[key] = _resolve(value, root, stack)
        merged[ORIGIN] = ref
        return merged
    return {key: _resolve(value, root, stack) for key, value in node.items()}


def lookup_pointer(root: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#"):
        raise ReviewError(f"only local references are supported, found $ref: {ref!r}")
    node: Any = root
    for raw in ref[1:].split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise ReviewError(f"$ref {ref!r} points at nothing")
    return node
