"""Money as integer grosze inside, `{"amount": "12.34", "currency": "PLN"}` outside."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import ApiError

CURRENCY = "PLN"


def to_cents(amount: str) -> int:
    """A validated decimal string (two places) to grosze."""
    return int((Decimal(amount) * 100).to_integral_exact())


def operation_cents(money: dict[str, Any]) -> int:
    """The grosze of an operation's `PositiveMoney`.

    `currency` is an open set in the spec, so a well-formed request may name any ISO 4217
    code; the accounts are PLN products, and the product refuses another currency.
    """
    if money["currency"] != CURRENCY:
        raise ApiError("request_reject_by_user_product_state")
    return to_cents(money["amount"])


def parse_limit(text: str) -> int | None:
    """A permission string's limit field: empty or -1 means no limit."""
    if text in ("", "-1"):
        return None
    try:
        return to_cents(text)
    except (InvalidOperation, ValueError):
        return None


def format_amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def money(cents: int) -> dict[str, Any]:
    return {"amount": format_amount(cents), "currency": CURRENCY}
