"""Is the generated client's copy of the hand-written runtime current?

The runtime (generator/handwritten/nestbank_client/) is tested through its copy in
generated_client/, which `make generate` refreshes. A test run against an old copy would
pass while the source is broken, so the session refuses to start instead (tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

from nestbank_generator.generate import is_ignored

ROOT = Path(__file__).resolve().parents[1]
HANDWRITTEN = ROOT / "generator" / "handwritten" / "nestbank_client"
GENERATED = ROOT / "generated_client" / "nestbank_client"


def stale_runtime_files(handwritten: Path = HANDWRITTEN, generated: Path = GENERATED) -> list[str]:
    """The hand-written files whose generated copy is missing or differs byte for byte."""
    stale: list[str] = []
    for path in sorted(handwritten.rglob("*")):
        relative = path.relative_to(handwritten)
        if path.is_dir() or any(is_ignored(part) for part in relative.parts):
            continue
        copy = generated / relative
        if not copy.is_file() or copy.read_bytes() != path.read_bytes():
            stale.append(relative.as_posix())
    return stale


def stale_message(stale: list[str]) -> str:
    return (
        f"generated_client/ holds an old copy of the hand-written runtime ({', '.join(stale)} "
        "differ from generator/handwritten/nestbank_client/): run `make generate`"
    )
