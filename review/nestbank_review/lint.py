"""Lint: OpenAPI validity, house rules, the spec's own rules (tests/spec/rules.py) and Spectral."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from nestbank_review.house_rules import check_house_rules
from nestbank_review.node_tools import NodeTools

Severity = Literal["error", "warning"]
SPECTRAL_SEVERITIES: dict[int, Severity] = {0: "error", 1: "warning"}


@dataclass(frozen=True)
class LintFinding:
    source: str  # openapi, house, spec-rules, spectral
    rule: str
    severity: Severity
    location: str
    message: str


@dataclass
class LintResult:
    findings: list[LintFinding] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[LintFinding]:
        return [f for f in self.findings if f.severity == "error"]


def run_lint(doc: dict[str, Any], spec_path: Path, repo: Path, tools: NodeTools) -> LintResult:
    result = LintResult()
    _openapi_valid(doc, result)
    for problem in check_house_rules(doc):
        result.findings.append(
            LintFinding("house", problem.rule, "error", problem.location, problem.message)
        )
    result.ran.append("house rules")
    _spec_rules(doc, repo, result)
    _spectral(spec_path, tools, result)
    return result


def _openapi_valid(doc: dict[str, Any], result: LintResult) -> None:
    from openapi_spec_validator import validate

    try:
        validate(doc)
    except Exception as exc:  # the validator raises several unrelated types
        message = str(getattr(exc, "message", exc)).splitlines()[0]
        result.findings.append(LintFinding("openapi", "openapi-valid", "error", "#", message))
    result.ran.append("OpenAPI 3.1 validity (openapi-spec-validator)")


def load_spec_rules(repo: Path) -> Callable[[dict[str, Any]], list[str]] | None:
    """The project's own rules, ``tests/spec/rules.py:check_spec``, if the repo has them."""
    if not (repo / "tests" / "spec" / "rules.py").is_file():
        return None
    added = str(repo) not in sys.path
    if added:
        sys.path.insert(0, str(repo))
    try:
        module = importlib.import_module("tests.spec.rules")
    finally:
        if added:
            sys.path.remove(str(repo))
    check = getattr(module, "check_spec", None)
    return check if callable(check) else None


def _spec_rules(doc: dict[str, Any], repo: Path, result: LintResult) -> None:
    try:
        check = load_spec_rules(repo)
    except Exception as exc:  # a broken rules module must show, not crash the review
        message = f"tests/spec/rules.py could not be imported: {exc}"
        result.findings.append(LintFinding("spec-rules", "import", "error", "#", message))
        return
    if check is None:
        result.skipped.append("spec rules: tests/spec/rules.py with check_spec(doc) not found")
        return
    for problem in check(doc):
        result.findings.append(LintFinding("spec-rules", "check_spec", "error", "#", str(problem)))
    result.ran.append("spec rules (tests/spec/rules.py)")


def _spectral(spec_path: Path, tools: NodeTools, result: LintResult) -> None:
    if not tools.available:
        result.skipped.append(f"Spectral: {tools.missing_reason}")
        return
    command = [
        str(tools.spectral),
        "lint",
        "--ruleset",
        str(tools.spectral_ruleset),
        "--format",
        "json",
        "--quiet",
        "--fail-severity",
        "error",
        str(spec_path),
    ]
    proc = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=300, env=tools.env()
    )
    try:
        items = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        detail = (proc.stderr or proc.stdout).strip().splitlines()[:3]
        message = f"Spectral failed (exit {proc.returncode}): {' '.join(detail)}"
        result.findings.append(LintFinding("spectral", "spectral-run", "error", "#", message))
        return
    for item in items:
        severity = SPECTRAL_SEVERITIES.get(int(item.get("severity", 0)))
        if severity is None:
            continue  # info and hint
        path = "/".join(str(p) for p in item.get("path") or [])
        line = int(((item.get("range") or {}).get("start") or {}).get("line", -1)) + 1
        location = f"#/{path} (line {line})" if line > 0 else f"#/{path}"
        result.findings.append(
            LintFinding("spectral", str(item.get("code")), severity, location, item["message"])
        )
    result.ran.append(f"Spectral {tools.spectral_version} (spectral:oas + OWASP)")
