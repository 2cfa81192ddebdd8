"""The Markdown summary, written to be posted as a pull-request comment."""

from __future__ import annotations

from dataclasses import dataclass, field

from nestbank_review.acks import AckResult
from nestbank_review.changes import Change
from nestbank_review.client_api import ApiDiff
from nestbank_review.client_tests import ClientTestsResult
from nestbank_review.compare_ops import DiffReport
from nestbank_review.lint import LintResult

MAX_ROWS = 100  # a PR comment has a size limit; the rest is counted, not listed


@dataclass
class Review:
    base_ref: str
    base_commit: str
    spec_path: str
    lint: LintResult
    diff: DiffReport
    acks: AckResult
    reference: str | None = None
    problems: list[str] = field(default_factory=list)  # failures outside lint and diff
    skipped: list[str] = field(default_factory=list)
    base_missing: bool = False
    policy: dict[str, bool] = field(default_factory=dict)  # rules set otherwise than ours
    client_api: ApiDiff | None = None
    client_tests: ClientTestsResult | None = None

    @property
    def passed(self) -> bool:
        return not (self.lint.errors or self.acks.unacknowledged or self.problems)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _ops(change: Change) -> str:
    shown = ", ".join(f"`{op}`" for op in change.operations[:6])
    more = len(change.operations) - 6
    return shown + (f" and {more} more" if more > 0 else "")


def _change_rows(changes: list[Change], reasons: dict[str, str] | None = None) -> list[str]:
    header = "| id | side | change | operations |"
    if reasons is not None:
        header = "| id | side | change | operations | accepted because |"
    lines = [header, "|" + "---|" * header.count(" | ") + "---|"]
    for change in changes[:MAX_ROWS]:
        row = f"| `{_cell(change.id)}` | {change.side} | {_cell(change.message)} | {_ops(change)} |"
        if reasons is not None:
            row += f" {_cell(reasons.get(change.id, ''))} |"
        lines.append(row)
    if len(changes) > MAX_ROWS:
        lines.append(f"\n… and {len(changes) - MAX_ROWS} more (see the console output).")
    return lines


def render_summary(review: Review) -> str:
    lint, diff, acks = review.lint, review.diff, review.acks
    non_breaking = [c for c in diff.changes if not c.breaking]
    status = "✅ **passes**" if review.passed else "❌ **fails**"
    reasons = []
    if lint.errors:
        reasons.append(f"{len(lint.errors)} lint error(s)")
    if acks.unacknowledged:
        reasons.append(f"{len(acks.unacknowledged)} unacknowledged breaking change(s)")
    reasons += review.problems
    base = f"`{review.base_ref}`" + (f" ({review.base_commit[:12]})" if review.base_commit else "")
    out = [
        f"## Spec review: `{review.spec_path}` against {base}",
        "",
        f"Result: {status}" + (f": {'; '.join(reasons)}" if reasons else ""),
        "",
        "| check | result |",
        "|---|---|",
        f"| Lint | {_lint_cell(lint)} |",
        f"| Breaking changes | {len(acks.unacknowledged)} unacknowledged, "
        f"{len(acks.acknowledged)} acknowledged |",
        f"| Non-breaking changes | {len(non_breaking)} |",
        f"| Operations | {len(diff.added_operations)} added, {len(diff.removed_operations)} "
        f"removed, {len(diff.changed_operations)} changed |",
        f"| Reference | {f'`{review.reference}`' if review.reference else 'not built'} |",
        "",
    ]
    if review.policy:
        settings = ", ".join(
            f"`{rule}`: {'breaking' if value else 'safe'}"
            for rule, value in sorted(review.policy.items())
        )
        out += [f"> Review policy set by this repository: {settings}.", ""]
    if review.base_missing:
        out += [f"> The base has no `{review.spec_path}`: every operation counts as added.", ""]
    out += _lint_section(lint)
    out += ["### Breaking changes", ""]
    if acks.unacknowledged:
        out += ["Not acknowledged (these fail the review):", "", *_change_rows(acks.unacknowledged)]
        out += ["", *_ack_hint(acks.unacknowledged)]
    if acks.acknowledged:
        accepted = {change.id: ack.reason for change, ack in acks.acknowledged}
        out += ["", "Acknowledged in `spec/breaking-changes-ack.yaml`:", ""]
        out += _change_rows([change for change, _ack in acks.acknowledged], accepted)
    if not acks.unacknowledged and not acks.acknowledged:
        out.append("None.")
    if acks.unused:
        out += ["", "Acknowledgements that match no change (remove them after the release):", ""]
        out += [f"- `{ack.id}`" for ack in acks.unused]
    out += ["", "### Non-breaking changes", ""]
    if non_breaking:
        out += ["<details><summary>" + f"{len(non_breaking)} change(s)</summary>", ""]
        out += [*_change_rows(non_breaking), "", "</details>"]
    else:
        out.append("None.")
    out += ["", "### Changed operations", ""]
    out += _operations_section(diff)
    if review.client_api is not None:
        out += ["", *client_api_section(review.client_api)]
    if review.client_tests is not None:
        out += ["", *client_tests_section(review.client_tests)]
    skipped = [*lint.skipped, *review.skipped]
    if review.problems or skipped:
        out += ["", "### Problems and skipped steps", ""]
        out += [f"- ❌ {problem}" for problem in review.problems]
        out += [f"- skipped: {item}" for item in skipped]
    return "\n".join(out).rstrip() + "\n"


def _lint_cell(lint: LintResult) -> str:
    warnings = len(lint.findings) - len(lint.errors)
    head = "✅ no errors" if not lint.errors else f"❌ {len(lint.errors)} error(s)"
    return f"{head}, {warnings} warning(s) ({'; '.join(lint.ran)})"


def _lint_section(lint: LintResult) -> list[str]:
    out = ["### Lint", ""]
    if not lint.findings:
        return [*out, f"No findings from: {', '.join(lint.ran)}.", ""]
    out += ["| severity | source | rule | location | message |", "|---|---|---|---|---|"]
    for finding in lint.findings[:MAX_ROWS]:
        out.append(
            f"| {finding.severity} | {finding.source} | `{_cell(finding.rule)}` "
            f"| `{_cell(finding.location)}` | {_cell(finding.message)} |"
        )
    if len(lint.findings) > MAX_ROWS:
        out.append(f"\n… and {len(lint.findings) - MAX_ROWS} more.")
    return [*out, ""]


def _ack_hint(changes: list[Change]) -> list[str]:
    lines = [
        "If a break is intended, acknowledge it with a reason in "
        "`spec/breaking-changes-ack.yaml` (see `docs/review.md`):",
        "",
        "```yaml",
        "acknowledged:",
    ]
    for change in changes[:5]:
        lines += [f'  - id: "{change.id}"', "    reason: <why partners can live with it>"]
    return [*lines, "```"]


def _operations_section(diff: DiffReport) -> list[str]:
    if not (diff.added_operations or diff.removed_operations or diff.changed_operations):
        return ["None."]
    by_op: dict[str, list[Change]] = {}
    for change in diff.changes:
        for op in change.operations:
            by_op.setdefault(op, []).append(change)
    out = []
    for label, ops in (
        ("added", diff.added_operations),
        ("removed", diff.removed_operations),
    ):
        if ops:
            out.append(f"- {label}: " + ", ".join(f"`{op}`" for op in ops))
    for op in diff.changed_operations:
        changes = by_op.get(op, [])
        breaking = sum(1 for c in changes if c.breaking)
        detail = (
            f"{breaking} breaking, {len(changes) - breaking} non-breaking"
            if changes
            else "descriptions or examples only"
        )
        out.append(f"- changed: `{op}` ({detail})")
    return out


def client_api_section(api: ApiDiff) -> list[str]:
    """What changes for a partner's code: the generated client's public API."""
    out = [f"### Generated client API (`{api.package}`)", ""]
    if not api.changes:
        return [*out, "No change to the public API (modules, functions, models, fields)."]
    out += [
        f"{api.count('removed')} removed, {api.count('changed')} changed, "
        f"{api.count('added')} added (removed and changed ones can break partners' code).",
        "",
        "| change | kind | name | before | after |",
        "|---|---|---|---|---|",
    ]
    order = {"removed": 0, "changed": 1, "added": 2}
    ranked = sorted(api.changes, key=lambda c: (order[c.what], c.name))
    for change in ranked[:MAX_ROWS]:
        before = f"`{_cell(change.before)}`" if change.before else ""
        after = f"`{_cell(change.after)}`" if change.after else ""
        out.append(
            f"| {change.what} | {change.kind} | `{_cell(change.name)}` | {before} | {after} |"
        )
    if len(ranked) > MAX_ROWS:
        out.append(f"\n… and {len(ranked) - MAX_ROWS} more.")
    return out


def client_tests_section(tests: ClientTestsResult) -> list[str]:
    """The previous release's client tests, run against the new client."""
    out = [f"### Client tests from `{tests.ref}` against the new client", ""]
    verdict = "✅" if not tests.failed else "❌"
    out.append(f"{verdict} {tests.passed} passed, {len(tests.failed)} failed.")
    if tests.failed:
        out += ["", "| test | failure |", "|---|---|"]
        out += [
            f"| `{_cell(name)}` | {_cell(message)} |" for name, message in tests.failed[:MAX_ROWS]
        ]
    return out
