"""Done-when of issue 13: a partner's whole integration, one short file, against a sandbox."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from tests.runtime.sandbox_server import sandbox

SCRIPT = Path(__file__).with_name("partner_integration.py")


def test_the_partner_integration_runs_against_the_sandbox(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with sandbox(rate_limit_per_minute=0) as base_url:
        monkeypatch.setenv("NESTBANK_BASE_URL", base_url)
        runpy.run_path(str(SCRIPT), run_name="__main__")
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Jan 1000.00",
        "['rent-0001', 'demo-deposit-0001']",  # two pages of one, walked lazily
        "EXECUTED",
        "authorized",
        "5",  # three demo transactions and the two payments, two per page
    ]


def test_the_partner_integration_is_short() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert len(imports) <= 3
    assert "def " not in source and "class " not in source  # no helpers of its own
