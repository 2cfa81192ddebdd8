from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.token_response_scope import TokenResponseScope

T = TypeVar("T", bound="TokenResponse")


@_attrs_define
class TokenResponse:
    """Inferred from RFC 6749 §5.1, with the documented lifetimes (§01) and the granted permission strings (§06).

    Attributes:
        access_token (str): Documented (§01). Sent as the `access_token` header; lives 20 minutes by default.
        token_type (str): Inferred (RFC 6749). The token's type as the bank names it; whatever it says, the token goes
            in the `access_token` header.
        expires_in (int): Documented (§01) default of 1200 seconds (20 minutes); the field is inferred (RFC 6749).
        refresh_token (str): Documented (§01). Renewed on every refresh (the previous one stops working); lives 90 days
            by default.
        refresh_token_expires_in (int): Documented (§01) default of 7776000 seconds (90 days); the field is inferred.
        scope (TokenResponseScope): Documented (§07). Always `open-api`.
        permissions (list[str]): Documented (§06). The permission strings granted to the application by the customer.
    """

    access_token: str
    token_type: str
    expires_in: int
    refresh_token: str
    refresh_token_expires_in: int
    scope: TokenResponseScope
    permissions: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        token_type = self.token_type

        expires_in = self.expires_in

        refresh_token = self.refresh_token

        refresh_token_expires_in = self.refresh_token_expires_in

        scope = self.scope.value

        permissions = self.permissions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "token_type": token_type,
                "expires_in": expires_in,
                "refresh_token": refresh_token,
                "refresh_token_expires_in": refresh_token_expires_in,
                "scope": scope,
                "permissions": permissions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token")

        token_type = d.pop("token_type")

        expires_in = d.pop("expires_in")

        refresh_token = d.pop("refresh_token")

        refresh_token_expires_in = d.pop("refresh_token_expires_in")

        scope = TokenResponseScope(d.pop("scope"))

        permissions = cast(list[str], d.pop("permissions"))

        token_response_instance = cls(
            access_token=access_token,
            token_type=token_type,
            expires_in=expires_in,
            refresh_token=refresh_token,
            refresh_token_expires_in=refresh_token_expires_in,
            scope=scope,
            permissions=permissions,
        )

        token_response_instance.additional_properties = d
        return token_response_instance

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
