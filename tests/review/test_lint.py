"""Lint: house rules fire on broken copies of the real spec; Spectral runs from node_modules."""

from __future__ import annotations

from typing import Any

import pytest
from nestbank_review.house_rules import check_house_rules
from nestbank_review.lint import run_lint
from nestbank_review.node_tools import NodeTools

from tests.review.helpers import REPO, SPEC, patched, real_spec

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
        "no request example",
        [{"op": "remove", "path": f"{PAY}/requestBody/content/application~1json/examples"}],
        "examples-present",
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
    result = run_lint(real_spec(), SPEC, REPO, NodeTools())
    assert result.findings == []
    assert any(ran.startswith("Spectral") for ran in result.ran)


@pytest.mark.node
def test_spectral_reports_problems(tmp_path: Any) -> None:
    broken = patched(
        real_spec(),
        [
            {"op": "remove", "path": f"{PAY}/operationId"},
            {"op": "set", "path": "/components/schemas/Orphan", "value": {"type": "string"}},
        ],
    )
    path = tmp_path / "broken.yaml"
    import yaml

    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    result = run_lint(broken, path, tmp_path, NodeTools())
    spectral_rules = {f.rule for f in result.findings if f.source == "spectral"}
    assert {"operation-operationId", "oas3-unused-component"} <= spectral_rules
    assert "spec rules: tests/spec/rules.py with check_spec(doc) not found" in result.skipped
