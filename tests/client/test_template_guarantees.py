"""What our templates add to openapi-python-client survives a template upgrade.

generator/templates/ overrides upstream templates (kept pristine in generator/upstream/,
compared by `make template-diff`). An upgrade that merges them badly would silently give
back upstream behaviour; these tests name the three guarantees, derived from the spec so
a new money field, timestamp or error code is covered without editing this file:
- money: every required `$ref Amount/PositiveAmount` property is a `Decimal`;
- timestamps: every `date-time` property goes through the strict RFC 3339 helpers;
- errors: each operation's docstring lists the error codes of its `x-nestbank-errors`.
"""

from __future__ import annotations

import importlib
import inspect
import re
import typing
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import nestbank_client
import nestbank_spec
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nestbank_client import models
from nestbank_client.models import Blockade, ErrorCode
from nestbank_client.money import to_amount
from nestbank_client.rfc3339 import InvalidTimestampError

from tools.template_diff import installed_templates, installed_version, kept_version, not_pristine

ROOT = Path(__file__).resolve().parents[2]
SPEC: dict[str, Any] = nestbank_spec.load()
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
MONEY_REFS = ("#/components/schemas/Amount", "#/components/schemas/PositiveAmount")


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def properties_where(test: typing.Callable[[dict[str, Any]], bool]) -> list[tuple[str, str]]:
    return sorted(
        (schema_name, prop)
        for schema_name, schema in SCHEMAS.items()
        for prop, prop_schema in (schema.get("properties") or {}).items()
        if test(prop_schema)
    )


MONEY = [
    (schema, prop)
    for schema, prop in properties_where(lambda s: s.get("$ref") in MONEY_REFS)
    if prop in SCHEMAS[schema].get("required", [])
]
TIMESTAMPS = properties_where(lambda s: s.get("format") == "date-time")
ERRORS = sorted(
    (str(op.operation_id), op.operation["x-nestbank-errors"])
    for op in nestbank_spec.operations(SPEC)
    if "x-nestbank-errors" in op.operation
)


def model_module(schema: str) -> ModuleType:
    return importlib.import_module(f"nestbank_client.models.{snake(schema)}")


def test_the_kept_upstream_templates_are_pristine_and_current() -> None:
    kept = kept_version()
    assert installed_version() == kept, "openapi-python-client changed: see make template-diff"
    assert not_pristine(installed_templates(), kept) == []


def test_the_spec_has_each_kind_of_guarantee() -> None:
    assert MONEY and TIMESTAMPS and ERRORS  # a renamed extension would empty a list silently


@pytest.mark.parametrize(("schema", "prop"), MONEY)
def test_money_is_a_decimal(schema: str, prop: str) -> None:
    model = getattr(models, schema)
    field = attrs.fields_dict(model)[snake(prop)]
    assert field.converter == to_amount  # type: ignore[comparison-overlap]  # attrs types it wide
    assert typing.get_type_hints(model)[snake(prop)] is Decimal


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_money_reads_and_writes_exact_two_place_strings(amount: Decimal) -> None:
    money = models.Money.from_dict({"amount": f"{amount:.2f}", "currency": "PLN"})
    assert money.amount == amount and isinstance(money.amount, Decimal)
    assert money.to_dict()["amount"] == f"{amount:.2f}"


@pytest.mark.parametrize("schema", sorted({schema for schema, _ in TIMESTAMPS}))
def test_timestamps_use_the_strict_rfc3339_helpers(schema: str) -> None:
    source = inspect.getsource(model_module(schema))
    assert "parse_rfc3339(" in source and "format_rfc3339(" in source
    for stock in ("fromisoformat", "isoparse", ".isoformat()"):
        assert stock not in source, f"{schema}: upstream's {stock} is back"


BLOCKADE = {
    "blockadeId": "rent-2018-0001",
    "accountId": "acc-demo-main",
    "amount": {"amount": "250.00", "currency": "PLN"},
    "title": "Kaucja za wynajem roweru",
    "createdAt": "2018-01-20t12:32:00.123456789z",  # lower case, 9 digits: valid RFC 3339
    "updatedAt": "2018-01-20T13:32:00+01:00",
    "expiresAt": "2018-01-27T12:32:00Z",
}


def test_timestamps_are_strict_on_a_real_model() -> None:
    blockade = Blockade.from_dict(BLOCKADE)
    assert blockade.created_at == datetime(2018, 1, 20, 12, 32, 0, 123456, tzinfo=UTC)
    assert Blockade.from_dict(blockade.to_dict()).to_dict() == blockade.to_dict()
    with pytest.raises(InvalidTimestampError):
        Blockade.from_dict({**BLOCKADE, "createdAt": "2018-01-20T12:32:00"})  # no offset


def operation_module(operation_id: str) -> ModuleType:
    api = Path(nestbank_client.__file__).parent / "api"
    found = list(api.glob(f"*/{snake(operation_id)}.py"))
    assert len(found) == 1, f"{operation_id}: {found}"
    return importlib.import_module(f"nestbank_client.api.{found[0].parent.name}.{found[0].stem}")


@pytest.mark.parametrize(("operation_id", "errors"), ERRORS, ids=[op for op, _ in ERRORS])
def test_docstrings_name_every_error_code(operation_id: str, errors: dict[str, Any]) -> None:
    docstring = " ".join((operation_module(operation_id).sync.__doc__ or "").split())
    for status, codes in errors.items():
        assert str(status) in docstring
        for code in codes:
            member = ErrorCode(code).name
            assert f"ErrorCode.{member}" in docstring or repr(code) in docstring, (
                f"{operation_id}: {code} ({status}) missing from the sync() docstring"
            )
