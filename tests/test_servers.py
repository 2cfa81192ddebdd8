"""The process helpers of tests/servers.py meet processes that come and go."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import servers


def test_a_child_reaped_between_listing_and_reading_is_no_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A killed worker is listed, then reaped before its cmdline is read: no error."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # reaped: /proc/<pid> no longer exists
    real = Path.read_text

    def listing_the_reaped_child(path: Path, *args: str) -> str:
        text = real(path, *args)
        return f"{text} {gone.pid}" if path.name == "children" else text

    monkeypatch.setattr(Path, "read_text", listing_the_reaped_child)
    assert gone.pid not in servers.worker_pids(os.getpid())
