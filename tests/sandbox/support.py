"""Test helpers: a client that checks every bank response against the spec, a live server."""

from __future__ import annotations

import contextlib
import secrets
import string
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import uvicorn
from nestbank_sandbox.routing import RouteMatch, Router
from nestbank_sandbox.server import config as server_config
from nestbank_sandbox.spec import ApiSpec, load_spec
from openapi_core.testing import MockRequest, MockResponse
from starlette.applications import Starlette
from starlette.testclient import TestClient

DEMO_REDIRECT = "http://127.0.0.1:8765/callback"
# The controls need an application's credentials as HTTP Basic; the demo app's are public.
DEMO_AUTH = ("demo-app", "demo-secret")
SANDBOX_PREFIXES = ("/_sandbox/", "/_pages/")


def new_state() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(128))


def check_response(spec: ApiSpec, request: httpx.Request, response: httpx.Response) -> None:
    """Every bank answer conforms to the spec and uses only its operation's listed codes."""
    path = request.url.path
    if response.status_code == 421:  # another host name: outside any operation
        assert response.json()["error"] == "request_out_of_scope", response.text
        assert response.headers["cache-control"] == "no-cache"
        return
    if path.startswith(SANDBOX_PREFIXES):
        return
    match = Router(spec.operations).match(
        request.method, request.url.raw_path.decode().split("?")[0]
    )
    if not isinstance(match, RouteMatch):
        assert response.status_code in (404, 405), response.text
        assert response.json()["error"] == "request_out_of_scope"
        assert response.headers["cache-control"] == "no-cache"
        if response.status_code == 405:
            assert response.headers["allow"]
        return
    operation = match.operation
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error", "error_description"}, body
        assert operation.allows(response.status_code, body["error"]), (
            f"{operation.operation_id} answered {response.status_code} {body['error']}, "
            "which its x-nestbank-errors does not list"
        )
        assert body["error_description"] == spec.error(body["error"]).description
        assert response.headers["cache-control"] == "no-cache"
    mock_request = MockRequest(
        "http://sandbox",
        request.method.lower(),
        path,
        path_pattern=operation.path,
        view_args=match.path_params,
    )
    mock_response = MockResponse(
        response.content,
        status_code=response.status_code,
        headers=dict(response.headers),
        content_type=response.headers.get("content-type", "application/json"),
    )
    spec.openapi.validate_response(mock_request, mock_response)


class SandboxCalls:
    """Pairing, tokens and controls, for any client with httpx's `post`."""

    state: str
    post: Callable[..., httpx.Response]  # the client class listed first provides it

    def control(
        self, path: str, body: dict[str, Any] | None = None, auth: tuple[str, str] = DEMO_AUTH
    ) -> httpx.Response:
        """POST a /_sandbox/ control as the demo application (or `auth`'s)."""
        return self.post(path, json=body or {}, auth=auth)

    def pair(
        self, user: str = "demo", account: str | None = None, client_id: str = "demo-app"
    ) -> str:
        """Pair through the test control; returns the code (the state is the one sent)."""
        self.state = new_state()
        body: dict[str, Any] = {
            "client_id": client_id,
            "redirect_uri": DEMO_REDIRECT,
            "state": self.state,
            "user": user,
        }
        if account:
            body["accountId"] = account
        response = self.control("/_sandbox/pair", body, auth=(client_id, _secret(client_id)))
        assert response.status_code == 200, response.text
        return str(response.json()["code"])

    def exchange(
        self, code: str, client_id: str = "demo-app", secret: str | None = None
    ) -> httpx.Response:
        return self.post(
            "/grant",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": DEMO_REDIRECT,
                "state": self.state,
                "client_id": client_id,
                "client_secret": secret or _secret(client_id),
            },
        )

    def token(
        self, user: str = "demo", account: str | None = None, client_id: str = "demo-app"
    ) -> dict[str, str]:
        """Headers with a fresh access token of the given pairing."""
        response = self.exchange(self.pair(user, account, client_id), client_id)
        assert response.status_code == 200, response.text
        return {"access_token": response.json()["access_token"]}

    def advance(self, seconds: float) -> None:
        assert self.control("/_sandbox/clock", {"advanceSeconds": seconds}).status_code == 200


class SpecClient(TestClient, SandboxCalls):
    """Starlette's TestClient that validates each bank response (openapi-core)."""

    def __init__(self, app: Starlette, **kwargs: Any) -> None:
        # 127.0.0.1: the sandbox answers only on its configured (loopback) host names.
        super().__init__(app, base_url="http://127.0.0.1", follow_redirects=False, **kwargs)
        self.spec = load_spec()
        self.checked = 0

    def request(self, method: str, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        response: httpx.Response = super().request(method, url, **kwargs)
        check_response(self.spec, response.request, response)
        self.checked += 1
        return response

    def get(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def delete(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)


def _secret(client_id: str) -> str:
    return client_id.replace("-app", "-secret")


def control(base: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
    """POST a /_sandbox/ control of a live sandbox as the demo application."""
    return httpx.post(f"{base}{path}", json=body or {}, auth=DEMO_AUTH)


def money(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "PLN"}


def blockade(blockade_id: str, amount: str, **extra: Any) -> dict[str, Any]:
    return {"blockadeId": blockade_id, "amount": money(amount), "title": "Kaucja", **extra}


def payment(order_id: str, amount: str) -> dict[str, Any]:
    return {"orderId": order_id, "amount": money(amount), "title": "Abonament"}


def authorize_body(
    key: str, value: str, amount: str, app_type: str = "web", **extra: Any
) -> dict[str, Any]:
    return {
        key: value,
        "amount": money(amount),
        "title": "Duża operacja",
        "appType": app_type,
        "os_type": "ALL" if app_type == "web" else "Android",
        "callbackUri": "http://127.0.0.1:8765/authorized",
        **extra,
    }


@contextlib.contextmanager
def live_server(app: Starlette) -> Iterator[str]:
    """uvicorn on 127.0.0.1, an ephemeral port, in a thread; yields the base URL."""
    server = uvicorn.Server(
        server_config(app, "127.0.0.1", 0, log_level="critical", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
