"""ASGI middlewares that make a deliberately wrong server out of the real sandbox.

`ResponseRewriter` lets the wrapped application answer, then hands the whole response to a
function that may change its status, headers or body. `RequestInterceptor` may answer a
request itself (or change it) before the application sees it. Used by tests/fuzz/mutations.py.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field, replace
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @staticmethod
    def json(status: int, value: object, headers: dict[str, str] | None = None) -> Answer:
        return Answer(
            status,
            {"content-type": "application/json", **(headers or {})},
            json.dumps(value).encode(),
        )

    def json_body(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def with_json(self, value: object) -> Answer:
        return replace(self, body=json.dumps(value).encode())

    def without_header(self, name: str) -> Answer:
        return replace(self, headers={k: v for k, v in self.headers.items() if k != name.lower()})


async def _read_request(scope: Scope, receive: Receive) -> Request:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    headers = {
        k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
    }
    return Request(
        method=str(scope["method"]).upper(),
        path=str(scope["path"]),
        query=bytes(scope.get("query_string", b"")).decode("latin-1"),
        headers=headers,
        body=b"".join(chunks),
    )


async def call_app(app: ASGIApp, scope: Scope, request: Request) -> Answer:
    """Send `request` to `app` and collect its whole answer."""
    scope = dict(scope)
    if request.path != scope["path"]:
        # Only a mutation's own path is replaced; the client's keeps its percent-encoding.
        scope["path"] = request.path
        scope["raw_path"] = request.path.encode("utf-8")
    scope["method"] = request.method
    scope["query_string"] = request.query.encode("latin-1")
    scope["headers"] = [
        (k.encode("latin-1"), v.encode("latin-1")) for k, v in request.headers.items()
    ]
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": request.body, "more_body": False}

    status = 500
    headers: dict[str, str] = {}
    chunks: list[bytes] = []

    async def send(message: Message) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = int(message["status"])
            headers = {
                k.decode("latin-1").lower(): v.decode("latin-1")
                for k, v in message.get("headers", [])
            }
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return Answer(status, headers, b"".join(chunks))


async def _reply(send: Send, answer: Answer) -> None:
    headers = {k: v for k, v in answer.headers.items() if k != "content-length"}
    headers["content-length"] = str(len(answer.body))
    await send(
        {
            "type": "http.response.start",
            "status": answer.status,
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
        }
    )
    await send({"type": "http.response.body", "body": answer.body, "more_body": False})


# Decides the answer to a request: may call `forward` (the real application) or not.
Handler = Callable[[Request, Callable[[Request], Awaitable[Answer]]], Awaitable[Answer]]


class Intercept:
    """Routes every HTTP request of `app` through `handler`."""

    def __init__(self, app: ASGIApp, handler: Handler) -> None:
        self.app = app
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = await _read_request(scope, receive)

        async def forward(changed: Request) -> Answer:
            return await call_app(self.app, scope, changed)

        await _reply(send, await self.handler(request, forward))


def rewrite_responses(app: ASGIApp, rewrite: Callable[[Request, Answer], Answer]) -> ASGIApp:
    """Let `app` answer, then pass every answer through `rewrite`."""

    async def handler(request: Request, forward: Callable[[Request], Awaitable[Answer]]) -> Answer:
        return rewrite(request, await forward(request))

    return Intercept(app, handler)
