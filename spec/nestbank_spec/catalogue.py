"""The error catalogue: every error code, its HTTP status, the bank's text, its meaning.

The codes live in the examples of the shared responses (`components/responses`); a
response's status is where operations use it (`"400": $ref: .../BadRequest`); the English
meaning is the row `| \\`code\\` | meaning |` of the response's description table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .operations import operations

__all__ = ["CatalogueEntry", "error_catalogue", "meanings"]

_RESPONSES = "#/components/responses/"
_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|\s*$", re.MULTILINE)


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    status: int | None  # None: no operation uses the response that documents the code
    description: str  # the bank's `error_description` (Polish), from the example
    meaning: str  # English, from the response's description table ("" when absent)


def error_catalogue(document: dict[str, Any]) -> dict[str, CatalogueEntry]:
    """Code -> entry for every code an example of `components/responses` shows."""
    status_of: dict[str, int] = {}
    for op in operations(document):
        responses = op.operation.get("responses")
        for status, response in (responses if isinstance(responses, dict) else {}).items():
            ref = response.get("$ref") if isinstance(response, dict) else None
            if isinstance(ref, str) and ref.startswith(_RESPONSES) and str(status).isdigit():
                status_of.setdefault(ref[len(_RESPONSES) :], int(status))
    shared = (document.get("components") or {}).get("responses") or {}
    catalogue: dict[str, CatalogueEntry] = {}
    for name, response in shared.items() if isinstance(shared, dict) else ():
        if not isinstance(response, dict):
            continue
        meanings = dict(_ROW.findall(str(response.get("description") or "")))
        for code, description in _examples(response):
            entry = CatalogueEntry(code, status_of.get(name), description, meanings.get(code, ""))
            catalogue.setdefault(code, entry)
    return catalogue


def meanings(document: dict[str, Any]) -> dict[str, str]:
    """Code -> English meaning from every shared response's description table."""
    found: dict[str, str] = {}
    shared = (document.get("components") or {}).get("responses") or {}
    for response in shared.values() if isinstance(shared, dict) else ():
        if isinstance(response, dict):
            for code, meaning in _ROW.findall(str(response.get("description") or "")):
                found.setdefault(code, meaning)
    return found


def _examples(response: dict[str, Any]) -> list[tuple[str, str]]:
    """(error, error_description) of each example error body of the response."""
    found = []
    content = response.get("content")
    for media in (content if isinstance(content, dict) else {}).values():
        examples = (media or {}).get("examples") if isinstance(media, dict) else None
        for example in (examples if isinstance(examples, dict) else {}).values():
            value = example.get("value") if isinstance(example, dict) else None
            if isinstance(value, dict) and "error" in value:
                found.append((str(value["error"]), str(value.get("error_description", ""))))
    return found
