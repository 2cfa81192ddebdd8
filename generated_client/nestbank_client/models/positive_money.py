from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency import Currency
from ..money import format_amount, to_amount

T = TypeVar("T", bound="PositiveMoney")


@_attrs_define
class PositiveMoney:
    """Inferred (a convention of this description). The amount of an operation; greater than zero.

    Attributes:
        amount (Decimal): Inferred (a convention of this description). A decimal string, never a JSON
            number: greater than zero, exactly two decimal places, at most 13 integer
            digits.
        currency (Currency): Inferred (a convention of this description). The currency as an ISO 4217
            code; the API's accounts are PLN accounts, so `PLN` is the only known value.
    """

    amount: Decimal = _attrs_field(converter=to_amount)
    currency: Currency

    def to_dict(self) -> dict[str, Any]:
        amount = format_amount(self.amount)

        currency = self.currency.value

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
        d = dict(src_dict)
        amount = d.pop("amount")

        currency = Currency(d.pop("currency"))

        positive_money_instance = cls(
            amount=amount,
            currency=currency,
        )

        return positive_money_instance
