"""Send exact bytes over a socket and read the answer with h11: nothing normalised.

httpx refuses to send much of what an attacker sends (NUL bytes in headers, two Host
headers, a Content-Length that overstates the body), so the corpus writes requests itself.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

import h11


@dataclass
class RawAnswer:
    status: int  # 0: the connection closed without an answer
    headers: dict[str, str]
    body: bytes
    seconds: float


def send_raw(
    port: int, request: bytes, timeout: float = 20.0, *, early_close_ok: bool = True
) -> RawAnswer:
    """The answer to `request`; `early_close_ok=False`: the server must take all of it."""
    started = time.monotonic()
    conn = h11.Connection(h11.CLIENT)
    status, headers, body = 0, {}, bytearray()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        # A server may answer and close before the whole request is sent (an oversized
        # body past what it drains): the answer may still be there to read.
        try:
            sock.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            if not early_close_ok:
                raise
        # The request went out as bytes, not through h11: tell h11 it was a plain GET.
        conn.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
        conn.send(h11.EndOfMessage())
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                try:
                    data = sock.recv(65536)
                except ConnectionResetError:
                    data = b""
                conn.receive_data(data)
                if not data and conn.their_state is not h11.DONE:
                    if status:
                        break
                    return RawAnswer(0, {}, b"", time.monotonic() - started)
                continue
            if isinstance(event, h11.Response):
                status = event.status_code
                headers = {k.decode().lower(): v.decode("latin-1") for k, v in event.headers}
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                break
    return RawAnswer(status, headers, bytes(body), time.monotonic() - started)


def http_request(
    method: str,
    target: str,
    headers: list[tuple[str, str]] | None = None,
    body: bytes = b"",
    *,
    host: str = "127.0.0.1",
    content_length: int | None = None,
) -> bytes:
    """HTTP/1.1 request bytes; headers are written exactly as given (latin-1)."""
    lines = (
        [f"{method} {target} HTTP/1.1", f"Host: {host}"]
        if host
        else [f"{method} {target} HTTP/1.1"]
    )
    lines += [f"{name}: {value}" for name, value in headers or []]
    length = len(body) if content_length is None else content_length
    if body or content_length is not None or method in ("POST", "PUT"):
        lines.append(f"Content-Length: {length}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "surrogateescape") + body
