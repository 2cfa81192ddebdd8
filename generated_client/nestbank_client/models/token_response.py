from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenResponse")


@_attrs_define
class TokenResponse:
    """Inferred from RFC 6749 §5.1 (which §01 names as the bank's OAuth2), with the
    documented lifetimes (§01). Only what RFC 6749 requires (`access_token`,
    `token_type`) and what the bank's pages give (§01, §07: a refresh token for the
    server application, renewed on refresh) are required; the other fields are
    described for when the bank sends them.

        Attributes:
            access_token (str): Documented (§01, §10). Sent as the `access_token` header; lives 20 minutes by default.
            token_type (str): Inferred (RFC 6749 §5.1). The token's type as the bank names it; whatever it says, the token
                goes in the `access_token` header.
            refresh_token (str): Documented (§01, §07). Given to the partner's server application; lives
                90 days by default (§01); a refresh answers a renewed one (§07). Inferred:
                the previous one stops working once renewed.
            expires_in (int | Unset): Inferred (RFC 6749 §5.1, recommended). The access token's lifetime in seconds; the
                documented default lifetime is 20 minutes (§01), 1200 seconds. A client that gets no value assumes that default.
            refresh_token_expires_in (int | Unset): Inferred (not in RFC 6749). The refresh token's lifetime in seconds; the
                documented default is 90 days (§01), 7776000 seconds.
            scope (str | Unset): Inferred (RFC 6749 §5.1, optional when it equals the requested scope). The granted scope;
                the requested one is always `open-api` (§07).
            permissions (list[str] | Unset): Inferred. The permission strings (§06) granted to the application by the
                customer; that the token answer carries them is our reading.
    """

    access_token: str
    token_type: str
    refresh_token: str
    expires_in: int | Unset = UNSET
    refresh_token_expires_in: int | Unset = UNSET
    scope: str | Unset = UNSET
    permissions: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        token_type = self.token_type

        refresh_token = self.refresh_token

        expires_in = self.expires_in

        refresh_token_expires_in = self.refresh_token_expires_in

        scope = self.scope

        permissions: list[str] | Unset = UNSET
        if not isinstance(self.permissions, Unset):
            permissions = self.permissions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "token_type": token_type,
                "refresh_token": refresh_token,
            }
        )
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in
        if refresh_token_expires_in is not UNSET:
            field_dict["refresh_token_expires_in"] = refresh_token_expires_in
        if scope is not UNSET:
            field_dict["scope"] = scope
        if permissions is not UNSET:
            field_dict["permissions"] = permissions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_token = d.pop("access_token")

        token_type = d.pop("token_type")

        refresh_token = d.pop("refresh_token")

        expires_in = d.pop("expires_in", UNSET)

        refresh_token_expires_in = d.pop("refresh_token_expires_in", UNSET)

        scope = d.pop("scope", UNSET)

        permissions = cast(list[str], d.pop("permissions", UNSET))

        token_response_instance = cls(
            access_token=access_token,
            token_type=token_type,
            refresh_token=refresh_token,
            expires_in=expires_in,
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
