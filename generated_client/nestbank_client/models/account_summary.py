from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency import Currency
from ..open_enums import parse_open_enum

T = TypeVar("T", bound="AccountSummary")


@_attrs_define
class AccountSummary:
    """Inferred. An account linked to the pairing.

    Attributes:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits, `-`, `_`).
        number (str): Inferred. A Polish account number (NRB), 26 digits without spaces; the first two are the IBAN
            check digits (mod 97, ISO 13616), which a schema cannot express and the examples obey.
        name (str): Inferred. The account's product name.
        currency (Currency | str): Inferred. The currency, an open set (known values in `Currency`; another ISO 4217
            code may appear).
    """

    account_id: str
    number: str
    name: str
    currency: Currency | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_id = self.account_id

        number = self.number

        name = self.name

        currency: str
        if isinstance(self.currency, Currency):
            currency = self.currency.value
        else:
            currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accountId": account_id,
                "number": number,
                "name": name,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_id = d.pop("accountId")

        number = d.pop("number")

        name = d.pop("name")

        currency = parse_open_enum(Currency, d.pop("currency"))

        account_summary_instance = cls(
            account_id=account_id,
            number=number,
            name=name,
            currency=currency,
        )

        account_summary_instance.additional_properties = d
        return account_summary_instance

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
