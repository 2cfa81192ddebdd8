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
