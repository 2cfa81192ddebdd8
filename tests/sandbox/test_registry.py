"""The sandbox's one record per operation is checked against the spec at start-up."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import nestbank_spec
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from nestbank_sandbox.app import create_app
from nestbank_sandbox.dispatch import HANDLERS
from nestbank_sandbox.registry import RegistryError, operation_records
from nestbank_sandbox.spec import ApiSpec, load_spec

SPEC = load_spec()
IDS = sorted(SPEC.by_id)


def test_every_operation_has_one_record_with_its_handler_permission_and_codes() -> None:
    records = operation_records(SPEC, HANDLERS)
    assert sorted(records) == IDS == sorted(HANDLERS)
    for op in nestbank_spec.operations(SPEC.document):
        record = records[str(op.operation_id)]
        assert record.handler is HANDLERS[record.operation.operation_id]
        assert record.operation.permissions == nestbank_spec.permissions(op.operation)
        assert record.operation.errors == {
            status: frozenset(codes)
            for status, codes in nestbank_spec.error_codes(op.operation).items()
        }


@settings(max_examples=20)
@given(st.sets(st.sampled_from(IDS), min_size=1))
def test_every_operation_without_a_handler_is_named(missing: set[str]) -> None:
    handlers = {name: handler for name, handler in HANDLERS.items() if name not in missing}
    with pytest.raises(RegistryError) as caught:
        operation_records(SPEC, handlers)
    named = {line.split(" ", 2)[1] for line in str(caught.value).splitlines()[1:]}
    assert named == missing
    assert "has no handler: add one to HANDLERS" in str(caught.value)


def test_a_handler_without_an_operation_is_named() -> None:
    handlers = {**HANDLERS, "frobnicateAccount": HANDLERS["getUser"]}
    with pytest.raises(RegistryError, match="frobnicateAccount has a handler but the spec has"):
        operation_records(SPEC, handlers)


def _with_new_operation(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    operation = copy.deepcopy(changed["paths"]["/user"]["get"])
    operation["operationId"] = "getUserAgain"
    changed["paths"]["/user-again"] = {"get": operation}
    return changed


def test_a_secured_operation_without_a_permission_is_named() -> None:
    document = copy.deepcopy(SPEC.document)
    del document["paths"]["/user"]["get"]["x-nestbank-permission"]
    with pytest.raises(RegistryError, match=r"getUser .* has no x-nestbank-permission"):
        operation_records(ApiSpec(document), HANDLERS)


def test_the_sandbox_does_not_start_with_an_operation_it_cannot_answer(tmp_path: Path) -> None:
    changed = tmp_path / "spec.yaml"
    document = _with_new_operation(SPEC.document)
    changed.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"getUserAgain \(GET /user-again\) is in the spec"):
        create_app(":memory:", rate_limit_per_minute=0, spec_file=changed)
