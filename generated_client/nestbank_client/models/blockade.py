from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..rfc3339 import format_rfc3339, parse_rfc3339
from ..types import UNSET, Unset

T = TypeVar("T", bound="Blockade")


@_attrs_define
class Blockade:
    """Inferred. An active blockade.

    Attributes:
        blockade_id (str): Documented (§10). Blockades are created with identifiers unique
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
        created_at (datetime.datetime): Inferred. When the blockade was created.
        updated_at (datetime.datetime): Inferred. When the blockade was last changed.
        expires_at (datetime.datetime | Unset): Inferred. When the blockade lapses; absent means until released.
    """

    blockade_id: str
    account_id: str
    amount: PositiveMoney
    title: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    expires_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        blockade_id = self.blockade_id

        account_id = self.account_id

        amount = self.amount.to_dict()

        title = self.title

        created_at = format_rfc3339(self.created_at)

        updated_at = format_rfc3339(self.updated_at)

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = format_rfc3339(self.expires_at)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "blockadeId": blockade_id,
                "accountId": account_id,
                "amount": amount,
                "title": title,
                "createdAt": created_at,
                "updatedAt": updated_at,
            }
        )
        if expires_at is not UNSET:
            field_dict["expiresAt"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        blockade_id = d.pop("blockadeId")

        account_id = d.pop("accountId")

        amount = PositiveMoney.from_dict(d.pop("amount"))

        title = d.pop("title")

        created_at = parse_rfc3339(d.pop("createdAt"))

        updated_at = parse_rfc3339(d.pop("updatedAt"))

        _expires_at = d.pop("expiresAt", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = parse_rfc3339(_expires_at)

        blockade_instance = cls(
            blockade_id=blockade_id,
            account_id=account_id,
            amount=amount,
            title=title,
            created_at=created_at,
            updated_at=updated_at,
            expires_at=expires_at,
        )

        blockade_instance.additional_properties = d
        return blockade_instance

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
