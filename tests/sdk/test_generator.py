"""The resources are generated from the spec: names, arguments and retry rules, and drift."""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path
from typing import Any

import nestbank_spec
import pytest
from nestbank_client import AsyncNestBank, NestBank
from nestbank_generator.generate import generate_into
from nestbank_generator.sdk import collect
from nestbank_generator.spec_prep import load_spec, prepare

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "nestbank.yaml"
PACKAGE = ROOT / "generated_client" / "nestbank_client"


def _operations() -> dict[str, Any]:
    return {
        op.operation_id: op
        for ops in collect(prepare(load_spec(SPEC)), PACKAGE).values()
        for op in ops
    }


def test_every_operation_that_needs_a_token_is_a_method_of_both_clients() -> None:
    document = load_spec(SPEC)
    operations = nestbank_spec.operations(document)
    expected = {op.operation_id for op in operations if op.security(document)}
    found = set(_operations())
    assert found == expected
    for op in _operations().values():
        resource = op.tag
        for bank in (NestBank, AsyncNestBank):
            attribute = bank.__annotations__[resource]
            assert attribute.endswith("Resource")
    assert set(NestBank.__annotations__) >= {
        "user",
        "accounts",
        "blockades",
        "payments",
        "authorizations",
        "transactions",
    }


def test_method_names_and_retry_rules_follow_the_spec() -> None:
    ops = _operations()
    assert {name: (op.method, op.mode) for name, op in ops.items()} == {
        "getUser": ("get", "read"),
        "getAccount": ("get", "read"),
        "listBlockades": ("list", "read"),
        "createBlockade": ("create", "create"),
        "getBlockade": ("get", "read"),
        "updateBlockade": ("update", "replace"),
        "deleteBlockade": ("delete", "delete"),
        "authorizeBlockade": ("authorize", "once"),
        "listPayments": ("list", "read"),
        "createPayment": ("create", "create"),
        "getPayment": ("get", "read"),
        "authorizePayment": ("authorize", "once"),
        "getAuthorization": ("get", "read"),
        "listTransactions": ("list", "read"),
        "getTransaction": ("get", "read"),
    }
    assert ops["createBlockade"].identifier == "blockade_id"
    assert ops["createPayment"].getter.operation_id == "getPayment"
    assert ops["deleteBlockade"].gone_codes == ("blockade_not_exist",)
    assert {n for n, op in ops.items() if op.items} == {
        "listBlockades",
        "listPayments",
        "listTransactions",
    }


@pytest.mark.parametrize("bank", [NestBank, AsyncNestBank])
def test_signatures_have_plain_keyword_arguments(bank: type[Any]) -> None:
    create = inspect.signature(_resource(bank, "blockades").create)
    names = list(create.parameters)
    assert names[:2] == ["self", "account_id"]
    assert {"blockade_id", "amount", "title", "expires_at", "timeout", "max_retries"} <= set(names)
    assert create.parameters["expires_at"].default is None
    source = inspect.getsource(inspect.getmodule(bank))  # type: ignore[arg-type]
    assert "Unset" not in source.split("from .types import UNSET", 1)[1]


@pytest.mark.parametrize("bank", [NestBank, AsyncNestBank])
def test_a_replacing_update_has_no_default_that_would_remove_a_field(bank: type[Any]) -> None:
    """A PUT replaces every field: `update(..., title=...)` alone would drop the expiry,
    turning a hold that lapses into one that never does. Each body field is required."""
    for name, op in _operations().items():
        if op.mode != "replace":
            continue
        method = inspect.signature(getattr(_resource(bank, op.tag), op.method))
        for field in op.body_fields:
            parameter = method.parameters[field.name]
            assert parameter.default is inspect.Parameter.empty, (name, field.name)


def _resource(bank: type[Any], name: str) -> Any:
    module = inspect.getmodule(bank)
    return getattr(module, ("Async" if bank is AsyncNestBank else "") + name.title() + "Resource")


def test_a_new_operation_in_the_spec_appears_with_no_hand_edit(tmp_path: Path) -> None:
    document = load_spec(SPEC)
    document["paths"]["/account/{accountId}/blockade/{blockadeId}/history"] = {
        "get": {
            "operationId": "getBlockadeHistory",
            "tags": ["blockades"],
            "summary": "A blockade's history",
            "parameters": [
                {"$ref": "#/components/parameters/AccountIdPath"},
                {"$ref": "#/components/parameters/BlockadeIdPath"},
                {
                    "name": "since",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "format": "date-time"},
                },
            ],
            "responses": {
                "200": {
                    "description": "The blockade.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Blockade"}}
                    },
                }
            },
        }
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    generate_into(spec, tmp_path / "client")
    source = (tmp_path / "client" / "nestbank_client" / "_resources.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    methods = {
        (node.name, item.name): item
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    for cls in ("BlockadesResource", "AsyncBlockadesResource"):
        method = methods[(cls, "get_history")]
        assert [a.arg for a in method.args.args] == ["self", "account_id", "blockade_id"]
        since = method.args.kwonlyargs[0]
        assert since.arg == "since" and ast.unparse(since.annotation) == "datetime.datetime | None"  # type: ignore[arg-type]
    assert "_GET_BLOCKADE_HISTORY = Operation(" in source
