"""A throwaway PostgreSQL server: Debian's initdb + pg_ctl into a temporary folder.

initdb refuses to run as root, so as root the cluster belongs to the `postgres` user
(`runuser`). It listens on 127.0.0.1 on a free port only (no Unix socket), trusts local
connections, and skips fsync: the data dies with the test run anyway. Durability of an
acknowledged write against a killed *sandbox* worker does not depend on it (the server
keeps running; its commit is in its memory and WAL buffers).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

from tests.servers import START_ATTEMPTS, free_port

SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
    " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
)


def postgres_bin() -> Path | None:
    """The newest installed server's bin folder (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def _as_owner(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yields the admin URL of its `postgres` database; stops it after."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed: `make test` installs Debian's postgresql")
    folder = Path(tempfile.mkdtemp(prefix="nestbank-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        _as_owner([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    log = folder / "server.log"
    for attempt in range(1, START_ATTEMPTS + 1):  # the port may be taken before it binds
        port = free_port()
        started = subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w",
                       "-o", f"-p {port} {SERVER_OPTIONS}", "start"]),
            check=attempt == START_ATTEMPTS, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        if started.returncode == 0:
            break
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


class Databases:
    """Fresh, empty databases on one server, each dropped when done."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self._count = 0

    def _admin(self, sql: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.encode())  # names made here, never input

    def create(self) -> str:
        self._count += 1
        name = f"sandbox_{os.getpid()}_{self._count}_{time.monotonic_ns()}"
        self._admin(f"CREATE DATABASE {name}")
        return self.admin_url.rsplit("/", 1)[0] + "/" + name

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    @contextlib.contextmanager
    def fresh(self) -> Iterator[str]:
        url = self.create()
        try:
            yield url
        finally:
            self.drop(url)
