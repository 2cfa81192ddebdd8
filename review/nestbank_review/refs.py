"""Inline ``$ref``s (local and relative files) so that two documents compare structurally.

Every inlined object keeps where it came from under ``ORIGIN`` (for example
``#/components/schemas/Title``, or ``schemas/thing.yaml#/Thing`` for another file).
The comparer reports a change inside a shared component once, at the component,
instead of once per operation that uses it.

References to other files are resolved relative to the file that holds them, through
a ``Loader`` (the working copy's folder, or the same folder at a git ref). Remote
(``http://``) references are refused with a clear error: a review must not depend on
what a server answers today.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nestbank_review.errors import ReviewError

ORIGIN = "x-review-origin"
ROOT = ""  # the root document's id; other documents are ids relative to its folder

Loader = Callable[[str], Any]
"""Parsed content of a file, given its path relative to the root document's folder."""


def _no_files(path: str) -> Any:
    raise ReviewError(f"$ref to another file ({path!r}) but no folder to read it from")


@dataclass
class _Context:
    loader: Loader
    root: Any
    only_external: bool
    docs: dict[str, Any] = field(default_factory=dict)

    def document(self, doc_id: str, referrer: str) -> Any:
        if doc_id == ROOT:
            return self.root
        if doc_id not in self.docs:
            try:
                self.docs[doc_id] = self.loader(doc_id)
            except ReviewError as exc:
                where = referrer or "the root document"
                raise ReviewError(
                    f"cannot resolve a $ref to {doc_id!r} (in {where}): {exc}"
                ) from exc
        return self.docs[doc_id]


def resolve_refs(doc: dict[str, Any], loader: Loader | None = None) -> dict[str, Any]:
    """A copy of ``doc`` with every ``$ref`` replaced by its target.

    A reference cycle is cut where it closes: the repeated ``$ref`` stays in place
    (with ``ORIGIN``), and the comparer treats it as equal when the pointer is equal.
    """
    resolved = _resolve(doc, _Context(loader or _no_files, doc, False), ROOT, ())
    assert isinstance(resolved, dict)
    return resolved


def bundle(doc: dict[str, Any], loader: Loader | None = None) -> dict[str, Any]:
    """A copy of ``doc`` with references to other files inlined; local ones stay.

    For the tools that need one self-contained document (validator, house rules, the
    rendered reference). Local references inside another file are inlined with it,
    since they point into that file.
    """
    resolved = _resolve(doc, _Context(loader or _no_files, doc, True), ROOT, ())
    assert isinstance(resolved, dict)
    return resolved


def _target_id(ref: str, doc_id: str) -> tuple[str, str]:
    """(document id, fragment) of ``ref`` written in document ``doc_id``."""
    file_part, _, fragment = ref.partition("#")
    if not file_part:
        return doc_id, fragment
    if "://" in file_part or file_part.startswith("//"):
        raise ReviewError(f"$ref {ref!r}: remote references are not fetched; use a relative file")
    if file_part.startswith("/"):
        raise ReviewError(f"$ref {ref!r}: absolute paths are not portable; use a relative file")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(doc_id), file_part))
    return joined, fragment


def _resolve(node: Any, ctx: _Context, doc_id: str, stack: tuple[str, ...]) -> Any:
    if isinstance(node, list):
        return [_resolve(item, ctx, doc_id, stack) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if not isinstance(ref, str):
        # YAML reads `200:` as an integer key; JSON documents only have string keys.
        return {str(key): _resolve(value, ctx, doc_id, stack) for key, value in node.items()}
    target_doc, fragment = _target_id(ref, doc_id)
    if ctx.only_external and target_doc == ROOT:
        return {str(key): _resolve(value, ctx, doc_id, stack) for key, value in node.items()}
    canonical = f"{target_doc}#{fragment}"
    if canonical in stack:
        return {"$ref": canonical, ORIGIN: canonical}
    document = ctx.document(target_doc, doc_id)
    target = _resolve(lookup(document, fragment, ref), ctx, target_doc, (*stack, canonical))
    if not isinstance(target, dict):
        return target
    merged = dict(target)
    # OpenAPI 3.1 lets summary/description sit beside $ref and override the target's.
    for key, value in node.items():
        if key != "$ref":
            merged[str(key)] = _resolve(value, ctx, doc_id, stack)
    if not ctx.only_external:
        merged[ORIGIN] = canonical
    return merged


def lookup(document: Any, fragment: str, ref: str) -> Any:
    """The node at ``fragment`` (a JSON pointer or a ``$anchor`` name) in ``document``."""
    if fragment and not fragment.startswith("/"):
        found = _find_anchor(document, fragment)
        if found is None:
            raise ReviewError(f"$ref {ref!r} points at nothing (no $anchor {fragment!r})")
        return found
    node: Any = document
    for raw in fragment.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict) and part.isdigit() and int(part) in node:
            node = node[int(part)]  # YAML's integer key, e.g. a status code
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise ReviewError(f"$ref {ref!r} points at nothing")
    return node


def _find_anchor(node: Any, name: str) -> Any:
    if isinstance(node, dict):
        if node.get("$anchor") == name:
            return node
        children: Any = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _find_anchor(child, name)
        if found is not None:
            return found
    return None
