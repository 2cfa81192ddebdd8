"""A generated client wired to an in-memory transport that records every request."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from nestbank_client import AuthenticatedClient, Client

BASE_URL = "https://bank.test/rest/v1/open/api"
TOKEN = "tok-123"

BLOCKADE: dict[str, Any] = {
    "blockadeId": "rent-2018-0001",
    "accountId": "acc-demo-main",
    "amount": {"amount": "250.00", "currency": "PLN"},
    "title": "Kaucja za wynajem roweru",
    "createdAt": "2018-01-20T12:32:00Z",
    "updatedAt": "2018-01-20t13:32:00.123456789+01:00",
    "expiresAt": "2018-01-27T12:32:00Z",
}


@dataclass
class Bank:
    """Answers every request with the next queued response and keeps the requests."""

    answer: Callable[[httpx.Request], httpx.Response] = lambda _request: httpx.Response(
        200, json=BLOCKADE
    )
    requests: list[httpx.Request] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)

    def reply(self, status: int, body: object = None, **kwargs: Any) -> None:
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.answer = lambda _request: httpx.Response(status, content=content, **kwargs)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


@pytest.fixture
def bank() -> Bank:
    return Bank()


@pytest.fixture
def client(bank: Bank) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL,
        token=TOKEN,
        httpx_args={
            "transport": httpx.MockTransport(bank.handle),
        },
    )


@pytest.fixture
def async_client(bank: Bank) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url=BASE_URL,
        token=TOKEN,
        httpx_args={"transport": httpx.MockTransport(bank.handle)},
    )


@pytest.fixture
def public_client(bank: Bank) -> Client:
    return Client(base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(bank.handle)})
