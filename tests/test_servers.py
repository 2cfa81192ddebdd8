"""The process helpers of tests/servers.py meet processes that come and go."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests import servers
from tests.sandbox import prism
from tests.sandbox.prism import sandbox_process


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


def test_a_port_taken_before_the_server_binds_it_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another process binds the port found free first: the sandbox starts on another."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1]])
        real = servers.free_port

        def first_taken() -> int:
            return next(ports, None) or real()

        monkeypatch.setattr(servers, "free_port", first_taken)
        monkeypatch.setattr(prism, "free_port", first_taken, raising=False)  # its own copy
        with sandbox_process() as base:
            assert httpx.URL(base).port != taken.getsockname()[1]
            assert httpx.get(f"{base}/user").json()["error"] == "access_token_required"
