from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.transaction_type import TransactionType
from ..rfc3339 import format_rfc3339, parse_rfc3339
from ..types import UNSET, Unset

T = TypeVar("T", bound="Transaction")


@_attrs_define
class Transaction:
    """Inferred. A booked transaction of the account.

    Attributes:
        transaction_id (str): Inferred. The bank's identifier of a booked transaction.
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits, `-`, `_`).
        type_ (TransactionType): Inferred. `DEBIT` (money left the account) or `CREDIT` (money came in).
        amount (PositiveMoney): Inferred (a convention of this description). The amount of an operation; greater than
            zero.
        title (str): Inferred. Free text shown to the customer; 1 to 140 characters (an Elixir transfer title), no
            control characters.
        booked_at (datetime.datetime): Inferred. When the transaction was booked.
        counterparty (Counterparty | Unset): Inferred. The other side of a transaction.
        order_id (str | Unset): Documented (§10). Transfers are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.
        blockade_id (str | Unset): Documented (§10). Blockades are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.
    """

    transaction_id: str
    account_id: str
    type_: TransactionType
    amount: PositiveMoney
    title: str
    booked_at: datetime.datetime
    counterparty: Counterparty | Unset = UNSET
    order_id: str | Unset = UNSET
    blockade_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transaction_id = self.transaction_id

        account_id = self.account_id

        type_ = self.type_.value

        amount = self.amount.to_dict()

        title = self.title

        booked_at = format_rfc3339(self.booked_at)

        counterparty: dict[str, Any] | Unset = UNSET
        if not isinstance(self.counterparty, Unset):
            counterparty = self.counterparty.to_dict()

        order_id = self.order_id

        blockade_id = self.blockade_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transactionId": transaction_id,
                "accountId": account_id,
                "type": type_,
                "amount": amount,
                "title": title,
                "bookedAt": booked_at,
            }
        )
        if counterparty is not UNSET:
            field_dict["counterparty"] = counterparty
        if order_id is not UNSET:
            field_dict["orderId"] = order_id
        if blockade_id is not UNSET:
            field_dict["blockadeId"] = blockade_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        transaction_id = d.pop("transactionId")

        account_id = d.pop("accountId")

        type_ = TransactionType(d.pop("type"))

        amount = PositiveMoney.from_dict(d.pop("amount"))

        title = d.pop("title")

        booked_at = parse_rfc3339(d.pop("bookedAt"))

        _counterparty = d.pop("counterparty", UNSET)
        counterparty: Counterparty | Unset
        if isinstance(_counterparty, Unset):
            counterparty = UNSET
        else:
            counterparty = Counterparty.from_dict(_counterparty)

        order_id = d.pop("orderId", UNSET)

        blockade_id = d.pop("blockadeId", UNSET)

        transaction_instance = cls(
            transaction_id=transaction_id,
            account_id=account_id,
            type_=type_,
            amount=amount,
            title=title,
            booked_at=booked_at,
            counterparty=counterparty,
            order_id=order_id,
            blockade_id=blockade_id,
        )

        transaction_instance.additional_properties = d
        return transaction_instance

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
from ..models.counterparty import Counterparty  # noqa: E402
from ..models.positive_money import PositiveMoney  # noqa: E402
