from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.error_code import ErrorCode
from ..open_enums import parse_open_enum

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """Documented (§10). The body of every error response.

    `error` is an **open set**: one of the documented `ErrorCode` values, or a
    code the bank adds later. It is written `anyOf: [ErrorCode, string]` so that
    a generated client parses a known code into its enum and keeps an unknown one
    as a plain string instead of failing, and a validator accepts both (see
    `docs/decisions.md`).

        Attributes:
            error (ErrorCode | str): Documented (§10). The machine-readable error code (known values in `ErrorCode`; others
                may appear).
            error_description (str): Documented (§10). A human-readable description, in Polish as the bank writes it.
    """

    error: ErrorCode | str
    error_description: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: str
        if isinstance(self.error, ErrorCode):
            error = self.error.value
        else:
            error = self.error

        error_description = self.error_description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "error": error,
                "error_description": error_description,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error = parse_open_enum(ErrorCode, d.pop("error"))

        error_description = d.pop("error_description")

        error_instance = cls(
            error=error,
            error_description=error_description,
        )

        error_instance.additional_properties = d
        return error_instance

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
