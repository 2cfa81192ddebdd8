from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AuthorizationStart")


@_attrs_define
class AuthorizationStart:
    """Documented (§08). The answer of `authorizeBlockade` and `authorizePayment`; all three fields are documented.

    Attributes:
        authorization_id (str): Documented (§08). Identifies an authorization; assigned by the bank. Characters and
            length inferred.
        redirect_uri (str): Documented (§08). Empty when the customer uses the bank's mobile app.
            Inferred: otherwise the bank's page where the customer authorizes
            (`appType` `web`, with an SMS code).
        info_msg (str): Documented (§08). Text to show the customer when authorizing in the mobile
            app. Inferred: empty for `web`.
    """

    authorization_id: str
    redirect_uri: str
    info_msg: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        authorization_id = self.authorization_id

        redirect_uri = self.redirect_uri

        info_msg = self.info_msg

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "authorizationId": authorization_id,
                "redirectURI": redirect_uri,
                "infoMsg": info_msg,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        authorization_id = d.pop("authorizationId")

        redirect_uri = d.pop("redirectURI")

        info_msg = d.pop("infoMsg")

        authorization_start_instance = cls(
            authorization_id=authorization_id,
            redirect_uri=redirect_uri,
            info_msg=info_msg,
        )

        authorization_start_instance.additional_properties = d
        return authorization_start_instance

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
