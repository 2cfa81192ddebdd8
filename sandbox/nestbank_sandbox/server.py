"""Serving over uvicorn: JSON even for requests the HTTP parser refuses, loud non-loopback,
forwarded client addresses only from trusted proxies.

uvicorn answers a request its parser cannot parse (a NUL byte in a header, a malformed
request line) with a plain-text 400 before the app sees it. The bank answers every
error with its JSON error body, so the protocols below write `parameters_error`
instead, wherever the connection still allows an answer.

httptools (C, llhttp) is the parser when installed (`uvicorn[standard]`, a dependency):
about twice the requests per second of h11 (pure Python); h11 stays the fallback.
"""

from __future__ import annotations

import ipaddress
import json
import sys
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
except ImportError:  # pragma: no cover - httptools is a dependency; h11 is the fallback
    HttpToolsProtocol = None  # type: ignore[assignment,misc]

from .hosts import is_loopback
from .spec import load_spec


def _bad_request_body() -> bytes:
    description = load_spec().error("parameters_error").description
    body = {"error": "parameters_error", "error_description": description}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


class JsonErrorH11Protocol(H11Protocol):
    """uvicorn's h11 protocol whose parse-failure answer is the bank's JSON error."""

    def send_400_response(self, msg: str) -> None:
        body = _bad_request_body()
        headers = [
            (b"content-type", b"application/json"),
            (b"cache-control", b"no-cache"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()


def _json_400_bytes() -> bytes:
    body = _bad_request_body()
    head = (
        b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n"
        b"cache-control: no-cache\r\nconnection: close\r\n"
        b"content-length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    return head + body


if HttpToolsProtocol is not None:

    class JsonErrorHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol whose parse-failure answer is the bank's JSON error."""

        def send_400_response(self, msg: str) -> None:
            self.transport.write(_json_400_bytes())
            self.transport.close()


def protocol() -> type:
    """The fastest JSON-answering HTTP protocol installed."""
    return JsonErrorH11Protocol if HttpToolsProtocol is None else JsonErrorHttpToolsProtocol


# uvicorn's own default for a proxy on this machine (`--proxy-headers` alone).
LOCAL_PROXIES = "127.0.0.1,::1"


def trusted_proxies(text: str) -> str:
    """`--forwarded-allow-ips`: comma-separated addresses or networks; the same text,
    checked (uvicorn silently takes a typo for a literal that never matches).

    `*` is refused: trusting every peer, uvicorn takes the leftmost X-Forwarded-For
    entry, which the client writes itself, so every caller could pick its address.
    """
    items = [item.strip() for item in text.split(",")]
    if "*" in items:
        raise ValueError(
            "* would trust every peer, and a client could then name its own address:"
            " list the proxies' addresses or networks"
        )
    for item in items:
        if not item:
            raise ValueError("an empty entry: list the proxies' addresses or networks")
        try:  # strict, as uvicorn parses it: 10.0.0.1/8 would be a literal there
            if "/" in item:
                ipaddress.ip_network(item)
            else:
                ipaddress.ip_address(item)
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network") from None
    return ",".join(items)


def proxy_options(trusted: str | None) -> dict[str, Any]:
    """uvicorn's trusted-proxy options. `None`: no forwarded header is read, from anyone.

    uvicorn's default is to trust X-Forwarded-For and X-Forwarded-Proto from 127.0.0.1,
    which would let any caller on loopback (or behind a local proxy that passes the header
    through) pick the client address its rate budgets are counted under. Its
    ProxyHeadersMiddleware, when on, takes the client address (and scheme) from the
    headers only if the direct peer is one of `trusted`.
    """
    if trusted is None:  # "" rather than None: uvicorn would read FORWARDED_ALLOW_IPS
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    return {"proxy_headers": True, "forwarded_allow_ips": trusted}


def config(
    app: Any, host: str, port: int, *, trusted: str | None = None, **options: Any
) -> uvicorn.Config:
    return uvicorn.Config(
        app, host=host, port=port, http=protocol(), **proxy_options(trusted), **options
    )


def warn_if_exposed(host: str, allowed_hosts: tuple[str, ...]) -> None:
    """Binding beyond loopback lets other machines control the sandbox: say so loudly."""
    if is_loopback(host):
        return
    line = "!" * 78
    print(
        f"{line}\nWARNING: the sandbox listens on {host}, beyond this machine.\n"
        "Anyone who can reach the port and knows an application's credentials (the demo\n"
        "application's are public: demo-app/demo-secret) can pair, approve, reset and move\n"
        f"the clock. Host names answered: {', '.join(allowed_hosts)}.\n{line}",
        file=sys.stderr,
        flush=True,
    )
