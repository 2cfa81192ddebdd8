"""Emit `nestbank_client/_resources.py`: the resource-style SDK (`NestBank`, `AsyncNestBank`).

Everything comes from the spec and from the operation modules openapi-python-client
just wrote, never from a hand-kept list:

- a tag whose operations need the access token becomes a resource (`bank.blockades`);
- an operationId becomes a method named by its verb (`createBlockade` -> `create`,
  the tag's noun removed), falling back to the snake-case operationId on a clash;
- path parameters stay positional; query parameters and the request body's fields
  become keyword arguments (optional ones default to None, never `Unset`);
- the retry rule of each operation follows from its method and documented errors
  (see `_mode`); a list with `page`/`pageSize` and a one-list page model pages lazily;
- the names redacted in debug logs are the apiKey headers of `securitySchemes` and
  the string fields of the token service (`grantToken`) request and answer.

Signatures are read from the generated modules with `ast`, so they follow whatever
the templates make of the spec (open enums, money, timestamps).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nestbank_spec

MODULE = "_resources.py"
_OPTIONS = "timeout: TimeoutTypes | None = None, max_retries: int | None = None"
# Hand-written behaviour added to a generated resource (sync base, async base).
_EXTRA_BASES = {"authorizations": ("AuthorizationWaiting", "AsyncAuthorizationWaiting")}


def snake(name: str) -> str:
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower()


def camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake(name).split("_"))


@dataclass
class Param:
    name: str
    annotation: str
    default: str | None  # source text; None = required

    def optional(self) -> bool:
        return self.default is not None


@dataclass
class Op:
    operation_id: str
    tag: str
    http_method: str
    path: str
    module: str
    method: str = ""
    positional: list[Param] = field(default_factory=list)
    query: list[Param] = field(default_factory=list)
    body_model: str | None = None
    body_fields: list[Param] = field(default_factory=list)
    returns: str = "None"
    summary: str = ""
    mode: str = "once"
    getter: Op | None = None
    identifier: str = ""
    gone_codes: tuple[str, ...] = ()
    items: str = ""  # the page model's list field, for paged lists
    item_type: str = ""


_RETRY_TEXT = {
    "read": "on transport errors, 429 and 5xx",
    "replace": "on transport errors, 429 and 5xx (the fields are replaced: harmless)",
    "create": "as a read; a 409 after a lost answer returns the existing one",
    "delete": "as a read; its 404 after a lost answer means done",
    "once": "only when the bank certainly did not apply it (429, refused connection)",
}


def _strip_unset(annotation: ast.expr) -> tuple[str, bool]:
    """The annotation without `| Unset`, and whether it had one."""
    parts: list[ast.expr] = []

    def walk(node: ast.expr) -> None:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            walk(node.left)
            walk(node.right)
        else:
            parts.append(node)

    walk(annotation)
    kept = [p for p in parts if not (isinstance(p, ast.Name) and p.id == "Unset")]
    return " | ".join(ast.unparse(p) for p in kept), len(kept) != len(parts)


def _param(arg: ast.arg, default: ast.expr | None) -> Param:
    assert arg.annotation is not None
    text, _ = _strip_unset(arg.annotation)
    if default is None:
        return Param(arg.arg, text, None)
    if isinstance(default, ast.Name) and default.id == "UNSET":
        return Param(arg.arg, f"{text} | None", "None")
    return Param(arg.arg, text, ast.unparse(default))


def _sync_function(path: Path) -> ast.FunctionDef:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "sync":
            return node
    raise ValueError(f"{path} has no sync()")


def _model_fields(models: Path, name: str) -> list[tuple[str, ast.expr, bool]]:
    """(name, annotation, has default) of an attrs model's init fields."""
    tree = ast.parse((models / f"{snake(name)}.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return [
                (item.target.id, item.annotation, item.value is not None)
                for item in node.body
                if isinstance(item, ast.AnnAssign)
                and isinstance(item.target, ast.Name)
                and item.target.id != "additional_properties"
            ]
    raise ValueError(f"no model {name}")


def _read_module(op: Op, package: Path) -> None:
    function = _sync_function(package / "api" / snake(op.tag) / f"{op.module}.py")
    args = function.args
    op.positional = [_param(a, None) for a in args.args]
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        if arg.arg == "client":
            continue
        if arg.arg == "body":
            assert arg.annotation is not None
            op.body_model = ast.unparse(arg.annotation)
            for name, annotation, has_default in _model_fields(package / "models", op.body_model):
                text, _ = _strip_unset(annotation)
                op.body_fields.append(
                    Param(name, f"{text} | None", "None")
                    if has_default
                    else Param(name, text, None)
                )
        else:
            op.query.append(_param(arg, default))
    assert function.returns is not None
    op.returns = ast.unparse(function.returns)
    docstring = ast.get_docstring(function) or ""
    op.summary = docstring.strip().splitlines()[0] if docstring.strip() else op.operation_id


def _method_names(ops: list[Op], tag: str) -> None:
    nouns = {snake(tag), snake(tag).rstrip("s"), snake(tag) + "s"}
    for op in ops:
        words = op.module.split("_")  # verb first: getUser, createBlockade, listTransactions
        rest = [w for w in words[1:] if w not in nouns]
        op.method = "_".join([words[0], *rest])
    names = [op.method for op in ops]
    for op in ops:
        if names.count(op.method) > 1:
            op.method = op.module


def _mode(op: Op, operation: dict[str, Any], by_path: dict[tuple[str, str], Op]) -> None:
    """How the operation is retried (see `_sdk_retry`)."""
    errors = {str(k): list(v) for k, v in nestbank_spec.error_codes(operation).items()}
    if op.http_method == "get":
        op.mode = "read"
    elif op.http_method == "put":
        op.mode = "replace"  # replaces the resource's fields: repeating it is harmless
    elif op.http_method == "delete":
        op.mode, op.gone_codes = "delete", tuple(errors.get("404", []))
    elif "order_exist_error" in errors.get("409", []):
        # A create with a partner-chosen identifier: a GET on `path/{id}` whose id is a
        # body field can read back what a maybe-applied attempt created.
        for (method, path), other in by_path.items():
            match = re.fullmatch(re.escape(op.path) + r"/\{(\w+)\}", path)
            if method == "get" and match:
                identifier = snake(match.group(1))
                if any(f.name == identifier for f in op.body_fields):
                    op.mode, op.getter, op.identifier = "create", other, identifier
    # Anything else ("once") is retried only when the bank certainly did not apply it.


def _paging(op: Op, package: Path) -> None:
    names = {p.name for p in op.query}
    model = op.returns
    if op.mode != "read" or not {"page", "page_size"} <= names or not model.isidentifier():
        return
    try:
        fields = _model_fields(package / "models", model)
    except (OSError, ValueError):
        return
    lists = [(n, ast.unparse(a)) for n, a, _ in fields if ast.unparse(a).startswith("list[")]
    if {"page", "page_size", "total_count"} <= {n for n, _, _ in fields} and len(lists) == 1:
        op.items, op.item_type = lists[0][0], lists[0][1][5:-1]


def collect(document: dict[str, Any], package: Path) -> dict[str, list[Op]]:
    """Tag -> operations that need the access token, in document order."""
    resources: dict[str, list[Op]] = {}
    raw: list[tuple[Op, dict[str, Any]]] = []
    for found in nestbank_spec.operations(document):
        operation = found.operation
        if not found.security(document):
            continue  # the pairing itself (OAuth): not part of a customer's bank
        tag = (operation.get("tags") or ["default"])[0]
        op_id = operation["operationId"]
        op = Op(op_id, tag, found.method, found.path, snake(op_id))
        _read_module(op, package)
        resources.setdefault(tag, []).append(op)
        raw.append((op, operation))
    by_path = {(op.http_method, op.path): op for op, _ in raw}
    for op, operation in raw:
        _mode(op, operation, by_path)
        _paging(op, package)
    for tag, ops in resources.items():
        _method_names(ops, tag)
    return resources


def secret_names(document: dict[str, Any]) -> list[str]:
    components = document.get("components") or {}
    names = {
        scheme["name"]
        for scheme in (components.get("securitySchemes") or {}).values()
        if scheme.get("type") == "apiKey" and scheme.get("name")
    }

    def resolve(node: Any) -> dict[str, Any]:
        found = nestbank_spec.resolve(document, node)
        return found if isinstance(found, dict) else {}

    for op in nestbank_spec.operations(document):
        operation = op.operation
        if op.operation_id != "grantToken":
            continue
        bodies = [c.get("schema", {}) for c in operation["requestBody"]["content"].values()]
        bodies += [
            c.get("schema", {}) for c in operation["responses"]["200"].get("content", {}).values()
        ]
        for body in bodies:
            for name, prop in (resolve(body).get("properties") or {}).items():
                prop = resolve(prop)
                if prop.get("type") == "string" and "enum" not in prop:
                    names.add(name)
    return sorted(names)


# -- rendering ----------------------------------------------------------------------------


def _keyword(p: Param, defaulted: bool = True) -> str:
    return f"{p.name}: {p.annotation}" + (
        "" if p.default is None or not defaulted else f" = {p.default}"
    )


def _signature(op: Op) -> str:
    parts = ["self"] + [f"{p.name}: {p.annotation}" for p in op.positional]
    # A PUT replaces every field: an optional one left out is *removed* (a blockade's
    # expiry), so it has no default there; the caller says `None` on purpose.
    replacing = op.mode == "replace"
    keywords = [_keyword(p, defaulted=not replacing) for p in op.body_fields]
    keywords += [_keyword(q) for q in op.query if not (op.items and q.name == "page")]
    if op.items:
        keywords.append("page: int = 1")
    parts += ["*", *keywords, _OPTIONS]
    return ", ".join(parts)


def _kwargs_call(op: Op) -> str:
    args = [p.name for p in op.positional]
    if op.body_model:
        args.append("body=body")
    for q in op.query:
        unset = q.default == "None" and q.annotation.endswith("| None")
        args.append(
            f"{q.name}=UNSET if {q.name} is None else {q.name}" if unset else f"{q.name}={q.name}"
        )
    return f"{op.module}._get_kwargs({', '.join(args)})"


def _body(op: Op) -> str:
    if not op.body_model:
        return ""
    fields = ", ".join(
        f"{f.name}=UNSET if {f.name} is None else {f.name}"
        if f.default == "None"
        else f"{f.name}={f.name}"
        for f in op.body_fields
    )
    return f"        body = {op.body_model}({fields})\n"


def _method(op: Op, asynchronous: bool) -> str:
    constant = f"_{snake(op.operation_id).upper()}"
    low_level = f"nestbank_client.api.{snake(op.tag)}.{op.module}"
    doc = (
        f'        """{op.summary.rstrip(".")}.\n\n'
        f"        `{op.operation_id}`: {op.http_method.upper()} {op.path}\n"
        f"        Retries: {_RETRY_TEXT[op.mode]}.\n"
        f'        Errors and details: `{low_level}.sync`.\n        """\n'
    )
    extra = ""
    if op.getter is not None:
        getter_args = [
            f"body.{op.identifier}" if p.name == op.identifier else p.name
            for p in op.getter.positional
        ]
        extra = (
            f", existing=lambda: ({op.getter.module}._get_kwargs({', '.join(getter_args)}), "
            f"{op.getter.module}._success), sent=body"
        )
    call = f"{constant}, {_kwargs_call(op)}, {op.module}._success, timeout, max_retries{extra}"
    returns = op.returns
    if op.items:
        page_class = "AsyncPage" if asynchronous else "SyncPage"
        returns = f"{page_class}[{op.item_type}, {op.returns}]"
        again = (
            [p.name for p in op.positional]
            + [f"{q.name}={q.name}" for q in op.query if q.name != "page"]
            + ["page=n", "timeout=timeout", "max_retries=max_retries"]
        )
        call = (
            f"self._bank._list({call}, lambda model: {page_class}(model, model.{op.items}, "
            f"lambda n: self.{op.method}({', '.join(again)})))"
        )
    else:
        call = f"self._bank._call({call})"
    prefix = "async def" if asynchronous else "def"
    awaited = "await " if asynchronous else ""
    return (
        f"    {prefix} {op.method}({_signature(op)}) -> {returns}:\n{doc}{_body(op)}"
        f"        return {awaited}{call}\n"
    )


def _resource(tag: str, ops: list[Op], asynchronous: bool) -> str:
    name = ("Async" if asynchronous else "") + camel(tag) + "Resource"
    extra = _EXTRA_BASES.get(tag)
    bases = [extra[1 if asynchronous else 0]] if extra else []
    bases.append("AsyncResource" if asynchronous else "SyncResource")
    methods = "\n".join(_method(op, asynchronous) for op in ops)
    raw = name + "WithRawResponse"
    wrapper = "async_raw" if asynchronous else "sync_raw"
    raw_lines = "\n".join(
        f"        self.{op.method} = {wrapper}(resource.{op.method})" for op in ops
    )
    return (
        f"class {name}({', '.join(bases)}):\n"
        f'    """The `{tag}` operations of the spec."""\n\n'
        f"    _bank: {'AsyncBankCore' if asynchronous else 'SyncBankCore'}\n\n{methods}\n\n"
        f"class {raw}:\n"
        f'    """`{name}` returning `RawResponse` (status, headers, body, `.parse()`)."""\n\n'
        f"    def __init__(self, resource: {name}) -> None:\n{raw_lines}\n\n"
    )


def _bank(resources: dict[str, list[Op]], asynchronous: bool) -> str:
    prefix = "Async" if asynchronous else ""
    name = f"{prefix}NestBank"
    names = [f"`{snake(t)}`" for t in resources]
    core = "AsyncBankCore" if asynchronous else "SyncBankCore"
    attributes = "\n".join(f"    {snake(t)}: {prefix}{camel(t)}Resource" for t in resources)
    attach = "\n".join(
        f"        self.{snake(t)} = {prefix}{camel(t)}Resource(self)" for t in resources
    )
    raw_attrs = "\n".join(
        f"        self.{snake(t)} = {prefix}{camel(t)}ResourceWithRawResponse(bank.{snake(t)})"
        for t in resources
    )
    return (
        f"class {name}({core}):\n"
        f'    """One paired customer\'s bank.\n\n    Resources: {", ".join(names)}.\n    """\n\n'
        f"    _secret_names = SECRET_NAMES\n"
        f"{attributes}\n\n"
        f"    def _attach(self) -> None:\n{attach}\n\n"
        f"    @property\n"
        f"    def with_raw_response(self) -> {name}WithRawResponse:\n"
        f'        """The same operations, answering `RawResponse` instead of the model."""\n'
        f"        return {name}WithRawResponse(self)\n\n\n"
        f"class {name}WithRawResponse:\n"
        f'    """`{name}.with_raw_response`."""\n\n'
        f"    def __init__(self, bank: {name}) -> None:\n{raw_attrs}\n\n\n"
    )


def render(document: dict[str, Any], package: Path) -> str:
    resources = collect(document, package)
    ops = [op for tag_ops in resources.values() for op in tag_ops]
    tags = sorted({op.tag for op in ops})
    imports = "\n".join(
        f"from .api.{snake(tag)} import "
        + ", ".join(sorted(op.module for op in ops if op.tag == tag))
        for tag in tags
    )
    source = "\n".join(_method(op, a) for op in ops for a in (False, True))
    known = set(re.findall(r"\b[A-Z][A-Za-z0-9]+\b", source))
    models_init = (package / "models" / "__init__.py").read_text(encoding="utf-8")
    exported = set(re.findall(r'"([A-Z][A-Za-z0-9]+)"', models_init))
    models = sorted(known & exported)
    constants = "\n".join(
        f"_{snake(op.operation_id).upper()} = Operation({op.operation_id!r}, "
        f"{op.http_method.upper()!r}, {op.path!r}, {op.mode!r}"
        + (f", gone_codes={op.gone_codes!r}" if op.gone_codes else "")
        + (f", identifier={op.identifier!r}" if op.identifier else "")
        + ")"
        for op in ops
    )
    extras = sorted({b for t in resources for b in _EXTRA_BASES.get(t, ())})
    body = "".join(_resource(t, o, a) for t, o in resources.items() for a in (False, True))
    banks = _bank(resources, False) + _bank(resources, True)
    return f'''"""The resource-style client: `NestBank` and `AsyncNestBank`, one per customer.

Generated by `nestbank_generator.sdk` from the spec (tags, operationIds, parameters,
request bodies): do not edit, run `make generate`. The behaviour (retries, paging,
raw responses, logging) lives in `_sdk_base`, `_sdk_retry`, `_sdk_results`.
"""

from __future__ import annotations

import datetime  # noqa: F401  (used by some signatures)

{"from ._sdk_authorizations import " + ", ".join(extras) if extras else ""}
from ._sdk_results import AsyncPage, SyncPage, async_raw, sync_raw
from ._sdk_retry import Operation
from ._sdk_base import AsyncBankCore, AsyncResource, SyncBankCore, SyncResource, TimeoutTypes
{imports}
from .models import {", ".join(models)}
from .types import UNSET

SECRET_NAMES = frozenset({[n.lower() for n in secret_names(document)]!r})
"""Header, query and body names whose values debug logging never shows."""

{constants}


{body}
{banks}
__all__ = ["AsyncNestBank", "NestBank", "SECRET_NAMES"]
'''


def write_sdk(prepared_spec: Path, package: Path) -> None:
    """Write `_resources.py` into the freshly generated package."""
    document = json.loads(prepared_spec.read_text(encoding="utf-8"))
    (package / MODULE).write_text(render(document, package), encoding="utf-8")
