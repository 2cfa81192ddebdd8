"""Money amounts are decimal.Decimal in the client and two-place strings on the wire."""

from __future__ import annotations

from decimal import Decimal

import pytest
from nestbank_client.models import Currency, Money, PositiveMoney
from nestbank_client.money import InvalidAmountError, format_amount, to_amount


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (Decimal("250.00"), "250.00"),
        (Decimal("250"), "250.00"),
        (Decimal("0.1"), "0.10"),
        (Decimal("1.000"), "1.00"),
        (Decimal("-15.20"), "-15.20"),
        (Decimal("-0"), "0.00"),
        (Decimal("9999999999999.99"), "9999999999999.99"),
        (250, "250.00"),
        ("250.00", "250.00"),
        ("12500", "12500.00"),
    ],
)
def test_accepts_exact_amounts(value: Decimal | int | str, wire: str) -> None:
    money = PositiveMoney(amount=value, currency=Currency.PLN)
    assert isinstance(money.amount, Decimal)
    assert money.to_dict() == {"amount": wire, "currency": "PLN"}


def test_reads_the_wire_string_as_decimal() -> None:
    money = Money.from_dict({"amount": "12500.10", "currency": "PLN"})
    assert money.amount == Decimal("12500.10")
    assert isinstance(money.amount, Decimal)
    assert Money.from_dict(money.to_dict()) == money


@pytest.mark.parametrize("value", [0.1, 250.0, float("nan")])
def test_refuses_floats(value: float) -> None:
    with pytest.raises(TypeError, match="float"):
        PositiveMoney(amount=value, currency=Currency.PLN)  # type: ignore[arg-type]


def test_refuses_floats_on_assignment_too() -> None:
    money = PositiveMoney(amount=Decimal("1.00"), currency=Currency.PLN)
    with pytest.raises(TypeError, match="float"):
        money.amount = 2.5  # type: ignore[assignment]


@pytest.mark.parametrize("value", [True, None, [1]])
def test_refuses_other_types(value: object) -> None:
    with pytest.raises(TypeError, match=r"must be a decimal\.Decimal"):
        to_amount(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1e3", "not a decimal string"),
        (" 1.00", "not a decimal string"),
        ("+1.00", "not a decimal string"),
        ("1,00", "not a decimal string"),
        ("NaN", "not a decimal string"),
        ("", "not a decimal string"),
        ("1.005", "more than two decimal places"),
        (Decimal("0.001"), "more than two decimal places"),
        (Decimal("Infinity"), "not a finite number"),
        (Decimal("NaN"), "not a finite number"),
        (Decimal("1E+40"), "too large"),
    ],
)
def test_refuses_inexact_or_malformed_amounts(value: Decimal | str, reason: str) -> None:
    with pytest.raises(InvalidAmountError, match=reason):
        to_amount(value)


def test_format_amount_never_writes_an_exponent() -> None:
    assert format_amount(Decimal("1E+2")) == "100.00"
    assert format_amount(Decimal("5E-1")) == "0.50"
