"""The example in docs/runtime.md runs, unchanged, against a sandbox started here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .sandbox_server import sandbox

DOC = Path(__file__).resolve().parents[2] / "docs" / "runtime.md"
BASE_URL_LINE = re.compile(r'^BASE_URL = "http://127\.0\.0\.1:8000".*$', re.MULTILINE)


def example_code() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Example", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_documented_example_runs_against_the_sandbox(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = example_code()
    assert len(BASE_URL_LINE.findall(code)) == 1, "the example must set BASE_URL on one line"
    with sandbox() as base_url:
        namespace: dict[str, object] = {}
        exec(
            compile(BASE_URL_LINE.sub(f'BASE_URL = "{base_url}"', code), str(DOC), "exec"),
            namespace,
        )
    assert capsys.readouterr().out.split() == ["rent-2026-0001", "AUTHORIZED", "order-2026-0001"]
