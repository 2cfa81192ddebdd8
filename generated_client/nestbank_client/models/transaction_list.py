from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TransactionList")


@_attrs_define
class TransactionList:
    """Inferred. One page of transactions, newest first.

    Attributes:
        transactions (list[Transaction]): Inferred. The transactions on this page.
        page (int): Inferred. This page's number, from 1.
        page_size (int): Inferred. The page size asked for.
        total_count (int): Inferred. How many items all pages hold.
    """

    transactions: list[Transaction]
    page: int
    page_size: int
    total_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        transactions = []
        for transactions_item_data in self.transactions:
            transactions_item = transactions_item_data.to_dict()
            transactions.append(transactions_item)

        page = self.page

        page_size = self.page_size

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "transactions": transactions,
                "page": page,
                "pageSize": page_size,
                "totalCount": total_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        transactions = []
        _transactions = d.pop("transactions")
        for transactions_item_data in _transactions:
            transactions_item = Transaction.from_dict(transactions_item_data)

            transactions.append(transactions_item)

        page = d.pop("page")

        page_size = d.pop("pageSize")

        total_count = d.pop("totalCount")

        transaction_list_instance = cls(
            transactions=transactions,
            page=page,
            page_size=page_size,
            total_count=total_count,
        )

        transaction_list_instance.additional_properties = d
        return transaction_list_instance

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
from ..models.transaction import Transaction  # noqa: E402
