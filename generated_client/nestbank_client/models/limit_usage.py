from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LimitUsage")


@_attrs_define
class LimitUsage:
    """Documented (§05) that daily and monthly limits exist and are consumed; the fields are inferred.

    Attributes:
        limit (Money): Inferred (a convention of this description). An amount with its currency; may be zero or negative
            (balances, limits).
        used (Money): Inferred (a convention of this description). An amount with its currency; may be zero or negative
            (balances, limits).
        remaining (Money): Inferred (a convention of this description). An amount with its currency; may be zero or
            negative (balances, limits).
    """

    limit: Money
    used: Money
    remaining: Money
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        limit = self.limit.to_dict()

        used = self.used.to_dict()

        remaining = self.remaining.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "limit": limit,
                "used": used,
                "remaining": remaining,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        limit = Money.from_dict(d.pop("limit"))

        used = Money.from_dict(d.pop("used"))

        remaining = Money.from_dict(d.pop("remaining"))

        limit_usage_instance = cls(
            limit=limit,
            used=used,
            remaining=remaining,
        )

        limit_usage_instance.additional_properties = d
        return limit_usage_instance

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
from ..models.money import Money  # noqa: E402
