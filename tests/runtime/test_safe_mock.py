"""Safe creates against a scripted in-memory bank (the sandbox tests prove it end to end)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nestbank_client._bank_equality import differences
from nestbank_client.api_errors import ConflictError, NotFoundError, ServerError
from nestbank_client.client import AuthenticatedClient
from nestbank_client.models.blockade import Blockade
from nestbank_client.models.blockade_create import BlockadeCreate
from nestbank_client.models.currency import Currency
from nestbank_client.models.payment_create import PaymentCreate
from nestbank_client.models.positive_money import PositiveMoney
from nestbank_client.retry import RetryPolicy
from nestbank_client.runtime_errors import ExistingResourceMismatchError
from nestbank_client.safe import (
    create_blockade_safely,
    create_blockade_safely_async,
    create_payment_safely,
    delete_blockade_safely,
    update_blockade_safely,
)

FAST = RetryPolicy(initial_delay=0.001, max_delay=0.002, total_timeout=5)
CONFLICT = {"error": "order_exist_error", "error_description": "Operacja istnieje"}
STAMP = "2026-01-01T00:00:00Z"


def money(amount: str) -> PositiveMoney:
    return PositiveMoney.from_dict({"amount": amount, "currency": "PLN"})


class FakeBank:
    """Blockades and payments keyed by identifier, with scripted faults per call.

    A fault is applied to the next matching request: "drop_after_commit" stores the
    resource and then raises a dropped connection, "drop" raises before storing,
    an int answers that status without doing anything.
    """

    def __init__(self) -> None:
        self.blockades: dict[str, dict[str, object]] = {}
        self.payments: dict[str, dict[str, object]] = {}
        self.faults: list[tuple[str, str | int]] = []
        self.calls: list[str] = []

    def fault(self, method: str, kind: str | int, count: int = 1) -> None:
        self.faults += [(method, kind)] * count

    def _next_fault(self, method: str) -> str | int | None:
        for i, (wanted, kind) in enumerate(self.faults):
            if wanted == method:
                del self.faults[i]
                return kind
        return None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.calls.append(f"{request.method} {path}")
        fault = self._next_fault(request.method)
        if isinstance(fault, int):
            return httpx.Response(fault, json={"error": "internal.server.error"})
        if fault == "drop":
            raise httpx.RemoteProtocolError("Server disconnected", request=request)
        response = self._handle(request, path)
        if fault == "drop_after_commit":
            raise httpx.RemoteProtocolError("Server disconnected", request=request)
        return response

    def _handle(self, request: httpx.Request, path: str) -> httpx.Response:
        parts = path.strip("/").split("/")
        store = self.payments if parts[0] == "payment" else self.blockades
        key = "orderId" if parts[0] == "payment" else "blockadeId"
        if request.method == "POST":
            body = json.loads(request.content)
            if body[key] in store:
                return httpx.Response(409, json=CONFLICT)
            extra = {"status": "ACCEPTED", "recipient": {"name": "P", "number": "2" * 26}}
            resource = {
                **body,
                "accountId": "acc-1",
                "createdAt": STAMP,
                "updatedAt": STAMP,
                **(extra if key == "orderId" else {}),
            }
            store[body[key]] = resource
            return httpx.Response(201, json=resource)
        ident = parts[-1]
        if ident not in store:
            code = "order_not_exist" if key == "orderId" else "blockade_not_exist"
            return httpx.Response(404, json={"error": code, "error_description": "brak"})
        if request.method == "DELETE":
            del store[ident]
            return httpx.Response(204)
        if request.method == "PUT":
            store[ident] = {**store[ident], **json.loads(request.content)}
        return httpx.Response(200, json=store[ident])


def client_of(bank: FakeBank) -> AuthenticatedClient:
    return AuthenticatedClient(
        base_url="http://bank.test", token="t", httpx_args={"transport": httpx.MockTransport(bank)}
    )


def blockade(ident: str = "b-1", amount: str = "250.00") -> BlockadeCreate:
    return BlockadeCreate(blockade_id=ident, amount=money(amount), title="Kaucja")


def test_dropped_answer_after_commit_returns_the_one_blockade() -> None:
    bank = FakeBank()
    bank.fault("POST", "drop_after_commit")
    result = create_blockade_safely(client_of(bank), "acc-1", blockade(), FAST)
    assert result.blockade_id == "b-1"
    assert Decimal(str(result.amount.amount)) == Decimal("250.00")
    assert list(bank.blockades) == ["b-1"]
    post = "POST /account/acc-1/blockade"
    assert bank.calls == [post, post, "GET /account/acc-1/blockade/b-1"]


def test_conflict_on_the_first_attempt_is_a_real_conflict() -> None:
    bank = FakeBank()
    create_blockade_safely(client_of(bank), "acc-1", blockade(), FAST)
    with pytest.raises(ConflictError) as caught:
        create_blockade_safely(client_of(bank), "acc-1", blockade(), FAST)
    assert caught.value.code == "order_exist_error"
    assert "GET /account/acc-1/blockade/b-1" not in bank.calls


def test_conflict_after_attempts_the_bank_never_applied_is_a_real_conflict() -> None:
    bank = FakeBank()
    create_blockade_safely(client_of(bank), "acc-1", blockade(), FAST)
    bank.fault("POST", 429, count=2)
    with pytest.raises(ConflictError):
        create_blockade_safely(client_of(bank), "acc-1", blockade(), FAST)


def test_conflict_with_different_fields_is_refused_not_returned() -> None:
    bank = FakeBank()
    create_blockade_safely(client_of(bank), "acc-1", blockade(amount="100.00"), FAST)
    bank.fault("POST", "drop")
    with pytest.raises(ExistingResourceMismatchError, match="amount") as caught:
        create_blockade_safely(client_of(bank), "acc-1", blockade(amount="250.00"), FAST)
    assert caught.value.identifier == "b-1"


def test_a_drop_before_handling_is_simply_retried() -> None:
    bank = FakeBank()
    bank.fault("POST", "drop")
    bank.fault("POST", 500)
    assert create_blockade_safely(client_of(bank), "acc-1", blockade(), FAST).blockade_id == "b-1"
    assert len(bank.blockades) == 1
    assert bank.calls.count("POST /account/acc-1/blockade") == 3


def test_exhausted_retries_raise_the_last_error() -> None:
    bank = FakeBank()
    bank.fault("POST", 500, count=10)
    with pytest.raises(ServerError):
        create_blockade_safely(client_of(bank), "acc-1", blockade(), FAST)
    assert bank.calls.count("POST /account/acc-1/blockade") == FAST.max_attempts
    assert bank.blockades == {}


def test_async_create_resolves_the_duplicate_the_same_way() -> None:
    bank = FakeBank()
    bank.fault("POST", "drop_after_commit")
    result = asyncio.run(create_blockade_safely_async(client_of(bank), "acc-1", blockade(), FAST))
    assert result.blockade_id == "b-1" and len(bank.blockades) == 1


def test_payment_after_a_dropped_answer_is_read_not_paid_twice() -> None:
    bank = FakeBank()
    bank.fault("POST", "drop_after_commit")
    body = PaymentCreate(order_id="o-1", amount=money("49.99"), title="Abonament")
    result = create_payment_safely(client_of(bank), body, FAST)
    assert result.order_id == "o-1"
    assert list(bank.payments) == ["o-1"]
    assert bank.calls[-1] == "GET /payment/o-1"


def test_update_repeats_the_same_put() -> None:
    from nestbank_client.models.blockade_update import BlockadeUpdate

    bank = FakeBank()
    create_blockade_safely(client_of(bank), "acc-1", blockade(), FAST)
    bank.fault("PUT", "drop_after_commit")
    change = BlockadeUpdate(amount=money("200.00"), title="Mniej")
    result = update_blockade_safely(client_of(bank), "acc-1", "b-1", change, FAST)
    assert result.title == "Mniej"
    assert bank.calls.count("PUT /account/acc-1/blockade/b-1") == 2


def test_delete_after_a_dropped_answer_counts_as_done_but_a_first_404_raises() -> None:
    bank = FakeBank()
    create_blockade_safely(client_of(bank), "acc-1", blockade(), FAST)
    bank.fault("DELETE", "drop_after_commit")
    delete_blockade_safely(client_of(bank), "acc-1", "b-1", FAST)
    assert bank.blockades == {}
    with pytest.raises(NotFoundError):
        delete_blockade_safely(client_of(bank), "acc-1", "b-1", FAST)


# -- the comparison itself: tolerant of form, never of substance -------------------------


@given(
    sent_at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    shift=st.integers(min_value=-5_000_000, max_value=5_000_000),  # microseconds
    offset_minutes=st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59),
    other_title=st.booleans(),
    other_cents=st.integers(min_value=0, max_value=3),
)
def test_an_existing_blockade_matches_only_what_the_bank_would_keep(
    sent_at: datetime, shift: int, offset_minutes: int, other_title: bool, other_cents: int
) -> None:
    sent = BlockadeCreate(
        blockade_id="b-1",
        amount=PositiveMoney(amount=Decimal("10.00"), currency=Currency.PLN),
        title="Kaucja",
        expires_at=sent_at.astimezone(timezone(timedelta(minutes=offset_minutes))),
    )
    # The bank's copy: whole seconds, in UTC, possibly another instant, title or amount.
    kept = (sent_at + timedelta(microseconds=shift)).replace(microsecond=0)
    existing = Blockade(
        blockade_id="b-1",
        account_id="acc-1",
        amount=PositiveMoney(amount=Decimal("10.00") + Decimal(other_cents) / 100, currency="PLN"),
        title="Kaucja!" if other_title else "Kaucja",
        created_at=kept,
        updated_at=kept,
        expires_at=kept,
    )
    wrong = differences(existing, sent)
    assert ("title" in wrong) is other_title
    assert ("amount" in wrong) is (other_cents != 0)
    assert ("expires_at" in wrong) is (abs(kept - sent_at) >= timedelta(seconds=1))
