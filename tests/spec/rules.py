"""The project's own rules for spec/nestbank.yaml, beyond OpenAPI validity.

`check_spec(doc)` returns one line per problem, each prefixed with the rule's name, so
that the tests can show that every rule fires on a deliberately broken copy and the
review tooling can print the same findings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
import referencing.jsonschema

from tests.spec.catalogue import (
    DOCUMENTED_ERRORS,
    MUST_SAY_INFERRED,
    MUST_START_INFERRED,
    PARTNER_URI_SCHEMAS,
    PERMISSION_ACTIONS,
    PERMISSION_OBJECTS,
    REQUIRED_LINKS,
    SERVERS,
    STATUS_OF_CODE,
    SURFACE,
    UNAUTHENTICATED,
)
from tests.spec.sources import (
    PAGE_NOTE,
    load_sources,
    normalise_gloss,
    unresolved_sections,
)

Node = dict[str, Any]
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SOURCE_STATUSES = {"documented", "partly-documented", "inferred"}
PROVENANCE = re.compile(r"^(Documented|Inferred)\b")
PROVENANCE_HINT = "'Documented' or 'Inferred'"
DOC_URI = "urn:nestbank:spec"
COMPONENT_KINDS = ("schemas", "parameters", "responses", "headers", "examples", "securitySchemes")
PERMISSION = re.compile(rf"^({'|'.join(PERMISSION_OBJECTS)}):({'|'.join(PERMISSION_ACTIONS)})$")
GLOSS_ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(.+?)\s*\|\s*$", re.MULTILINE)
# What RFC 6749 (named by §01 as the bank's OAuth2) requires may be required too.
REQUIRABLE = re.compile(r"^Documented\b|RFC 6749")
ACCOUNT_NUMBER = re.compile(r"^[0-9]{26}$")
NOT_HTTPS = "http://partner.example.com/nestbank/callback"
DOCUMENTED_STATUSES = {"documented", "partly-documented"}


def iban_valid(number: str) -> bool:
    """The NRB's IBAN check digits (ISO 13616 mod 97; PL is 2521)."""
    return int(number[2:] + "2521" + number[:2]) % 97 == 1


def escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


class SpecRules:
    def __init__(self, doc: Node) -> None:
        self.doc = doc
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

    # -- rules ------------------------------------------------------------------

    def rule_refs_resolve(self) -> Iterator[str]:
        for pointer, node in self.walk(self.doc):
            if isinstance(node, dict) and isinstance(node.get("$ref"), str):
                try:
                    self.lookup(node["$ref"])
                except (KeyError, IndexError, ValueError):
                    yield f"{pointer}: $ref {node['$ref']} does not resolve"

    def rule_surface(self) -> Iterator[str]:
        found = {
            op.get("operationId"): (method, path, op.get("tags", []))
            for path, method, op in self.operations()
        }
        for method, path, operation_id, tag in SURFACE:
            if operation_id not in found:
                yield f"operation {operation_id} ({method.upper()} {path}) is missing"
                continue
            got_method, got_path, tags = found.pop(operation_id)
            if (got_method, got_path) != (method, path):
                yield (
                    f"{operation_id} is {got_method.upper()} {got_path}, "
                    f"not {method.upper()} {path}"
                )
            if tags != [tag]:
                yield f"{operation_id} has tags {tags}, not [{tag}]"
        for extra in found:
            yield f"operation {extra} is not in the documented surface"

    def rule_operation_metadata(self) -> Iterator[str]:
        declared_tags = {tag["name"] for tag in self.doc.get("tags", [])}
        for path, method, op in self.operations():
            name = op.get("operationId") or f"{method.upper()} {path}"
            for key in ("operationId", "summary", "description", "tags"):
                if not op.get(key):
                    yield f"{name}: no {key}"
            for tag in op.get("tags", []):
                if tag not in declared_tags:
                    yield f"{name}: tag {tag} is not declared"
            source = op.get("x-nestbank-source")
            if not isinstance(source, dict) or source.get("status") not in SOURCE_STATUSES:
                yield f"{name}: x-nestbank-source.status must be one of {sorted(SOURCE_STATUSES)}"
            elif "§" not in str(source.get("basis", "")):
                yield f"{name}: x-nestbank-source.basis must name the section it rests on"

    def rule_examples_present(self) -> Iterator[str]:
        for path, _, op in self.operations():
            name = op.get("operationId", path)
            for param in self.parameters_of(path, op):
                if "example" not in param and "examples" not in param:
                    yield f"{name}: parameter {param.get('name')} has no example"
            body = self.deref(op.get("requestBody", {}))
            for media, content in body.get("content", {}).items():
                if not content.get("examples") and "example" not in content:
                    yield f"{name}: request body {media} has no example"
            for status, response in op.get("responses", {}).items():
                for media, content in self.deref(response).get("content", {}).items():
                    if not content.get("examples") and "example" not in content:
                        yield f"{name}: response {status} {media} has no example"

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

    def rule_examples_valid(self) -> Iterator[str]:
        for where, schema_pointer, value in self.media_examples():
            if "text/html" in where:
                continue
            for message in self.validate(value, schema_pointer):
                yield f"{where}: {message}"
        for pointer, schema in self.schemas():
            for index, value in enumerate(schema.get("examples", []) or []):
                for message in self.validate(value, pointer):
                    yield f"{pointer}/examples/{index}: {message}"

    def error_responses(self) -> Iterator[tuple[str, str, str, Node]]:
        for path, method, op in self.operations():
            for status, response in op.get("responses", {}).items():
                if status[0] in "45":
                    yield op.get("operationId", f"{method} {path}"), status, path, response

    def rule_error_responses(self) -> Iterator[str]:
        error_ref = "#/components/schemas/Error"
        for name, status, _, response in self.error_responses():
            resolved = self.deref(response)
            schema = resolved.get("content", {}).get("application/json", {}).get("schema", {})
            if schema.get("$ref") != error_ref:
                yield f"{name} {status}: the body must be $ref {error_ref}"
            headers = resolved.get("headers", {})
            if "Cache-Control" not in headers:
                yield f"{name} {status}: no Cache-Control header"
            if status == "429" and "Retry-After" not in headers:
                yield f"{name} 429: no Retry-After header"

    def rule_error_catalogue(self) -> Iterator[str]:
        components = self.doc.get("components", {})
        enum = components.get("schemas", {}).get("ErrorCode", {}).get("enum", [])
        if sorted(enum) != sorted(STATUS_OF_CODE):
            missing = sorted(set(STATUS_OF_CODE) - set(enum))
            extra = sorted(set(enum) - set(STATUS_OF_CODE))
            yield f"ErrorCode must list the 34 documented codes (missing {missing}, extra {extra})"
        names = components.get("schemas", {}).get("ErrorCode", {}).get("x-enum-varnames", [])
        if len(names) != len(enum) or len(set(names)) != len(names):
            yield "ErrorCode: x-enum-varnames must give one unique name per code"
        elif not all(re.fullmatch(r"[A-Z][A-Z0-9_]*", n) for n in names):
            yield "ErrorCode: x-enum-varnames must be UPPER_SNAKE identifiers"
        shown: dict[str, set[str]] = {}
        for _, status, _, response in self.error_responses():
            content = self.deref(response).get("content", {}).get("application/json", {})
            for example in (content.get("examples") or {}).values():
                code = self.deref(example).get("value", {}).get("error")
                shown.setdefault(status, set()).add(code)
        for status, codes in DOCUMENTED_ERRORS.items():
            for code in codes:
                if code not in shown.get(status, set()):
                    yield f"code {code!r} has no example under status {status}"
        for status, shown_codes in shown.items():
            for code in shown_codes - set(DOCUMENTED_ERRORS.get(status, ())):
                yield f"status {status} shows code {code!r}, which is not documented for it"

    def rule_operation_errors(self) -> Iterator[str]:
        used: set[str] = set()
        for path, method, op in self.operations():
            name = op.get("operationId", f"{method} {path}")
            declared = op.get("x-nestbank-errors")
            if not isinstance(declared, dict):
                yield f"{name}: no x-nestbank-errors"
                continue
            statuses = {s for s in op.get("responses", {}) if s[0] in "45"}
            if set(declared) != statuses:
                yield (
                    f"{name}: x-nestbank-errors statuses {sorted(declared)} "
                    f"!= error responses {sorted(statuses)}"
                )
            for status, codes in declared.items():
                for code in codes:
                    used.add(code)
                    if STATUS_OF_CODE.get(code) != status:
                        yield f"{name}: code {code!r} is not documented under {status}"
        for code in sorted(set(STATUS_OF_CODE) - used):
            yield f"documented code {code!r} is not answered by any operation"

    def rule_timestamps(self) -> Iterator[str]:
        for pointer, schema in self.schemas():
            name = pointer.rsplit("/", 1)[-1]
            is_datetime = schema.get("type") == "string" and schema.get("format") == "date-time"
            is_property = pointer.rsplit("/", 2)[-2] == "properties"
            if name.endswith("At") and is_property and not is_datetime:
                yield f"{pointer}: a timestamp must be type string, format date-time"
            if schema.get("format") in {"date", "time", "unix-time"}:
                yield f"{pointer}: format {schema['format']}: timestamps are date-time (RFC 3339)"
        for path, _, op in self.operations():
            for param in self.parameters_of(path, op):
                schema = self.deref(param.get("schema", {}))
                if param.get("name") in {"from", "to"} and schema.get("format") != "date-time":
                    yield f"{op.get('operationId')}: parameter {param['name']} must be date-time"

    def rule_unused_components(self) -> Iterator[str]:
        text_refs = {
            node["$ref"]
            for _, node in self.walk(self.doc)
            if isinstance(node, dict) and isinstance(node.get("$ref"), str)
        }
        used_schemes: set[str] = set()
        for requirement in self.doc.get("security", []):
            used_schemes.update(requirement)
        for _, _, op in self.operations():
            for requirement in op.get("security", []):
                used_schemes.update(requirement)
        for kind in COMPONENT_KINDS:
            for name in self.doc.get("components", {}).get(kind, {}):
                if kind == "securitySchemes":
                    if name not in used_schemes:
                        yield f"securitySchemes/{name} is never used"
                elif f"#/components/{kind}/{escape(name)}" not in text_refs:
                    yield f"components/{kind}/{name} is never referenced"

    def rule_provenance(self) -> Iterator[str]:
        for pointer, schema in self.schemas():
            in_components = pointer.count("/") == 3 and pointer.startswith("/components/schemas/")
            is_property = pointer.rsplit("/", 2)[-2] == "properties"
            conditional = re.search(r"/(if|then|else)/", pointer) is not None
            if conditional:  # if/then/else only restate fields described elsewhere
                continue
            described = PROVENANCE.match(str(schema.get("description", "")))
            if (in_components or is_property) and "$ref" not in schema and not described:
                yield f"{pointer}: description must start with {PROVENANCE_HINT}"
        for path, _, op in self.operations():
            for param in self.parameters_of(path, op):
                if not PROVENANCE.match(str(param.get("description", ""))):
                    name = param.get("name")
                    yield f"parameter {name}: description must start with {PROVENANCE_HINT}"

    def rule_security(self) -> Iterator[str]:
        scheme = self.doc.get("components", {}).get("securitySchemes", {}).get("accessToken", {})
        if (scheme.get("type"), scheme.get("in"), scheme.get("name")) != (
            "apiKey",
            "header",
            "access_token",
        ):
            yield "securitySchemes/accessToken must be apiKey in header access_token"
        default = self.doc.get("security", [])
        for _, _, op in self.operations():
            name = op.get("operationId")
            effective = op.get("security", default)
            if name in UNAUTHENTICATED:
                if effective:
                    yield f"{name}: must not require a security scheme"
            elif effective != [{"accessToken": []}]:
                yield f"{name}: must require accessToken (got {effective})"

    def rule_money(self) -> Iterator[str]:
        for pointer, schema in self.schemas():
            if schema.get("type") == "number":
                yield f"{pointer}: no JSON numbers; money is a decimal string"
            if pointer.endswith("/properties/amount"):
                target = self.deref(schema)
                if target.get("type") == "object":  # a Money object: check its own amount
                    target = self.deref(target.get("properties", {}).get("amount", {}))
                if target.get("type") != "string" or "pattern" not in target:
                    yield f"{pointer}: amount must be a decimal string with a pattern"

    def rule_links(self) -> Iterator[str]:
        ops = {op.get("operationId"): (path, op) for path, _, op in self.operations()}
        for name, (_, op) in ops.items():
            targets: set[str] = set()
            for status, response in op.get("responses", {}).items():
                for link in self.deref(response).get("links", {}).values():
                    target = link.get("operationId")
                    targets.add(target)
                    if target not in ops:
                        yield f"{name} {status}: link to unknown operation {target}"
                        continue
                    target_path, target_op = ops[target]
                    known = {p.get("name") for p in self.parameters_of(target_path, target_op)}
                    for param in link.get("parameters", {}):
                        if param not in known:
                            yield f"{name} {status}: link to {target} sets unknown {param}"
            for missing in sorted(REQUIRED_LINKS.get(str(name), frozenset()) - targets):
                yield f"{name}: no link to {missing}"

    def rule_servers(self) -> Iterator[str]:
        urls = tuple(server.get("url") for server in self.doc.get("servers", []))
        if urls != SERVERS:
            yield f"servers must be {list(SERVERS)}, got {list(urls)}"

    def rule_permissions(self) -> Iterator[str]:
        """Every operation behind `access_token` names its §06 permission; the others none."""
        default = self.doc.get("security", [])
        for _, _, op in self.operations():
            name = op.get("operationId")
            declared = op.get("x-nestbank-permission")
            if not op.get("security", default):
                if declared is not None:
                    yield f"{name}: an operation without access_token needs no permission"
                continue
            values = declared if isinstance(declared, list) else [declared]
            if not values or not all(isinstance(v, str) and PERMISSION.match(v) for v in values):
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
                schema_pointer = self.pointer_of(described.get("schema", {}), headers[header])
                if schema_pointer and self.validate(value, schema_pointer):
                    yield f"grantToken 200: {header} refuses {value!r}"

    def pointer_of(self, schema: Any, header: Any) -> str | None:
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
        for name in PARTNER_URI_SCHEMAS:
            pointer = f"/components/schemas/{name}"
            if not self.validate(NOT_HTTPS, pointer):
                yield f"{name} accepts {NOT_HTTPS} (§11: HTTPS only)"
            if self.validate("https://partner.example.com/nestbank/callback", pointer):
                yield f"{name} refuses an https URI"

    def rule_sections(self) -> Iterator[str]:
        """Every §NN names a section of docs/sources.md."""
        sources = load_sources()
        for pointer, node in self.walk(self.doc):
            texts = [node] if isinstance(node, str) else []
            if isinstance(node, dict):
                texts += [k for k in node if isinstance(k, str)]
            for text in texts:
                for missing in unresolved_sections(text, sources):
                    yield f"{pointer or '/'}: {missing} is not a section of docs/sources.md"

    def rule_glosses(self) -> Iterator[str]:
        """The error tables translate the bank's texts as docs/sources.md does, no more."""
        documented = load_sources().errors
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
        for pointer in MUST_START_INFERRED:
            try:
                description = str(self.lookup("#" + pointer).get("description", ""))
            except (KeyError, IndexError):
                yield f"{pointer}: missing"
                continue
            if not description.startswith("Inferred"):
                yield f"{pointer}: must be labelled Inferred (a convention, not the bank's)"
        for pointer in MUST_SAY_INFERRED:
            try:
                text = str(self.lookup("#" + pointer))
            except (KeyError, IndexError):
                yield f"{pointer}: missing"
                continue
            if "Inferred" not in text:
                yield f"{pointer}: must say which part is inferred"

    def all_rules(self) -> dict[str, Callable[[], Iterator[str]]]:
        return {
            name.removeprefix("rule_").replace("_", "-"): getattr(self, name)
            for name in dir(self)
            if name.startswith("rule_")
        }


def check_spec(doc: Node) -> list[str]:
    """Every problem in the document, as 'rule-name: message' lines."""
    rules = SpecRules(doc)
    problems: list[str] = []
    for name, rule in rules.all_rules().items():
        try:
            problems.extend(f"{name}: {message}" for message in rule())
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            problems.append(f"{name}: could not check ({type(exc).__name__}: {exc})")
    return problems
