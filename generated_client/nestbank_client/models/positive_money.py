from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency import Currency
from ..money import format_amount, to_amount
from ..open_enums import parse_open_enum

T = TypeVar("T", bound="PositiveMoney")


@_attrs_define
class PositiveMoney:
    """Inferred (a convention of this description). The amount of an operation; greater than zero.

    Attributes:
        amount (Decimal): Inferred (a convention of this description). A decimal string, never a JSON
            number: greater than zero, exactly two decimal places, at most 13 integer
            digits.
        currency (Currency | str): Inferred. The currency, an open set (known values in `Currency`; another ISO 4217
            code may appear).
    """

    amount: Decimal = _attrs_field(converter=to_amount)
    currency: Currency | str

    def to_dict(self) -> dict[str, Any]:
        amount = format_amount(self.amount)

        currency: str
        if isinstance(self.currency, Currency):
            currency = self.currency.value
        else:
            currency = self.currency

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        amount = d["amount"]

        currency = parse_open_enum(Currency, d["currency"])

        positive_money_instance = cls(
            amount=amount,
            currency=currency,
        )

        return positive_money_instance
