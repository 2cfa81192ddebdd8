"""Defect 1: a safe create after a dropped answer returns the one existing resource.

Property test over the whole space of valid bodies (any valid title, amount, instant
and UTC offset) against the real sandbox: the answer to the create is dropped after
the bank committed it (`drop_after_commit`), the helper retries, meets
`409 order_exist_error`, reads the resource back and must recognise it as its own,
however differently the bank writes it (whole seconds, `Z` instead of the offset,
`250.00` for `250`). Exactly one resource with the identifier exists afterwards.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from nestbank_client.api.blockades import list_blockades
from nestbank_client.api.payments import list_payments
from nestbank_client.client import AuthenticatedClient
from nestbank_client.models.blockade_create import BlockadeCreate
from nestbank_client.models.currency import Currency
from nestbank_client.models.payment_create import PaymentCreate
from nestbank_client.models.positive_money import PositiveMoney
from nestbank_client.safe import create_blockade_safely, create_payment_safely
from nestbank_client.types import UNSET, Unset

from .test_sandbox import ACCOUNT, POLICY, Bank, paired_client

# The Title schema: 1 to 140 characters, no C0 control character and no DEL. Lone
# surrogates are not text (JSON cannot carry them as UTF-8), so they are left out.
titles = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs"], exclude_characters=[chr(c) for c in range(32)] + ["\x7f"]
    ),
    min_size=1,
    max_size=140,
)
# Within the demo customer's no-authorization limit (1000.00); any number of places
# up to two, so `Decimal("5")` and `Decimal("5.10")` are both sent.
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000.00"), places=2) | (
    st.integers(min_value=1, max_value=1000).map(Decimal)
)
offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
# Any future instant (the sandbox refuses a past expiry), any microsecond, any offset.
expiries = st.builds(
    lambda seconds, micro, zone: (
        datetime.now(UTC) + timedelta(days=1, seconds=seconds, microseconds=micro)
    ).astimezone(zone),
    st.integers(min_value=0, max_value=50 * 365 * 86400),
    st.integers(min_value=0, max_value=999_999),
    offsets,
)

_ids = itertools.count(1)


def fresh_customer(bank: Bank) -> AuthenticatedClient:
    """A reset sandbox (limits unused) and a newly paired client."""
    bank.control("/_sandbox/reset")
    return paired_client(bank)[0]


def _count(items: list[str], wanted: str) -> int:
    return items.count(wanted)


@settings(max_examples=40, deadline=None)
@given(title=titles, amount=amounts, expires_at=st.none() | expiries)
def test_safe_blockade_after_a_dropped_answer_is_the_one_that_exists(
    bank: Bank,
    title: str,
    amount: Decimal,
    expires_at: datetime | None,
) -> None:
    client = fresh_customer(bank)
    blockade_id = f"prop-b-{next(_ids)}"
    body = BlockadeCreate(
        blockade_id=blockade_id,
        amount=PositiveMoney(amount=amount, currency=Currency.PLN),
        title=title,
        expires_at=UNSET if expires_at is None else expires_at,
    )
    bank.fault("drop_after_commit", "createBlockade")
    blockade = create_blockade_safely(client, ACCOUNT, body, POLICY)
    assert blockade.blockade_id == blockade_id
    assert blockade.title == title
    assert blockade.amount.amount == amount
    if expires_at is None:
        assert isinstance(blockade.expires_at, Unset)
    else:
        assert isinstance(blockade.expires_at, datetime)
        assert abs(blockade.expires_at - expires_at) < timedelta(seconds=1)
    listed = list_blockades.sync(ACCOUNT, client=client, page_size=100)
    assert _count([b.blockade_id for b in listed.blockades], blockade_id) == 1


@settings(max_examples=20, deadline=None)
@given(title=titles, amount=amounts)
def test_safe_payment_after_a_dropped_answer_is_the_one_that_exists(
    bank: Bank, title: str, amount: Decimal
) -> None:
    client = fresh_customer(bank)
    order_id = f"prop-p-{next(_ids)}"
    body = PaymentCreate(
        order_id=order_id, amount=PositiveMoney(amount=amount, currency=Currency.PLN), title=title
    )
    bank.fault("drop_after_commit", "createPayment")
    payment = create_payment_safely(client, body, POLICY)
    assert (payment.order_id, payment.title, payment.amount.amount) == (order_id, title, amount)
    listed = list_payments.sync(client=client, page_size=100)
    assert _count([p.order_id for p in listed.payments], order_id) == 1
