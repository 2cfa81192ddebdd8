"""PostgreSQL through psycopg 3, behind the sqlite3 surface the handlers use.

Handlers keep their SQL: `?` placeholders become `%s` (once per statement text, cached),
rows answer by name and by index like `sqlite3.Row`, a unique-key violation is raised
as `sqlite3.IntegrityError`, SUM() (numeric) comes back as int and bool goes in as int.
PostgreSQL text cannot hold NUL, which SQLite stores: a text parameter's NUL becomes
U+FFFD (the bank API's validation refuses NUL before any SQL; a control or form value
with one then finds no stored row, as on SQLite, instead of failing the call).

Writers are serialized by one transaction-scoped advisory lock taken with BEGIN: every
transaction (the sandbox's are short) holds it until COMMIT, across every worker process
and machine, which is what BEGIN IMMEDIATE gives on SQLite. Limit checks therefore read
what the previous writer committed and nobody writes in between; READ COMMITTED suffices
under the lock, and no transaction ever needs a retry.

Round trips are what a call costs here (SQLite makes them in-process): BEGIN and the lock
are not sent on their own but in one pipeline with the transaction's first statement, and
a savepoint likewise with the statement after it; a transaction that ran no statement
sends nothing, not even COMMIT.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, cast

import psycopg
from psycopg.adapt import Buffer, Loader
from psycopg.pq import TransactionStatus
from psycopg.types.numeric import IntDumper

# Any constant works; every sandbox transaction on this database takes the same one.
WRITER_LOCK = 0x4E455354  # "NEST"
OPEN = ("BEGIN", f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
SAVEPOINT = "handler"


@lru_cache(maxsize=1024)
def to_psycopg(sql: str) -> str:
    """`?` → `%s` outside quotes, and `%` → `%%` (psycopg reads % everywhere)."""
    out, quote = [], ""
    for char in sql:
        if char == "%":
            out.append("%%")
        elif quote:
            out.append(char)
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
            out.append(char)
        else:
            out.append("%s" if char == "?" else char)
    return "".join(out)


class Row(Sequence[Any]):
    """A result row by index and by column name, like sqlite3.Row."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values, self._index = values, index

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._index)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=False))!r})"


def _row_factory(cursor: Any) -> Any:
    # The names straight from the result: cursor.description builds a Column object per
    # column on every access, a quarter of the adapter's time on a wide row.
    result = cursor.pgresult
    names = tuple(result.fname(i) for i in range(result.nfields)) if result else ()
    index = _index(names)
    return lambda values: Row(values, index)


@lru_cache(maxsize=1024)
def _index(names: tuple[bytes | None, ...]) -> dict[str, int]:
    """Position by column name (the sandbox's statements are few: cached per name list)."""
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        # sqlite3.Row: the first column of a name wins
        index.setdefault((name or b"").decode(), position)
    return index


class IntegralNumericLoader(Loader):
    """SUM(bigint) is numeric in PostgreSQL; the sandbox's sums are whole grosze."""

    def load(self, data: Buffer) -> int | float:
        text = bytes(data).decode()
        return float(text) if "." in text else int(text)


class BoolAsIntDumper(IntDumper):
    """SQLite stores True as 1: so do the sandbox's INTEGER flag columns here."""

    def dump(self, obj: Any) -> Buffer | None:
        return super().dump(int(obj))


class Cursor:
    """What the handlers use of sqlite3.Cursor."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cursor = cursor

    def _has_rows(self) -> bool:
        """What `description` says (rows were returned), without building it."""
        result = self._cursor.pgresult
        return result is not None and result.nfields > 0

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._has_rows() else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self._has_rows() else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


def _storable(value: Any) -> Any:
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


class Connection:
    """What the handlers use of sqlite3.Connection: execute(sql, params).

    Statements owed to the server (BEGIN and the lock, a SAVEPOINT) wait in `_owed` and go
    out in one pipeline with the next statement: one round trip instead of two or three.
    """

    def __init__(self, engine: PostgresEngine) -> None:
        self._engine = engine
        self._owed: list[str] = list(OPEN)
        self.begun = False  # BEGIN went out: the transaction needs its COMMIT or ROLLBACK
        self.savepoint_sent = False

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        try:
            if not self.begun:
                return self._first(sql, params)
            return self._send(sql, params)
        except psycopg.errors.IntegrityError as exc:
            raise sqlite3.IntegrityError(str(exc)) from exc

    def owe_savepoint(self) -> None:
        self._owed.append(f"SAVEPOINT {SAVEPOINT}")

    def drop_savepoint(self) -> bool:
        """Forget an unsent savepoint; True if it was sent (the caller rolls back to it)."""
        owed = f"SAVEPOINT {SAVEPOINT}"
        if owed in self._owed:
            self._owed.remove(owed)
        sent, self.savepoint_sent = self.savepoint_sent, False
        return sent

    def _first(self, sql: str, params: Sequence[Any] | None) -> Cursor:
        """The transaction's first statement, behind BEGIN and the lock. A connection the
        server dropped (restart, failover, idle timeout) is replaced once, which is safe
        because nothing of this transaction can have committed."""
        self.begun, owed = True, list(self._owed)
        try:
            return self._send(sql, params)
        except psycopg.OperationalError:
            if not (self._engine.conn.broken or self._engine.conn.closed):
                raise
            self._engine.reconnect()
            self._owed, self.savepoint_sent = owed, False
            return self._send(sql, params)

    def _send(self, sql: str, params: Sequence[Any] | None) -> Cursor:
        conn, owed = self._engine.conn, self._owed
        if owed:
            # Counted as sent even if the statement after them fails: they ran before it.
            self._owed = []
            self.savepoint_sent = self.savepoint_sent or f"SAVEPOINT {SAVEPOINT}" in owed
        if params is None:  # a script (several statements): the simple protocol, unpiped
            for statement in owed:
                conn.execute(cast(Any, statement))
            return Cursor(conn.execute(cast(Any, sql)))
        values = tuple(_storable(value) for value in params)
        if not owed:
            return Cursor(conn.execute(cast(Any, to_psycopg(sql)), values))
        with conn.pipeline():  # one round trip: the owed statements, then this one
            for statement in owed:
                conn.execute(cast(Any, statement))
            cursor = conn.execute(cast(Any, to_psycopg(sql)), values)
        return Cursor(cursor)


class PostgresEngine:
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self._url = url
        self._lock = threading.RLock()
        self.conn = self._connect()

    def _connect(self) -> psycopg.Connection[Any]:
        conn = psycopg.connect(self._url, autocommit=True, row_factory=_row_factory)
        conn.adapters.register_loader("numeric", IntegralNumericLoader)
        conn.adapters.register_dumper(bool, BoolAsIntDumper)
        return conn

    def reconnect(self) -> None:
        self.conn.close()
        self.conn = self._connect()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self.conn.closed or self.conn.broken:
                self.reconnect()
            wrapper = Connection(self)
            try:
                yield cast(sqlite3.Connection, wrapper)
            except BaseException:
                if wrapper.begun and not self.conn.broken:
                    self.conn.execute("ROLLBACK")
                raise
            if not wrapper.begun:
                return  # no statement went out: nothing to commit
            if self._failed():
                # SQLite would commit the statements before a caught error; PostgreSQL
                # has dropped them all: say so rather than acknowledge a lost write.
                self.conn.execute("ROLLBACK")
                raise RuntimeError("a statement failed inside the transaction")
            self.conn.execute("COMMIT")

    @contextmanager
    def savepoint(self, conn: sqlite3.Connection) -> Iterator[None]:
        """A part of the open transaction that an exception undoes alone (the handler
        after the gate). Sent with the part's first statement; never released: COMMIT
        keeps it, ROLLBACK TO (only on failure) undoes it."""
        wrapper = cast(Connection, conn)
        wrapper.owe_savepoint()
        try:
            yield
            if self._failed():
                raise RuntimeError("a statement failed inside the transaction")
        except BaseException:
            if wrapper.drop_savepoint() and not self.conn.broken:
                self.conn.execute(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
            raise
        wrapper.drop_savepoint()

    def _failed(self) -> bool:
        return self.conn.info.transaction_status == TransactionStatus.INERROR

    def run_script(self, conn: sqlite3.Connection, script: str) -> None:
        conn.execute(script)  # no parameters: psycopg sends several statements at once

    def close(self) -> None:
        with self._lock:
            self.conn.close()
