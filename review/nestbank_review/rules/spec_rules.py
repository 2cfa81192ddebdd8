"""The spec's own rules: its error catalogue, provenance labels, money, timestamps, links.

Each `rule_*` method yields one message per problem; the engine
(`nestbank_review.rules.engine`) names them and runs them with the house rules. Rules in
`FACT_RULES` compare the document with facts restated from the bank's pages and run only
when the engine is given them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from nestbank_spec import HTTP_METHODS

from nestbank_review.rules.audit_rules import AuditRules

__all__ = ["FACT_RULES", "HTTP_METHODS", "SpecRules"]

SOURCE_STATUSES = {"documented", "partly-documented", "inferred"}
PROVENANCE = re.compile(r"^(Documented|Inferred)\b")
PROVENANCE_HINT = "'Documented' or 'Inferred'"
# Rules that compare the document with restated facts (tests/spec/catalogue.py).
FACT_RULES = frozenset(
    {
        "surface",
        "error-catalogue",
        "operation-errors",
        "security",
        "links",
        "servers",
        "permissions",
        "https",
        "sections",
        "glosses",
        "labels",
    }
)


def _host(url: object) -> str:
    return re.sub(r"^[a-z]+://", "", str(url))


class SpecRules(AuditRules):
    """Every rule: the original house rules here, the audit's in `AuditRules`."""

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
        for method, path, operation_id, tag in self.facts.SURFACE:
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

    def rule_operation_source(self) -> Iterator[str]:
        # operationId, summary, description and tags: house rule `operation-documented`.
        for path, method, op in self.operations():
            name = op.get("operationId") or f"{method.upper()} {path}"
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
        if sorted(enum) != sorted(self.facts.STATUS_OF_CODE):
            missing = sorted(set(self.facts.STATUS_OF_CODE) - set(enum))
            extra = sorted(set(enum) - set(self.facts.STATUS_OF_CODE))
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
        for status, codes in self.facts.DOCUMENTED_ERRORS.items():
            for code in codes:
                if code not in shown.get(status, set()):
                    yield f"code {code!r} has no example under status {status}"
        for status, shown_codes in shown.items():
            for code in shown_codes - set(self.facts.DOCUMENTED_ERRORS.get(status, ())):
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
                    if self.facts.STATUS_OF_CODE.get(code) != status:
                        yield f"{name}: code {code!r} is not documented under {status}"
        for code in sorted(set(self.facts.STATUS_OF_CODE) - used):
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
            # An operation callable without credentials: house rule `security-required`.
            if name in self.facts.UNAUTHENTICATED:
                if effective:
                    yield f"{name}: must not require a security scheme"
            elif effective and effective != [{"accessToken": []}]:
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
            for missing in sorted(self.facts.REQUIRED_LINKS.get(str(name), frozenset()) - targets):
                yield f"{name}: no link to {missing}"

    def rule_servers(self) -> Iterator[str]:
        # The hosts only: a plain-http production URL is house rule `servers-https`'s.
        urls = tuple(_host(server.get("url")) for server in self.doc.get("servers", []))
        if urls != tuple(_host(url) for url in self.facts.SERVERS):
            yield f"servers must be {list(self.facts.SERVERS)}, got {list(urls)}"

    def all_rules(self) -> dict[str, Callable[[], Iterator[str]]]:
        return {
            name.removeprefix("rule_").replace("_", "-"): getattr(self, name)
            for name in dir(self)
            if name.startswith("rule_")
        }
