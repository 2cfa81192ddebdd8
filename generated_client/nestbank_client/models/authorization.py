from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.authorization_operation_type import AuthorizationOperationType
from ..models.authorization_status import AuthorizationStatus
from ..open_enums import parse_open_enum
from ..rfc3339 import format_rfc3339, parse_rfc3339
from ..types import UNSET, Unset

T = TypeVar("T", bound="Authorization")


@_attrs_define
class Authorization:
    """Inferred. The state of a customer authorization.

    Attributes:
        authorization_id (str): Documented (§08). Identifies an authorization; assigned by the bank. Characters and
            length inferred.
        operation_type (AuthorizationOperationType | str): Inferred. What is being authorized, an open set (known values
            in `AuthorizationOperationType`; others may appear).
        status (AuthorizationStatus | str): Inferred. The authorization's state, an open set (known values in
            `AuthorizationStatus`; others may appear).
        account_id (str): Inferred. The bank's opaque identifier of an account (letters, digits, `-`, `_`).
        created_at (datetime.datetime): Inferred. When the authorization was started.
        expires_at (datetime.datetime): Inferred. When an undecided authorization lapses.
        blockade_id (str | Unset): Documented (§10). Blockades are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.
        order_id (str | Unset): Documented (§10). Transfers are created with identifiers unique
            within the application, and a repeated creation or modification uses the same
            identifier. Inferred: the partner chooses it; allowed characters (letters,
            digits, `-`, `_`) and the maximum length of 64; it is never `authorize`, the
            fixed path segment of the authorization service beside it, so that a path
            names one operation only.
        decided_at (datetime.datetime | Unset): Inferred. When the customer authorized; present once `AUTHORIZED`.
    """

    authorization_id: str
    operation_type: AuthorizationOperationType | str
    status: AuthorizationStatus | str
    account_id: str
    created_at: datetime.datetime
    expires_at: datetime.datetime
    blockade_id: str | Unset = UNSET
    order_id: str | Unset = UNSET
    decided_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authorization_id = self.authorization_id

        operation_type: str
        if isinstance(self.operation_type, AuthorizationOperationType):
            operation_type = self.operation_type.value
        else:
            operation_type = self.operation_type

        status: str
        if isinstance(self.status, AuthorizationStatus):
            status = self.status.value
        else:
            status = self.status

        account_id = self.account_id

        created_at = format_rfc3339(self.created_at)

        expires_at = format_rfc3339(self.expires_at)

        blockade_id = self.blockade_id

        order_id = self.order_id

        decided_at: str | Unset = UNSET
        if not isinstance(self.decided_at, Unset):
            decided_at = format_rfc3339(self.decided_at)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authorizationId": authorization_id,
                "operationType": operation_type,
                "status": status,
                "accountId": account_id,
                "createdAt": created_at,
                "expiresAt": expires_at,
            }
        )
        if blockade_id is not UNSET:
            field_dict["blockadeId"] = blockade_id
        if order_id is not UNSET:
            field_dict["orderId"] = order_id
        if decided_at is not UNSET:
            field_dict["decidedAt"] = decided_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        authorization_id = d.pop("authorizationId")

        operation_type = parse_open_enum(AuthorizationOperationType, d.pop("operationType"))

        status = parse_open_enum(AuthorizationStatus, d.pop("status"))

        account_id = d.pop("accountId")

        created_at = parse_rfc3339(d.pop("createdAt"))

        expires_at = parse_rfc3339(d.pop("expiresAt"))

        blockade_id = d.pop("blockadeId", UNSET)

        order_id = d.pop("orderId", UNSET)

        _decided_at = d.pop("decidedAt", UNSET)
        decided_at: datetime.datetime | Unset
        if isinstance(_decided_at, Unset):
            decided_at = UNSET
        else:
            decided_at = parse_rfc3339(_decided_at)

        authorization_instance = cls(
            authorization_id=authorization_id,
            operation_type=operation_type,
            status=status,
            account_id=account_id,
            created_at=created_at,
            expires_at=expires_at,
            blockade_id=blockade_id,
            order_id=order_id,
            decided_at=decided_at,
        )

        authorization_instance.additional_properties = d
        return authorization_instance

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
