"""Compare two specs operation by operation: the breaking-change checker's entry point."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import nestbank_spec

from nestbank_review.changes import Change, Findings, Side
from nestbank_review.compare_schema import Where, compare_schema
from nestbank_review.refs import Loader, resolve_refs

ERRORS_EXTENSION = nestbank_spec.ERRORS


@dataclass
class Operation:
    method: str
    path: str
    spec: dict[str, Any]
    parameters: dict[tuple[str, str], dict[str, Any]]
    security: list[dict[str, list[str]]]
    webhook: bool = False  # `path` is then the webhook's name

    @property
    def operation_id(self) -> str | None:
        op_id = self.spec.get("operationId")
        return op_id if isinstance(op_id, str) else None

    @property
    def label(self) -> str:
        if self.operation_id is not None:
            return self.operation_id
        if self.webhook:
            return f"webhooks/{self.path}/{self.method}"
        return f"{self.method.upper()} {self.path}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, normalize_path(self.path))

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{([^}]+)}", self.path)


@dataclass
class DiffReport:
    changes: list[Change]
    added_operations: list[str] = field(default_factory=list)
    removed_operations: list[str] = field(default_factory=list)
    changed_operations: list[str] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaking]


def normalize_path(path: str) -> str:
    """``/account/{accountId}`` and ``/account/{id}`` are the same URL template."""
    return re.sub(r"{[^}]+}", "{}", path)


def operations(doc: dict[str, Any], section: str = "paths") -> dict[tuple[str, str], Operation]:
    """The operations under ``paths`` (or ``webhooks``), keyed by method and path template."""
    found: dict[tuple[str, str], Operation] = {}
    root_security = doc.get("security")
    for located in nestbank_spec.operations(doc, section):
        spec = located.operation
        params = {nestbank_spec.parameter_key(p): p for p in nestbank_spec.parameters(doc, located)}
        security = spec.get("security", root_security)
        requirements = (
            [r for r in security if isinstance(r, dict)] if isinstance(security, list) else []
        )
        webhook = section == "webhooks"
        op = Operation(located.method, located.path, spec, params, requirements, webhook)
        found[op.key if section == "paths" else (located.method, located.path)] = op
    return found


def diff_specs(
    base: dict[str, Any] | None,
    head: dict[str, Any],
    base_loader: Loader | None = None,
    head_loader: Loader | None = None,
) -> DiffReport:
    """Every classified change from ``base`` (None: no spec yet) to ``head``.

    The loaders read the files that relative ``$ref``s name (see ``specload``).
    """
    old_doc = resolve_refs(base, base_loader) if base is not None else {}
    new_doc = resolve_refs(head, head_loader)
    out = Findings()
    old_ops, new_ops = operations(old_doc), operations(new_doc)
    report = DiffReport(changes=[])
    new_by_id = {op.operation_id: op for op in new_ops.values() if op.operation_id}
    moved_to: set[tuple[str, str]] = set()
    for key, old_op in old_ops.items():
        new_op = new_ops.get(key)
        if new_op is None:
            moved = new_by_id.get(old_op.operation_id) if old_op.operation_id else None
            if moved is not None and moved.key not in old_ops:
                message = (
                    f"{old_op.method.upper()} {old_op.path} -> {moved.method.upper()} {moved.path}"
                )
                _op_change(out, old_op.label, "operation-path-changed", True, message)
                moved_to.add(moved.key)
                compare_operation(old_op, moved, out)
                report.changed_operations.append(moved.label)
            else:
                message = f"{old_op.method.upper()} {old_op.path} removed"
                deprecated = old_op.spec.get("deprecated") is True
                rule = "operation-removed-after-deprecation" if deprecated else "operation-removed"
                _op_change(out, old_op.label, rule, True, message)
                report.removed_operations.append(old_op.label)
            continue
        compare_operation(old_op, new_op, out)
        if old_op.spec != new_op.spec or old_op.parameters != new_op.parameters:
            report.changed_operations.append(new_op.label)
    for key, new_op in new_ops.items():
        if key not in old_ops and key not in moved_to:
            message = f"{new_op.method.upper()} {new_op.path} added"
            _op_change(out, new_op.label, "operation-added", False, message)
            report.added_operations.append(new_op.label)
    _diff_webhooks(operations(old_doc, "webhooks"), operations(new_doc, "webhooks"), report, out)
    if base is not None:
        _compare_security_schemes(old_doc, new_doc, old_ops, new_ops, out)
        _compare_servers(old_doc, new_doc, out)
    report.changes = out.changes()
    return report


def _diff_webhooks(
    old_hooks: dict[tuple[str, str], Operation],
    new_hooks: dict[tuple[str, str], Operation],
    report: DiffReport,
    out: Findings,
) -> None:
    for key in sorted(old_hooks.keys() - new_hooks.keys()):
        label = old_hooks[key].label
        # Partners built a receiver for it; it stops arriving.
        _op_change(out, label, "webhook-removed", True, f"webhook {key[1]} {key[0]} removed")
        report.removed_operations.append(label)
    for key in sorted(new_hooks.keys() - old_hooks.keys()):
        label = new_hooks[key].label
        _op_change(out, label, "webhook-added", False, f"webhook {key[1]} {key[0]} added")
        report.added_operations.append(label)
    for key in sorted(old_hooks.keys() & new_hooks.keys()):
        old, new = old_hooks[key], new_hooks[key]
        compare_webhook(old, new, out)
        if old.spec != new.spec or old.parameters != new.parameters:
            report.changed_operations.append(new.label)


def _op_change(out: Findings, label: str, rule: str, breaking: bool, message: str) -> None:
    out.add(rule, label, "operation", breaking, message, label)


def compare_operation(old: Operation, new: Operation, out: Findings) -> None:
    label = new.label
    if old.operation_id != new.operation_id:
        # Generated clients name their methods after it (or after the path without one).
        message = f"operationId {old.operation_id} -> {new.operation_id}"
        _op_change(out, label, "operation-id-changed", True, message)
    if new.spec.get("deprecated") and not old.spec.get("deprecated"):
        _op_change(out, label, "operation-deprecated", False, "operation marked deprecated")
    renamed = _compare_path_param_names(old, new, out)
    _compare_security(old, new, out)
    _compare_parameters(old, new, renamed, out)
    _compare_request_body(old, new, out)
    _compare_responses(old, new, out)
    _compare_error_codes(old, new, out)


def compare_webhook(old: Operation, new: Operation, out: Findings) -> None:
    """A webhook reverses the roles: the API sends the request and reads the partner's answer.

    So its parameters and body are compared as data the API sends ("response" rules)
    and the partner's answers as data the API receives ("request" rules).
    """
    label = new.label
    removed = sorted(old.parameters.keys() - new.parameters.keys())
    added = sorted(new.parameters.keys() - old.parameters.keys())
    for key in [*removed, *added]:
        gone = key in removed  # a receiver that reads it breaks; a new one is ignored
        rule, what = ("removed", "no longer sent") if gone else ("added", "now sent")
        message = f"{key[0]} parameter {key[1]} {what}"
        location = _param_location(label, key)
        out.add(f"webhook-parameter-{rule}", location, "response", gone, message, label)
    for key in sorted(old.parameters.keys() & new.parameters.keys()):
        where = Where("response", _param_location(label, key), label)
        compare_schema(
            old.parameters[key].get("schema"), new.parameters[key].get("schema"), where, out
        )
    before, after = old.spec.get("requestBody"), new.spec.get("requestBody")
    location = f"{label}/requestBody"
    if isinstance(before, dict) and isinstance(after, dict):
        _compare_content(_content(before), _content(after), "response", location, label, out)
    elif isinstance(before, dict):
        out.add("webhook-body-removed", location, "response", True, "body no longer sent", label)
    elif isinstance(after, dict):
        out.add("webhook-body-added", location, "response", False, "body now sent", label)
    old_resp, new_resp = _responses(old), _responses(new)
    for status in sorted(old_resp.keys() - new_resp.keys()):
        # A partner that answers with it now gets treated as failing.
        message = f"answer status {status} no longer accepted"
        spot = f"{label}/responses/{status}"
        out.add("webhook-response-status-removed", spot, "request", True, message, label)
    for status in sorted(new_resp.keys() - old_resp.keys()):
        message = f"answer status {status} now accepted"
        spot = f"{label}/responses/{status}"
        out.add("webhook-response-status-added", spot, "request", False, message, label)
    for status in sorted(old_resp.keys() & new_resp.keys()):
        spot = f"{label}/responses/{status}"
        _compare_content(
            _content(old_resp[status]), _content(new_resp[status]), "request", spot, label, out
        )


def _param_location(label: str, key: tuple[str, str]) -> str:
    return f"{label}/parameters/{key[0]}/{key[1]}"


def _content(holder: Any) -> dict[str, Any]:
    content = holder.get("content") if isinstance(holder, dict) else None
    return content if isinstance(content, dict) else {}


def _responses(op: Operation) -> dict[str, Any]:
    responses = op.spec.get("responses")
    if not isinstance(responses, dict):
        return {}
    return {str(k): v if isinstance(v, dict) else {} for k, v in responses.items()}


def _compare_path_param_names(old: Operation, new: Operation, out: Findings) -> dict[str, str]:
    renamed: dict[str, str] = {}
    for before, after in zip(old.path_params, new.path_params, strict=False):
        if before != after:
            renamed[before] = after
            # Generated clients take path parameters by name.
            message = f"path parameter {before} renamed to {after}"
            _op_change(out, new.label, "path-parameter-renamed", True, message)
    return renamed


def _requirements(op: Operation) -> tuple[bool, set[frozenset[tuple[str, frozenset[str]]]]]:
    """(anonymous allowed, set of alternatives) for an operation's security."""
    alternatives = {
        frozenset(
            (
                str(name),
                frozenset(str(s) for s in scopes) if isinstance(scopes, list) else frozenset(),
            )
            for name, scopes in requirement.items()
        )
        for requirement in op.security
    }
    anonymous = not op.security or frozenset() in alternatives
    return anonymous, alternatives - {frozenset()}


def _compare_security(old: Operation, new: Operation, out: Findings) -> None:
    old_anon, old_alts = _requirements(old)
    new_anon, new_alts = _requirements(new)
    label = new.label
    if old_anon and not new_anon:
        message = f"credentials now required: {_show_security(new_alts)}"
        _op_change(out, label, "security-added", True, message)
    elif new_anon and not old_anon:
        _op_change(out, label, "security-removed", False, "credentials no longer required")
    elif old_alts != new_alts:
        message = f"security {_show_security(old_alts)} -> {_show_security(new_alts)}"
        if new_alts >= old_alts:
            _op_change(out, label, "security-alternative-added", False, message)
        elif all(any(_satisfies(held, new_alt) for new_alt in new_alts) for held in old_alts):
            # Every client's credentials still satisfy some requirement (fewer scopes or
            # schemes asked for): a relaxation.
            _op_change(out, label, "security-relaxed", False, message)
        else:
            _op_change(out, label, "security-changed", True, message)


def _satisfies(
    held: frozenset[tuple[str, frozenset[str]]], needed: frozenset[tuple[str, frozenset[str]]]
) -> bool:
    """Whether credentials meeting requirement ``held`` also meet ``needed``."""
    have = dict(held)
    return all(name in have and scopes <= have[name] for name, scopes in needed)


def _show_security(alternatives: set[frozenset[tuple[str, frozenset[str]]]]) -> str:
    if not alternatives:
        return "none"
    shown = []
    for alternative in alternatives:
        parts = [
            f"{name}[{','.join(sorted(scopes))}]" if scopes else name
            for name, scopes in sorted(alternative)
        ]
        shown.append(" + ".join(parts))
    return " or ".join(sorted(shown))


def _param_where(op: Operation, param: dict[str, Any], key: tuple[str, str]) -> Where:
    location = f"{op.label}/parameters/{key[0]}/{key[1]}"
    return Where("request", location, op.label)


def _compare_parameters(
    old: Operation, new: Operation, renamed: dict[str, str], out: Findings
) -> None:
    old_params = {
        (place, renamed.get(name, name) if place == "path" else name): param
        for (place, name), param in old.parameters.items()
    }
    label = new.label
    for key in sorted(old_params.keys() - new.parameters.keys()):
        deprecated = old_params[key].get("deprecated") is True
        out.add(
            "request-parameter-removed-after-deprecation"
            if deprecated
            else "request-parameter-removed",
            f"{label}/parameters/{key[0]}/{key[1]}",
            "request",
            True,
            f"{key[0]} parameter {key[1]} removed",
            label,
        )
    for key in sorted(new.parameters.keys() - old_params.keys()):
        required = bool(new.parameters[key].get("required"))
        rule = (
            "request-parameter-added-required" if required else "request-parameter-added-optional"
        )
        kind = "required" if required else "optional"
        message = f"{kind} {key[0]} parameter {key[1]} added"
        out.add(rule, f"{label}/parameters/{key[0]}/{key[1]}", "request", required, message, label)
    for key in sorted(old_params.keys() & new.parameters.keys()):
        before, after = old_params[key], new.parameters[key]
        where = _param_where(new, after, key)
        was, now = bool(before.get("required")), bool(after.get("required"))
        if now and not was:
            message = f"{key[0]} parameter {key[1]} now required"
            out.add(
                "request-parameter-became-required", where.location, "request", True, message, label
            )
        elif was and not now:
            message = f"{key[0]} parameter {key[1]} now optional"
            out.add(
                "request-parameter-became-optional",
                where.location,
                "request",
                False,
                message,
                label,
            )
        for keyword in ("style", "explode", "allowReserved"):
            if before.get(keyword) != after.get(keyword):
                message = f"{keyword} {before.get(keyword)} -> {after.get(keyword)}"
                out.add(
                    "request-parameter-serialization-changed",
                    where.location,
                    "request",
                    True,
                    message,
                    label,
                )
        old_schema, new_schema = before.get("schema"), after.get("schema")
        if isinstance(new_schema, dict) and _became_array(old_schema, new_schema):
            # One value is serialized as a one-item list in every style: old calls still work.
            message = f"{key[0]} parameter {key[1]} now takes a list"
            out.add(
                "request-parameter-became-array", where.location, "request", False, message, label
            )
            items = Where("request", f"{where.location}/items", label)
            compare_schema(old_schema, new_schema["items"], items, out)
        else:
            compare_schema(old_schema, new_schema, where, out)


def _became_array(old: Any, new: Any) -> bool:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    old_type, new_type = old.get("type"), new.get("type")
    scalar = isinstance(old_type, str) and old_type not in ("array", "object")
    return scalar and new_type == "array" and isinstance(new.get("items"), dict)


def _compare_request_body(old: Operation, new: Operation, out: Findings) -> None:
    before, after = old.spec.get("requestBody"), new.spec.get("requestBody")
    label = new.label
    location = f"{label}/requestBody"
    if before is None and after is None:
        return
    if before is None:
        assert isinstance(after, dict)
        required = bool(after.get("required"))
        rule = "request-body-added-required" if required else "request-body-added-optional"
        out.add(rule, location, "request", required, "request body added", label)
        return
    if after is None:
        out.add("request-body-removed", location, "request", True, "request body removed", label)
        return
    was, now = bool(before.get("required")), bool(after.get("required"))
    if now and not was:
        out.add(
            "request-body-became-required", location, "request", True, "body now required", label
        )
    elif was and not now:
        out.add(
            "request-body-became-optional", location, "request", False, "body now optional", label
        )
    _compare_content(
        before.get("content") or {}, after.get("content") or {}, "request", location, label, out
    )


def _compare_content(
    before: dict[str, Any],
    after: dict[str, Any],
    side: Side,
    location: str,
    label: str,
    out: Findings,
) -> None:
    for media in sorted(before.keys() - after.keys()):
        out.add(
            f"{side}-media-type-removed",
            f"{location}/{media}",
            side,
            True,
            f"{media} removed",
            label,
        )
    for media in sorted(after.keys() - before.keys()):
        out.add(
            f"{side}-media-type-added", f"{location}/{media}", side, False, f"{media} added", label
        )
    for media in sorted(before.keys() & after.keys()):
        old_schema = (before[media] or {}).get("schema")
        new_schema = (after[media] or {}).get("schema")
        if old_schema is None and new_schema is None:
            continue
        compare_schema(
            old_schema or {}, new_schema or {}, Where(side, f"{location}/{media}", label), out
        )


def _is_success(status: str) -> bool:
    return status.startswith("2")


def _compare_responses(old: Operation, new: Operation, out: Findings) -> None:
    before: dict[str, Any] = {str(k): v for k, v in (old.spec.get("responses") or {}).items()}
    after: dict[str, Any] = {str(k): v for k, v in (new.spec.get("responses") or {}).items()}
    label = new.label
    for status in sorted(before.keys() - after.keys()):
        location = f"{label}/responses/{status}"
        if _is_success(status):
            message = f"success status {status} removed"
            out.add("response-success-status-removed", location, "response", True, message, label)
        else:
            # Clients never see it any more; their handler for it is dead code.
            message = f"error status {status} removed"
            out.add("response-error-status-removed", location, "response", False, message, label)
    for status in sorted(after.keys() - before.keys()):
        location = f"{label}/responses/{status}"
        kind = "success" if _is_success(status) else "error"
        # A status a client was not told about reaches its "unexpected status" path.
        message = f"{kind} status {status} added"
        out.add(f"response-{kind}-status-added", location, "response", True, message, label)
    for status in sorted(before.keys() & after.keys()):
        old_resp, new_resp = before[status] or {}, after[status] or {}
        origin = new_resp.get("x-review-origin")
        location = origin if isinstance(origin, str) else f"{label}/responses/{status}"
        _compare_headers(
            old_resp.get("headers") or {}, new_resp.get("headers") or {}, location, label, out
        )
        _compare_content(
            old_resp.get("content") or {},
            new_resp.get("content") or {},
            "response",
            location,
            label,
            out,
        )


def _compare_headers(
    before: dict[str, Any], after: dict[str, Any], location: str, label: str, out: Findings
) -> None:
    old_h = {name.lower(): (name, value or {}) for name, value in before.items()}
    new_h = {name.lower(): (name, value or {}) for name, value in after.items()}
    for key in sorted(old_h.keys() - new_h.keys()):
        name = old_h[key][0]
        out.add(
            "response-header-removed",
            f"{location}/headers/{name}",
            "response",
            True,
            f"header {name} removed",
            label,
        )
    for key in sorted(new_h.keys() - old_h.keys()):
        name = new_h[key][0]
        out.add(
            "response-header-added",
            f"{location}/headers/{name}",
            "response",
            False,
            f"header {name} added",
            label,
        )
    for key in sorted(old_h.keys() & new_h.keys()):
        name, old_header = old_h[key]
        new_header = new_h[key][1]
        spot = f"{location}/headers/{name}"
        was, now = bool(old_header.get("required")), bool(new_header.get("required"))
        if was and not now:
            out.add(
                "response-header-became-optional",
                spot,
                "response",
                True,
                f"header {name} now optional",
                label,
            )
        elif now and not was:
            out.add(
                "response-header-became-required",
                spot,
                "response",
                False,
                f"header {name} now always sent",
                label,
            )
        compare_schema(
            old_header.get("schema") or {},
            new_header.get("schema") or {},
            Where("response", spot, label),
            out,
        )


def _compare_error_codes(old: Operation, new: Operation, out: Findings) -> None:
    """The bank's per-operation error catalogue (``x-nestbank-errors``)."""
    before = old.spec.get(ERRORS_EXTENSION) or {}
    after = new.spec.get(ERRORS_EXTENSION) or {}
    label = new.label
    if not isinstance(before, dict) or not isinstance(after, dict):
        return  # not our catalogue's shape: nothing to compare
    for status in sorted({str(s) for s in (*before.keys(), *after.keys())}):
        old_codes = _codes(before.get(status) or before.get(_as_int(status)))
        new_codes = _codes(after.get(status) or after.get(_as_int(status)))
        location = f"{label}/{ERRORS_EXTENSION}/{status}"
        added = [c for c in new_codes if c not in old_codes]
        removed = [c for c in old_codes if c not in new_codes]
        # The `error` field is an open set (see the Error schema): clients must already
        # handle codes they do not know, so a new code is reported but not breaking.
        if added:
            message = f"{status}: codes added: {', '.join(added)}"
            out.add("response-error-code-added", location, "response", False, message, label)
        if removed:
            message = f"{status}: codes removed: {', '.join(removed)}"
            out.add("response-error-code-removed", location, "response", False, message, label)


def _codes(listed: Any) -> list[str]:
    return [str(c) for c in listed] if isinstance(listed, list) else []


def _as_int(status: str) -> int | str:
    return int(status) if status.isdigit() else status


def _compare_security_schemes(
    old_doc: dict[str, Any],
    new_doc: dict[str, Any],
    old_ops: dict[tuple[str, str], Operation],
    new_ops: dict[tuple[str, str], Operation],
    out: Findings,
) -> None:
    before = (old_doc.get("components") or {}).get("securitySchemes") or {}
    after = (new_doc.get("components") or {}).get("securitySchemes") or {}
    users: dict[str, list[str]] = {}
    for op in new_ops.values():
        for requirement in op.security:
            for name in requirement:
                users.setdefault(name, []).append(op.label)
    for name in sorted(before.keys() & after.keys()):
        old_scheme, new_scheme = before[name] or {}, after[name] or {}
        location = f"#/components/securitySchemes/{name}"
        for keyword in ("type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl"):
            if old_scheme.get(keyword) != new_scheme.get(keyword):
                message = f"{keyword} {old_scheme.get(keyword)} -> {new_scheme.get(keyword)}"
                for label in users.get(name) or [name]:
                    out.add("security-scheme-changed", location, "operation", True, message, label)
        if (old_scheme.get("flows") or {}) != (new_scheme.get("flows") or {}):
            _compare_flows(
                old_scheme.get("flows") or {}, new_scheme.get("flows") or {}, location, out
            )


def _compare_flows(
    before: dict[str, Any], after: dict[str, Any], location: str, out: Findings
) -> None:
    for flow in sorted(before.keys() | after.keys()):
        old_flow, new_flow = before.get(flow) or {}, after.get(flow) or {}
        spot = f"{location}/flows/{flow}"
        if not new_flow:
            out.add(
                "security-flow-removed", spot, "operation", True, f"flow {flow} removed", "(all)"
            )
            continue
        for url in ("authorizationUrl", "tokenUrl", "refreshUrl"):
            if old_flow and old_flow.get(url) != new_flow.get(url):
                message = f"{url} {old_flow.get(url)} -> {new_flow.get(url)}"
                out.add("security-flow-url-changed", spot, "operation", True, message, "(all)")
        removed = sorted(
            (old_flow.get("scopes") or {}).keys() - (new_flow.get("scopes") or {}).keys()
        )
        if removed:
            message = f"scopes removed: {', '.join(removed)}"
            out.add("security-scope-removed", spot, "operation", True, message, "(all)")


def _compare_servers(old_doc: dict[str, Any], new_doc: dict[str, Any], out: Findings) -> None:
    before = {s.get("url") for s in old_doc.get("servers") or [] if isinstance(s, dict)}
    after = {s.get("url") for s in new_doc.get("servers") or [] if isinstance(s, dict)}
    for url in sorted(str(u) for u in before - after):
        out.add(
            "server-removed", f"servers/{url}", "operation", True, f"server {url} removed", "(all)"
        )
    for url in sorted(str(u) for u in after - before):
        out.add(
            "server-added", f"servers/{url}", "operation", False, f"server {url} added", "(all)"
        )
