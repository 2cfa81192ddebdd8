"""A resource read back against the body that created it, compared as the bank compares.

After an attempt whose answer was lost, a `409 order_exist_error` means the identifier
is taken; the create helpers (`safe.py`, the `NestBank` resources) read the resource
back and decide whether it is this very request or another one. The bank's copy
differs in form, not in meaning: it keeps an instant to the whole second and writes
it in UTC, an amount as a decimal (`250` is `250.00`), an enum as its wire string. The
text is kept exactly as sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from .types import Unset

# The bank keeps an instant to the whole second: its copy of ours is cut or rounded.
_BANK_TIME_RESOLUTION = timedelta(seconds=1)


def same_instant(existing: datetime, sent: datetime) -> bool:
    """The same moment as the bank keeps it: equal, or its whole-second form of ours."""
    if existing == sent:  # aware datetimes compare as instants, whatever their offsets
        return True
    return existing.microsecond == 0 and abs(existing - sent) < _BANK_TIME_RESOLUTION


def _wire(value: object) -> object:
    """An enum member and its raw wire string are the same value to the bank."""
    return value.value if isinstance(value, Enum) else value


def same_value(existing: object, sent: object) -> bool:
    if isinstance(existing, Unset) or isinstance(sent, Unset):
        return isinstance(existing, Unset) and isinstance(sent, Unset)
    if isinstance(existing, datetime) and isinstance(sent, datetime):
        return same_instant(existing, sent)
    if hasattr(type(sent), "__attrs_attrs__") and hasattr(type(existing), "__attrs_attrs__"):
        return not differences(existing, sent)
    if isinstance(existing, Decimal) or isinstance(sent, Decimal):
        # By value, as on the wire: Decimal("250") == Decimal("250.00").
        return Decimal(str(existing)) == Decimal(str(sent))
    return bool(_wire(existing) == _wire(sent))


def differences(existing: Any, sent: Any) -> list[str]:
    """The fields of `sent` whose value the bank's copy `existing` does not hold."""
    wrong = []
    for attribute in type(sent).__attrs_attrs__:
        name = attribute.name
        if name == "additional_properties" or not hasattr(existing, name):
            continue  # a request-only field (none today) says nothing about the copy
        if not same_value(getattr(existing, name), getattr(sent, name)):
            wrong.append(name)
    return wrong
