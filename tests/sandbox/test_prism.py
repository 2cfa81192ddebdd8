"""Prism, the independent validator in front of the sandbox, does catch a wrong answer.

An upstream that answers `GET /user` with a body the spec forbids, and one that accepts a
body the spec refuses, both behind Prism: `ProxiedClient`'s Prism check must fail on each.
"""

from __future__ import annotations

import contextlib

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .prism import PrismViolation, ProxiedClient, prism_proxy, violations
from .support import blockade, live_server


async def wrong_user(request: Request) -> JSONResponse:
    return JSONResponse({"userId": 1, "unexpected": True})


async def accepts_anything(request: Request) -> JSONResponse:
    created = {
        "blockadeId": "b-1", "accountId": "acc-1", "amount": {"amount": "1.00", "currency": "PLN"},
        "title": "T", "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
    }  # fmt: skip
    return JSONResponse(created, status_code=201)


def wrong_upstream() -> contextlib.AbstractContextManager[str]:
    app = Starlette(
        routes=[
            Route("/user", wrong_user),
            Route("/account/{accountId}/blockade", accepts_anything, methods=["POST"]),
        ]
    )
    return live_server(app)


def test_prism_reports_what_the_spec_forbids() -> None:
    with wrong_upstream() as upstream, prism_proxy(upstream) as prism:
        client = ProxiedClient(upstream, prism)
        # Sent with plain httpx: ProxiedClient's own openapi-core check would fail first.
        raw = httpx.get(f"{prism}/user", headers={"access_token": "t"})
        assert any(v["location"][0] == "response" for v in violations(raw))
        with pytest.raises(PrismViolation, match="response"):
            client._check_prism(raw)
        body = {**blockade("b-1", "1.00"), "title": "line\n"}  # ECMA-262: `$` refuses it
        accepted = httpx.post(
            f"{prism}/account/acc-1/blockade", json=body, headers={"access_token": "t"}
        )
        with pytest.raises(PrismViolation, match="title"):
            client._check_prism(accepted)
