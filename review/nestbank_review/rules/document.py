"""The OpenAPI document as the rule engine sees it: navigation, $refs, validation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import nestbank_spec
import referencing
import referencing.exceptions
import referencing.jsonschema
from nestbank_spec import HTTP_METHODS

__all__ = ["DOC_URI", "HTTP_METHODS", "Node", "SpecDocument", "escape"]

Node = dict[str, Any]
DOC_URI = "urn:nestbank:spec"


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


class SpecDocument:
    """The document and the facts restated from the bank's pages (None: their rules skip)."""

    def __init__(self, doc: Node, facts: Any = None) -> None:
        self.doc = doc
        self.facts = facts
        resource = referencing.Resource.from_contents(
            doc, default_specification=referencing.jsonschema.DRAFT202012
        )
        self.registry: referencing.Registry[Any] = referencing.Registry().with_resource(
            DOC_URI, resource
        )

    # -- navigation -------------------------------------------------------------

    def lookup(self, ref: str) -> Any:
        """The node a local `$ref` names (nestbank_spec.UnresolvedRef, a KeyError, if none)."""
        return nestbank_spec.lookup(self.doc, ref)

    def deref(self, node: Any) -> Any:
        return nestbank_spec.resolve(self.doc, node)

    def operations(self) -> Iterator[tuple[str, str, Node]]:
        for op in nestbank_spec.operations(self.doc):
            yield op.path, op.method, op.operation

    def parameters_of(self, path: str, operation: Node) -> list[Node]:
        """The operation's parameters merged with its path item's, resolved."""
        item = self.doc["paths"][path]
        method = next(m for m in HTTP_METHODS if item.get(m) is operation)
        return nestbank_spec.parameters(
            self.doc, nestbank_spec.Operation(method, path, operation, item)
        )

    def validate(self, instance: Any, schema_pointer: str) -> list[str]:
        """Validate against the schema at a JSON pointer of the document (refs resolve)."""
        validator = jsonschema.Draft202012Validator(
            {"$ref": f"{DOC_URI}#{schema_pointer}"},
            registry=self.registry,
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )
        try:
            return [error.message for error in validator.iter_errors(instance)]
        except referencing.exceptions.Unresolvable as exc:  # reported by refs-resolve
            return [f"cannot validate: {exc}"]

    def walk(self, node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
        yield pointer, node
        if isinstance(node, dict):
            for key, value in node.items():
                yield from self.walk(value, f"{pointer}/{escape(str(key))}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from self.walk(value, f"{pointer}/{index}")

    def schemas(self) -> Iterator[tuple[str, Node]]:
        """Every schema object in the document, with its pointer (properties included)."""

        def inside(pointer: str, schema: Any) -> Iterator[tuple[str, Node]]:
            if not isinstance(schema, dict):
                return
            yield pointer, schema
            for key in ("items", "not", "if", "then", "else"):
                if key in schema:
                    yield from inside(f"{pointer}/{key}", schema[key])
            for key in ("allOf", "anyOf", "oneOf"):
                for index, sub in enumerate(schema.get(key, [])):
                    yield from inside(f"{pointer}/{key}/{index}", sub)
            for name, sub in schema.get("properties", {}).items():
                yield from inside(f"{pointer}/properties/{escape(name)}", sub)

        for name, schema in self.doc.get("components", {}).get("schemas", {}).items():
            yield from inside(f"/components/schemas/{escape(name)}", schema)
        for pointer, node in self.walk(self.doc.get("paths", {}), "/paths"):
            if pointer.endswith("/schema") and isinstance(node, dict):
                yield from inside(pointer, node)
        for name, param in self.doc.get("components", {}).get("parameters", {}).items():
            yield from inside(f"/components/parameters/{escape(name)}/schema", param["schema"])

    def media_examples(self) -> Iterator[tuple[str, str, Any]]:
        """(where, schema pointer, example value) of every media-type and parameter example."""
        for pointer, node in self.walk(self.doc):
            if not isinstance(node, dict) or not isinstance(node.get("schema"), dict):
                continue
            schema_pointer = f"{pointer}/schema"
            if "example" in node:
                yield pointer, schema_pointer, node["example"]
            for key, example in (node.get("examples") or {}).items():
                example = self.deref(example)
                if isinstance(example, dict) and "value" in example:
                    yield f"{pointer}/examples/{key}", schema_pointer, example["value"]

    def error_responses(self) -> Iterator[tuple[str, str, str, Node]]:
        for path, method, op in self.operations():
            for status, response in op.get("responses", {}).items():
                if status[0] in "45":
                    yield op.get("operationId", f"{method} {path}"), status, path, response
