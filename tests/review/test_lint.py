"""Lint: house rules fire on broken copies of the real spec; Spectral runs from node_modules;
one problem gives one finding."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from nestbank_review.lint import run_lint
from nestbank_review.node_tools import NodeTools
from nestbank_review.rules import check, load_facts
from nestbank_review.rules.house_rules import check_house_rules

from tests.review.helpers import REPO, SPEC, patched, real_spec

FACTS = REPO / "tests" / "spec" / "catalogue.py"
PAY = "/paths/~1payment/post"
GRANT_EXAMPLES = (
    "/paths/~1grant/post/requestBody/content/application~1x-www-form-urlencoded/examples"
)
TOKEN_EXAMPLES = "/paths/~1grant/post/responses/200/content/application~1json/examples"
BROKEN: list[tuple[str, list[dict[str, Any]], str]] = [
    ("no operationId", [{"op": "remove", "path": f"{PAY}/operationId"}], "operation-id"),
    (
        "no description",
        [{"op": "set", "path": f"{PAY}/description", "value": ""}],
        "operation-documented",
    ),
    (
        "undeclared tag",
        [{"op": "set", "path": f"{PAY}/tags", "value": ["nope"]}],
        "operation-documented",
    ),
    ("unprotected", [{"op": "set", "path": f"{PAY}/security", "value": []}], "security-required"),
    (
        "public step inherits security",
        [{"op": "remove", "path": "/paths/~1grant/post/security"}],
        "security-required",
    ),
    (
        "unused schema",
        [{"op": "set", "path": "/components/schemas/Orphan", "value": {"type": "string"}}],
        "no-unused-components",
    ),
    (
        "real-looking secret",
        [
            {
                "op": "set",
                "path": f"{GRANT_EXAMPLES}/refreshToken/value/client_secret",
                "value": "s3cr3t-value",
            }
        ],
        "no-secrets-in-examples",
    ),
    (
        "JWT in an example",
        [
            {
                "op": "set",
                "path": f"{TOKEN_EXAMPLES}/tokens/value/access_token",
                "value": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJl",
            }
        ],
        "no-secrets-in-examples",
    ),
    (
        "plain HTTP server",
        [{"op": "set", "path": "/servers/0/url", "value": "http://api.example.com"}],
        "servers-https",
    ),
    (
        "unbounded request string",
        [
            {"op": "remove", "path": "/components/schemas/Title/maxLength"},
            {"op": "set", "path": "/components/schemas/Title/pattern", "value": "^.+$"},
        ],
        "request-values-bounded",
    ),
    (
        "unbounded request integer",
        [{"op": "remove", "path": "/components/parameters/PageSizeQuery/schema/maximum"}],
        "request-values-bounded",
    ),
    (
        "no 400 for an operation with input",
        [{"op": "remove", "path": f"{PAY}/responses/400"}],
        "error-validation",
    ),
]


def test_real_spec_passes_house_rules() -> None:
    assert check_house_rules(real_spec()) == []


@pytest.mark.parametrize(("name", "patch", "rule"), BROKEN, ids=[b[0] for b in BROKEN])
def test_house_rule_fires(name: str, patch: list[dict[str, Any]], rule: str) -> None:
    problems = check_house_rules(patched(real_spec(), patch))
    assert problems, "the rule did not fire"
    assert {p.rule for p in problems} == {rule}, problems


def test_sandbox_is_the_only_plain_http_server() -> None:
    doc = patched(
        real_spec(), [{"op": "set", "path": "/servers/1/url", "value": "http://127.0.0.1:9000"}]
    )
    assert [p.rule for p in check_house_rules(doc)] == ["servers-https"]


@pytest.mark.node
def test_node_tools_are_installed() -> None:
    tools = NodeTools()
    assert tools.available, tools.missing_reason


@pytest.mark.node
def test_full_lint_of_real_spec_is_clean() -> None:
    result = run_lint(real_spec(), SPEC, NodeTools(), FACTS)
    assert result.findings == []
    assert any(ran.startswith("Spectral") for ran in result.ran)


@pytest.mark.node
def test_spectral_reports_what_the_engine_does_not(tmp_path: Any) -> None:
    broken = patched(real_spec(), [{"op": "remove", "path": "/paths/~1user/get/responses/200"}])
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    result = run_lint(broken, path, NodeTools())
    spectral_rules = {f.rule for f in result.findings if f.source == "spectral"}
    assert "operation-success-response" in spectral_rules
    assert any(s.startswith("rules without facts (--facts): ") for s in result.skipped)


# A spec with three problems: an operation without a summary, an unused schema and a
# plain-http production server.
THREE_PROBLEMS: list[dict[str, Any]] = [
    {"op": "remove", "path": "/paths/~1user/get/summary"},
    {
        "op": "set",
        "path": "/components/schemas/Orphan",
        "value": {"type": "string", "description": "Inferred: never referenced."},
    },
    {"op": "set", "path": "/servers/0/url", "value": "http://login.nestbank.pl/rest/v1/open/api"},
]
THREE_RULES = ["operation-documented", "no-unused-components", "servers-https"]


def test_three_problems_give_three_engine_findings() -> None:
    findings = check(patched(real_spec(), THREE_PROBLEMS), load_facts(FACTS)).findings
    assert sorted(f.rule for f in findings) == sorted(THREE_RULES), findings


@pytest.mark.node
def test_three_problems_give_three_lint_errors(tmp_path: Any) -> None:
    """The engine and Spectral together: each problem reported once (issue 17)."""
    broken = patched(real_spec(), THREE_PROBLEMS)
    path = tmp_path / "three.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    result = run_lint(broken, path, NodeTools(), FACTS)
    assert any(ran.startswith("Spectral") for ran in result.ran)
    assert sorted(f.rule for f in result.errors) == sorted(THREE_RULES), result.errors
