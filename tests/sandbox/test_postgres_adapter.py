"""The PostgreSQL adapter's placeholder translation and rows (db/postgres.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from nestbank_sandbox.db.postgres import Row, to_psycopg

plain = st.text(alphabet="ab %?,=()", max_size=12)
quoted = st.text(alphabet="ab %?,=()", max_size=6).map(lambda text: f"'{text}'")


@given(st.lists(plain | quoted, max_size=6))
def test_placeholders_outside_quotes_become_percent_s(parts: list[str]) -> None:
    sql = "".join(parts)
    translated = to_psycopg(sql)
    # ? outside quotes is a placeholder; a % anywhere is doubled (psycopg reads it).
    expected = "".join(
        part.replace("%", "%%") if part.startswith("'") else
        part.replace("%", "%%").replace("?", "%s")
        for part in parts
    )  # fmt: skip
    assert translated == expected


def test_a_row_answers_by_name_and_by_index() -> None:
    row = Row(("acc", 5, 5), {"account_id": 0, "amount": 1})
    assert (row["account_id"], row[1], len(row), list(row)) == ("acc", 5, 3, ["acc", 5, 5])
    assert row.keys() == ["account_id", "amount"]
