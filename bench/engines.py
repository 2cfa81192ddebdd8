"""The sandbox on each engine with 1 and 2 workers: createBlockade and GET throughput.

Four configurations, each its own `python -m nestbank_sandbox --workers N` on a free
port: a SQLite file, and a database on a throwaway PostgreSQL server (tests/postgres.py,
fsync off like the tests). The same wrk load as bench.sandbox_vs_prism (1 thread, 10
connections): `GET /account/{id}` and `POST` createBlockade with fresh identifiers, one
token, `--rate-limit 0`. Every call takes the one writer lock (BEGIN IMMEDIATE, or the
advisory lock), so a second worker adds parsing, validation and JSON capacity, not
write concurrency. Figures are printed, never asserted.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.sandbox_vs_prism import CREATE_LUA, DURATION, Load, _line, _process, _token, _wrk
from tests.postgres import Databases, postgres_server
from tests.servers import free_port, wait_for_workers

ACCOUNT = "acc-demo-main"


@contextlib.contextmanager
def _sandbox(database: str, workers: int) -> Iterator[str]:
    port = free_port()
    cmd = [sys.executable, "-m", "nestbank_sandbox", "--port", str(port), "--database",
           database, "--rate-limit", "0", "--workers", str(workers)]  # fmt: skip
    with _process(cmd, port) as proc:
        if workers > 1:
            wait_for_workers(proc.pid, workers)
            time.sleep(1)  # the last one imports its app, then accepts
        yield f"http://127.0.0.1:{port}"


def main() -> None:
    results: dict[str, Load] = {}
    with tempfile.TemporaryDirectory() as tmp, postgres_server() as admin:
        script = Path(tmp) / "create.lua"
        script.write_text(CREATE_LUA)
        databases = Databases(admin)
        for engine in ("sqlite", "postgresql"):
            for workers in (1, 2):
                with contextlib.ExitStack() as stack:
                    if engine == "sqlite":
                        database = str(Path(tmp) / f"w{workers}.db")
                    else:
                        database = stack.enter_context(databases.fresh())
                    base = stack.enter_context(_sandbox(database, workers))
                    token = _token(base)
                    name = f"{engine}, {workers} worker{'s' if workers > 1 else ''}"
                    results[f"{name}: GET"] = _wrk(f"{base}/account/{ACCOUNT}", token, None)
                    results[f"{name}: createBlockade"] = _wrk(
                        f"{base}/account/{ACCOUNT}/blockade", token, script
                    )
    print(f"wrk -t1 -c10 -d{DURATION}s each; --rate-limit 0; PostgreSQL 127.0.0.1, fsync off")
    for name, load in results.items():
        print(_line(name, load))


if __name__ == "__main__":
    main()
