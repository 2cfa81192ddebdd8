"""Server processes in tests and benches: a free loopback port, and waiting until one answers."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            httpx.get(url, timeout=1)
            return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def worker_pids(supervisor: int) -> list[int]:
    """The worker processes of a `--workers N` sandbox (not multiprocessing's tracker)."""
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    return [int(pid) for pid in children if b"spawn_main" in _cmdline(pid)]


def _cmdline(pid: str) -> bytes:
    # A child listed a moment ago may be gone now (a killed worker the supervisor reaped):
    # not a worker, rather than a FileNotFoundError.
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return b""


def wait_for_workers(supervisor: int, count: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while len(worker_pids(supervisor)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{count} workers did not start within {seconds} s")
        time.sleep(0.1)
