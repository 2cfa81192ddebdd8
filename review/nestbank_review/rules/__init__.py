"""The rule engine: `check(doc, facts)` runs every house and spec rule once."""

from nestbank_review.rules.engine import Finding, Outcome, check, load_facts, rule_names

__all__ = ["Finding", "Outcome", "check", "load_facts", "rule_names"]
