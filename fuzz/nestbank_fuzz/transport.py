"""One small HTTP interface for the harness's own calls (pairing, tokens, test controls).

Schemathesis sends the generated requests itself; the harness only needs a few plain calls
beside it. In-process they go through schemathesis's own ASGI client, so they reach the very
same application instance (and its in-memory database) on the same event-loop thread; against
a live server they go through httpx.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

JsonObject = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """What the harness needs from a response."""

    status_code: int
    headers: dict[str, str]
    text: str

    def json_object(self) -> JsonObject:
        """The body as a JSON object, or an empty dict when it is not one."""
        try:
            value = json.loads(self.text)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}


class HttpTransport(Protocol):
    """Sends one request to the target and returns its reply."""

    base_url: str

    def send(
        self,
        method: str,
        path: str,
        *,
        json_body: JsonObject | None = None,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply: ...


class InProcessTransport:
    """Calls an ASGI application through schemathesis's ASGI client (no network)."""

    base_url = "http://testserver"

    def __init__(self, app: Any) -> None:
        # Imported here: schemathesis is a test-only dependency and slow to import.
        from schemathesis.python import asgi

        self._client = asgi.get_client(app)
        # Starts the application's lifespan once, shared with schemathesis's own requests.
        self._client.__enter__()

    def send(
        self,
        method: str,
        path: str,
        *,
        json_body: JsonObject | None = None,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        response = self._client.request(method, path, json=json_body, data=form, headers=headers)
        return Reply(
            status_code=int(response.status_code),
            headers={str(k).lower(): str(v) for k, v in response.headers.items()},
            text=str(response.text),
        )


class LiveTransport:
    """Calls a server over HTTP (the bank's test environment or a sandbox process)."""

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(base_url=self.base_url, timeout=timeout)

    def send(
        self,
        method: str,
        path: str,
        *,
        json_body: JsonObject | None = None,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        response = self._client.request(method, path, json=json_body, data=form, headers=headers)
        return Reply(
            status_code=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            text=response.text,
        )
