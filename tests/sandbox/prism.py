"""A real sandbox process with Prism (`@stoplight/prism-cli`) as a validating proxy in front.

Prism checks every answer against spec/nestbank.yaml with its own (JavaScript, ECMA-262)
validator and reports what it finds in the `sl-violations` header. `ProxiedClient`
sends the bank API through Prism and the /_sandbox/ controls and /_pages/ straight to the
sandbox (they are not in the bank's spec), and fails on:

- any violation Prism reports about a response;
- any violation Prism reports about a request the sandbox accepted (2xx): the sandbox
  must refuse what the spec refuses. Requests the tests send invalid on purpose and the
  sandbox refuses are expected to carry request violations.

Prism 5.16 never answers a request whose JSON body it cannot parse (the connection hangs),
so such bodies go straight to the sandbox; the openapi-core checks still apply.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from nestbank_sandbox.spec import load_spec

from tests.servers import serving_on_free_port

from .support import SANDBOX_PREFIXES, SandboxCalls, check_response

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "tools" / "prism" / "node_modules" / ".bin" / "prism"
SPEC = ROOT / "spec" / "nestbank.yaml"


class PrismViolation(AssertionError):
    pass


@contextlib.contextmanager
def _process(
    args_for: Callable[[int], list[str]], path: str, seconds: float, log: Path | None = None
) -> Iterator[str]:
    """`args_for(port)` on a free port (tests/servers.py); yields its base URL."""
    sink = log.open("ab") if log else subprocess.DEVNULL

    def start(port: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen(args_for(port), stdout=sink, stderr=sink)

    def stop(process: subprocess.Popen[bytes]) -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    try:
        with serving_on_free_port(start, path, seconds, stop) as (url, _):
            yield url
    finally:
        if log:
            sink.close()  # type: ignore[union-attr]


@contextlib.contextmanager
def sandbox_process(*extra: str, log: Path | None = None) -> Iterator[str]:
    """`python -m nestbank_sandbox` (what `make sandbox` runs), state in memory.

    `log` receives its stdout and stderr (to look for tracebacks)."""

    def args_for(port: int) -> list[str]:
        args = [sys.executable, "-m", "nestbank_sandbox", "--port", str(port)]
        return [*args, "--database", ":memory:", "--rate-limit", "0", *extra]

    with _process(args_for, "/user", 30, log) as url:
        yield url


@contextlib.contextmanager
def prism_proxy(upstream: str) -> Iterator[str]:
    if not PRISM.exists():
        raise RuntimeError(
            f"Prism is not installed at {PRISM}: run `make test` (or `npm ci --prefix tools/prism`)"
        )

    def args_for(port: int) -> list[str]:
        where = ["--host", "127.0.0.1", "--port", str(port)]
        return [str(PRISM), "proxy", str(SPEC), upstream, *where]

    with _process(args_for, "/user", 60) as url:
        yield url


@contextlib.contextmanager
def sandbox_behind_prism() -> Iterator[tuple[str, str]]:
    """(sandbox URL, Prism URL) of a sandbox process with Prism in front."""
    os.environ.setdefault("NODE_NO_WARNINGS", "1")
    with sandbox_process() as sandbox, prism_proxy(sandbox) as prism:
        yield sandbox, prism


def violations(response: httpx.Response) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = json.loads(response.headers.get("sl-violations", "[]"))
    return found


def _unparsable(kwargs: dict[str, Any]) -> bool:
    """A raw body sent as JSON that is not JSON (Prism cannot carry it)."""
    content = kwargs.get("content")
    headers = {k.lower(): v for k, v in (kwargs.get("headers") or {}).items()}
    if content is None or "json" not in headers.get("content-type", ""):
        return False
    try:
        json.loads(content)
    except ValueError:
        return True
    return False


class ProxiedClient(httpx.Client, SandboxCalls):
    """The tests' client, with the bank API behind Prism (see the module's docstring)."""

    def __init__(self, sandbox: str, prism: str) -> None:
        super().__init__(base_url=prism, follow_redirects=False, timeout=30)
        self.sandbox = sandbox
        self.spec = load_spec()
        self.checked = 0

    def request(self, method: str, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        if isinstance(url, str) and (url.startswith(SANDBOX_PREFIXES) or _unparsable(kwargs)):
            url = self.sandbox + url  # not for Prism: straight to the sandbox
        response = super().request(method, url, **kwargs)
        check_response(self.spec, response.request, response)
        self._check_prism(response)
        self.checked += 1
        return response

    def _check_prism(self, response: httpx.Response) -> None:
        found = violations(response)
        about_response = [v for v in found if v.get("location", [""])[0] == "response"]
        accepted_invalid = response.is_success and any(
            v.get("location", [""])[0] == "request" and v.get("severity") == "Error" for v in found
        )
        if about_response or accepted_invalid:
            request = response.request
            raise PrismViolation(
                f"Prism: {request.method} {request.url.path} -> {response.status_code}: "
                f"{json.dumps(found, ensure_ascii=False)}"
            )
