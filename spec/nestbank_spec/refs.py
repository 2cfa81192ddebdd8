"""Local `$ref`s (`#/json/pointer`) within one document.

References to other files are the review's business (`nestbank_review.refs` inlines
them); everything else reads one self-contained document.
"""

from __future__ import annotations

from typing import Any

__all__ = ["UnresolvedRef", "lookup", "resolve"]

_MAX_HOPS = 50  # a chain of $ref to $ref longer than this is a cycle


class UnresolvedRef(KeyError):
    """A `$ref` that names nothing in the document (or another document).

    A KeyError, as a failed lookup in the dict it is, so callers' `except KeyError` holds.
    """

    def __str__(self) -> str:  # KeyError's own quotes the message like a key
        return str(self.args[0]) if self.args else ""


def lookup(document: Any, ref: str) -> Any:
    """The node a local reference (`#/components/schemas/Money`) points at."""
    if ref == "#":
        return document
    if not ref.startswith("#/"):
        raise UnresolvedRef(f"$ref {ref!r} is not local to the document")
    node = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        try:
            node = node[int(part)] if isinstance(node, list) else node[part]
        except (KeyError, IndexError, ValueError, TypeError):
            raise UnresolvedRef(f"$ref {ref!r} points at nothing") from None
    return node


def resolve(document: Any, node: Any) -> Any:
    """`node`, or what its chain of local `$ref`s ends at (siblings of `$ref` are dropped)."""
    for _ in range(_MAX_HOPS):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        node = lookup(document, node["$ref"])
    raise UnresolvedRef(f"$ref chain longer than {_MAX_HOPS}: a cycle")
