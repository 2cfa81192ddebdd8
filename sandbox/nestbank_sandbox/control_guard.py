"""Who may use the /_sandbox/ controls: a registered application, from a same-site client.

Every control needs the calling application's credentials as HTTP Basic
`client_id:client_secret` (the demo application's are public: `demo-app:demo-secret`),
a JSON body (`Content-Type: application/json`, so that an HTML form or a plain `fetch`
of another site cannot send one without a CORS preflight, which the sandbox never
grants) and no sign of a cross-site browser request (`Sec-Fetch-Site`, `Origin`).
The host name rule (hosts.py) applies before all of this.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import sqlite3
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse

from .hosts import host_name

REALM = 'Basic realm="Nest Bank sandbox controls", charset="UTF-8"'
SAME_SITE = ("same-origin", "same-site", "none")


class ControlError(Exception):
    def __init__(
        self,
        description: str,
        status: int = 400,
        code: str = "parameters_error",
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(description)
        self.description, self.status, self.code = description, status, code
        self.headers = headers or {}


def control_error(error: ControlError) -> JSONResponse:
    body = {"error": error.code, "error_description": error.description}
    headers = {"Cache-Control": "no-cache", **error.headers}
    return JSONResponse(body, status_code=error.status, headers=headers)


def check_same_site(request: Request) -> None:
    """Refuse what a browser marks as coming from another site."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.lower() not in SAME_SITE:
        raise ControlError("cross-site requests are refused", 403, "cross_site_request")
    origin = request.headers.get("origin")
    if origin is None:
        return  # not a browser, or a same-origin GET-like request
    # Same origin: host and port as in `Host` (another local port is another web page).
    own = _host_port(request.url.scheme, request.headers.get("host", ""))
    if origin == "null" or _host_port(*urlsplit(origin)[:2]) != own:
        raise ControlError(f"requests from {origin!r} are refused", 403, "cross_site_request")


def _host_port(scheme: str, netloc: str) -> tuple[str, str]:
    default = {"http": "80", "https": "443"}.get(scheme.lower(), "")
    port = netloc.rsplit(":", 1)[1] if netloc.count(":") == 1 or "]:" in netloc else default
    return host_name(netloc), port


def check_json_content_type(request: Request) -> None:
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/json":
        raise ControlError(
            "controls take only `Content-Type: application/json`", 415, "unsupported_media_type"
        )


def basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, colon, secret = decoded.partition(":")
    return (client_id, secret) if colon else None


def authenticate_application(conn: sqlite3.Connection, request: Request) -> str:
    """The client_id of the application whose Basic credentials came with the request."""
    credentials = basic_credentials(request)
    row = None
    if credentials is not None:
        row = conn.execute(
            "SELECT client_secret FROM applications WHERE client_id = ?", (credentials[0],)
        ).fetchone()
    if (
        credentials is None
        or row is None
        or not secrets.compare_digest(row["client_secret"].encode(), credentials[1].encode())
    ):
        raise ControlError(
            "controls need the application's client_id:client_secret as HTTP Basic",
            401,
            "invalid_client",
            {"WWW-Authenticate": REALM},
        )
    return credentials[0]
