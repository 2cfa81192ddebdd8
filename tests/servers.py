"""Server processes in tests and benches: a free loopback port, and waiting until one answers."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

# A port found free can be bound by another process before the server binds it; the
# server then exits, and starts again on another port, up to this many times in all.
START_ATTEMPTS = 3
Process = subprocess.Popen[bytes]


class ExitedEarly(RuntimeError):
    """The server process ended before it answered (e.g. its port was taken meanwhile)."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ExitedEarly(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            httpx.get(url, timeout=1)
            return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextlib.contextmanager
def serving_on_free_port(
    start: Callable[[int], Process], path: str, seconds: float, stop: Callable[[Process], None]
) -> Iterator[tuple[str, Process]]:
    """(base URL, process) of `start(port)` once `path` answers; `stop` ends it after."""
    for attempt in range(1, START_ATTEMPTS + 1):
        port = free_port()
        process = start(port)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}{path}", process, seconds)
        except ExitedEarly:
            stop(process)
            if attempt == START_ATTEMPTS:
                raise
            continue
        except BaseException:
            stop(process)
            raise
        try:
            yield base, process
        finally:
            stop(process)
        return


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
