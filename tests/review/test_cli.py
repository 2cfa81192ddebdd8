"""The installed `nestbank-review --base <ref>` command on a temporary git repository."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.review.helpers import git, patched, real_spec, run_review

TITLE_ID = "request-max-length-decreased@#/components/schemas/Title"


def _write_spec(repo: Path, doc: dict[str, object]) -> None:
    (repo / "spec").mkdir(exist_ok=True)
    (repo / "spec" / "nestbank.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("repo")
    git(path, "init", "-q", "-b", "main")
    _write_spec(path, real_spec())
    git(path, "add", "spec/nestbank.yaml")
    git(path, "commit", "-q", "-m", "base")
    return path


@pytest.mark.node
def test_unchanged_spec_passes(repo: Path) -> None:
    proc = run_review(repo, "--base", "HEAD")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = (repo / "build" / "review" / "summary.md").read_text(encoding="utf-8")
    assert "Result: ✅ **passes**" in summary
    assert (repo / "build" / "review" / "reference.html").stat().st_size > 100_000
    assert proc.stdout.rstrip().endswith(str(repo / "build" / "review" / "summary.md"))


def test_breaking_change_fails_until_acknowledged(repo: Path) -> None:
    changed = patched(
        real_spec(),
        [
            {"op": "set", "path": "/components/schemas/Title/maxLength", "value": 100},
            {"op": "set", "path": "/paths/~1user/get/summary", "value": "Read the customer"},
        ],
    )
    _write_spec(repo, changed)
    try:
        out = repo / "out"
        # Spectral and the reference are covered elsewhere: without them this runs faster.
        fast = ["--base", "HEAD", "--out", str(out), "--tools-dir", str(repo / "no-tools")]
        proc = run_review(repo, *fast)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert f"BREAKING: {TITLE_ID}" in proc.stdout
        summary = (out / "summary.md").read_text(encoding="utf-8")
        assert "1 unacknowledged breaking change(s)" in summary
        assert f"`{TITLE_ID}`" in summary
        assert "- changed: `getUser` (descriptions or examples only)" in summary

        ack = repo / "spec" / "breaking-changes-ack.yaml"
        ack.write_text(
            f'acknowledged:\n  - id: "{TITLE_ID}"\n    reason: core system limit\n',
            encoding="utf-8",
        )
        proc = run_review(repo, *fast)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        summary = (out / "summary.md").read_text(encoding="utf-8")
        assert "core system limit" in summary and "0 unacknowledged, 1 acknowledged" in summary
    finally:
        _write_spec(repo, real_spec())
        (repo / "spec" / "breaking-changes-ack.yaml").unlink(missing_ok=True)


def test_lint_error_fails(repo: Path) -> None:
    _write_spec(
        repo,
        patched(
            real_spec(), [{"op": "set", "path": "/servers/0/url", "value": "http://x.example"}]
        ),
    )
    try:
        out = str(repo / "out-lint")
        proc = run_review(
            repo, "--base", "HEAD", "--out", out, "--tools-dir", str(repo / "no-tools")
        )
        assert proc.returncode == 1
        assert "servers-https" in proc.stdout
    finally:
        _write_spec(repo, real_spec())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base", "no-such-ref"], "unknown git ref 'no-such-ref'"),
        (["--base", "HEAD", "--spec", "spec/missing.yaml"], "cannot read"),
    ],
)
def test_bad_input_is_a_clear_error(repo: Path, args: list[str], message: str) -> None:
    proc = run_review(repo, *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_ack_file_is_a_clear_error(repo: Path) -> None:
    ack = repo / "spec" / "breaking-changes-ack.yaml"
    ack.write_text("acknowledged:\n  - id: x\n", encoding="utf-8")
    try:
        proc = run_review(repo, "--base", "HEAD")
        assert proc.returncode == 2
        assert "'reason' is required" in proc.stderr
    finally:
        ack.unlink()


def test_missing_node_tools_are_reported_and_fail_only_when_required(
    repo: Path, tmp_path: Path
) -> None:
    # An empty tools folder stands for a machine where npm could not install them.
    args = ["--base", "HEAD", "--out", str(tmp_path / "o"), "--tools-dir", str(tmp_path)]
    proc = run_review(repo, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = (tmp_path / "o" / "summary.md").read_text(encoding="utf-8")
    assert "skipped: Spectral:" in summary and "skipped: rendered reference:" in summary
    proc = run_review(repo, *args, "--require-node")
    assert proc.returncode == 1
    assert "Node.js tools required" in proc.stdout


def test_review_policy_file_and_flag(repo: Path, tmp_path: Path) -> None:
    changed = patched(
        real_spec(),
        [
            {
                "op": "append",
                "path": "/components/schemas/Transaction/properties/type/enum",
                "value": "X",
            }
        ],
    )
    _write_spec(repo, changed)
    policy = repo / "spec" / "review-policy.yaml"
    try:
        fast = ["--base", "HEAD", "--out", str(tmp_path / "o"), "--tools-dir", str(tmp_path)]
        assert run_review(repo, *fast).returncode == 1
        policy.write_text("rules:\n  response-enum-value-added: safe\n", encoding="utf-8")
        proc = run_review(repo, *fast)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "(review policy: not breaking)" in proc.stdout
        summary = (tmp_path / "o" / "summary.md").read_text(encoding="utf-8")
        assert "Review policy set by this repository: `response-enum-value-added`: safe" in summary
        # The generated client gains an enum member: shown for partners' code.
        assert "### Generated client API (`nestbank_client`)" in summary
        member = "| added | member | `models.transaction_type.TransactionType.X` |"
        assert member in summary, summary
        proc = run_review(repo, *fast, "--rule", "response-enum-value-added=breaking")
        assert proc.returncode == 1
        proc = run_review(repo, *fast, "--rule", "no-such-rule=safe")
        assert proc.returncode == 2 and "is not a review policy" in proc.stderr
    finally:
        _write_spec(repo, real_spec())
        policy.unlink(missing_ok=True)


def test_a_broken_facts_file_is_a_lint_error(repo: Path) -> None:
    (repo / "facts.py").write_text("raise RuntimeError('broken facts')\n", encoding="utf-8")
    out = str(repo / "out-facts")
    proc = run_review(
        repo,
        "--base",
        "HEAD",
        "--out",
        out,
        "--facts",
        "facts.py",
        "--tools-dir",
        str(repo / "no-tools"),
        "--no-client-diff",
        "--no-previous-client-tests",
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "broken facts" in proc.stdout
