"""No route lets a client stream an endless body into a worker.

Over a real process: for every route the sandbox serves with a body-taking method, an
unknown path and a bank operation that takes no body, a chunked body that never ends is
cut off (the connection closed) long before the client has sent 64 MiB.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from nestbank_sandbox.app import create_app
from nestbank_sandbox.bodies import DRAIN_LIMIT
from starlette.routing import Route

from .prism import sandbox_process

CHUNK = b"x" * 65536
FRAME = b"%x\r\n" % len(CHUNK) + CHUNK + b"\r\n"
ENOUGH = 64 << 20  # bytes a client may send before the sandbox must have closed


def _targets() -> list[tuple[str, str]]:
    targets = [("POST", "/no-such-path"), ("POST", "/user"), ("GET", "/user")]
    for route in create_app(":memory:").routes:
        assert isinstance(route, Route)
        path = route.path.replace("{", "").replace("}", "")  # any value for a parameter
        targets += [(method, path) for method in sorted(route.methods or ()) if method != "HEAD"]
    return targets


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with sandbox_process("--body-timeout", "3") as base:
        yield int(base.rsplit(":", 1)[1])


def _sent_before_close(port: int, method: str, path: str, headers: str) -> int:
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}"
    head += "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(head.encode())
        try:
            while sent < ENOUGH:
                sock.sendall(FRAME)
                sent += len(FRAME)
        except (BrokenPipeError, ConnectionResetError):
            pass
    return sent


@pytest.mark.parametrize(("method", "path"), _targets())
@pytest.mark.parametrize(
    "headers",
    ["", "Authorization: Basic ZGVtby1hcHA6ZGVtby1zZWNyZXQ=\r\n"],  # demo-app:demo-secret
    ids=["no credentials", "demo credentials"],
)
def test_an_endless_body_is_cut_off(port: int, method: str, path: str, headers: str) -> None:
    sent = _sent_before_close(port, method, path, headers)
    # What the socket buffers hold beyond the drain is the rest of the room.
    assert sent < DRAIN_LIMIT + (16 << 20), f"{method} {path}: {sent >> 20} MiB taken"
