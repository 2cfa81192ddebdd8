"""Money and timestamps through real generated calls (mocked transport)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from nestbank_client import AuthenticatedClient
from nestbank_client.api.blockades import create_blockade, get_blockade
from nestbank_client.api.transactions import list_transactions
from nestbank_client.models import BlockadeCreate, Currency, PositiveMoney
from nestbank_client.rfc3339 import NaiveDatetimeError

from .conftest import BLOCKADE, Bank

WARSAW_WINTER = timezone(timedelta(hours=1))


def test_create_blockade_sends_decimal_amount_and_rfc3339(
    bank: Bank, client: AuthenticatedClient
) -> None:
    bank.reply(201, BLOCKADE)
    body = BlockadeCreate(
        blockade_id="rent-2018-0001",
        amount=PositiveMoney(amount=Decimal("250"), currency=Currency.PLN),
        title="Kaucja za wynajem roweru",
        expires_at=datetime(2018, 1, 27, 13, 32, tzinfo=WARSAW_WINTER),
    )
    created = create_blockade.sync("acc-demo-main", client=client, body=body)
    sent = json.loads(bank.last.content)
    assert sent == {
        "blockadeId": "rent-2018-0001",
        "amount": {"amount": "250.00", "currency": "PLN"},
        "title": "Kaucja za wynajem roweru",
        "expiresAt": "2018-01-27T13:32:00+01:00",
    }
    assert bank.last.headers["Content-Type"] == "application/json"
    assert created.amount.amount == Decimal("250.00")
    assert isinstance(created.amount.amount, Decimal)
    assert created.created_at == datetime(2018, 1, 20, 12, 32, tzinfo=UTC)
    # Lower-case t, nine fraction digits and an offset from the wire.
    assert created.updated_at == datetime(2018, 1, 20, 12, 32, 0, 123456, tzinfo=UTC)
    assert created.updated_at.utcoffset() == timedelta(hours=1)


def test_a_model_survives_the_wire_both_ways(bank: Bank, client: AuthenticatedClient) -> None:
    blockade = get_blockade.sync("acc-demo-main", "rent-2018-0001", client=client)
    written = blockade.to_dict()
    assert written["amount"] == {"amount": "250.00", "currency": "PLN"}
    assert written["createdAt"] == "2018-01-20T12:32:00Z"
    assert written["updatedAt"] == "2018-01-20T13:32:00.123456+01:00"
    assert type(blockade).from_dict(written) == blockade


def test_async_call_parses_the_same(bank: Bank, async_client: AuthenticatedClient) -> None:
    blockade = asyncio.run(get_blockade.asyncio("acc-demo-main", "x", client=async_client))
    assert blockade.amount.amount == Decimal("250.00")


def test_naive_datetime_is_refused_before_sending(bank: Bank, client: AuthenticatedClient) -> None:
    body = BlockadeCreate(
        blockade_id="b",
        amount=PositiveMoney(amount="1.00", currency=Currency.PLN),
        title="t",
        expires_at=datetime(2018, 1, 27, 12, 32),
    )
    with pytest.raises(NaiveDatetimeError, match="naive datetime"):
        create_blockade.sync("acc-demo-main", client=client, body=body)
    assert bank.requests == []


def test_query_timestamps_are_rfc3339(bank: Bank, client: AuthenticatedClient) -> None:
    bank.reply(200, {"transactions": [], "page": 1, "pageSize": 20, "totalCount": 0})
    list_transactions.sync(
        "acc-demo-main",
        client=client,
        from_=datetime(2018, 1, 1, tzinfo=UTC),
        to=datetime(2018, 2, 1, 1, tzinfo=WARSAW_WINTER),
    )
    query = parse_qs(bank.last.url.query.decode())
    assert query["from"] == ["2018-01-01T00:00:00Z"]
    assert query["to"] == ["2018-02-01T01:00:00+01:00"]
