from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PaymentCreate")


@_attrs_define
class PaymentCreate:
    """Inferred. A new payment to the partner's account (the recipient is fixed, §01).

    Attributes:
        order_id (str): Documented (§10). Transfers are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.
        amount (PositiveMoney): Inferred (a convention of this description). The amount of an operation; greater than
            zero.
        title (str): Inferred. Free text shown to the customer; 1 to 140 characters (an Elixir transfer title), no
            control characters.
    """

    order_id: str
    amount: PositiveMoney
    title: str

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        amount = self.amount.to_dict()

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "orderId": order_id,
                "amount": amount,
                "title": title,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        order_id = d["orderId"]

        amount = PositiveMoney.from_dict(d["amount"])

        title = d["title"]

        payment_create_instance = cls(
            order_id=order_id,
            amount=amount,
            title=title,
        )

        return payment_create_instance


# Imported after the class rather than in every call of to_dict/from_dict (what the stock
# template does, about 1 µs each time): models that refer to each other still load in any
# order, since each name is only used inside the methods.
from ..models.positive_money import PositiveMoney  # noqa: E402
