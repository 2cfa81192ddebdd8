"""Explicit RFC 3339 vectors for nestbank_client.rfc3339 (project rule: docs/client.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nestbank_client import rfc3339
from nestbank_client.rfc3339 import (
    InvalidTimestampError,
    NaiveDatetimeError,
    format_rfc3339,
    parse_rfc3339,
)

PLUS_ONE = timezone(timedelta(hours=1))
MINUS_EIGHT = timezone(timedelta(hours=-8))

ACCEPTED = [
    ("2018-01-20T12:32:00Z", datetime(2018, 1, 20, 12, 32, tzinfo=UTC)),
    ("2018-01-20t12:32:00z", datetime(2018, 1, 20, 12, 32, tzinfo=UTC)),
    ("2018-01-20T12:32:00z", datetime(2018, 1, 20, 12, 32, tzinfo=UTC)),
    ("2018-01-20T12:32:00.5Z", datetime(2018, 1, 20, 12, 32, 0, 500000, tzinfo=UTC)),
    ("2018-01-20T12:32:00.123456Z", datetime(2018, 1, 20, 12, 32, 0, 123456, tzinfo=UTC)),
    # More than 6 digits: truncated, never rounded up into the next second.
    ("2018-01-20T12:32:00.999999999Z", datetime(2018, 1, 20, 12, 32, 0, 999999, tzinfo=UTC)),
    ("2018-01-20T12:32:00.1234567890123+01:00", datetime(2018, 1, 20, 12, 32, 0, 123456, PLUS_ONE)),
    ("2018-01-20T13:32:00+01:00", datetime(2018, 1, 20, 13, 32, tzinfo=PLUS_ONE)),
    ("2018-01-20T04:32:00-08:00", datetime(2018, 1, 20, 4, 32, tzinfo=MINUS_EIGHT)),
    ("2018-01-20T12:32:00+00:00", datetime(2018, 1, 20, 12, 32, tzinfo=UTC)),
    # -00:00: UTC with an unknown local offset (RFC 3339 section 4.3).
    ("2018-01-20T12:32:00-00:00", datetime(2018, 1, 20, 12, 32, tzinfo=UTC)),
    ("2024-02-29T00:00:00Z", datetime(2024, 2, 29, tzinfo=UTC)),
    # Leap seconds become :59.999999 of the same minute.
    ("2016-12-31T23:59:60Z", datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
    ("1990-12-31T15:59:60-08:00", datetime(1990, 12, 31, 15, 59, 59, 999999, MINUS_EIGHT)),
    ("2016-12-31T23:59:60.5z", datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
]

REJECTED = [
    ("2018-01-20T12:32:00", "no UTC offset"),
    ("2018-01-20T12:32:00+0100", "colon"),
    ("20240102T030405Z", "basic format"),
    ("2018-01-20 12:32:00Z", "not a space"),
    ("2018-01-20T12:32Z", "expected"),
    ("2018-01-20", "expected"),
    ("2018-01-20T12:32:00.Z", "expected"),
    ("2018-01-20T12:32:00,5Z", "expected"),
    ("2018-01-20T24:00:00Z", "hour"),
    ("2018-02-30T12:00:00Z", "day"),
    ("2023-02-29T12:00:00Z", "day"),
    ("2018-01-20T12:60:00Z", "minute"),
    ("2018-01-20T12:32:00+24:00", "offset out of range"),
    ("2018-01-20T12:32:00+01:60", "offset out of range"),
    ("2018-01-20T12:32:60Z", "leap second"),
    ("0000-01-01T00:00:00Z", "year"),
    ("2018-01-20T12:32:00Z ", "expected"),
    ("٢٠١٨-01-20T12:32:00Z", "expected"),
    ("", "expected"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_accepts_what_rfc3339_allows(text: str, expected: datetime) -> None:
    parsed = parse_rfc3339(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(("text", "reason"), REJECTED)
def test_rejects_what_rfc3339_forbids(text: str, reason: str) -> None:
    with pytest.raises(InvalidTimestampError, match=reason):
        parse_rfc3339(text)


def test_rejects_non_strings() -> None:
    with pytest.raises(InvalidTimestampError, match="got int"):
        parse_rfc3339(20180120)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2018, 1, 20, 12, 32, tzinfo=UTC), "2018-01-20T12:32:00Z"),
        (datetime(2018, 1, 20, 12, 32, 0, 5, tzinfo=UTC), "2018-01-20T12:32:00.000005Z"),
        (datetime(2018, 1, 20, 13, 32, tzinfo=PLUS_ONE), "2018-01-20T13:32:00+01:00"),
        (datetime(2018, 1, 20, 4, 32, tzinfo=MINUS_EIGHT), "2018-01-20T04:32:00-08:00"),
        (
            datetime(2018, 1, 20, 4, 32, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
            "2018-01-20T04:32:00-05:30",
        ),
        (datetime(987, 6, 5, 4, 3, 2, tzinfo=UTC), "0987-06-05T04:03:02Z"),
        (datetime(2018, 7, 1, 12, tzinfo=ZoneInfo("Europe/Warsaw")), "2018-07-01T12:00:00+02:00"),
        # An offset with seconds (historic local mean time) cannot be written: sent as UTC.
        (
            datetime(1880, 1, 1, 12, tzinfo=timezone(timedelta(hours=1, minutes=24, seconds=8))),
            "1880-01-01T10:35:52Z",
        ),
    ],
)
def test_writes_an_offset_always(value: datetime, text: str) -> None:
    assert format_rfc3339(value) == text
    assert parse_rfc3339(text) == value


def test_refuses_naive_datetimes() -> None:
    with pytest.raises(NaiveDatetimeError, match="naive datetime"):
        format_rfc3339(datetime(2018, 1, 20, 12, 32))


def test_refuses_non_datetimes() -> None:
    with pytest.raises(TypeError, match="got str"):
        format_rfc3339("2018-01-20T12:32:00Z")  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "_expected"), ACCEPTED)
def test_round_trip_is_stable(text: str, _expected: datetime) -> None:
    once = format_rfc3339(parse_rfc3339(text))
    assert format_rfc3339(parse_rfc3339(once)) == once


# The fast path (datetime.fromisoformat for the bank's usual shape) must agree with the
# general parser on every input it takes: same instant, same offset, same microseconds.
_fast_shaped = st.builds(
    lambda moment, digits, minutes: (
        moment.strftime("%Y-%m-%dT%H:%M:%S")
        + (f".{moment.microsecond:06d}"[: digits + 1] if digits else "")
        + (
            "Z"
            if minutes is None
            else f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        )
    ),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
    st.integers(min_value=0, max_value=6),
    st.none() | st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59),
)


@given(text=_fast_shaped | st.text(alphabet="0123456789-:TZ+.", max_size=32))
def test_the_fast_path_agrees_with_the_general_parser(text: str) -> None:
    try:
        expected = rfc3339._parse_general(text)
    except rfc3339.InvalidTimestampError:
        with pytest.raises(rfc3339.InvalidTimestampError):
            rfc3339.parse_rfc3339(text)
        return
    got = rfc3339.parse_rfc3339(text)
    assert (got, got.utcoffset(), got.microsecond) == (
        expected,
        expected.utcoffset(),
        expected.microsecond,
    )
