"""Answer only on the configured host names (DNS rebinding), loopback by default.

A web page on `evil.example` whose name the attacker re-points to 127.0.0.1 reaches the
sandbox with `Host: evil.example`; refusing unknown names keeps such a page out of
the bank API, the browser pages and the controls alike.
"""

from __future__ import annotations

import ipaddress

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Scope

from .errors import error_response
from .spec import ApiSpec

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
# The catalogue has no code for a request sent to another host: like an unknown path it
# is outside the API's scope; 421 Misdirected Request says the server will not answer it.
MISDIRECTED = 421


def host_name(host_header: str) -> str:
    """`Host` without the port, lower case; IPv6 without brackets; '' if malformed."""
    text = host_header.strip().lower()
    if text.startswith("["):
        end = text.find("]")
        return text[1:end] if end > 0 else ""
    if text.count(":") > 1:  # a bare IPv6 address, as configured (never valid in Host)
        return text
    name, _, port = text.partition(":")
    if port and not port.isdigit():
        return ""
    return name.rstrip(".")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def misdirected(scope: Scope, spec: ApiSpec, allowed: frozenset[str]) -> Response | None:
    """The answer to a request whose `Host` is not one of `allowed`, else None."""
    hosts = Headers(scope=scope).getlist("host")
    name = host_name(hosts[0]) if len(hosts) == 1 else ""  # RFC 9112: exactly one Host
    if name and name in allowed:
        return None
    return error_response(spec, "request_out_of_scope", status=MISDIRECTED)
