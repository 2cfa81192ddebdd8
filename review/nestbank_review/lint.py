"""Lint: OpenAPI validity, the rule engine (`nestbank_review.rules`) and Spectral."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from nestbank_review.errors import ReviewError
from nestbank_review.node_tools import NodeTools
from nestbank_review.rules import check, load_facts

Severity = Literal["error", "warning"]
SPECTRAL_SEVERITIES: dict[int, Severity] = {0: "error", 1: "warning"}


@dataclass(frozen=True)
class LintFinding:
    source: str  # openapi, rules, spectral
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


def run_lint(
    doc: dict[str, Any], spec_path: Path, tools: NodeTools, facts: Path | None = None
) -> LintResult:
    """Lint ``doc`` (read from ``spec_path``); ``facts``: a module of restated facts."""
    result = LintResult()
    _openapi_valid(doc, result)
    _rules(doc, facts, result)
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


def _rules(doc: dict[str, Any], facts_path: Path | None, result: LintResult) -> None:
    try:
        facts = load_facts(facts_path) if facts_path else None
    except ReviewError as exc:  # a broken facts file must show, not crash the review
        result.findings.append(LintFinding("rules", "facts", "error", "#", str(exc)))
        facts = None
    outcome = check(doc, facts)
    for finding in outcome.findings:
        result.findings.append(
            LintFinding("rules", finding.rule, "error", finding.location, finding.message)
        )
    result.ran.append("rule engine (house and spec rules)")
    if outcome.skipped:
        result.skipped.append(f"rules without facts (--facts): {', '.join(outcome.skipped)}")


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
