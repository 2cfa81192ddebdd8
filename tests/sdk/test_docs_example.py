"""The NestBank example of docs/client.md runs, unchanged, against a sandbox started here."""

from __future__ import annotations

import pytest

from tests.runtime.sandbox_server import sandbox
from tests.runtime.test_readme_example import ROOT, python_blocks, run_example

SECTION = "## NestBank: the resource-style client"


def test_the_nestbank_example_runs_against_the_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "docs" / "client.md"
    code = python_blocks(path, SECTION)[0]
    with sandbox() as base_url:
        run_example(code, base_url, path, {})
    assert capsys.readouterr().out.split() == ["rent-2026-0001", "AUTHORIZED", "EXECUTED"]
