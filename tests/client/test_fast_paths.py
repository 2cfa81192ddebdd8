"""The speed-ups give exactly what the general code gives, for every input.

Path segments skip `urllib.parse.quote` for plain identifiers, and wire amounts
("250.00") skip the decimal-place checks; the timestamps' fast path is checked in
test_rfc3339.py.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote, unquote

from hypothesis import given
from hypothesis import strategies as st
from nestbank_client import money
from nestbank_client._paths import path_segment

plain = st.text(alphabet="abcXYZ019_.~-", min_size=1, max_size=20)


@given(text=plain | st.text() | st.sampled_from([".", ".."]))
def test_path_segment_is_one_segment_that_reads_back_as_the_identifier(text: str) -> None:
    segment = path_segment(text)
    assert unquote(segment) == text
    # Never a separator, and never a dot segment that URL normalisation would remove
    # (`get("acc", "..")` must not become `GET /account/acc` with the customer's token).
    assert not set(segment) & set("/?#") and segment not in (".", "..")
    if text not in (".", ".."):
        assert segment == quote(text, safe="")


@given(
    units=st.integers(min_value=-(10**20) + 1, max_value=10**20 - 1),
    cents=st.integers(min_value=0, max_value=99),
)
def test_a_wire_amount_reads_as_the_general_conversion_does(units: int, cents: int) -> None:
    text = f"{units}.{cents:02d}"
    got = money.to_amount(text)
    expected = money._check_places(Decimal(text), text)
    assert (got, str(got)) == (expected, str(expected))
