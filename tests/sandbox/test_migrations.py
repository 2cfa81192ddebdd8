"""Versioned migrations: a database of either engine is brought up to date without loss."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from nestbank_sandbox.db.migrations import Migration
from nestbank_sandbox.storage import MIGRATIONS, SCHEMA, TOTALS, Database

from tests.postgres import Databases


def _pre_migration_file(path: Path) -> None:
    """A sandbox.db as main wrote it before migrations: executescript(SCHEMA + TOTALS)."""
    with sqlite3.connect(path) as conn:
        conn.executescript(SCHEMA + TOTALS)


def test_a_database_from_before_the_migrations_keeps_its_data(tmp_path: Path) -> None:
    database = tmp_path / "sandbox.db"
    _pre_migration_file(database)
    with sqlite3.connect(database) as conn:  # a payment as the pre-migration main wrote it
        conn.execute(
            "INSERT INTO payments VALUES ('demo-app', 'before-1', 'acc-demo-main', 1234,"
            " 'rent', 'EXECUTED', 1.5e9, 1.5e9)"
        )
        conn.execute("INSERT INTO meta VALUES ('clock_offset', '60.0')")
    upgraded = Database(str(database))
    assert upgraded.version == MIGRATIONS[-1].version
    with upgraded.transaction() as conn:
        kept = conn.execute("SELECT amount, status FROM payments WHERE order_id = 'before-1'")
        assert tuple(kept.fetchone()) == (1234, "EXECUTED")
        clock = conn.execute("SELECT offset_seconds FROM tenant_clocks WHERE tenant = 'demo'")
        assert clock.fetchone()[0] == 60.0
        used = conn.execute("SELECT SUM(amount) FROM usage_days WHERE account_id = 'acc-demo-main'")
        assert used.fetchone()[0] == 1234  # the daily-use totals rebuilt from the old rows
    upgraded.close()


def test_an_empty_pre_migration_schema_is_adopted(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    _pre_migration_file(database)
    db = Database(str(database))
    with db.transaction() as conn:
        versions = conn.execute("SELECT version FROM schema_version").fetchall()
    assert [row[0] for row in versions] == [m.version for m in MIGRATIONS]
    db.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sandbox.db'}"
        return
    databases: Databases = request.getfixturevalue("postgres")
    with databases.fresh() as fresh:
        yield fresh


def test_a_new_migration_is_applied_once_and_keeps_rows(url: str) -> None:
    db = Database(url)
    with db.transaction() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ("kept", "yes"))
    db.close()
    extra = Migration(
        MIGRATIONS[-1].version + 1,
        "a column with a default",
        "ALTER TABLE meta ADD COLUMN note TEXT NOT NULL DEFAULT 'n'",
    )
    for _ in range(2):  # a second start finds nothing to do
        db = Database(url, migrations=(*MIGRATIONS, extra))
        assert db.version == extra.version
        with db.transaction() as conn:
            rows = conn.execute("SELECT key, value, note FROM meta WHERE key = 'kept'").fetchall()
            applied = conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0]
        assert [tuple(row) for row in rows] == [("kept", "yes", "n")]
        assert applied == len(MIGRATIONS) + 1
        db.close()


def test_a_database_from_a_newer_sandbox_is_refused(url: str) -> None:
    Database(url).close()
    newer = Migration(MIGRATIONS[-1].version + 1, "future", "SELECT 1")
    Database(url, migrations=(*MIGRATIONS, newer)).close()
    with pytest.raises(RuntimeError, match="newer"):
        Database(url)


def _columns(db: Database) -> dict[str, list[str]]:
    with db.transaction() as conn:
        if db.dialect == "sqlite":
            tables = [row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]  # fmt: skip
            return {
                table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
                for table in tables
            }
        found: dict[str, list[str]] = {}
        for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = 'public' AND column_name <> 'rowid' ORDER BY ordinal_position"
        ):
            found.setdefault(table, []).append(column)
        return found


def test_both_dialects_build_the_same_columns(postgres: Databases, tmp_path: Path) -> None:
    """The PostgreSQL text of migration 1 is the SQLite schema, plus PostgreSQL's rowid."""
    sqlite_db = Database(str(tmp_path / "s.db"))
    with postgres.fresh() as pg_url:
        pg_db = Database(pg_url)
        assert _columns(pg_db) == _columns(sqlite_db)
        pg_db.close()
    sqlite_db.close()
