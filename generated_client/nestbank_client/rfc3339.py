"""Strict RFC 3339 timestamps, both ways (hand-written; copied into the generated package).

Reading accepts every `date-time` that RFC 3339 section 5.6 allows:

- `T`/`t` between date and time, `Z`/`z` for UTC;
- any number of fraction digits (Python keeps microseconds: extra digits are
  truncated, never rounded, so a timestamp never moves into the next second);
- numeric offsets `+hh:mm` / `-hh:mm`; `+00:00` and `-00:00` ("UTC, local offset
  unknown", section 4.3) both become `datetime.timezone.utc`;
- a leap second `:60`, only where RFC 3339 allows one (the last minute of a UTC day,
  e.g. `23:59:60Z` or `15:59:60-08:00`). Python cannot hold second 60, so it becomes
  `:59.999999` of the same minute: it sorts after every real instant of that
  second and stays on the same day.

Reading rejects what RFC 3339 forbids: no offset, `+0100` without a colon, the
ISO 8601 basic format `20240102T030405Z`, a space instead of `T`, an empty
fraction, out-of-range fields. Writing always produces an offset (`Z` for UTC,
`+hh:mm` otherwise, keeping the offset the datetime carries) and refuses a naive
datetime instead of guessing its zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

from ._root import NestBankError

__all__ = [
    "InvalidTimestampError",
    "NaiveDatetimeError",
    "format_rfc3339",
    "parse_rfc3339",
]

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))",
    re.ASCII,
)
# The shape the bank writes (upper-case T and Z, up to 6 fraction digits, no leap
# second, offset in range): for it, the C parser `datetime.fromisoformat` gives the same
# value as the general path below, about ten times faster. Everything else takes the
# general path, which alone decides what is valid.
_COMMON = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:[0-5]\d(?:\.\d{1,6})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)",
    re.ASCII,
)
# Shapes that people (and ISO 8601) write but RFC 3339 forbids, with the reason.
_NO_OFFSET = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?", re.ASCII)
_COLONLESS_OFFSET = re.compile(r".*[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{4}", re.ASCII)
_BASIC_FORMAT = re.compile(r"\d{8}[Tt]\d{6}.*", re.ASCII)
_SPACE_SEPARATOR = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:.*", re.ASCII)

_ONE_MINUTE = timedelta(minutes=1)
_OFFSETS: dict[int, timezone] = {0: UTC}


class InvalidTimestampError(NestBankError, ValueError):
    """A string that is not an RFC 3339 `date-time`."""


class NaiveDatetimeError(NestBankError, ValueError):
    """A datetime without a UTC offset, which RFC 3339 cannot express."""


def _why_invalid(text: str) -> str:
    if _SPACE_SEPARATOR.fullmatch(text):
        return "date and time must be separated by 'T' (or 't'), not a space"
    if _NO_OFFSET.fullmatch(text):
        return "it has no UTC offset; RFC 3339 requires 'Z' or '+hh:mm' / '-hh:mm'"
    if _COLONLESS_OFFSET.fullmatch(text):
        return "the offset must be written with a colon, e.g. '+01:00'"
    if _BASIC_FORMAT.fullmatch(text):
        return "the ISO 8601 basic format is not RFC 3339; write 2024-01-02T03:04:05Z"
    return "expected YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)"


def _offset(sign: str, hours: str, minutes: str, text: str) -> timezone:
    hh, mm = int(hours), int(minutes)
    if hh > 23 or mm > 59:
        raise InvalidTimestampError(f"{text!r} is not an RFC 3339 date-time: offset out of range")
    total = hh * 60 + mm
    if sign == "-":
        total = -total
    zone = _OFFSETS.get(total)
    if zone is None:
        zone = _OFFSETS.setdefault(total, timezone(timedelta(minutes=total)))
    return zone


def parse_rfc3339(text: str) -> datetime:
    """Parse an RFC 3339 `date-time` into an aware datetime.

    Raises:
        InvalidTimestampError: `text` is not an RFC 3339 date-time.
    """
    if not isinstance(text, str):
        raise InvalidTimestampError(
            f"expected an RFC 3339 date-time string, got {type(text).__name__}"
        )
    if _COMMON.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass  # e.g. February 30th, year 0: the general path says why
    return _parse_general(text)


def _parse_general(text: str) -> datetime:
    """Every RFC 3339 spelling (`t`/`z`, long fractions, leap seconds), with reasons."""
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        raise InvalidTimestampError(f"{text!r} is not an RFC 3339 date-time: {_why_invalid(text)}")
    year, month, day, hour, minute, second, fraction, sign, off_h, off_m = match.groups()
    zone = UTC if sign is None else _offset(sign, off_h, off_m, text)
    microsecond = int(fraction[:6].ljust(6, "0")) if fraction else 0
    leap = second == "60"
    try:
        value = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            59 if leap else int(second),
            microsecond,
            tzinfo=zone,
        )
    except ValueError as exc:
        raise InvalidTimestampError(f"{text!r} is not an RFC 3339 date-time: {exc}") from None
    if leap:
        in_utc = value.astimezone(UTC)
        if (in_utc.hour, in_utc.minute) != (23, 59):
            raise InvalidTimestampError(
                f"{text!r} is not an RFC 3339 date-time: a leap second (:60) can only "
                "occur in the last minute of a UTC day (23:59:60Z)"
            )
        value = value.replace(microsecond=999999)
    return value


def format_rfc3339(value: datetime) -> str:
    """Write an aware datetime as RFC 3339, keeping its offset (`Z` for UTC).

    Raises:
        NaiveDatetimeError: `value` has no UTC offset.
        TypeError: `value` is not a datetime.
    """
    if not isinstance(value, datetime):
        raise TypeError(f"expected a datetime.datetime, got {type(value).__name__}")
    offset = value.utcoffset()
    if offset is None:
        raise NaiveDatetimeError(
            f"refusing to send the naive datetime {value.isoformat()!r}: RFC 3339 needs an "
            "offset; attach a zone, e.g. value.replace(tzinfo=datetime.timezone.utc)"
        )
    if offset % _ONE_MINUTE:
        # Historic zones can have second offsets; RFC 3339 cannot: write UTC instead.
        value = value.astimezone(UTC)
        offset = timedelta(0)
    text = (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    )
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes > 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"
