"""SQLite: one connection per process, WAL, writers serialized by BEGIN IMMEDIATE.

Several processes (`--workers N`) each open their own connection; BEGIN IMMEDIATE takes
the file's write lock at the start of every transaction, so a limit check and the write
it guards are never interleaved with another process's.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class SqliteEngine:
    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA busy_timeout = 30000")  # other workers' transactions
        if path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (disk full, I/O error) leaves the transaction open, and
                # with it the file's write lock: every later call of every worker would
                # fail. Some errors end the transaction themselves: no ROLLBACK then.
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    @contextmanager
    def savepoint(self, conn: sqlite3.Connection) -> Iterator[None]:
        """A part of the open transaction that an exception undoes alone (the handler
        after the gate); COMMIT keeps it, so it is never released."""
        conn.execute("SAVEPOINT handler")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO SAVEPOINT handler")
            raise

    def run_script(self, conn: sqlite3.Connection, script: str) -> None:
        """Statements one by one (executescript would COMMIT the open transaction)."""
        for statement in split_sqlite(script):
            conn.execute(statement)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def split_sqlite(script: str) -> list[str]:
    """A script's statements; a trigger's BEGIN … END body stays one statement."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return [statement for statement in statements if statement.strip(" ;\n")]
