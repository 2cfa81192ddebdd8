from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.currency import Currency
from ..open_enums import parse_open_enum

T = TypeVar("T", bound="Account")


@_attrs_define
class Account:
    """Inferred. The linked account with balances and limits (§04, §05).

    Attributes:
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits, `-`, `_`).
        number (str): Inferred. A Polish account number (NRB), 26 digits without spaces; the first two are the IBAN
            check digits (mod 97, ISO 13616), which a schema cannot express and the examples obey.
        name (str): Inferred. The account's product name.
        currency (Currency | str): Inferred. The currency, an open set (known values in `Currency`; another ISO 4217
            code may appear).
        balance (Money): Inferred (a convention of this description). An amount with its currency; may be zero or
            negative (balances, limits).
        available_balance (Money): Inferred (a convention of this description). An amount with its currency; may be zero
            or negative (balances, limits).
        limits (AccountLimits): Documented (§05). Per-customer limits per transaction, daily and monthly, and the no-
            authorization amount. Inferred - the object and its field names (cf. §06 `limit`, `limit_d`, `limit_m`,
            `limit_a`).
    """

    account_id: str
    number: str
    name: str
    currency: Currency | str
    balance: Money
    available_balance: Money
    limits: AccountLimits
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

        balance = self.balance.to_dict()

        available_balance = self.available_balance.to_dict()

        limits = self.limits.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accountId": account_id,
                "number": number,
                "name": name,
                "currency": currency,
                "balance": balance,
                "availableBalance": available_balance,
                "limits": limits,
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

        balance = Money.from_dict(d.pop("balance"))

        available_balance = Money.from_dict(d.pop("availableBalance"))

        limits = AccountLimits.from_dict(d.pop("limits"))

        account_instance = cls(
            account_id=account_id,
            number=number,
            name=name,
            currency=currency,
            balance=balance,
            available_balance=available_balance,
            limits=limits,
        )

        account_instance.additional_properties = d
        return account_instance

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
from ..models.account_limits import AccountLimits  # noqa: E402
from ..models.money import Money  # noqa: E402
