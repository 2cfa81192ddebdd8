"""Injected failures (`POST /_sandbox/faults`): the next matching requests fail on purpose."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from typing import Any

from starlette.types import Send

KINDS = ("500", "429", "drop", "drop_after_commit")


class SimulatedConnectionDrop(ConnectionError):
    """Raised in-process (ASGI) where there is no socket to close."""


@dataclass
class Fault:
    kind: str
    remaining: int
    operation_id: str | None


class Faults:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: list[Fault] = []

    def add(self, kind: str, count: int, operation_id: str | None) -> None:
        with self._lock:
            self._queue.append(Fault(kind, count, operation_id))

    def take(self, operation_id: str) -> str | None:
        """Consume one matching fault (oldest first) and return its kind."""
        with self._lock:
            for fault in self._queue:
                if fault.operation_id in (None, operation_id):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._queue.remove(fault)
                    return fault.kind
        return None

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()


async def drop_connection(send: Send) -> None:
    """Close the client's connection without an answer.

    Under uvicorn `send` is bound to the connection's request cycle, which holds the
    socket transport: closing it is what a broken network looks like to the client.
    In-process there is no socket, so raise: httpx's ASGI transport re-raises it.
    """
    cycle: Any = getattr(send, "__self__", None)
    transport: Any = getattr(cycle, "transport", None)
    if transport is None or not hasattr(transport, "close"):
        raise SimulatedConnectionDrop("the sandbox dropped the connection (fault injection)")
    transport.close()
    # Let the event loop report the lost connection, so the server does not try to
    # answer a 500 of its own on the closed socket.
    for _ in range(3):
        await asyncio.sleep(0)
