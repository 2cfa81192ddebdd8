"""The one rule engine: the house rules and the spec's own rules, each problem once.

`make lint` (through tests/spec) and `make review` (through `nestbank_review.lint`) both
call `check`. Spectral runs beside it in the review with the rules implemented here
switched off (review/.spectral.yaml), so one problem gives one finding.

The facts restated from the bank's pages (tests/spec/catalogue.py) are passed in, not
imported: a spec repository without them still gets every rule that needs none.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from nestbank_review.errors import ReviewError
from nestbank_review.rules.house_rules import check_house_rules
from nestbank_review.rules.spec_rules import FACT_RULES, SpecRules


@dataclass(frozen=True)
class Finding:
    rule: str
    location: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.rule}: {self.message}"
            if self.location == "#"
            else (f"{self.rule}: {self.location}: {self.message}")
        )


@dataclass
class Outcome:
    findings: list[Finding]
    skipped: list[str]  # rules that need facts that were not given


def check(doc: dict[str, Any], facts: ModuleType | None = None) -> Outcome:
    """Every problem in the document, one finding per problem."""
    findings = [Finding(p.rule, p.location, p.message) for p in check_house_rules(doc)]
    skipped: list[str] = []
    rules = SpecRules(doc, facts)
    for name, rule in rules.all_rules().items():
        if facts is None and name in FACT_RULES:
            skipped.append(name)
            continue
        try:
            findings.extend(Finding(name, "#", message) for message in rule())
        except (KeyError, IndexError, TypeError, AttributeError) as exc:
            message = f"could not check ({type(exc).__name__}: {exc})"
            findings.append(Finding(name, "#", message))
    return Outcome(findings, sorted(skipped))


def rule_names() -> frozenset[str]:
    """The engine's rules by name (house and spec rules share no name)."""
    from nestbank_review.rules.house_rules import RULES

    return frozenset(SpecRules({}).all_rules()) | RULES


def load_facts(path: Path) -> ModuleType:
    """A facts module (such as tests/spec/catalogue.py) read from its file, not sys.path."""
    spec = importlib.util.spec_from_file_location("nestbank_review_facts", path)
    if spec is None or spec.loader is None or not path.is_file():
        raise ReviewError(f"cannot read the facts file {path}")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # a broken facts file must say so, not crash the review
        raise ReviewError(f"facts file {path} could not be loaded: {exc}") from exc
    return module
