"""Spec rules from the source audit (issue 12): labels, tolerance, permissions, sources.

Each rule reads the document through `SpecDocument`; `spec_rules.SpecRules` inherits
them, so the engine (`nestbank_review.rules.engine`) runs them with the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from nestbank_spec import HTTP_METHODS

from nestbank_review.rules.document import Node, SpecDocument
from nestbank_review.rules.sources import (
    PAGE_NOTE,
    load_sources,
    normalise_gloss,
    unresolved_sections,
)

GLOSS_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|\s*$", re.MULTILINE)
# What RFC 6749 (named by §01 as the bank's OAuth2) requires may be required too.
REQUIRABLE = re.compile(r"^Documented\b|RFC 6749")
ACCOUNT_NUMBER = re.compile(r"^[0-9]{26}$")
NOT_HTTPS = "http://partner.example.com/nestbank/callback"
DOCUMENTED_STATUSES = {"documented", "partly-documented"}


def iban_valid(number: str) -> bool:
    """The NRB's IBAN check digits (ISO 13616 mod 97; PL is 2521)."""
    return int(number[2:] + "2521" + number[:2]) % 97 == 1


class AuditRules(SpecDocument):
    def rule_permissions(self) -> Iterator[str]:
        """Every operation behind `access_token` names its §06 permission; the others none."""
        objects, actions = self.facts.PERMISSION_OBJECTS, self.facts.PERMISSION_ACTIONS
        permission = re.compile(rf"^({'|'.join(objects)}):({'|'.join(actions)})$")
        default = self.doc.get("security", [])
        for _, _, op in self.operations():
            name = op.get("operationId")
            declared = op.get("x-nestbank-permission")
            if not op.get("security", default):
                if declared is not None:
                    yield f"{name}: an operation without access_token needs no permission"
                continue
            values = declared if isinstance(declared, list) else [declared]
            if not values or not all(isinstance(v, str) and permission.match(v) for v in values):
                yield f"{name}: x-nestbank-permission must be OBJECT:ACTION (§06), got {declared!r}"

    def response_bodies(self) -> Iterator[tuple[str, str, Node]]:
        """(operation, status, body schema) of answers whose shape the bank documents."""
        for path, method, op in self.operations():
            name = op.get("operationId", f"{method} {path}")
            documented = op.get("x-nestbank-source", {}).get("status") in DOCUMENTED_STATUSES
            for status, response in op.get("responses", {}).items():
                if not (documented or status[0] in "45"):
                    continue
                content = self.deref(response).get("content", {}).get("application/json", {})
                if "schema" in content:
                    yield name, status, self.deref(content["schema"])

    def rule_tolerance(self) -> Iterator[str]:
        """Require of the bank only what it promised, so that its real answers validate."""
        for name, status, schema in self.response_bodies():
            for field in schema.get("required", []):
                prop = self.deref(schema.get("properties", {}).get(field, {}))
                if not REQUIRABLE.search(str(prop.get("description", ""))):
                    yield f"{name} {status}: required {field} is neither documented nor RFC 6749"
        for pointer, node in self.walk(self.doc):
            if not re.search(
                r"/responses/[^/]+/headers/[^/]+$|^/components/headers/[^/]+$", pointer
            ):
                continue
            header = self.deref(node)
            if not isinstance(header, dict):
                continue
            if header.get("required") and not REQUIRABLE.search(str(header.get("description", ""))):
                yield f"{pointer}: an inferred response header must not be required"
            schema = self.deref(header.get("schema", {}))
            if "enum" in schema or "const" in schema:
                yield f"{pointer}: a closed enum refuses a header the bank may spell otherwise"
        grant = next(
            (op for _, _, op in self.operations() if op.get("operationId") == "grantToken"), {}
        )
        form = self.deref(grant.get("requestBody", {})).get("content", {})
        schema = self.deref(form.get("application/x-www-form-urlencoded", {}).get("schema", {}))
        if schema.get("additionalProperties") is False:
            yield "grantToken: the token form must ignore unknown parameters (RFC 6749 §3.2)"
        if "scope" not in schema.get("properties", {}):
            yield "grantToken: the token form must accept scope on a refresh (RFC 6749 §6)"

    def rule_token_headers(self) -> Iterator[str]:
        """RFC 6749 §5.1: the token answer says Cache-Control: no-store and Pragma: no-cache."""
        for _, _, op in self.operations():
            if op.get("operationId") != "grantToken":
                continue
            headers = self.deref(op.get("responses", {}).get("200", {})).get("headers", {})
            for header, value in (("Cache-Control", "no-store"), ("Pragma", "no-cache")):
                described = self.deref(headers.get(header, {}))
                if not described:
                    yield f"grantToken 200: no {header} header"
                    continue
                schema_pointer = self.header_schema_pointer(headers[header])
                if schema_pointer and self.validate(value, schema_pointer):
                    yield f"grantToken 200: {header} refuses {value!r}"

    def header_schema_pointer(self, header: Any) -> str | None:
        """The JSON pointer of a `$ref`-ed header's schema (inline headers: None)."""
        ref = header.get("$ref") if isinstance(header, dict) else None
        return f"{ref[1:]}/schema" if isinstance(ref, str) and ref.startswith("#/") else None

    def rule_identifiers(self) -> Iterator[str]:
        """A path parameter never equals a fixed segment of a sibling path (`authorize`)."""
        paths = list(self.doc.get("paths", {}))
        for path in paths:
            segments = path.strip("/").split("/")
            for index, segment in enumerate(segments):
                variable = re.fullmatch(r"\{([^}]+)\}", segment)
                if not variable:
                    continue
                for other in paths:
                    others = other.strip("/").split("/")
                    if len(others) != len(segments) or others[:index] != segments[:index]:
                        continue
                    fixed = others[index]
                    if fixed.startswith("{"):
                        continue
                    pointer = self.parameter_schema_pointer(path, variable.group(1))
                    if pointer and not self.validate(fixed, pointer):
                        name = variable.group(1)
                        yield f"{path}: {{{name}}} accepts {fixed!r}: {other} is ambiguous"

    def parameter_schema_pointer(self, path: str, name: str) -> str | None:
        item = self.doc["paths"][path]
        candidates = [*item.get("parameters", [])]
        for method in HTTP_METHODS:
            candidates += item.get(method, {}).get("parameters", [])
        for param in candidates:
            ref = param.get("$ref")
            resolved = self.deref(param)
            if resolved.get("name") == name and resolved.get("in") == "path":
                return f"{ref[1:]}/schema" if ref else None
        return None

    def rule_examples_consistent(self) -> Iterator[str]:
        """Examples agree with the descriptions: account numbers pass the IBAN check."""
        values = [(w, v) for w, _, v in self.media_examples()]
        for pointer, schema in self.schemas():
            values += [(pointer, v) for v in schema.get("examples", []) or []]
        for name, example in self.doc.get("components", {}).get("examples", {}).items():
            values.append((f"/components/examples/{name}", example.get("value")))
        for where, value in values:
            for pointer, node in self.walk(value, where):
                if isinstance(node, str) and ACCOUNT_NUMBER.match(node) and not iban_valid(node):
                    yield f"{pointer}: {node} fails the NRB/IBAN mod-97 check"

    def rule_conditions(self) -> Iterator[str]:
        """The schemas enforce what their descriptions promise."""
        base = "/components/schemas"
        must_fail: tuple[tuple[str, Any, str], ...] = (
            ("Amount", "-0.00", "an amount of -0.00"),
            ("PositiveAmount", "0.00", "a zero operation amount"),
            (
                "Payment",
                {"status": "EXECUTED"},
                "an EXECUTED payment without executedAt",
            ),
            (
                "Authorization",
                {"operationType": "BLOCKADE"},
                "a blockade's authorization without blockadeId",
            ),
            (
                "Authorization",
                {"operationType": "PAYMENT"},
                "a payment's authorization without orderId",
            ),
        )
        for schema, instance, what in must_fail:
            schema_node = self.doc.get("components", {}).get("schemas", {}).get(schema, {})
            required = schema_node.get("required", [])
            if isinstance(instance, dict):  # only the condition may be missing
                props = {k: v for k, v in self.example_of(schema).items() if k in required}
                instance = {**props, **instance}
            if not self.validate(instance, f"{base}/{schema}"):
                yield f"{schema} accepts {what}"

    def example_of(self, schema: str) -> dict[str, Any]:
        """A valid instance of a component schema, from the document's own examples."""
        target = f"#/components/schemas/{schema}"
        for _, schema_pointer, value in self.media_examples():
            node = self.lookup("#" + schema_pointer)
            if isinstance(node, dict) and node.get("$ref") == target and isinstance(value, dict):
                return dict(value)
            items = self.deref(node).get("properties", {}) if isinstance(node, dict) else {}
            for key, prop in items.items():
                inner = prop.get("items", {}) if isinstance(prop, dict) else {}
                if inner.get("$ref") == target and isinstance(value, dict) and value.get(key):
                    return dict(value[key][0])
        return {}

    def rule_https(self) -> Iterator[str]:
        """§11: URIs that partners give for production are HTTPS."""
        for name in self.facts.PARTNER_URI_SCHEMAS:
            pointer = f"/components/schemas/{name}"
            if not self.validate(NOT_HTTPS, pointer):
                yield f"{name} accepts {NOT_HTTPS} (§11: HTTPS only)"
            if self.validate("https://partner.example.com/nestbank/callback", pointer):
                yield f"{name} refuses an https URI"

    def rule_sections(self) -> Iterator[str]:
        """Every §NN names a section of docs/sources.md."""
        sources = load_sources(self.facts.SOURCES_PATH)
        for pointer, node in self.walk(self.doc):
            texts = [node] if isinstance(node, str) else []
            if isinstance(node, dict):
                texts += [k for k in node if isinstance(k, str)]
            for text in texts:
                for missing in unresolved_sections(text, sources):
                    yield f"{pointer or '/'}: {missing} is not a section of docs/sources.md"

    def rule_glosses(self) -> Iterator[str]:
        """The error tables translate the bank's texts as docs/sources.md does, no more."""
        documented = load_sources(self.facts.SOURCES_PATH).errors
        for name, response in self.doc.get("components", {}).get("responses", {}).items():
            for code, meaning in GLOSS_ROW.findall(str(response.get("description", ""))):
                known = documented.get(code)
                if known is None:
                    continue
                if normalise_gloss(PAGE_NOTE.sub("", meaning)) != normalise_gloss(
                    known.translation
                ):
                    yield f"responses/{name}: {code}'s meaning is not docs/sources.md's translation"
            content = response.get("content", {}).get("application/json", {})
            for example in (content.get("examples") or {}).values():
                value = self.deref(example).get("value", {})
                known = documented.get(str(value.get("error")))
                if known and value.get("error_description") != known.polish:
                    yield f"responses/{name}: {value.get('error')} does not carry the bank's text"

    def rule_labels(self) -> Iterator[str]:
        """The places an audit found labelled stronger than their source stay honest."""
        for pointer in self.facts.MUST_START_INFERRED:
            try:
                description = str(self.lookup("#" + pointer).get("description", ""))
            except (KeyError, IndexError):
                yield f"{pointer}: missing"
                continue
            if not description.startswith("Inferred"):
                yield f"{pointer}: must be labelled Inferred (a convention, not the bank's)"
        for pointer in self.facts.MUST_SAY_INFERRED:
            try:
                text = str(self.lookup("#" + pointer))
            except (KeyError, IndexError):
                yield f"{pointer}: missing"
                continue
            if "Inferred" not in text:
                yield f"{pointer}: must say which part is inferred"
