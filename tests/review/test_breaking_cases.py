"""The classifier against hand-written spec pairs (fixtures/cases.yaml)."""

from __future__ import annotations

from typing import Any

import pytest
from nestbank_review.compare_ops import diff_specs

from tests.review.helpers import FIXTURES, load_yaml, patched

BASE = load_yaml(FIXTURES / "base.yaml")
CASES: list[dict[str, Any]] = load_yaml(FIXTURES / "cases.yaml")["cases"]


def test_base_against_itself_reports_nothing() -> None:
    report = diff_specs(BASE, BASE)
    assert report.changes == []
    assert report.changed_operations == []


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    report = diff_specs(BASE, patched(BASE, case["patch"]))
    found = {change.id: "breaking" if change.breaking else "safe" for change in report.changes}
    assert found == case["expect"]


def test_every_case_name_is_unique_and_both_classes_are_covered() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    classes = {value for case in CASES for value in case["expect"].values()}
    assert classes == {"breaking", "safe"}
