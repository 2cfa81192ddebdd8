"""Review policy: our strict defaults, and a team's settings overriding them."""

from __future__ import annotations

from pathlib import Path

import pytest
from nestbank_review.compare_ops import diff_specs
from nestbank_review.errors import ReviewError
from nestbank_review.policy import POLICIES, apply_policy, load_policy, parse_setting

from tests.review.helpers import FIXTURES, load_yaml, patched

BASE = load_yaml(FIXTURES / "base.yaml")
CASES = {case["name"]: case for case in load_yaml(FIXTURES / "cases.yaml")["cases"]}


def _verdicts(case: str, policy: dict[str, bool]) -> dict[str, bool]:
    changes = diff_specs(BASE, patched(BASE, CASES[case]["patch"])).changes
    return {c.id: c.breaking for c in apply_policy(changes, policy)}


def test_every_policy_default_is_breaking_and_exercised_by_a_fixture() -> None:
    # A setting nobody can observe is dead weight: each one has a case reporting it.
    reported = {
        change_id.split("@")[0]
        for case in CASES.values()
        for change_id, verdict in case["expect"].items()
        if verdict == "breaking"
    }
    sided = {r.split("-", 1)[1] for r in reported if r.startswith(("request-", "response-"))}
    missing = [rule for rule in POLICIES if rule not in reported | sided]
    assert missing == []


@pytest.mark.parametrize(
    ("case", "rule"),
    [
        ("enum-widened", "response-enum-value-added"),
        ("deprecated-operation-removed", "operation-removed-after-deprecation"),
        ("deprecated-property-removed", "property-removed-after-deprecation"),
        ("path-parameter-renamed", "path-parameter-renamed"),
        ("server-removed", "server-removed"),
        ("error-status-added", "response-error-status-added"),
    ],
)
def test_a_team_can_call_a_strict_default_safe(case: str, rule: str) -> None:
    strict = _verdicts(case, {})
    relaxed = _verdicts(case, {rule: False})
    touched = [i for i in strict if i.split("@")[0].endswith(rule)]
    assert touched and all(strict[i] for i in touched)
    assert not any(relaxed[i] for i in touched)
    # Everything else keeps its classification.
    assert {i: v for i, v in relaxed.items() if i not in touched} == {
        i: v for i, v in strict.items() if i not in touched
    }


def test_a_policy_can_also_make_a_rule_stricter() -> None:
    assert _verdicts("enum-widened", {"response-enum-value-added": True}) == _verdicts(
        "enum-widened", {}
    )


def test_policy_file_and_flags(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    assert load_policy(path) == {}
    path.write_text("rules:\n  server-removed: safe\n  operation-id-changed: breaking\n")
    assert load_policy(path) == {"server-removed": False, "operation-id-changed": True}
    assert parse_setting("response-enum-value-added=safe") == ("response-enum-value-added", False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules:\n  request-property-removed: safe\n", "not a review policy"),
        ("rules:\n  server-removed: maybe\n", "must be 'breaking' or 'safe'"),
        ("server-removed: safe\n", "expected a mapping 'rules'"),
        ("rules: [\n", "cannot read"),
    ],
)
def test_bad_policy_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReviewError, match=message):
        load_policy(path)
