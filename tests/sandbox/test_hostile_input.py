"""Hostile input gets a documented JSON error (issue 11, defects 1-5 and 8), in-process.

tests/sandbox/test_corpus.py sends the same classes of input to a real sandbox process.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nestbank_sandbox.app import create_app
from nestbank_sandbox.bodies import _depth
from nestbank_sandbox.callers import Identity, identify
from nestbank_sandbox.clock import format_time, parse_time
from nestbank_sandbox.demo import DEMO_TENANT
from nestbank_sandbox.ecma import python_pattern
from nestbank_sandbox.ratelimit import PUBLIC
from nestbank_sandbox.spec import load_spec
from nestbank_sandbox.storage import Database
from nestbank_sandbox.tenants import reset
from nestbank_sandbox.validation import IncomingRequest

from .support import DEMO_REDIRECT, SpecClient, authorize_body, blockade, payment

MAIN = "/account/acc-demo-main"


def refused(response: Any, status: int = 400, code: str = "parameters_error") -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"] == code


# Defect 1: a RecursionError escaped the callbackUri pre-check of the authorize operations.
@pytest.mark.parametrize("depth", [50, 1000, 100_000])
@pytest.mark.parametrize(
    "path", [f"{MAIN}/blockade/authorize", "/payment/authorize", f"{MAIN}/blockade", "/payment"]
)
def test_deeply_nested_json_is_a_bad_request(
    client: SpecClient, demo: dict[str, str], path: str, depth: int
) -> None:
    body = "[" * depth + "]" * depth
    headers = {**demo, "Content-Type": "application/json"}
    refused(client.post(path, content=body.encode(), headers=headers))
    nested = '{"a":' * depth + "1" + "}" * depth
    refused(client.post(path, content=nested.encode(), headers=headers))


def _nesting(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_nesting, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_nesting, value), default=0)
    return 0


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab'),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_nesting_depth_ignores_brackets_in_strings(value: Any) -> None:
    """Found by the write properties: a title of 140 `[` counted as 140 levels."""
    assert _depth(json.dumps(value)) == _nesting(value)


# Defect 2: a lone surrogate passed the pattern and broke SQLite (500).
@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\udbff\udc00x\ud800"])
def test_lone_surrogates_are_a_bad_request(
    client: SpecClient, demo: dict[str, str], text: str
) -> None:
    headers = {**demo, "Content-Type": "application/json"}
    writes = [
        (f"{MAIN}/blockade", blockade("sur-1", "10.00", title=text)),
        ("/payment", payment("sur-2", "10.00") | {"title": text}),
        (f"{MAIN}/blockade/authorize", authorize_body("blockadeId", "sur-3", "10.00", title=text)),
        ("/payment/authorize", authorize_body("orderId", "sur-4", "10.00", title=text)),
        (f"{MAIN}/blockade", blockade("sur-5", "10.00") | {text: 1}),
    ]
    for path, body in writes:
        raw = json.dumps(body).encode()  # ensure_ascii: the surrogate travels as \ud800
        refused(client.post(path, content=raw, headers=headers))
    put = json.dumps({"amount": {"amount": "5.00", "currency": "PLN"}, "title": text})
    refused(client.put(f"{MAIN}/blockade/demo-deposit-0001", content=put, headers=headers))


# Defect 4: Python's `$` matched before a final newline.
@pytest.mark.parametrize(
    "body",
    [
        blockade("nl\n", "10.00"),
        blockade("nl-1", "1.00\n"),
        blockade("nl-2", "10.00", title="line\n"),
        blockade("nl-3", "10.00", title="line\r"),
        blockade("nl-4", "\u0661.00"),  # ARABIC-INDIC DIGIT ONE: \d in Python, not ECMA-262
    ],
)
def test_patterns_have_their_json_schema_meaning(
    client: SpecClient, demo: dict[str, str], body: dict[str, Any]
) -> None:
    refused(client.post(f"{MAIN}/blockade", json=body, headers=demo))
    assert client.get(f"{MAIN}/blockade", headers=demo).json()["totalCount"] == 1  # demo's own


def test_trailing_newline_in_a_path_identifier_is_refused(
    client: SpecClient, demo: dict[str, str]
) -> None:
    refused(client.get(f"{MAIN}/blockade/demo-deposit-0001%0A", headers=demo))
    refused(client.get("/payment/nl%0A", headers=demo))


# Defect 3: instants past 9999-12-31T23:59:59Z in UTC.
LATE = ["9999-12-31T23:59:59-00:01", "9999-12-31T20:00:00-05:00", "9999-12-31T23:59:59.999-23:59"]


@pytest.mark.parametrize("instant", LATE)
def test_instants_past_year_9999_in_utc_are_a_bad_request(
    client: SpecClient, demo: dict[str, str], instant: str
) -> None:
    refused(
        client.post(
            f"{MAIN}/blockade", json=blockade("late-1", "10.00", expiresAt=instant), headers=demo
        )
    )
    update = {"amount": {"amount": "5.00", "currency": "PLN"}, "title": "T", "expiresAt": instant}
    refused(client.put(f"{MAIN}/blockade/demo-deposit-0001", json=update, headers=demo))
    started = authorize_body("blockadeId", "late-2", "1500.00", expiresAt=instant)
    refused(client.post(f"{MAIN}/blockade/authorize", json=started, headers=demo))
    refused(client.get(f"{MAIN}/transactions", params={"from": instant}, headers=demo))
    assert client.get(f"{MAIN}/blockade", headers=demo).status_code == 200


def test_the_last_writable_instant_is_accepted(client: SpecClient, demo: dict[str, str]) -> None:
    last = "9999-12-31T23:59:59Z"
    made = client.post(
        f"{MAIN}/blockade", json=blockade("last-1", "10.00", expiresAt=last), headers=demo
    )
    assert made.status_code == 201 and made.json()["expiresAt"] == last


@settings(max_examples=200, deadline=None)
@given(st.datetimes(), st.integers(-23 * 60 - 59, 23 * 60 + 59))
def test_every_parsed_instant_can_be_written_back(moment: Any, offset_minutes: int) -> None:
    sign = "-" if offset_minutes < 0 else "+"
    hours, minutes = divmod(abs(offset_minutes), 60)
    text = f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S")
    instant = parse_time(f"{text}{sign}{hours:02d}:{minutes:02d}")
    if instant is not None:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", format_time(instant))


def test_the_clock_cannot_be_pushed_past_writable_instants(client: SpecClient) -> None:
    step = 10 * 366 * 86400
    answers = [client.control("/_sandbox/clock", {"advanceSeconds": step}) for _ in range(800)]
    assert {a.status_code for a in answers} == {200, 400}
    assert answers[-1].json()["error"] == "parameters_error"
    demo = client.token()  # pairing, tokens and writes still work at the latest "now"
    assert (
        client.post("/payment", json=payment("late-pay", "10.00"), headers=demo).status_code == 201
    )
    assert client.get("/payment/late-pay", headers=demo).json()["createdAt"] < "9900"


def test_a_stored_clock_past_the_bound_is_not_restored(tmp_path: Any) -> None:
    database = str(tmp_path / "sandbox.db")
    with SpecClient(create_app(database, rate_limit_per_minute=0)):
        pass
    import sqlite3

    with sqlite3.connect(database) as conn:  # a file written before the bound existed
        conn.execute("UPDATE meta SET value = '1e12' WHERE key = 'clock_offset'")
    with SpecClient(create_app(database, rate_limit_per_minute=0)) as client:
        now = client.control("/_sandbox/clock", {"advanceSeconds": 0}).json()["now"]
        assert now < "9000"


# Defect 5: a made-up access_token header per call bought a fresh rate-limit budget.
def test_made_up_tokens_do_not_dodge_the_rate_limit() -> None:
    with SpecClient(create_app(":memory:", rate_limit_per_minute=5)) as client:
        form = {
            "grant_type": "authorization_code", "code": "x", "redirect_uri": DEMO_REDIRECT,
            "state": "a" * 128, "client_id": "demo-app", "client_secret": "guess",
        }  # fmt: skip
        statuses = [
            client.post("/grant", data=form, headers={"access_token": f"made-up-{n}"}).status_code
            for n in range(8)
        ]
        assert statuses[:5] == [401] * 5 and statuses[5:] == [429] * 3
        guesses = [
            client.get("/user", headers={"access_token": f"t-{n}"}).status_code for n in range(3)
        ]
        assert guesses == [429] * 3  # the same address's budget


def test_only_a_credential_names_the_tenant_whose_budget_a_call_spends() -> None:
    """A wrong secret, or a client_id only in the query, spends the address's PUBLIC
    budget, whatever client_id it names; the right secret spends the client's own."""
    spec = load_spec()
    grant, get_user = spec.by_id["grantToken"], spec.by_id["getUser"]
    db = Database(":memory:")
    with db.transaction() as conn:
        reset(conn, DEMO_TENANT, 0.0)

        def grant_call(form: bytes, query: list[tuple[str, str]]) -> IncomingRequest:
            return IncomingRequest(
                "POST", "/grant", query, {}, form, "application/x-www-form-urlencoded"
            )

        wrong = b"grant_type=refresh_token&refresh_token=r&client_id=demo-app&client_secret=g"
        right = (
            b"grant_type=refresh_token&refresh_token=r&client_id=demo-app&client_secret=demo-secret"
        )
        for call in (grant_call(wrong, []), grant_call(b"", [("client_id", "demo-app")])):
            assert identify(conn, grant, call, None, "10.0.0.1") == Identity(
                None, [(PUBLIC, "addr:10.0.0.1")]
            )
        assert identify(conn, grant, grant_call(right, []), None, "10.0.0.1") == Identity(
            DEMO_TENANT, [(DEMO_TENANT, "client:demo-app")]
        )
        read = IncomingRequest("GET", "/user", [], {"access_token": "tok"}, b"", "")
        assert identify(conn, get_user, read, None, "10.0.0.1").tenant is None
    db.close()


# Defect 8.
def test_utf16_bodies_are_a_bad_request(client: SpecClient, demo: dict[str, str]) -> None:
    for encoding in ("utf-16", "utf-16-le", "utf-32", "utf-8-sig"):
        raw = json.dumps(blockade("enc-1", "10.00")).encode(encoding)
        headers = {**demo, "Content-Type": "application/json"}
        refused(client.post(f"{MAIN}/blockade", content=raw, headers=headers))
    assert client.get(f"{MAIN}/blockade", headers=demo).json()["totalCount"] == 1


def test_a_body_that_never_arrives_is_answered_in_time() -> None:
    """An overstated Content-Length held the connection for more than 30 s."""
    import socket

    from nestbank_sandbox.context import Settings

    from .support import live_server

    app = create_app(":memory:", rate_limit_per_minute=0, settings=Settings(body_timeout=1.0))
    with live_server(app) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            started = time.monotonic()
            sock.sendall(
                b"POST /payment HTTP/1.1\r\nHost: 127.0.0.1\r\naccess_token: x\r\n"
                b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":'
            )
            answer = sock.recv(65536).decode()
            elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed
    assert answer.startswith("HTTP/1.1 400"), answer


def test_python_pattern_rewrite() -> None:
    assert python_pattern("^[a-z$]+$") == "(?a)^[a-z$]+\\Z"
    assert python_pattern(r"^\$.$") == "(?a)^\\$[^\\n\\r\\u2028\\u2029]\\Z"
    assert python_pattern("^[]a]$") == "(?a)^[]a]\\Z"
