"""A COMMIT that fails on SQLite (disk full, an I/O error) answers 500 and leaves the
database usable: the transaction is rolled back, so neither this worker's next call nor
another process waits on a write lock that nobody will release."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from nestbank_sandbox.app import create_app

from .support import SpecClient, blockade

MAIN = "/account/acc-demo-main"


def test_a_failed_commit_leaves_the_database_usable(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.db"
    app = create_app(str(path), rate_limit_per_minute=0)
    engine = app.state.services.db._engine
    real: sqlite3.Connection = engine._conn

    class CommitFailsOnce:
        failed = False

        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def execute(self, sql: str, *args: Any) -> Any:
            if sql == "COMMIT" and not CommitFailsOnce.failed:
                CommitFailsOnce.failed = True
                raise sqlite3.OperationalError("disk I/O error (simulated)")
            return real.execute(sql, *args)

    with SpecClient(app) as client:
        headers = client.token()
        engine._conn = CommitFailsOnce()
        lost = client.post(f"{MAIN}/blockade", json=blockade("w-1", "1.00"), headers=headers)
        assert (lost.status_code, lost.json()["error"]) == (500, "internal.server.error")
        assert not real.in_transaction
        assert client.get(MAIN, headers=headers).status_code == 200
        missing = client.get(f"{MAIN}/blockade/w-1", headers=headers)
        assert missing.status_code == 404  # the write of the failed call is not there
        other = sqlite3.connect(path, timeout=1)  # another process's view: no lock held
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()
        again = client.post(f"{MAIN}/blockade", json=blockade("w-1", "1.00"), headers=headers)
        assert again.status_code == 201, again.text
