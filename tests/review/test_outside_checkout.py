"""An installed nestbank-review outside the toolkit's checkout: what it cannot find, it names.

The client API diff needs the generator's templates and hand-written runtime; the lint and
the reference need Spectral, Redocly and the ruleset. Missing, each is skipped with a
message that says how to provide it, never a traceback from a subprocess.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nestbank_review import client_api
from nestbank_review.client_api import generate_client, generator_dir
from nestbank_review.errors import ReviewError
from nestbank_review.node_tools import NodeTools

from tests.review.helpers import REPO


def test_the_checkout_generator_is_found_for_any_reviewed_repository(tmp_path: Path) -> None:
    assert generator_dir(REPO) == REPO / "generator"
    # A partner's spec repository has no generator/: the installed toolkit's is used.
    assert generator_dir(tmp_path) == REPO / "generator"  # editable install: the checkout


def test_without_generator_data_the_client_diff_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wheel_like = tmp_path / "site-packages"
    (wheel_like / "nestbank_generator").mkdir(parents=True)  # the package, but no templates
    monkeypatch.setattr(client_api, "_installed_generator", lambda: wheel_like)
    with pytest.raises(ReviewError, match="--no-client-diff"):
        generate_client(tmp_path / "spec.yaml", tmp_path / "out", tmp_path / "partner-repo")


def test_missing_node_tools_name_the_tools_dir_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    reason = NodeTools(tmp_path).missing_reason
    assert "spectral, redocly not installed" in reason and "--tools-dir DIR" in reason


def test_a_tools_dir_without_the_ruleset_is_not_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    bin_dir = tmp_path / "node_modules" / ".bin"
    bin_dir.mkdir(parents=True)
    for name in ("spectral", "redocly"):
        shutil.copy("/bin/true", bin_dir / name)
    tools = NodeTools(tmp_path)
    assert not tools.available
    assert ".spectral.yaml" in tools.missing_reason
    (tmp_path / ".spectral.yaml").write_text("extends: []\n", encoding="utf-8")
    assert tools.available
