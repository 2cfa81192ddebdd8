"""A test run refuses to start on a stale copy of the hand-written runtime."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.stale_runtime import GENERATED, HANDWRITTEN, ROOT, stale_runtime_files

FILES = sorted(p.name for p in HANDWRITTEN.glob("*.py"))


def test_the_checkout_is_current() -> None:
    assert stale_runtime_files() == []


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(FILES), extra=st.binary(min_size=1, max_size=20))
def test_any_changed_source_is_stale(tmp_path: Path, name: str, extra: bytes) -> None:
    source = tmp_path / f"src-{len(extra)}-{name}"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(HANDWRITTEN, source)
    (source / name).write_bytes((source / name).read_bytes() + extra)
    assert stale_runtime_files(source, GENERATED) == [name]


def test_a_missing_copy_is_stale(tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    shutil.copytree(GENERATED, generated)
    (generated / FILES[0]).unlink()
    assert stale_runtime_files(HANDWRITTEN, generated) == [FILES[0]]


def test_pytest_stops_and_says_make_generate(tmp_path: Path) -> None:
    """A whole checkout copy with one runtime function changed: pytest exits at once."""
    checkout = tmp_path / "checkout"
    for part in ("tests/__init__.py", "tests/conftest.py", "tests/stale_runtime.py"):
        (checkout / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / part, checkout / part)
    shutil.copytree(HANDWRITTEN, checkout / "generator/handwritten/nestbank_client")
    shutil.copytree(GENERATED, checkout / "generated_client/nestbank_client")
    (checkout / "tests/test_nothing.py").write_text("def test_ok() -> None:\n    pass\n")
    changed = checkout / "generator/handwritten/nestbank_client" / FILES[0]
    changed.write_text(changed.read_text() + "\nraise RuntimeError\n")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        timeout=120,
    )
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "run `make generate`" in proc.stdout + proc.stderr
    assert "1 passed" not in proc.stdout
