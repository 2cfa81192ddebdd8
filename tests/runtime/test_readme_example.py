"""The examples in docs/runtime.md and README.md run, unchanged, against a sandbox started here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from nestbank_client.testing import Sandbox

from .sandbox_server import sandbox

ROOT = Path(__file__).resolve().parents[2]
BASE_URL_LINE = re.compile(r'^BASE_URL = "http://127\.0\.0\.1:8000".*$', re.MULTILINE)
SANDBOX_URL = "http://127.0.0.1:8000"


def python_blocks(path: Path, section: str) -> list[str]:
    """The ```python blocks of a Markdown section (up to the next level-2 heading)."""
    text = path.read_text(encoding="utf-8").split(section, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


def run_example(code: str, base_url: str, where: Path, namespace: dict[str, object]) -> None:
    assert len(BASE_URL_LINE.findall(code)) == 1, "the example must set BASE_URL on one line"
    source = BASE_URL_LINE.sub(f'BASE_URL = "{base_url}"', code)
    exec(compile(source, str(where), "exec"), namespace)


def test_the_runtime_example_runs_against_the_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "docs" / "runtime.md"
    code = python_blocks(path, "## Example")[0]
    with sandbox() as base_url:
        run_example(code, base_url, path, {})
    assert capsys.readouterr().out.split() == ["rent-2026-0001", "AUTHORIZED", "order-2026-0001"]


def test_the_readme_example_runs_against_the_sandbox(capsys: pytest.CaptureFixture[str]) -> None:
    path = ROOT / "README.md"
    code = python_blocks(path, "## Using the client")[0]
    with sandbox() as base_url:
        run_example(code, base_url, path, {})
    assert capsys.readouterr().out.split() == ["rent-2026-0001", "AUTHORIZED", "EXECUTED"]


def test_the_readme_error_handling_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The second README block, with a token of a fresh pairing (it shows `access_token`)."""
    path = ROOT / "README.md"
    error_example = python_blocks(path, "## Using the client")[1]
    assert SANDBOX_URL in error_example
    with sandbox() as base_url:
        namespace: dict[str, object] = {"access_token": Sandbox(base_url).pair().access_token}
        source = compile(error_example.replace(SANDBOX_URL, base_url), str(path), "exec")
        exec(source, namespace)
        first = capsys.readouterr().out.split()
        exec(source, namespace)
        second = capsys.readouterr().out
    assert first == ["250.00"]  # created: the amount reads back as a Decimal
    assert second.strip() == "already exists: order_exist_error"
