from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccountLimits")


@_attrs_define
class AccountLimits:
    """Documented (§05). Per-customer limits per transaction, daily and monthly, and the no-authorization amount. Inferred
    - the object and its field names (cf. §06 `limit`, `limit_d`, `limit_m`, `limit_a`).

        Attributes:
            per_transaction (Money): Inferred (a convention of this description). An amount with its currency; may be zero
                or negative (balances, limits).
            no_authorization (Money): Inferred (a convention of this description). An amount with its currency; may be zero
                or negative (balances, limits).
            daily (LimitUsage): Documented (§05) that daily and monthly limits exist and are consumed; the fields are
                inferred.
            monthly (LimitUsage): Documented (§05) that daily and monthly limits exist and are consumed; the fields are
                inferred.
    """

    per_transaction: Money
    no_authorization: Money
    daily: LimitUsage
    monthly: LimitUsage
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        per_transaction = self.per_transaction.to_dict()

        no_authorization = self.no_authorization.to_dict()

        daily = self.daily.to_dict()

        monthly = self.monthly.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "perTransaction": per_transaction,
                "noAuthorization": no_authorization,
                "daily": daily,
                "monthly": monthly,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        per_transaction = Money.from_dict(d.pop("perTransaction"))

        no_authorization = Money.from_dict(d.pop("noAuthorization"))

        daily = LimitUsage.from_dict(d.pop("daily"))

        monthly = LimitUsage.from_dict(d.pop("monthly"))

        account_limits_instance = cls(
            per_transaction=per_transaction,
            no_authorization=no_authorization,
            daily=daily,
            monthly=monthly,
        )

        account_limits_instance.additional_properties = d
        return account_limits_instance

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
from ..models.limit_usage import LimitUsage  # noqa: E402
from ..models.money import Money  # noqa: E402
