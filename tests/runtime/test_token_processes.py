"""Defect 3: worker processes sharing a token store never see a false `refresh_token_expired`.

Four processes share one `FileTokenStore` whose access token needs a refresh, and
call the sandbox at the same moment, over repeated trials: half of the trials with
an access token that the holders see expiring (refresh ahead of time), half with one
that only the bank finds expired (`401 access_token_invalid`, then a refresh). The
store's atomic hook (`lock()`) lets exactly one process refresh per trial; the
others read the rotated tokens. Without it, two workers send the same refresh token
and the slower one gets `401 refresh_token_expired` ("pair again").
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from nestbank_client.file_store import FileTokenStore

from .test_sandbox import Bank

WORKER = Path(__file__).with_name("token_worker.py")
WORKERS = 4
TRIALS = 6


def _run_workers(bank: Bank, store: Path, folder: Path) -> list[dict[str, object]]:
    go = folder / "go"
    ready = [folder / f"ready-{n}" for n in range(WORKERS)]
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), bank.base_url, str(store), str(flag), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for flag in ready
    ]
    deadline = time.monotonic() + 120
    while not all(flag.exists() for flag in ready):
        assert time.monotonic() < deadline, "the workers did not start"
        assert all(worker.poll() is None for worker in workers), "a worker died while starting"
        time.sleep(0.01)
    go.touch()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert out.strip(), err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


@pytest.mark.parametrize("trial", range(TRIALS))
def test_workers_sharing_a_store_refresh_once_and_all_succeed(
    bank: Bank, tmp_path: Path, trial: int
) -> None:
    bank.control("/_sandbox/reset")
    tokens = bank.pair()
    store_path = tmp_path / "tokens" / "demo.json"
    store = FileTokenStore(store_path)
    if trial % 2 == 0:
        # The holders see the access token expired: they refresh before calling.
        store.save(dataclasses.replace(tokens, access_expires_at=time.time() - 1))
    else:
        # Only the bank finds it expired: 401 access_token_invalid, then a refresh.
        store.save(tokens)
        bank.advance_clock(1201)

    results = _run_workers(bank, store_path, tmp_path)

    assert [result for result in results if not result["ok"]] == []
    assert sum(int(str(result["refreshes"])) for result in results) == 1
    stored = store.load()
    assert stored is not None and stored.refresh_token != tokens.refresh_token
    assert bank.oauth.refresh(stored.refresh_token).access_token  # the stored one is live
