from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.token_request_grant_type import TokenRequestGrantType
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenRequest")


@_attrs_define
class TokenRequest:
    """Inferred from RFC 6749 §4.1.3 and §6 (field names), with the bank's documented
    extra that `state` is sent again at the exchange (§07). The client
    authenticates with `client_id` and `client_secret` in the body.
    `authorization_code` needs `code`, `redirect_uri` and `state`;
    `refresh_token` needs `refresh_token` and may narrow the `scope`
    (RFC 6749 §6). Other parameters are ignored, not refused (RFC 6749 §3.2), so
    the form is open (no `additionalProperties: false`).

        Attributes:
            grant_type (TokenRequestGrantType): Inferred (RFC 6749). Which grant.
            client_id (str): Documented (§07). The application's client identifier. Allowed characters and length inferred.
            client_secret (str): Inferred (RFC 6749 §2.3.1). The application's secret; never sent from a browser or device
                (§07).
            code (str | Unset): Inferred (RFC 6749). The authorization code returned to `redirect_uri`; single use.
            redirect_uri (str | Unset): Documented (§07). Where the customer's browser returns with the code.
                Inferred: it is registered for the application; it is HTTPS (§11 says the API
                is HTTPS only; that partner URIs must be too is our reading), and plain `http`
                is accepted for loopback hosts only (`127.0.0.1`, `localhost`, `[::1]`), for
                local development against the sandbox; the maximum length.
            state (str | Unset): Documented (§07). Alphanumeric, exactly 128 characters.
            refresh_token (str | Unset): Inferred (RFC 6749). The current refresh token.
            scope (str | Unset): Inferred (RFC 6749 §6). Optional on a refresh; may not exceed the granted scope, which is
                always `open-api` (§07).
    """

    grant_type: TokenRequestGrantType
    client_id: str
    client_secret: str
    code: str | Unset = UNSET
    redirect_uri: str | Unset = UNSET
    state: str | Unset = UNSET
    refresh_token: str | Unset = UNSET
    scope: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type.value

        client_id = self.client_id

        client_secret = self.client_secret

        code = self.code

        redirect_uri = self.redirect_uri

        state = self.state

        refresh_token = self.refresh_token

        scope = self.scope

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
                "client_id": client_id,
                "client_secret": client_secret,
            }
        )
        if code is not UNSET:
            field_dict["code"] = code
        if redirect_uri is not UNSET:
            field_dict["redirect_uri"] = redirect_uri
        if state is not UNSET:
            field_dict["state"] = state
        if refresh_token is not UNSET:
            field_dict["refresh_token"] = refresh_token
        if scope is not UNSET:
            field_dict["scope"] = scope

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grant_type = TokenRequestGrantType(d.pop("grant_type"))

        client_id = d.pop("client_id")

        client_secret = d.pop("client_secret")

        code = d.pop("code", UNSET)

        redirect_uri = d.pop("redirect_uri", UNSET)

        state = d.pop("state", UNSET)

        refresh_token = d.pop("refresh_token", UNSET)

        scope = d.pop("scope", UNSET)

        token_request_instance = cls(
            grant_type=grant_type,
            client_id=client_id,
            client_secret=client_secret,
            code=code,
            redirect_uri=redirect_uri,
            state=state,
            refresh_token=refresh_token,
            scope=scope,
        )

        token_request_instance.additional_properties = d
        return token_request_instance

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
