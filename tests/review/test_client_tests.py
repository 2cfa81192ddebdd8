"""The previous release's client tests, run against a client generated from the new spec."""

from __future__ import annotations

from pathlib import Path

import yaml
from nestbank_review.client_api import generate_client
from nestbank_review.client_tests import run_previous_client_tests
from nestbank_review.summary import client_tests_section

from tests.review.helpers import REPO, git, patched, real_spec

OLD_TESTS = """
from nestbank_client.models import BlockadeCreate


def test_title_is_kept() -> None:
    assert "title" in BlockadeCreate.__annotations__


def test_expiry_can_be_given() -> None:
    assert "expires_at" in BlockadeCreate.__annotations__
"""


def test_previous_tests_report_what_the_new_client_breaks(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "spec").mkdir(parents=True)
    (repo / "tests" / "client").mkdir(parents=True)
    (repo / "spec" / "nestbank.yaml").write_text(yaml.safe_dump(real_spec()), encoding="utf-8")
    (repo / "tests" / "__init__.py").write_text("")
    (repo / "tests" / "client" / "__init__.py").write_text("")
    (repo / "tests" / "client" / "test_old.py").write_text(OLD_TESTS)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    head = patched(
        real_spec(),
        [{"op": "remove", "path": "/components/schemas/BlockadeCreate/properties/expiresAt"}],
    )
    head_spec = tmp_path / "head.yaml"
    head_spec.write_text(yaml.safe_dump(head), encoding="utf-8")
    package = generate_client(head_spec, tmp_path / "client", REPO)

    result = run_previous_client_tests(repo, "HEAD", "spec/nestbank.yaml", package, tmp_path / "w")

    assert result.passed == 1
    assert [name for name, _ in result.failed] == [
        "tests.client.test_old::test_expiry_can_be_given"
    ]
    section = "\n".join(client_tests_section(result))
    assert "❌ 1 passed, 1 failed." in section
    assert "`tests.client.test_old::test_expiry_can_be_given`" in section
