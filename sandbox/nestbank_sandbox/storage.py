"""SQLite state: one connection guarded by a lock, writes in BEGIN IMMEDIATE transactions.

Unique primary keys on (client_id, blockade_id) and (client_id, order_id) make
idempotency atomic: of N concurrent creates with one identifier exactly one inserts.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

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
# Rebuilt on every start: a file from before the triggers, or rows written around them.
REBUILD_TOTALS = (
    "DELETE FROM open_blockades",
    "INSERT INTO open_blockades SELECT account_id, SUM(amount) FROM blockades"
    " WHERE status = 'ACTIVE' AND expires_at IS NULL GROUP BY account_id",
)

# --- Tenants (issue 15): an upgrade step applied after SCHEMA, once per database. ---
# A tenant is a partner application's world; the demo applications share the tenant
# "demo". Portable SQL (SQLite and PostgreSQL): `?` placeholders, no engine-only
# functions; DOUBLE PRECISION (SQLite reads it as REAL) because PostgreSQL's REAL is
# 4 bytes and would round a clock offset. An existing pre-tenant database keeps every
# row: its applications and customers become the demo tenant's, its clock offset the
# demo tenant's offset. Applied in one transaction together with the meta marker.
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
TENANT_MARKER = "schema_tenants"


def upgrade_to_tenants(conn: sqlite3.Connection) -> bool:
    """Apply TENANT_UPGRADE unless the marker says it was; True if it ran."""
    done = conn.execute("SELECT value FROM meta WHERE key = ?", (TENANT_MARKER,)).fetchone()
    if done is not None:
        return False
    for statement in TENANT_UPGRADE:
        conn.execute(statement)
    conn.execute("INSERT INTO meta (key, value) VALUES (?, '1')", (TENANT_MARKER,))
    return True


TABLES = (
    "meta", "applications", "customers", "accounts", "consent_sessions", "auth_codes",
    "tokens", "blockades", "payments", "authorizations", "transactions", "open_blockades",
)  # fmt: skip


class Database:
    def __init__(self, path: str) -> None:
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 5000")
        if path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.executescript(SCHEMA + TOTALS)
        with self.transaction() as conn:
            upgrade_to_tenants(conn)
            for statement in REBUILD_TOTALS:
                conn.execute(statement)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An atomic unit of work: nobody else reads or writes in between."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def is_empty(self) -> bool:
        with self.transaction() as conn:
            count: int = conn.execute("SELECT COUNT(*) FROM applications").fetchone()[0]
        return count == 0

    def wipe(self, conn: sqlite3.Connection) -> None:
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")

    def get_meta(self, key: str) -> str | None:
        with self.transaction() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()
