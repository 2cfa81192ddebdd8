"""Money amounts as `decimal.Decimal` (hand-written; copied into the generated package).

On the wire an amount is a decimal string with two places (`"250.00"`), never a
JSON number. The generated `Money` / `PositiveMoney` models hold it as a
`Decimal`: their `amount` accepts a `Decimal`, an `int` or a decimal string and
refuses a `float`, because a binary float cannot hold most cent values exactly
(`0.1 + 0.2 != 0.3`). An amount with more than two decimal places is refused
rather than rounded: rounding money is the caller's decision.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ._root import NestBankError

__all__ = ["AmountInput", "InvalidAmountError", "format_amount", "to_amount"]

AmountInput = Decimal | int | str
"""What a money model's `amount` accepts."""

_DECIMAL_STRING = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)
# The wire form ("250.00"): exactly two places, nothing to check beyond the shape.
_WIRE_AMOUNT = re.compile(r"-?[0-9]{1,20}\.[0-9]{2}", re.ASCII)
_CENT_EXPONENT = -2
_CENT = Decimal("0.01")


class InvalidAmountError(NestBankError, ValueError):
    """A value that cannot be an amount of money."""


def _check_places(amount: Decimal, shown: object) -> Decimal:
    if not amount.is_finite():
        raise InvalidAmountError(f"amount {shown!r} is not a finite number")
    try:
        in_cents = amount.quantize(_CENT)
    except InvalidOperation:
        raise InvalidAmountError(f"amount {shown!r} is too large") from None
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < _CENT_EXPONENT and amount != in_cents:
        raise InvalidAmountError(
            f"amount {shown!r} has more than two decimal places; round it first, e.g. "
            "amount.quantize(Decimal('0.01'), rounding=decimal.ROUND_HALF_EVEN)"
        )
    return amount


def to_amount(value: AmountInput) -> Decimal:
    """Convert what a user passes (or the wire string) to a `Decimal` amount.

    Raises:
        TypeError: `value` is a float (or anything but Decimal, int, str).
        InvalidAmountError: not a plain decimal, not finite, or more than two places.
    """
    if isinstance(value, Decimal):
        return _check_places(value, value)
    if isinstance(value, str):
        if _WIRE_AMOUNT.fullmatch(value):
            return Decimal(value)  # the common case, from every response
        if not _DECIMAL_STRING.fullmatch(value):
            raise InvalidAmountError(
                f"amount {value!r} is not a decimal string like '250.00' "
                "(digits, an optional '-' and an optional fraction; no exponent or spaces)"
            )
        return _check_places(Decimal(value), value)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        raise TypeError(
            f"amount {value!r} is a float: floats cannot represent money exactly; "
            f"pass decimal.Decimal({str(value)!r}) or the string {str(value)!r} instead"
        )
    raise TypeError(
        f"amount must be a decimal.Decimal, an int or a decimal string, not {type(value).__name__}"
    )


def format_amount(amount: Decimal) -> str:
    """The wire form of an amount: fixed point, exactly two places (`"250.00"`)."""
    checked = to_amount(amount)
    if not checked:
        return "0.00"  # no "-0.00" on the wire
    return f"{checked.quantize(_CENT):f}"
