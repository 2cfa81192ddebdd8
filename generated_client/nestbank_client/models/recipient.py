from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Recipient")


@_attrs_define
class Recipient:
    """Documented (§01, §04) that the recipient is always the partner's own Nest Bank account; the fields are inferred.

    Attributes:
        name (str): Inferred. The partner's name.
        number (str): Inferred. A Polish account number (NRB), 26 digits without spaces; the first two are the IBAN
            check digits (mod 97, ISO 13616), which a schema cannot express and the examples obey.
    """

    name: str
    number: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        number = self.number

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "number": number,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        number = d.pop("number")

        recipient_instance = cls(
            name=name,
            number=number,
        )

        recipient_instance.additional_properties = d
        return recipient_instance

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
