"""``python -m nestbank_review --base <git ref>``: review the working copy's spec change.

Exit status: 0 the review passes; 1 it fails (lint errors, unacknowledged breaking
changes, the reference could not be built, or Node.js tools missing where they are
required); 2 bad input (unknown git ref, unreadable spec or acknowledgement file).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from nestbank_review.acks import ACK_FILE, apply_acks, load_acks
from nestbank_review.client_api import client_api_diff
from nestbank_review.client_tests import run_previous_client_tests
from nestbank_review.compare_ops import diff_specs
from nestbank_review.errors import ReviewError
from nestbank_review.lint import run_lint
from nestbank_review.node_tools import REVIEW_DIR, NodeTools
from nestbank_review.policy import POLICY_FILE, apply_policy, load_policy, parse_setting
from nestbank_review.refs import bundle
from nestbank_review.render import render_reference
from nestbank_review.specload import Spec, git_toplevel, load_spec_at_ref, load_working_spec
from nestbank_review.summary import Review, render_summary

SPEC = "spec/nestbank.yaml"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m nestbank_review",
        description="Lint the spec, report breaking changes against a git ref, render the "
        "reference and write a Markdown summary for the pull request.",
    )
    parser.add_argument("--base", required=True, help="git ref to compare with, e.g. origin/main")
    parser.add_argument("--spec", default=SPEC, help=f"spec path in the repository ({SPEC})")
    parser.add_argument("--repo", type=Path, default=None, help="repository (default: the cwd's)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (build/review)")
    parser.add_argument(
        "--facts",
        default=None,
        help="Python file of facts restated from the API's sources, for the rules that compare "
        "the spec with them (this repository: tests/spec/catalogue.py; without it they skip)",
    )
    parser.add_argument("--ack", default=ACK_FILE, help=f"acknowledgements file ({ACK_FILE})")
    parser.add_argument(
        "--policy",
        default=POLICY_FILE,
        help=f"review policy file, rule: breaking|safe (optional; {POLICY_FILE})",
    )
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="RULE=breaking|safe",
        help="override one review policy (repeatable; see docs/review.md)",
    )
    parser.add_argument(
        "--client-diff",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="generate the client from both specs and show its public API diff (default: on)",
    )
    parser.add_argument(
        "--previous-client-tests",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run tests/client from BASE against the new client (default: on)",
    )
    parser.add_argument(
        "--tools-dir",
        type=Path,
        default=REVIEW_DIR,
        help="folder holding node_modules with Spectral and Redocly (default: review/)",
    )
    parser.add_argument(
        "--require-node",
        action=argparse.BooleanOptionalAction,
        default=bool(os.environ.get("CI")),
        help="fail when Spectral/Redocly are not installed (default: on when CI is set)",
    )
    return parser.parse_args(argv)


def _commit_of(repo: Path, ref: str) -> str:
    proc = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip()


def review(args: argparse.Namespace) -> tuple[Review, Path]:
    repo = (args.repo or git_toplevel(Path.cwd())).resolve()
    out_dir = (args.out or repo / "build" / "review").resolve()
    spec_file = repo / args.spec
    head = load_working_spec(spec_file)
    base = load_spec_at_ref(repo, args.base, args.spec)
    acks = load_acks(repo / args.ack)
    policy = load_policy(repo / args.policy)
    policy.update(parse_setting(text) for text in args.rule)
    tools = NodeTools(args.tools_dir.resolve())

    # One self-contained document for the tools that cannot follow file references.
    head_doc = bundle(head.doc, head.loader)
    facts = repo / args.facts if args.facts else None
    lint = run_lint(head_doc, spec_file, tools, facts)
    if base is None:
        diff = diff_specs(None, head.doc, head_loader=head.loader)
    else:
        diff = diff_specs(base.doc, head.doc, base.loader, head.loader)
    diff.changes = apply_policy(diff.changes, policy)
    result = Review(
        base_ref=args.base,
        base_commit=_commit_of(repo, args.base),
        spec_path=args.spec,
        lint=lint,
        diff=diff,
        acks=apply_acks(diff.changes, acks),
        base_missing=base is None,
        policy=policy,
    )
    if args.client_diff:
        _add_client_api(result, repo, args, head, base)
    if tools.available:
        try:
            reference = render_reference(head_doc, out_dir / "reference.html", tools)
            result.reference = _shown(reference, repo)
        except ReviewError as exc:
            result.problems.append(f"reference not built: {exc}")
    else:
        result.skipped.append(f"rendered reference: {tools.missing_reason}")
    if not tools.available and args.require_node:
        result.problems.append(f"Node.js tools required (CI) but missing: {tools.missing_reason}")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = out_dir / "summary.md"
    summary.write_text(render_summary(result), encoding="utf-8")
    return result, summary


def _add_client_api(
    result: Review, repo: Path, args: argparse.Namespace, head: Spec, base: Spec | None
) -> None:
    with tempfile.TemporaryDirectory(prefix="nestbank-review-client-") as tmp:
        work = Path(tmp)
        try:
            # Generated from one self-contained document each, so multi-file specs work.
            head_spec = _write_bundled(head, work / "head-spec.yaml")
            base_spec = _write_bundled(base, work / "base-spec.yaml") if base else None
            result.client_api = client_api_diff(base_spec, head_spec, work, repo)
        except ReviewError as exc:
            result.skipped.append(f"client API diff: {exc}")
            return
        new_package = result.client_api.head_package
        if base is not None and new_package is not None and args.previous_client_tests:
            try:
                result.client_tests = run_previous_client_tests(
                    repo, args.base, args.spec, new_package, work
                )
            except ReviewError as exc:
                result.skipped.append(f"previous client tests: {exc}")


def _write_bundled(spec: Spec, path: Path) -> Path:
    doc = bundle(spec.doc, spec.loader)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _shown(path: Path, repo: Path) -> str:
    try:
        return str(path.relative_to(repo))
    except ValueError:
        return str(path)


def print_report(result: Review, summary: Path) -> None:
    for finding in result.lint.findings:
        print(
            f"lint {finding.severity}: [{finding.source} {finding.rule}] {finding.location}: "
            f"{finding.message}"
        )
    for change in result.acks.unacknowledged:
        print(f"BREAKING: {change.id}: {change.message} ({', '.join(change.operations)})")
    for change, ack in result.acks.acknowledged:
        print(f"breaking (acknowledged): {change.id}: {change.message} -- {ack.reason}")
    for change in result.diff.changes:
        if not change.breaking:
            print(f"non-breaking: {change.id}: {change.message}")
    for item in [*result.lint.skipped, *result.skipped]:
        print(f"skipped: {item}")
    for problem in result.problems:
        print(f"problem: {problem}")
    print(
        f"lint: {len(result.lint.errors)} error(s); breaking: "
        f"{len(result.acks.unacknowledged)} unacknowledged, {len(result.acks.acknowledged)} "
        f"acknowledged; non-breaking: {sum(1 for c in result.diff.changes if not c.breaking)}"
    )
    if result.client_api is not None:
        api = result.client_api
        print(
            f"client API ({api.package}): {api.count('removed')} removed, "
            f"{api.count('changed')} changed, {api.count('added')} added"
        )
    if result.client_tests is not None:
        tests = result.client_tests
        print(
            f"previous client tests ({tests.ref}) on the new client: {tests.passed} passed, "
            f"{len(tests.failed)} failed"
        )
        for name, message in tests.failed:
            print(f"  FAILED {name}: {message}")
    if result.reference:
        print(f"reference: {result.reference}")
    print(f"review {'passed' if result.passed else 'FAILED'}; summary: {summary}")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        result, summary = review(args)
    except ReviewError as exc:
        print(f"nestbank_review: error: {exc}", file=sys.stderr)
        return 2
    print_report(result, summary)
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
