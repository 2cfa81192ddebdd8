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
BEGIN = f"BEGIN; SELECT pg_advisory_xact_lock({WRITER_LOCK})"


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
    names = [column.name for column in cursor.description or ()]
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        index.setdefault(name, position)  # sqlite3.Row: the first column of a name wins
    return lambda values: Row(values, index)


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

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self._cursor.description else []

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
    """What the handlers use of sqlite3.Connection: execute(sql, params)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        try:
            if params is None:
                return Cursor(self._conn.execute(cast(Any, sql)))
            values = tuple(_storable(value) for value in params)
            return Cursor(self._conn.execute(cast(Any, to_psycopg(sql)), values))
        except psycopg.errors.IntegrityError as exc:
            raise sqlite3.IntegrityError(str(exc)) from exc


class PostgresEngine:
    dialect = "postgresql"

    def __init__(self, url: str) -> None:
        self._url = url
        self._lock = threading.RLock()
        self._conn = self._connect()

    def _connect(self) -> psycopg.Connection[Any]:
        conn = psycopg.connect(self._url, autocommit=True, row_factory=_row_factory)
        conn.adapters.register_loader("numeric", IntegralNumericLoader)
        conn.adapters.register_dumper(bool, BoolAsIntDumper)
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._begin()
            try:
                yield cast(sqlite3.Connection, Connection(self._conn))
            except BaseException:
                if not self._conn.broken:
                    self._conn.execute("ROLLBACK")
                raise
            if self._conn.info.transaction_status == TransactionStatus.INERROR:
                # SQLite would commit the statements before a caught error; PostgreSQL
                # has dropped them all: say so rather than acknowledge a lost write.
                self._conn.execute("ROLLBACK")
                raise RuntimeError("a statement failed inside the transaction")
            self._conn.execute("COMMIT")

    def _begin(self) -> None:
        """BEGIN and the lock; a connection the server dropped (restart, failover, idle
        timeout) is replaced once, which is safe because nothing has run on it yet."""
        if self._conn.closed or self._conn.broken:
            self._conn = self._connect()
        try:
            self._conn.execute(BEGIN)
        except psycopg.OperationalError:
            self._conn.close()
            self._conn = self._connect()
            self._conn.execute(BEGIN)

    def run_script(self, conn: sqlite3.Connection, script: str) -> None:
        conn.execute(script)  # no parameters: psycopg sends several statements at once

    def close(self) -> None:
        with self._lock:
            self._conn.close()
