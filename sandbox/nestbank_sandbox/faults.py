"""Injected failures (`POST /_sandbox/faults`): the next matching requests fail on purpose."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from starlette.types import Send

KINDS = ("500", "429", "drop", "drop_after_commit")


class SimulatedConnectionDrop(ConnectionError):
    """Raised in-process (ASGI) where there is no socket to close."""


# Per tenant, in the database (every worker process takes from one queue), oldest first.
def add(
    conn: sqlite3.Connection, tenant: str, kind: str, count: int, operation_id: str | None
) -> None:
    row = conn.execute("SELECT MAX(seq) FROM faults WHERE tenant = ?", (tenant,)).fetchone()
    seq = 1 if row[0] is None else int(row[0]) + 1
    conn.execute(
        "INSERT INTO faults (tenant, seq, kind, remaining, operation_id) VALUES (?, ?, ?, ?, ?)",
        (tenant, seq, kind, count, operation_id),
    )


def take(conn: sqlite3.Connection, tenant: str, operation_id: str) -> str | None:
    """Consume one of the tenant's matching faults (oldest first) and return its kind."""
    row = conn.execute(
        "SELECT seq, kind, remaining FROM faults WHERE tenant = ?"
        " AND (operation_id IS NULL OR operation_id = ?) ORDER BY seq LIMIT 1",
        (tenant, operation_id),
    ).fetchone()
    if row is None:
        return None
    if row["remaining"] <= 1:
        conn.execute("DELETE FROM faults WHERE tenant = ? AND seq = ?", (tenant, row["seq"]))
    else:
        conn.execute(
            "UPDATE faults SET remaining = remaining - 1 WHERE tenant = ? AND seq = ?",
            (tenant, row["seq"]),
        )
    return str(row["kind"])


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
