"""Run the same calls on `NestBank` and `AsyncNestBank` over an `httpx.MockTransport`."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from typing import Any

import httpx
from nestbank_client import AsyncNestBank, NestBank

BASE_URL = "https://bank.test/api"
TOKEN = "secret-access-token-123"
ACCOUNT = "acc-demo-main"

Handler = Callable[[httpx.Request], httpx.Response]


def blockade(
    blockade_id: str = "rent-1", amount: str = "250.00", title: str = "Kaucja"
) -> dict[str, Any]:
    return {
        "blockadeId": blockade_id,
        "accountId": ACCOUNT,
        "amount": {"amount": amount, "currency": "PLN"},
        "title": title,
        "createdAt": "2026-01-20T12:32:00Z",
        "updatedAt": "2026-01-20T12:32:00Z",
    }


def error(status: int, code: str, headers: dict[str, str] | None = None) -> httpx.Response:
    body = {"error": code, "error_description": f"{code} (test)"}
    return httpx.Response(status, json=body, headers=headers)


class Bank:
    """`bank(lambda b: b.blockades.get(...))` on the sync or the async client, same result."""

    def __init__(self, kind: str, handler: Handler, **options: Any) -> None:
        self.kind = kind
        self.requests: list[httpx.Request] = []

        def recording(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return handler(request)

        transport = httpx.MockTransport(recording)
        self.bank: NestBank | AsyncNestBank
        if kind == "sync":
            self.bank = NestBank(
                access_token=TOKEN, base_url=BASE_URL, transport=transport, **options
            )
        else:
            self.bank = AsyncNestBank(
                access_token=TOKEN, base_url=BASE_URL, transport=transport, **options
            )

    def __call__(self, call: Callable[[Any], Any]) -> Any:
        result = call(self.bank)
        if inspect.isawaitable(result):
            return asyncio.run(_awaited(result))
        return result

    def items(self, call: Callable[[Any], Any]) -> list[Any]:
        """Every item of a paged list, walking the pages."""
        first = self(call)
        if self.kind == "sync":
            return list(first)
        return asyncio.run(_collect(first))


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


async def _collect(page: Any) -> list[Any]:
    return [item async for item in page]


def sequence(*answers: httpx.Response | Exception) -> Handler:
    """A handler giving these answers in turn (an exception is raised as a transport error)."""
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return handler


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content)
