from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.positive_money import PositiveMoney


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
        from ..models.positive_money import PositiveMoney  # noqa: PLC0415

        d = dict(src_dict)
        order_id = d.pop("orderId")

        amount = PositiveMoney.from_dict(d.pop("amount"))

        title = d.pop("title")

        payment_create_instance = cls(
            order_id=order_id,
            amount=amount,
            title=title,
        )

        return payment_create_instance
