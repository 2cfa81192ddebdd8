"""Our sandbox against Prism 5.16 `mock`: the same two calls, the same wrk load for each.

Both servers start on free loopback ports: the sandbox as `make sandbox` runs it (its own
process, a SQLite file) and Prism from tools/prism's lockfile. wrk (1 thread, 10
connections, DURATION seconds) drives `GET /account/{id}` and `POST` createBlockade (a
fresh blockadeId per request, from a Lua script). The sandbox runs with `--rate-limit 0`:
its per-token budget (600 a minute) would otherwise answer 429 to nearly every request.
Prism checks only that `access_token` is present and answers from examples.

Also printed: createBlockade after 100,000 blockades on the account (seeded straight into
SQLite) against a fresh database, and the sandbox's RSS at the start and end of the run.
Figures are printed, never asserted.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import sqlite3
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.servers import free_port, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "tools/prism/node_modules/.bin/prism"
SPEC = ROOT / "spec/nestbank.yaml"
DURATION = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = 2
HISTORY = 100_000
ACCOUNT = "acc-demo-main"
REDIRECT = "http://127.0.0.1:8765/callback"
CREATE_LUA = """
wrk.headers["Content-Type"] = "application/json"  -- beside -H access_token
counter = 0
prefix = string.format("%x%x", os.time(), math.random(1, 2147483647))
request = function()
  counter = counter + 1
  local body = '{"blockadeId":"w' .. prefix .. '-' .. counter ..
    '","amount":{"amount":"0.01","currency":"PLN"},"title":"bench"}'
  return wrk.format("POST", nil, nil, body)
end
"""


Served = contextlib.AbstractContextManager[subprocess.Popen[bytes]]


@dataclass(frozen=True)
class Load:
    rate: float  # requests per second
    p99_ms: float
    errors: int  # non-2xx answers and socket errors


@contextlib.contextmanager
def _process(cmd: list[str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", proc, 60)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _sandbox(port: int, database: Path) -> Served:
    cmd = [sys.executable, "-m", "nestbank_sandbox", "--port", str(port),
           "--database", str(database), "--rate-limit", "0"]  # fmt: skip
    return _process(cmd, port)


def _prism(port: int) -> Served:
    return _process([str(PRISM), "mock", str(SPEC), "-p", str(port), "-h", "127.0.0.1"], port)


def _token(base: str) -> str:
    """Pair the demo application (HTTP Basic, JSON) and grant a token."""
    state = "".join(secrets.choice(string.ascii_letters) for _ in range(128))  # 128 letters
    with httpx.Client(base_url=base) as http:
        pair = http.post("/_sandbox/pair", json={"state": state}, auth=("demo-app", "demo-secret"))
        pair.raise_for_status()
        form = {"grant_type": "authorization_code", "code": pair.json()["code"],
                "redirect_uri": REDIRECT, "state": state, "client_id": "demo-app",
                "client_secret": "demo-secret"}  # fmt: skip
        grant = http.post("/grant", data=form)
        grant.raise_for_status()
        return str(grant.json()["access_token"])


def _ms(text: str) -> float:
    """wrk's latency ("812.00us", "12.5ms", "1.02s", "1.20m") in milliseconds."""
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if found is None:
        return float("nan")
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}
    return float(found.group(1)) * scale[found.group(2)]


def _wrk(url: str, token: str, script: Path | None, seconds: int = DURATION) -> Load:
    if seconds == DURATION:  # warm up first (Node's JIT, SQLite's page cache), unmeasured
        _wrk(url, token, script, WARMUP)
    cmd = ["wrk", "-t1", "-c10", f"-d{seconds}s", "--latency", "-H", f"access_token: {token}"]
    if script is not None:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99_text = re.search(r"99%\s+(\S+)", out)
    p99 = _ms(p99_text.group(1)) if p99_text else float("nan")
    errors = sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout):?\s+(\d+)", out))
    return Load(rate, p99, errors)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _seed_history(database: Path, rows: int) -> None:
    """`rows` old active blockades (1 grosz, no expiry) on the account, straight into SQLite."""
    old = time.time() - 400 * 86400  # before this month and day: history, not usage
    with sqlite3.connect(database) as conn:
        conn.executemany(
            "INSERT INTO blockades (client_id, blockade_id, account_id, amount, title,"
            " created_at, updated_at, expires_at, status) VALUES (?,?,?,?,?,?,?,?,?)",
            (("demo-app", f"old-{i}", ACCOUNT, 1, "old", old, old, None, "ACTIVE")
             for i in range(rows)),
        )  # fmt: skip


def _line(name: str, load: Load) -> str:
    errors = f", {load.errors} errors" if load.errors else ""
    return f"{name:<34} {load.rate:8.0f} req/s  p99 {load.p99_ms:7.1f} ms{errors}"


def main() -> None:
    if not PRISM.exists():
        print("sandbox-vs-prism: skipped, run `npm ci --prefix tools/prism` (make test-py does)")
        return
    load_start = os.getloadavg()[0]  # the machine is shared: say how busy it was
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        script = work / "create.lua"
        script.write_text(CREATE_LUA)
        get_path, post_path = f"/account/{ACCOUNT}", f"/account/{ACCOUNT}/blockade"
        results: dict[str, Load] = {}
        port = free_port()
        with _sandbox(port, work / "fresh.db") as proc:
            base = f"http://127.0.0.1:{port}"
            token = _token(base)
            rss_start = _rss_mb(proc.pid)
            results["sandbox GET"] = _wrk(base + get_path, token, None)
            results["sandbox POST"] = _wrk(base + post_path, token, script)
            rss_end = _rss_mb(proc.pid)
        port = free_port()
        with _prism(port):
            base = f"http://127.0.0.1:{port}"
            results["prism GET"] = _wrk(base + get_path, "any", None)
            results["prism POST"] = _wrk(base + post_path, "any", script)
        history = work / "history.db"
        port = free_port()
        with _sandbox(port, history):  # creates the schema and the demo data
            pass
        _seed_history(history, HISTORY)
        with _sandbox(port, history):
            base = f"http://127.0.0.1:{port}"
            results[f"sandbox POST, {HISTORY:,} blockades"] = _wrk(
                base + post_path, _token(base), script
            )
    print(f"wrk -t1 -c10 -d{DURATION}s each; sandbox with --rate-limit 0, a SQLite file")
    print(f"load average (1 min): {load_start:.2f} at start, {os.getloadavg()[0]:.2f} at end")
    for name, load in results.items():
        print(_line(name, load))
    for call in ("GET", "POST"):
        ours, theirs = results[f"sandbox {call}"], results[f"prism {call}"]
        print(f"ratio sandbox/prism {call}: {ours.rate / theirs.rate:.2f}x")
    grown = results[f"sandbox POST, {HISTORY:,} blockades"].rate / results["sandbox POST"].rate
    print(f"createBlockade with {HISTORY:,} blockades / fresh database: {grown:.2f}x")
    print(f"sandbox RSS: {rss_start:.0f} MB at start, {rss_end:.0f} MB after both loads")


if __name__ == "__main__":
    main()
