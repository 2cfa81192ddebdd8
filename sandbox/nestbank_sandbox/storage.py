"""The sandbox's state on SQLite (embedded default) or PostgreSQL (hosted), one contract.

`Database.transaction()` is an atomic unit in which nobody else reads or writes: on
SQLite BEGIN IMMEDIATE, on PostgreSQL one advisory lock (db/postgres.py), in every
process sharing the database. The schema is built by MIGRATIONS at start-up.

Unique primary keys on (client_id, blockade_id) and (client_id, order_id) make
idempotency atomic: of N concurrent creates with one identifier exactly one inserts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from . import expiry, tenants, usage_totals
from .db.migrations import Migration, migrate, postgresql_tables
from .db.sqlite import SqliteEngine

# SCHEMA and TOTALS are migration 1: databases in use were built from them, so they stay
# as they are; a change to the schema is a new entry of MIGRATIONS below.
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS applications (
    client_id TEXT PRIMARY KEY, client_secret TEXT NOT NULL, status TEXT NOT NULL,
    redirect_uris TEXT NOT NULL, permissions TEXT NOT NULL, staff TEXT NOT NULL,
    partner_name TEXT NOT NULL, partner_number TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS customers (
    user_id TEXT PRIMARY KEY, login TEXT UNIQUE NOT NULL, password TEXT NOT NULL,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, status TEXT NOT NULL,
    bim_rights TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    account_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, number TEXT NOT NULL,
    name TEXT NOT NULL, balance INTEGER NOT NULL, status TEXT NOT NULL,
    per_transaction INTEGER NOT NULL, no_authorization INTEGER NOT NULL,
    daily INTEGER NOT NULL, monthly INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS consent_sessions (
    session_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, redirect_uri TEXT NOT NULL,
    state TEXT NOT NULL, user_id TEXT, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS auth_codes (
    code TEXT PRIMARY KEY, client_id TEXT NOT NULL, user_id TEXT NOT NULL,
    account_id TEXT NOT NULL, redirect_uri TEXT NOT NULL, state TEXT NOT NULL,
    expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, kind TEXT NOT NULL, client_id TEXT NOT NULL,
    user_id TEXT NOT NULL, account_id TEXT NOT NULL, code TEXT NOT NULL,
    expires_at REAL NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS blockades (
    client_id TEXT NOT NULL, blockade_id TEXT NOT NULL, account_id TEXT NOT NULL,
    amount INTEGER NOT NULL, title TEXT NOT NULL, created_at REAL NOT NULL,
    updated_at REAL NOT NULL, expires_at REAL, status TEXT NOT NULL,
    PRIMARY KEY (client_id, blockade_id));
CREATE TABLE IF NOT EXISTS payments (
    client_id TEXT NOT NULL, order_id TEXT NOT NULL, account_id TEXT NOT NULL,
    amount INTEGER NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL,
    created_at REAL NOT NULL, executed_at REAL,
    PRIMARY KEY (client_id, order_id));
CREATE TABLE IF NOT EXISTS authorizations (
    authorization_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, user_id TEXT NOT NULL,
    account_id TEXT NOT NULL, operation_type TEXT NOT NULL, operation_id TEXT NOT NULL,
    amount INTEGER NOT NULL, title TEXT NOT NULL, operation_expires_at REAL,
    app_type TEXT NOT NULL, callback_uri TEXT NOT NULL, status TEXT NOT NULL,
    created_at REAL NOT NULL, expires_at REAL NOT NULL, decided_at REAL,
    sms_attempts INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS transactions (
    transaction_id TEXT PRIMARY KEY, account_id TEXT NOT NULL, type TEXT NOT NULL,
    amount INTEGER NOT NULL, title TEXT NOT NULL, counterparty_name TEXT,
    counterparty_number TEXT, order_id TEXT, blockade_id TEXT, booked_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS blockades_by_account ON blockades (account_id, status);
CREATE INDEX IF NOT EXISTS payments_by_account ON payments (account_id, status);
CREATE INDEX IF NOT EXISTS transactions_by_account ON transactions (account_id, booked_at);
CREATE INDEX IF NOT EXISTS blockades_by_created ON blockades (account_id, created_at);
CREATE INDEX IF NOT EXISTS blockades_by_expiry ON blockades (account_id, status, expires_at);
CREATE INDEX IF NOT EXISTS payments_by_created ON payments (account_id, created_at);
"""

# The running total of ACTIVE blockades without an expiry, per account: kept by triggers in
# the writing transaction, so the available balance costs one row however long the history
# (blockades with an expiry are summed through blockades_by_expiry: only unexpired rows).
TOTALS = """
CREATE TABLE IF NOT EXISTS open_blockades (
    account_id TEXT PRIMARY KEY, amount INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS open_blockades_insert AFTER INSERT ON blockades
WHEN NEW.status = 'ACTIVE' AND NEW.expires_at IS NULL BEGIN
    INSERT INTO open_blockades VALUES (NEW.account_id, NEW.amount)
    ON CONFLICT (account_id) DO UPDATE SET amount = amount + excluded.amount;
END;
CREATE TRIGGER IF NOT EXISTS open_blockades_delete AFTER DELETE ON blockades
WHEN OLD.status = 'ACTIVE' AND OLD.expires_at IS NULL BEGIN
    UPDATE open_blockades SET amount = amount - OLD.amount WHERE account_id = OLD.account_id;
END;
CREATE TRIGGER IF NOT EXISTS open_blockades_update AFTER UPDATE ON blockades BEGIN
    UPDATE open_blockades SET amount = amount - OLD.amount
    WHERE account_id = OLD.account_id AND OLD.status = 'ACTIVE' AND OLD.expires_at IS NULL;
    INSERT INTO open_blockades
    SELECT NEW.account_id, NEW.amount WHERE NEW.status = 'ACTIVE' AND NEW.expires_at IS NULL
    ON CONFLICT (account_id) DO UPDATE SET amount = amount + excluded.amount;
END;
"""
# The same running total in PostgreSQL: one plpgsql trigger function for the three events.
POSTGRESQL_TOTALS = """
CREATE TABLE IF NOT EXISTS open_blockades (
    account_id TEXT COLLATE "C" PRIMARY KEY, amount BIGINT NOT NULL);
CREATE OR REPLACE FUNCTION open_blockades_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.status = 'ACTIVE' AND OLD.expires_at IS NULL THEN
            UPDATE open_blockades SET amount = amount - OLD.amount
            WHERE account_id = OLD.account_id;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.status = 'ACTIVE' AND NEW.expires_at IS NULL THEN
            INSERT INTO open_blockades VALUES (NEW.account_id, NEW.amount)
            ON CONFLICT (account_id)
            DO UPDATE SET amount = open_blockades.amount + excluded.amount;
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER open_blockades_keep AFTER INSERT OR UPDATE OR DELETE ON blockades
FOR EACH ROW EXECUTE FUNCTION open_blockades_keep();
"""

# Rebuilt on every start: a file from before the triggers, or rows written around them.
REBUILD_TOTALS = (
    "DELETE FROM open_blockades",
    "INSERT INTO open_blockades SELECT account_id, SUM(amount) FROM blockades"
    " WHERE status = 'ACTIVE' AND expires_at IS NULL GROUP BY account_id",
)

# --- Tenants (issue 15): migration 2. ---
# A tenant is a partner application's world; the demo applications share the tenant
# "demo". Portable SQL (SQLite and PostgreSQL): `?` placeholders, no engine-only
# functions; DOUBLE PRECISION (SQLite reads it as REAL) because PostgreSQL's REAL is
# 4 bytes and would round a clock offset. An existing pre-tenant database keeps every
# row: its applications and customers become the demo tenant's, its clock offset the
# demo tenant's offset. Migration 2 (below).
TENANT_UPGRADE = (
    "ALTER TABLE applications ADD COLUMN tenant TEXT NOT NULL DEFAULT 'demo'",
    # Logins are unique per tenant, not globally: rebuild customers without UNIQUE (login).
    "CREATE TABLE customers_by_tenant ("
    " user_id TEXT PRIMARY KEY, login TEXT NOT NULL, password TEXT NOT NULL,"
    " first_name TEXT NOT NULL, last_name TEXT NOT NULL, status TEXT NOT NULL,"
    " bim_rights TEXT NOT NULL, tenant TEXT NOT NULL DEFAULT 'demo', UNIQUE (tenant, login))",
    "INSERT INTO customers_by_tenant"
    " (user_id, login, password, first_name, last_name, status, bim_rights, tenant)"
    " SELECT user_id, login, password, first_name, last_name, status, bim_rights, 'demo'"
    " FROM customers",
    "DROP TABLE customers",
    "ALTER TABLE customers_by_tenant RENAME TO customers",
    "CREATE INDEX applications_by_tenant ON applications (tenant)",
    # Per-tenant state that lived in process memory (faults, rate limits) or in meta (clock).
    "CREATE TABLE tenant_clocks ("
    " tenant TEXT PRIMARY KEY, offset_seconds DOUBLE PRECISION NOT NULL)",
    "INSERT INTO tenant_clocks (tenant, offset_seconds)"
    " SELECT 'demo', CAST(value AS DOUBLE PRECISION) FROM meta WHERE key = 'clock_offset'",
    "DELETE FROM meta WHERE key = 'clock_offset'",
    "CREATE TABLE faults ("
    " tenant TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, remaining INTEGER NOT NULL,"
    " operation_id TEXT, PRIMARY KEY (tenant, seq))",
    "CREATE TABLE rate_windows ("
    " tenant TEXT NOT NULL, rate_key TEXT NOT NULL, started DOUBLE PRECISION NOT NULL,"
    " calls INTEGER NOT NULL, PRIMARY KEY (tenant, rate_key))",
    "CREATE INDEX rate_windows_by_start ON rate_windows (started)",
)
# The same upgrade in PostgreSQL, which changes a constraint in place (SQLite rebuilds).
POSTGRESQL_TENANT_UPGRADE = """
ALTER TABLE applications ADD COLUMN tenant TEXT COLLATE "C" NOT NULL DEFAULT 'demo';
ALTER TABLE customers ADD COLUMN tenant TEXT COLLATE "C" NOT NULL DEFAULT 'demo';
ALTER TABLE customers DROP CONSTRAINT customers_login_key;
ALTER TABLE customers ADD CONSTRAINT customers_tenant_login_key UNIQUE (tenant, login);
CREATE INDEX applications_by_tenant ON applications (tenant);
CREATE TABLE tenant_clocks (
    tenant TEXT COLLATE "C" PRIMARY KEY, offset_seconds DOUBLE PRECISION NOT NULL);
INSERT INTO tenant_clocks (tenant, offset_seconds)
    SELECT 'demo', CAST(value AS DOUBLE PRECISION) FROM meta WHERE key = 'clock_offset';
DELETE FROM meta WHERE key = 'clock_offset';
CREATE TABLE faults (
    tenant TEXT COLLATE "C" NOT NULL, seq BIGINT NOT NULL, kind TEXT COLLATE "C" NOT NULL,
    remaining BIGINT NOT NULL, operation_id TEXT COLLATE "C", PRIMARY KEY (tenant, seq));
CREATE TABLE rate_windows (
    tenant TEXT COLLATE "C" NOT NULL, rate_key TEXT COLLATE "C" NOT NULL,
    started DOUBLE PRECISION NOT NULL, calls BIGINT NOT NULL, PRIMARY KEY (tenant, rate_key));
CREATE INDEX rate_windows_by_start ON rate_windows (started);
"""

# Adding a migration = adding one entry (per-dialect SQL where the dialects differ;
# postgresql_tables() maps plain CREATE/ALTER TABLE text to PostgreSQL's types).
MIGRATIONS = (
    Migration(
        1,
        "schema and running totals",
        SCHEMA + TOTALS,
        postgresql_tables(SCHEMA) + POSTGRESQL_TOTALS,
    ),
    Migration(2, "tenants", ";\n".join(TENANT_UPGRADE) + ";\n", POSTGRESQL_TENANT_UPGRADE),
    Migration(3, "daily-use running totals", usage_totals.SQLITE, usage_totals.POSTGRESQL),
    # (account_id, status) is a prefix of blockades_by_expiry, which serves the same
    # lookups: one B-tree fewer to write on every create.
    Migration(4, "drop a redundant blockade index", "DROP INDEX IF EXISTS blockades_by_account;"),
    Migration(5, "tenants' last use (--tenant-ttl-days)", expiry.SQLITE, expiry.POSTGRESQL),
    Migration(6, "indexes for a tenant's deletion", tenants.INDEXES),
)


TABLES = (
    "meta", "applications", "customers", "accounts", "consent_sessions", "auth_codes",
    "tokens", "blockades", "payments", "authorizations", "transactions", "open_blockades",
    "usage_days", "tenant_clocks", "faults", "rate_windows", "tenant_activity",
)  # fmt: skip


class Database:
    """`url`: a SQLite path (or `sqlite:///path`, `:memory:`) or `postgresql://…`."""

    def __init__(self, url: str, *, migrations: Sequence[Migration] | None = None) -> None:
        if url.startswith(("postgresql://", "postgres://")):
            from .db.postgres import PostgresEngine  # psycopg only when asked for

            self._engine: SqliteEngine | PostgresEngine = PostgresEngine(url)
        else:
            self._engine = SqliteEngine(sqlite_path(url))
        self.dialect = self._engine.dialect
        with self.transaction() as conn:
            self.version = migrate(self._engine, conn, migrations or MIGRATIONS)
            for statement in REBUILD_TOTALS:
                conn.execute(statement)
            usage_totals.rebuild(conn, self.dialect)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An atomic unit of work: nobody else reads or writes in between."""
        with self._engine.transaction() as conn:
            yield conn

    @contextmanager
    def savepoint(self, conn: sqlite3.Connection) -> Iterator[None]:
        """Inside a transaction: a part that an exception undoes alone, the rest commits
        (a bank call's handler fails, its gate's fault and rate-limit hit still count)."""
        with self._engine.savepoint(conn):
            yield

    def is_empty(self, conn: sqlite3.Connection) -> bool:
        """No application yet: a fresh database (inside the caller's transaction)."""
        count: int = conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
        return count == 0

    def wipe(self, conn: sqlite3.Connection) -> None:
        """Every table emptied, every tenant's (tests; a tenant's reset is tenants.wipe)."""
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        self._engine.close()


def sqlite_path(url: str) -> str:
    """`sqlite:///rel/path`, `sqlite:////abs/path` or a plain path (`:memory:` too)."""
    return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url
