"""Per-attempt timeouts for calls made through the generated operations.

The generated `sync()`/`asyncio()` functions take no timeout argument, so the retry
layer sets the current attempt's limit in a context variable and a request event
hook, installed once on the client's httpx client, lowers that request's timeout
to it (`request.extensions["timeout"]` is what httpx's transports obey). Outside a
retried call the variable is unset and the hook changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import httpx

from .client import AuthenticatedClient, Client

_ATTEMPT_TIMEOUT: ContextVar[float | None] = ContextVar("nestbank_attempt_timeout", default=None)


@contextmanager
def attempt_timeout(seconds: float | None) -> Iterator[None]:
    """Limit every request made inside the block to `seconds` (None: no extra limit)."""
    token = _ATTEMPT_TIMEOUT.set(seconds)
    try:
        yield
    finally:
        _ATTEMPT_TIMEOUT.reset(token)


def _lower_timeout(request: httpx.Request) -> None:
    limit = _ATTEMPT_TIMEOUT.get()
    if limit is None:
        return
    current = request.extensions.get("timeout", {})
    # Each phase keeps the client's own value when that is already stricter.
    request.extensions["timeout"] = {
        phase: limit if current.get(phase) is None else min(limit, current[phase])
        for phase in ("connect", "read", "write", "pool")
    }


async def _lower_timeout_async(request: httpx.Request) -> None:
    _lower_timeout(request)


def install_sync(client: AuthenticatedClient | Client) -> None:
    """Add the timeout hook to the client's sync httpx client (once)."""
    http = client.get_httpx_client()
    hooks = http.event_hooks
    if _lower_timeout not in hooks["request"]:
        http.event_hooks = {**hooks, "request": [*hooks["request"], _lower_timeout]}


def install_async(client: AuthenticatedClient | Client) -> None:
    """Add the timeout hook to the client's async httpx client (once)."""
    http = client.get_async_httpx_client()
    hooks = http.event_hooks
    if _lower_timeout_async not in hooks["request"]:
        http.event_hooks = {**hooks, "request": [*hooks["request"], _lower_timeout_async]}
