from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.application_status import ApplicationStatus
from ..open_enums import parse_open_enum

T = TypeVar("T", bound="ApplicationInfo")


@_attrs_define
class ApplicationInfo:
    """Inferred. The partner application the token belongs to.

    Attributes:
        client_id (str): Documented (§07). The application's client identifier. Allowed characters and length inferred.
        status (ApplicationStatus | str): Documented (§03) values; that the set is open is inferred (known values in
            `ApplicationStatus`; others may appear).
    """

    client_id: str
    status: ApplicationStatus | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_id = self.client_id

        status: str
        if isinstance(self.status, ApplicationStatus):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clientId": client_id,
                "status": status,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_id = d.pop("clientId")

        status = parse_open_enum(ApplicationStatus, d.pop("status"))

        application_info_instance = cls(
            client_id=client_id,
            status=status,
        )

        application_info_instance.additional_properties = d
        return application_info_instance

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
