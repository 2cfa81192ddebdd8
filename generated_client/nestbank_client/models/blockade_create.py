from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..rfc3339 import format_rfc3339, parse_rfc3339
from ..types import UNSET, Unset

T = TypeVar("T", bound="BlockadeCreate")


@_attrs_define
class BlockadeCreate:
    """Inferred. A new blockade.

    Attributes:
        blockade_id (str): Documented (§10). Blockades are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.
        amount (PositiveMoney): Inferred (a convention of this description). The amount of an operation; greater than
            zero.
        title (str): Inferred. Free text shown to the customer; 1 to 140 characters (an Elixir transfer title), no
            control characters.
        expires_at (datetime.datetime | Unset): Inferred. When the blockade lapses by itself and frees the amount;
            absent means until released. Must lie in the future; an expiry at or before the current time answers `400
            parameters_error` (inferred).
    """

    blockade_id: str
    amount: PositiveMoney
    title: str
    expires_at: datetime.datetime | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        blockade_id = self.blockade_id

        amount = self.amount.to_dict()

        title = self.title

        expires_at: str | Unset = UNSET
        if not isinstance(self.expires_at, Unset):
            expires_at = format_rfc3339(self.expires_at)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "blockadeId": blockade_id,
                "amount": amount,
                "title": title,
            }
        )
        if expires_at is not UNSET:
            field_dict["expiresAt"] = expires_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        blockade_id = d["blockadeId"]

        amount = PositiveMoney.from_dict(d["amount"])

        title = d["title"]

        _expires_at = d.get("expiresAt", UNSET)
        expires_at: datetime.datetime | Unset
        if isinstance(_expires_at, Unset):
            expires_at = UNSET
        else:
            expires_at = parse_rfc3339(_expires_at)

        blockade_create_instance = cls(
            blockade_id=blockade_id,
            amount=amount,
            title=title,
            expires_at=expires_at,
        )

        return blockade_create_instance


# Imported after the class rather than in every call of to_dict/from_dict (what the stock
# template does, about 1 µs each time): models that refer to each other still load in any
# order, since each name is only used inside the methods.
from ..models.positive_money import PositiveMoney  # noqa: E402
