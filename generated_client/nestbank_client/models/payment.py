from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.payment_status import PaymentStatus
from ..open_enums import parse_open_enum
from ..rfc3339 import format_rfc3339, parse_rfc3339
from ..types import UNSET, Unset

T = TypeVar("T", bound="Payment")


@_attrs_define
class Payment:
    """Inferred. A payment ordered by the application.

    Attributes:
        order_id (str): Documented (§10). Transfers are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits, `-`, `_`).
        amount (PositiveMoney): Inferred (a convention of this description). The amount of an operation; greater than
            zero.
        title (str): Inferred. Free text shown to the customer; 1 to 140 characters (an Elixir transfer title), no
            control characters.
        status (PaymentStatus | str): Inferred. The payment's state, an open set (known values in `PaymentStatus`;
            others may appear).
        recipient (Recipient): Documented (§01, §04) that the recipient is always the partner's own Nest Bank account;
            the fields are inferred.
        created_at (datetime.datetime): Inferred. When the payment was accepted.
        executed_at (datetime.datetime | Unset): Inferred. When the payment was booked; present once `EXECUTED`.
    """

    order_id: str
    account_id: str
    amount: PositiveMoney
    title: str
    status: PaymentStatus | str
    recipient: Recipient
    created_at: datetime.datetime
    executed_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        account_id = self.account_id

        amount = self.amount.to_dict()

        title = self.title

        status: str
        if isinstance(self.status, PaymentStatus):
            status = self.status.value
        else:
            status = self.status

        recipient = self.recipient.to_dict()

        created_at = format_rfc3339(self.created_at)

        executed_at: str | Unset = UNSET
        if not isinstance(self.executed_at, Unset):
            executed_at = format_rfc3339(self.executed_at)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "orderId": order_id,
                "accountId": account_id,
                "amount": amount,
                "title": title,
                "status": status,
                "recipient": recipient,
                "createdAt": created_at,
            }
        )
        if executed_at is not UNSET:
            field_dict["executedAt"] = executed_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        order_id = d.pop("orderId")

        account_id = d.pop("accountId")

        amount = PositiveMoney.from_dict(d.pop("amount"))

        title = d.pop("title")

        status = parse_open_enum(PaymentStatus, d.pop("status"))

        recipient = Recipient.from_dict(d.pop("recipient"))

        created_at = parse_rfc3339(d.pop("createdAt"))

        _executed_at = d.pop("executedAt", UNSET)
        executed_at: datetime.datetime | Unset
        if isinstance(_executed_at, Unset):
            executed_at = UNSET
        else:
            executed_at = parse_rfc3339(_executed_at)

        payment_instance = cls(
            order_id=order_id,
            account_id=account_id,
            amount=amount,
            title=title,
            status=status,
            recipient=recipient,
            created_at=created_at,
            executed_at=executed_at,
        )

        payment_instance.additional_properties = d
        return payment_instance

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported after the class rather than in every call of to_dict/from_dict (what the stock
# template does, about 1 µs each time): models that refer to each other still load in any
# order, since each name is only used inside the methods.
from ..models.positive_money import PositiveMoney  # noqa: E402
from ..models.recipient import Recipient  # noqa: E402
