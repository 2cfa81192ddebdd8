"""Open enums (hand-written; copied into the generated package).

The spec writes a response enum the bank may extend as `anyOf: [$ref Enum, {type:
string}]` (docs/decisions.md): the generated field is `Enum | str`. A documented
value becomes the enum member, any other string is kept as it is (a `PaymentStatus`
the bank adds next year, a currency other than PLN), and the response parses. Code
that reads such a field compares with the member (`status == PaymentStatus.EXECUTED`
works for both forms, the members being `str`s) and treats anything unknown
deliberately.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar, cast

__all__ = ["parse_open_enum"]

E = TypeVar("E", bound=StrEnum)


def parse_open_enum(kind: type[E], value: object) -> E | str:
    """The member of `kind` whose value is `value`, else `value` itself.

    Raises:
        TypeError: `value` is not a string (the schema allows strings only).
    """
    if type(value) is not str:
        raise TypeError(f"{kind.__name__} value must be a string, not {type(value).__name__}")
    # One dict lookup: no exception raised and caught for an unknown value.
    member = kind._value2member_map_.get(value)
    return value if member is None else cast(E, member)
