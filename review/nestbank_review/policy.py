"""Review policy: which deliberate strictnesses a team may switch off, and our defaults.

Each entry is a rule name (the part of a change id before ``@``) that we classify as
breaking although an API team may reasonably decide otherwise. The reason is why we
chose "breaking"; docs/review.md repeats the table. A policy file or ``--rule`` flags
override the default per rule::

    # spec/review-policy.yaml
    rules:
      response-enum-value-added: safe        # our partners must tolerate unknown values
      operation-removed-after-deprecation: safe

Rules that are breaking as a matter of fact (a removed field, a new required request
field, new credentials or scopes) are not settings.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from nestbank_review.changes import Change
from nestbank_review.errors import ReviewError

POLICY_FILE = "spec/review-policy.yaml"
CHOICES = {"breaking": True, "safe": False}

# rule -> why it is breaking by default.
POLICIES: dict[str, str] = {
    "response-enum-value-added": "a client generated with a closed enum fails to parse the new "
    "value (openapi-python-client raises ValueError); declare the enum open instead",
    "response-any-of-branch-added": "a client meets a shape it was told cannot occur",
    "response-one-of-branch-added": "a client meets a shape it was told cannot occur",
    "response-pattern-removed": "a client that validates responses refuses values it never saw",
    "response-pattern-changed": "whether one pattern accepts a subset of the other is "
    "undecidable here, so a change counts as widening",
    "response-max-length-increased": "a client storing the value (a database column) overflows",
    "response-max-length-removed": "a client storing the value (a database column) overflows",
    "response-error-status-added": "an undocumented status reaches the client's "
    "'unexpected status' path (raise_on_unexpected_status)",
    "response-success-status-added": "clients look for the status they were told about",
    "response-media-type-removed": "a client that sends Accept for it gets 406 or a body "
    "it cannot parse",
    "operation-removed-after-deprecation": "deprecation tells partners to move, but a partner "
    "that has not moved yet breaks; acknowledge each removal with its release",
    "property-removed-after-deprecation": "as operation-removed-after-deprecation",
    "request-parameter-removed-after-deprecation": "as operation-removed-after-deprecation",
    "server-removed": "a partner configured with that base URL stops working",
    "path-parameter-renamed": "generated clients take path parameters by keyword "
    "(get_thing(thing_id=...)); the wire is unchanged",
    "operation-id-changed": "generated clients name their methods after the operationId",
    "request-default-changed": "a client that leaves the value out gets other behaviour",
    "response-property-added-to-closed-object": "the schema promised no other fields "
    "(additionalProperties: false); strict clients refuse the new one",
}


def _policy_key(rule: str) -> str | None:
    if rule in POLICIES:
        return rule
    for side in ("request-", "response-"):
        if rule.startswith(side) and rule[len(side) :] in POLICIES:
            return rule[len(side) :]
    return None


def parse_setting(text: str) -> tuple[str, bool]:
    """``RULE=breaking|safe`` from the command line."""
    rule, _, value = text.partition("=")
    return _checked(rule.strip(), value.strip(), f"--rule {text}")


def _checked(rule: str, value: str, where: str) -> tuple[str, bool]:
    if rule not in POLICIES:
        known = ", ".join(sorted(POLICIES))
        raise ReviewError(f"{where}: {rule!r} is not a review policy; known: {known}")
    if value not in CHOICES:
        raise ReviewError(f"{where}: {rule} must be 'breaking' or 'safe', not {value!r}")
    return rule, CHOICES[value]


def load_policy(path: Path) -> dict[str, bool]:
    """Rule -> breaking from ``path``; empty (all defaults) when the file does not exist."""
    if not path.exists():
        return {}
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReviewError(f"{path}: cannot read the review policy: {exc}") from exc
    if doc is None:
        return {}
    if not isinstance(doc, dict) or set(doc) - {"rules"} or not isinstance(doc.get("rules"), dict):
        raise ReviewError(f"{path}: expected a mapping 'rules' of rule: breaking|safe")
    return dict(_checked(str(k), str(v), str(path)) for k, v in doc["rules"].items())


def apply_policy(changes: list[Change], policy: dict[str, bool]) -> list[Change]:
    """``changes`` with the team's classification where it differs from ours."""
    out = []
    for change in changes:
        key = _policy_key(change.rule)
        if key is not None and key in policy and policy[key] != change.breaking:
            verdict = "breaking" if policy[key] else "not breaking"
            change = replace(
                change,
                breaking=policy[key],
                message=f"{change.message} (review policy: {verdict})",
            )
        out.append(change)
    return sorted(out, key=lambda c: (not c.breaking, c.side, c.id))
