from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="User")


@_attrs_define
class User:
    """Inferred. The customer who paired the application (§01 "Klient").

    Attributes:
        user_id (str): Inferred. The bank's identifier of the customer.
        first_name (str): Inferred. The customer's first name.
        last_name (str): Inferred. The customer's last name.
        application (ApplicationInfo): Inferred. The partner application the token belongs to.
        accounts (list[AccountSummary]): Documented (§07) that the customer links an account at pairing; the list form
            is inferred.
        permissions (list[str]): Inferred. The permission strings (§06) granted to the application; that this answer
            carries them is our reading.
    """

    user_id: str
    first_name: str
    last_name: str
    application: ApplicationInfo
    accounts: list[AccountSummary]
    permissions: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        first_name = self.first_name

        last_name = self.last_name

        application = self.application.to_dict()

        accounts = []
        for accounts_item_data in self.accounts:
            accounts_item = accounts_item_data.to_dict()
            accounts.append(accounts_item)

        permissions = self.permissions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "userId": user_id,
                "firstName": first_name,
                "lastName": last_name,
                "application": application,
                "accounts": accounts,
                "permissions": permissions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = d.pop("userId")

        first_name = d.pop("firstName")

        last_name = d.pop("lastName")

        application = ApplicationInfo.from_dict(d.pop("application"))

        accounts = []
        _accounts = d.pop("accounts")
        for accounts_item_data in _accounts:
            accounts_item = AccountSummary.from_dict(accounts_item_data)

            accounts.append(accounts_item)

        permissions = cast(list[str], d.pop("permissions"))

        user_instance = cls(
            user_id=user_id,
            first_name=first_name,
            last_name=last_name,
            application=application,
            accounts=accounts,
            permissions=permissions,
        )

        user_instance.additional_properties = d
        return user_instance

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
from ..models.account_summary import AccountSummary  # noqa: E402
from ..models.application_info import ApplicationInfo  # noqa: E402
