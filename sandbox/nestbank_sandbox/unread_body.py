"""A request answered before its body was read has its connection closed.

An answer can go out before the body is read: a refused credential, an unknown path, a
control's bad body, an operation that takes no body. uvicorn then keeps the connection
and reads the rest of the body to find the next request, with no bound in size or time,
so one client could stream gigabytes into a worker. `Connection: close` on such an
answer makes uvicorn close the connection once the answer is sent instead.
"""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def declares_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"transfer-encoding":
            return True
        if name == b"content-length" and value.strip() not in (b"", b"0"):
            return True
    return False


class _Tracked:
    """The request's receive and send; `send` adds `Connection: close` while unread."""

    def __init__(self, receive: Receive, send: Send) -> None:
        self._receive = receive
        self._send = send
        self.unread = True

    @property
    def __self__(self) -> Any:
        # faults.drop_connection finds uvicorn's cycle (and its socket) through `send`.
        return getattr(self._send, "__self__", None)

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.unread = False
        return message

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start" and self.unread:
            headers = [
                (name, value)
                for name, value in message.get("headers", [])
                if name.lower() != b"connection"
            ]
            message = {**message, "headers": [*headers, (b"connection", b"close")]}
        await self._send(message)


async def close_if_unread(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http" or not declares_body(scope):
        await app(scope, receive, send)
        return
    tracked = _Tracked(receive, send)
    await app(scope, tracked.receive, tracked)
