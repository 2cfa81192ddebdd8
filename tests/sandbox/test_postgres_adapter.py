"""The PostgreSQL adapter (db/postgres.py): placeholders, rows, a dropped connection."""

from __future__ import annotations

import psycopg
from hypothesis import given
from hypothesis import strategies as st
from nestbank_sandbox.db.postgres import Row, to_psycopg
from nestbank_sandbox.storage import Database

from tests.postgres import Databases

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


def test_a_connection_the_server_dropped_is_replaced(postgres: Databases) -> None:
    """A PostgreSQL restart or failover ends the sandbox's connection: the next call works."""
    with postgres.fresh() as url:
        db = Database(url)
        with psycopg.connect(postgres.admin_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (url.rsplit("/", 1)[1],),
            )
        with db.transaction() as conn:
            assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] >= 1
        db.close()


def test_rows_by_name_come_from_the_result(postgres: Databases) -> None:
    """Names read from the result (not cursor.description): sqlite3.Row's rules hold."""
    with postgres.fresh() as url:
        db = Database(url)
        with db.transaction() as conn:
            row = conn.execute("SELECT ? AS a, 2 AS a, 3 AS b", (1,)).fetchone()
            assert (row["a"], row["b"], row[1], row.keys()) == (1, 3, 2, ["a", "b"])
            assert (
                conn.execute("UPDATE meta SET value = ? WHERE key = ''", ("x",)).fetchone() is None
            )
            assert conn.execute("SELECT key FROM meta WHERE key = ?", ("none",)).fetchall() == []
        db.close()
