"""Paging, raw responses, options and debug logging, the same for NestBank and AsyncNestBank."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nestbank_client import AsyncNestBank, NestBank, NestBankError
from nestbank_client._resources import SECRET_NAMES
from nestbank_client._sdk_authorizations import Outcome
from nestbank_client._sdk_results import AsyncPage, RawResponse, SyncPage
from nestbank_client.models import Blockade, BlockadeList
from nestbank_client.tokens import AsyncTokenHolder, TokenHolder, TokenSet

from .harness import ACCOUNT, TOKEN, Bank, Handler, blockade, error


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def paged(total: int) -> Handler:
    """A bank holding `total` blockades, answering any page and page size."""

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        size = int(request.url.params.get("pageSize", "20"))
        ids = [f"b-{n}" for n in range(total)][(page - 1) * size : page * size]
        body = {
            "blockades": [blockade(i) for i in ids],
            "page": page,
            "pageSize": size,
            "totalCount": total,
        }
        return httpx.Response(200, json=body)

    return handler


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(total=st.integers(0, 23), size=st.integers(1, 7))
def test_iterating_a_list_yields_every_item_once_in_order(kind: str, total: int, size: int) -> None:
    bank = Bank(kind, paged(total))
    items = bank.items(lambda b: b.blockades.list(ACCOUNT, page_size=size))
    assert [b.blockade_id for b in items] == [f"b-{n}" for n in range(total)]
    pages = max(1, -(-total // size))
    assert len(bank.requests) == pages


def test_pages_are_fetched_only_when_needed() -> None:
    bank = Bank("sync", paged(10))
    first = bank(lambda b: b.blockades.list(ACCOUNT, page_size=3))
    assert len(bank.requests) == 1  # nothing fetched ahead
    assert (first.model.total_count, len(first.items), first.has_next_page()) == (10, 3, True)
    iterator = iter(first)
    for _ in range(4):
        next(iterator)
    assert len(bank.requests) == 2
    second = first.next_page()
    assert second is not None and second.model.page == 2


def test_raw_response_gives_status_headers_body_and_the_model(kind: str) -> None:
    bank = Bank(
        kind, lambda _: httpx.Response(200, json=blockade(), headers={"X-Request-Id": "r-1"})
    )
    raw = bank(lambda b: b.with_raw_response.blockades.get(ACCOUNT, "rent-1"))
    assert raw.status_code == 200
    assert raw.headers["X-Request-Id"] == "r-1"
    assert b'"blockadeId":"rent-1"' in raw.content.replace(b" ", b"")
    assert raw.parse().blockade_id == "rent-1"
    # the plain call afterwards answers the model again
    assert bank(lambda b: b.blockades.get(ACCOUNT, "rent-1")).blockade_id == "rent-1"


def test_raw_response_of_a_list_parses_to_the_page(kind: str) -> None:
    bank = Bank(kind, paged(2))
    raw = bank(lambda b: b.with_raw_response.blockades.list(ACCOUNT))
    assert raw.status_code == 200
    assert [b.blockade_id for b in raw.parse().items] == ["b-0", "b-1"]


def test_raw_response_still_raises_the_typed_error(kind: str) -> None:
    bank = Bank(kind, lambda _: error(404, "blockade_not_exist"))
    with pytest.raises(Exception) as caught:
        bank(lambda b: b.with_raw_response.blockades.get(ACCOUNT, "nope"))
    assert getattr(caught.value, "status_code", None) == 404


def test_the_access_token_travels_in_its_header(kind: str) -> None:
    bank = Bank(kind, lambda _: httpx.Response(200, json=blockade()))
    bank(lambda b: b.blockades.get(ACCOUNT, "rent-1"))
    request = bank.requests[0]
    assert request.headers["access_token"] == TOKEN
    assert "authorization" not in request.headers
    assert request.url == "https://bank.test/api/account/acc-demo-main/blockade/rent-1"


def test_requests_name_this_client_and_never_leave_a_dot_segment(kind: str) -> None:
    bank = Bank(kind, lambda _: error(404, "blockade_not_exist"))
    for identifier in (".", ".."):

        def read(b: Any, i: str = identifier) -> Any:
            return b.blockades.get(ACCOUNT, i)

        with pytest.raises(NestBankError):
            bank(read)
    assert [r.url.raw_path for r in bank.requests] == [
        b"/api/account/acc-demo-main/blockade/%2E",
        b"/api/account/acc-demo-main/blockade/%2E%2E",
    ]
    assert bank.requests[0].headers["User-Agent"].startswith("nestbank-client/")


def test_a_default_timeout_is_set() -> None:
    bank = Bank("sync", lambda _: httpx.Response(200, json=blockade()))
    bank(lambda b: b.blockades.get(ACCOUNT, "rent-1"))
    timeout = bank.requests[0].extensions["timeout"]
    assert timeout["connect"] == 5.0 and timeout["read"] == 30.0


def test_many_customers_share_one_connection_pool() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["access_token"])
        return httpx.Response(200, json=blockade())

    with httpx.Client(transport=httpx.MockTransport(handler)) as pool:
        banks = [NestBank(access_token=f"t-{n}", http_client=pool) for n in range(3)]
        for bank in banks:
            bank.blockades.get(ACCOUNT, "rent-1")
            bank.close()  # leaves the shared pool open
        assert not pool.is_closed
    assert seen == ["t-0", "t-1", "t-2"]


def test_construction_needs_exactly_one_credential() -> None:
    with pytest.raises(ValueError):
        NestBank()
    with pytest.raises(ValueError):
        AsyncNestBank()
    with pytest.raises(ValueError):
        NestBank(access_token="t", max_retries=-1)


def test_secret_names_come_from_the_spec() -> None:
    assert {"access_token", "refresh_token", "client_secret", "code", "state"} <= SECRET_NAMES


def test_debug_logging_shows_the_call_and_never_the_token(
    kind: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("NESTBANK_LOG", "debug")
    answers = iter([error(500, "internal_server_error"), httpx.Response(200, json=blockade())])
    monkeypatch.setattr("nestbank_client._sdk_base._sleep", lambda _: None)

    async def no_wait(_: float) -> None:
        return None

    monkeypatch.setattr("nestbank_client._sdk_base._async_sleep", no_wait)
    bank = Bank(kind, lambda _: next(answers))
    with caplog.at_level(logging.DEBUG, logger="nestbank_client.sdk"):
        bank(lambda b: b.blockades.get(ACCOUNT, "rent-1"))
    text = caplog.text
    assert "GET /api/account/acc-demo-main/blockade/rent-1 -> 500" in text
    assert "-> 200" in text and "(attempt 2)" in text and " ms " in text
    assert TOKEN not in text
    assert "'access_token': '<redacted>'" in text


def test_no_debug_logging_without_the_variable(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("NESTBANK_LOG", raising=False)
    bank = Bank("sync", lambda _: httpx.Response(200, json=blockade()))
    with caplog.at_level(logging.DEBUG, logger="nestbank_client.sdk"):
        bank(lambda b: b.blockades.get(ACCOUNT, "rent-1"))
    assert caplog.text == ""


def _authorization(status: str) -> dict[str, Any]:
    return {
        "authorizationId": "auth-1",
        "operationType": "PAYMENT",
        "status": status,
        "accountId": ACCOUNT,
        "createdAt": "2026-01-20T12:32:00Z",
        "expiresAt": "2026-01-20T12:42:00Z",
        "orderId": "o-1",
    }


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        (["PENDING", "PENDING", "AUTHORIZED"], Outcome.AUTHORIZED),
        (["PENDING", 401], Outcome.FAILED),
        (["EXPIRED"], Outcome.UNKNOWN),  # a status the bank may add (open set)
    ],
)
def test_wait_turns_every_answer_into_an_outcome(
    kind: str, answers: list[Any], outcome: Outcome, monkeypatch: pytest.MonkeyPatch
) -> None:
    replies = iter(answers)

    def handler(_: httpx.Request) -> httpx.Response:
        reply = next(replies)
        if reply == 401:
            return error(401, "authorization_failed")
        return httpx.Response(200, json=_authorization(reply))

    bank = Bank(kind, handler)
    decision = bank(lambda b: b.authorizations.wait("auth-1", timeout=10, interval=0.01))
    assert decision.outcome is outcome
    assert (decision.error is not None) == (outcome is Outcome.FAILED)
    assert decision.authorized == (outcome is Outcome.AUTHORIZED)


def test_types_flow_through_for_strict_mypy() -> None:
    """Checked by `mypy --strict` (make lint): the annotations below must hold as written."""
    handler = paged(3)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/blockade"):
            return handler(request)
        return httpx.Response(200, json=blockade())

    bank = NestBank(access_token=TOKEN, transport=httpx.MockTransport(answer))
    one: Blockade = bank.blockades.get(ACCOUNT, "rent-1")
    raw: RawResponse[Blockade] = bank.with_raw_response.blockades.get(ACCOUNT, "rent-1")
    page: SyncPage[Blockade, BlockadeList] = bank.blockades.list(ACCOUNT, page_size=2)
    every: list[Blockade] = list(page)
    quick: NestBank = bank.with_options(max_retries=0)
    assert (one.blockade_id, raw.parse().blockade_id, len(every)) == ("rent-1", "rent-1", 3)
    assert quick.max_retries == 0

    async def run() -> list[Blockade]:
        async with AsyncNestBank(
            access_token=TOKEN, transport=httpx.MockTransport(answer)
        ) as async_bank:
            first: AsyncPage[Blockade, BlockadeList] = await async_bank.blockades.list(ACCOUNT)
            return [item async for item in first]

    assert len(asyncio.run(run())) == 3


class _Refresher:
    """Hands out `fresh-<n>` tokens, sync and async."""

    def __init__(self) -> None:
        self.calls = 0

    def _tokens(self) -> TokenSet:
        self.calls += 1
        now = time.time()
        return TokenSet(f"fresh-{self.calls}", f"refresh-{self.calls}", now + 1200, now + 86400)

    def refresh(self, refresh_token: str) -> TokenSet:
        return self._tokens()

    async def refresh_async(self, refresh_token: str) -> TokenSet:
        return self._tokens()


def test_a_token_holder_refreshes_a_rejected_token_once(kind: str) -> None:
    refresher = _Refresher()
    stale = TokenSet("stale", "refresh-0", time.time() + 1200, time.time() + 86400)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["access_token"])
        if request.headers["access_token"] == "stale":
            return error(401, "access_token_invalid")
        return httpx.Response(200, json=blockade())

    transport = httpx.MockTransport(handler)
    bank: NestBank | AsyncNestBank
    if kind == "sync":
        bank = NestBank(token_holder=TokenHolder(refresher, initial=stale), transport=transport)
        assert bank.blockades.get(ACCOUNT, "rent-1").blockade_id == "rent-1"
    else:
        holder = AsyncTokenHolder(refresher, initial=stale)
        async_bank = AsyncNestBank(token_holder=holder, transport=transport)
        found = asyncio.run(async_bank.blockades.get(ACCOUNT, "rent-1"))
        assert found.blockade_id == "rent-1"
    assert seen == ["stale", "fresh-1"]
    assert refresher.calls == 1


def test_async_banks_share_one_connection_pool() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["access_token"])
        return httpx.Response(200, json=blockade())

    async def run() -> bool:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as pool:
            for n in range(3):
                async with AsyncNestBank(access_token=f"t-{n}", http_client=pool) as bank:
                    await bank.blockades.get(ACCOUNT, "rent-1")
            return pool.is_closed

    assert asyncio.run(run()) is False
    assert seen == ["t-0", "t-1", "t-2"]
