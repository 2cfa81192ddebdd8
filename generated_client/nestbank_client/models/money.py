from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency import Currency
from ..money import format_amount, to_amount

T = TypeVar("T", bound="Money")


@_attrs_define
class Money:
    """Inferred (a convention of this description). An amount with its currency; may be zero or negative (balances,
    limits).

        Attributes:
            amount (Decimal): Inferred (a convention of this description; the bank's pages do not say how
                amounts are written). A decimal string, never a JSON number: two decimal
                places, an optional leading `-` (balances) and at most 13 integer digits;
                zero is `0.00`, never `-0.00`.
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

        money_instance = cls(
            amount=amount,
            currency=currency,
        )

        return money_instance
