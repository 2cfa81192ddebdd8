from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PaymentList")


@_attrs_define
class PaymentList:
    """Inferred. One page of payments, newest first.

    Attributes:
        payments (list[Payment]): Inferred. The payments on this page.
        page (int): Inferred. This page's number, from 1.
        page_size (int): Inferred. The page size asked for.
        total_count (int): Inferred. How many items all pages hold.
    """

    payments: list[Payment]
    page: int
    page_size: int
    total_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        payments = []
        for payments_item_data in self.payments:
            payments_item = payments_item_data.to_dict()
            payments.append(payments_item)

        page = self.page

        page_size = self.page_size

        total_count = self.total_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "payments": payments,
                "page": page,
                "pageSize": page_size,
                "totalCount": total_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        payments = []
        _payments = d.pop("payments")
        for payments_item_data in _payments:
            payments_item = Payment.from_dict(payments_item_data)

            payments.append(payments_item)

        page = d.pop("page")

        page_size = d.pop("pageSize")

        total_count = d.pop("totalCount")

        payment_list_instance = cls(
            payments=payments,
            page=page,
            page_size=page_size,
            total_count=total_count,
        )

        payment_list_instance.additional_properties = d
        return payment_list_instance

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
from ..models.payment import Payment  # noqa: E402
