"""pytest plugin (entry point `pytest11`): the `nestbank_sandbox` fixture.

A partner's test suite gets a real sandbox server for the whole session, in its own
process on a free 127.0.0.1 port, with state in a temporary SQLite file:

    def test_user(nestbank_sandbox):
        client = OAuthClient(..., base_url=nestbank_sandbox.base_url)

Extra server options go in the ini file, e.g. `nestbank_sandbox_args = --rate-limit 0`.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .demo import DEMO_REDIRECT_URI

START_TIMEOUT = 30.0  # seconds; loading the spec takes about one on a busy machine
START_ATTEMPTS = 3  # another process may take the free port between our check and the bind


@dataclass(frozen=True)
class SandboxServer:
    """A running sandbox and the demo data it starts with (see the README)."""

    base_url: str
    client_id: str = "demo-app"
    client_secret: str = "demo-secret"
    redirect_uri: str = DEMO_REDIRECT_URI
    username: str = "demo"
    password: str = "demo"
    accounts: tuple[str, ...] = ("acc-demo-main", "acc-demo-savings")

    def reset(self) -> None:
        """Back to the demo data (`POST /_sandbox/reset`)."""
        request = urllib.request.Request(f"{self.base_url}/_sandbox/reset", method="POST")
        with urllib.request.urlopen(request, timeout=10):
            pass


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "nestbank_sandbox_args",
        type="args",
        default=[],
        help="extra options for the sandbox server of the nestbank_sandbox fixture",
    )


@pytest.fixture(scope="session")
def nestbank_sandbox(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SandboxServer]:
    """A sandbox server process for the test session; see `SandboxServer`."""
    workdir = tmp_path_factory.mktemp("nestbank-sandbox")
    extra: list[str] = request.config.getini("nestbank_sandbox_args")
    with running_sandbox(workdir, extra) as base_url:
        yield SandboxServer(base_url)


class _Started:
    """A context manager over one started server process."""

    def __init__(self, process: subprocess.Popen[bytes], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    def __enter__(self) -> str:
        return self.base_url

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def running_sandbox(
    workdir: Path, extra_args: list[str] | None = None, program: list[str] | None = None
) -> _Started:
    """Start the sandbox on a free port and wait until it answers.

    `program` is the command to run (default this interpreter's `-m nestbank_sandbox`;
    the `nestbank-sandbox` console script runs the same `main()`).
    """
    log_path = workdir / "sandbox.log"
    for _ in range(START_ATTEMPTS):
        port = _free_port()
        command = [
            *(program or [sys.executable, "-m", "nestbank_sandbox"]),
            "--port",
            str(port),
            "--database",
            str(workdir / "sandbox.db"),
            *(extra_args or []),
        ]
        with log_path.open("ab") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        base_url = f"http://127.0.0.1:{port}"
        if _wait_until_up(process, base_url):
            return _Started(process, base_url)
    log_tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
    raise RuntimeError(f"the sandbox did not start; its output:\n{log_tail}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(process: subprocess.Popen[bytes], base_url: str) -> bool:
    """True once the server answers HTTP; False if the process died (e.g. port taken)."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{base_url}/_sandbox/not-a-control", timeout=2):
                return True
        except urllib.error.HTTPError:  # any HTTP answer, even 404, means it serves
            return True
        except OSError:
            time.sleep(0.1)
    process.kill()
    process.wait()
    return False
