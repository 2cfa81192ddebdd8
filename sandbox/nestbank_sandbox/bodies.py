"""Read and parse request bodies defensively: bounded in time, size and nesting.

RFC 8259: JSON between systems is UTF-8 (no UTF-16/32, no byte order mark). A string
with a lone surrogate (`"\\ud800"`) is valid JSON text but no Unicode text: SQLite and
UTF-8 encoders refuse it, so it is refused here as a bad request.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.requests import ClientDisconnect, Request

MAX_BODY = 1 << 20  # 1 MiB: far above any valid request of the API
# An oversized body is still read (and dropped) up to this size before the answer goes
# out. Answering early and closing while the client is still sending makes the kernel
# reset the connection, and the client then sees a broken pipe instead of the documented
# 400 (nginx's "lingering close" for the same reason). Larger bodies are not worth the
# bandwidth: they are answered at once.
DRAIN_LIMIT = 16 * MAX_BODY
MAX_DEPTH = 32  # the deepest valid body nests 3 levels


class BadBody(ValueError):
    """The body cannot be a valid request (too slow, too big, not JSON text)."""


async def read_body(request: Request, timeout: float, limit: int = MAX_BODY) -> bytes:
    """The whole body, or BadBody if it is larger than `limit` or slower than `timeout`.

    A `Content-Length` that overstates the body would otherwise hold the worker forever.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > DRAIN_LIMIT:
        raise BadBody("the body is too large")
    chunks: list[bytes] = []
    size = 0
    try:
        # asyncio.timeout, not wait_for: no task created per request (a tenth of a POST).
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > DRAIN_LIMIT:
                    break
                if size <= limit:
                    chunks.append(chunk)
    except TimeoutError as exc:
        raise BadBody("the body did not arrive in time") from exc
    except ClientDisconnect as exc:  # a malformed chunk, or the client left mid-body
        raise BadBody("the body broke off") from exc
    if size > limit:
        raise BadBody("the body is too large")
    return b"".join(chunks)


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, brackets inside strings not counted."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def check_text(value: Any) -> None:
    """Every string (keys included) must be encodable as UTF-8."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise BadBody("a string holds a lone surrogate") from exc
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def parse_json(raw: bytes) -> Any:
    """Strict RFC 8259 JSON from UTF-8 bytes, or BadBody."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadBody("the body is not UTF-8") from exc
    # The scan runs only where enough brackets (C-speed count) could nest too deeply.
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise BadBody("the body nests too deeply")
    try:
        value = json.loads(
            text, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicate_keys
        )
    except (ValueError, RecursionError) as exc:
        raise BadBody("the body is not JSON") from exc
    check_text(value)
    return value


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # RFC 8259 leaves duplicate names to the parser; "the last one wins" would let
    # `{"amount": ..., "amount": ...}` hold a sum the partner never meant: refuse it.
    value = dict(pairs)
    if len(value) != len(pairs):
        raise ValueError("a name appears twice in one object")
    return value


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity, -Infinity
