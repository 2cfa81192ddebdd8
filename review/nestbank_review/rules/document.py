"""The OpenAPI document as the rule engine sees it: navigation, $refs, validation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
import referencing.jsonschema

Node = dict[str, Any]
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
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
        if not ref.startswith("#/"):
            raise KeyError(ref)
        node: Any = self.doc
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def deref(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 20:
            node = self.lookup(node["$ref"])
            seen += 1
        return node

    def operations(self) -> Iterator[tuple[str, str, Node]]:
        for path, item in self.doc.get("paths", {}).items():
            for method in HTTP_METHODS:
                if method in item:
                    yield path, method, item[method]

    def parameters_of(self, path: str, operation: Node) -> list[Node]:
        shared = self.doc["paths"][path].get("parameters", [])
        return [self.deref(p) for p in [*shared, *operation.get("parameters", [])]]

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
