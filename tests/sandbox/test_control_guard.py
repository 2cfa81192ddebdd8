"""Nobody controls the sandbox anonymously, from another site, or through another host name.

Issue 11, defect 6: the /_sandbox/ controls needed no credential, took a `text/plain`
POST from any web page, and answered on any `Host` (DNS rebinding).
"""

from __future__ import annotations

import string

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nestbank_sandbox.app import create_app
from nestbank_sandbox.faults import take
from nestbank_sandbox.server import warn_if_exposed
from nestbank_sandbox.tenants import clock_offset
from starlette.applications import Starlette

from .support import DEMO_AUTH, SpecClient, authorize_body, new_state

CONTROLS = [
    ("/_sandbox/reset", {}),
    ("/_sandbox/pair", {"client_id": "demo-app", "state": "a" * 128}),
    ("/_sandbox/authorizations/auth-none/approve", {}),
    ("/_sandbox/authorizations/auth-none/reject", {}),
    ("/_sandbox/clock", {"advanceSeconds": 86400}),
    ("/_sandbox/faults", {"kind": "500"}),
]
PATHS = [path for path, _ in CONTROLS]


@pytest.mark.parametrize(("path", "body"), CONTROLS)
@pytest.mark.parametrize(
    "auth",
    [None, ("demo-app", "wrong-secret"), ("no-such-app", "x"), ("demo-app", "")],
    ids=["none", "wrong-secret", "unknown-app", "empty-secret"],
)
def test_controls_refuse_calls_without_the_application_credentials(
    app: Starlette,
    client: SpecClient,
    path: str,
    body: dict[str, object],
    auth: tuple[str, str] | None,
) -> None:
    client.control("/_sandbox/clock", {"advanceSeconds": 100})  # a reset would undo it
    response = client.post(path, json=body, auth=auth)
    assert response.status_code == 401, response.text
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic ")
    assert response.headers["cache-control"] == "no-cache"
    # Nothing moved: no reset, no clock change, no fault queued.
    with app.state.services.db.transaction() as conn:
        assert clock_offset(conn, "demo") == 100
        assert take(conn, "demo", "getUser") is None


@pytest.mark.parametrize(
    "header",
    ["Bearer demo-secret", "Basic !!!", "Basic ZGVtby1hcHA=", "basic", "Basic " + "A" * 5000],
)
def test_malformed_basic_headers_answer_401(client: SpecClient, header: str) -> None:
    response = client.post("/_sandbox/reset", json={}, headers={"Authorization": header})
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None]
)
def test_controls_take_only_json(client: SpecClient, path: str, content_type: str | None) -> None:
    """What an HTML form or a preflight-free fetch of another page can send is refused."""
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post(path, content=b"{}", headers=headers, auth=DEMO_AUTH)
    assert response.status_code == 415, response.text
    assert response.json()["error"] == "unsupported_media_type"


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://127.0.0.1.evil.example"},
        {"Origin": "http://127.0.0.1:3000"},  # another local web page
        {"Origin": "https://127.0.0.1"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "https://evil.example"},
    ],
)
def test_controls_refuse_cross_site_requests(
    client: SpecClient, path: str, headers: dict[str, str]
) -> None:
    response = client.post(path, json={}, headers=headers, auth=DEMO_AUTH)
    assert response.status_code == 403, response.text
    assert response.json()["error"] == "cross_site_request"


def test_same_origin_browser_requests_are_accepted(client: SpecClient) -> None:
    headers = {"Origin": "http://127.0.0.1", "Sec-Fetch-Site": "same-origin"}
    response = client.post(
        "/_sandbox/clock", json={"advanceSeconds": 0}, headers=headers, auth=DEMO_AUTH
    )
    assert response.status_code == 200, response.text


hostile_hosts = st.one_of(
    st.sampled_from(["evil.example", "127.0.0.1.nip.io", "localhost.evil", "0.0.0.0", "10.0.0.1"]),
    st.text(string.ascii_lowercase + string.digits + ".-", min_size=1, max_size=30).filter(
        lambda name: name.rstrip(".") not in ("127.0.0.1", "localhost")
    ),
)


@settings(max_examples=60, deadline=None)
@given(host=hostile_hosts, path=st.sampled_from([*PATHS, "/user", "/_pages/consent", "/x"]))
def test_only_configured_host_names_are_answered(host: str, path: str) -> None:
    """DNS rebinding: a page on another name that resolves to 127.0.0.1 gets nothing."""
    with SpecClient(create_app(":memory:", rate_limit_per_minute=0)) as client:
        response = client.post(path, json={}, auth=DEMO_AUTH, headers={"Host": f"{host}:8000"})
    assert response.status_code == 421, (host, response.text)
    assert response.json()["error"] == "request_out_of_scope"


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST"])
def test_loopback_names_are_answered(client: SpecClient, host: str) -> None:
    response = client.post("/_sandbox/reset", json={}, auth=DEMO_AUTH, headers={"Host": host})
    assert response.status_code == 204


def test_configured_host_names_are_answered() -> None:
    app = create_app(":memory:", rate_limit_per_minute=0, allowed_hosts=("sandbox.test",))
    with SpecClient(app) as client:
        named = client.post(
            "/_sandbox/reset", json={}, auth=DEMO_AUTH, headers={"Host": "sandbox.test"}
        )
        assert named.status_code == 204
        assert client.post("/_sandbox/reset", json={}, auth=DEMO_AUTH).status_code == 421


def test_an_application_pairs_only_itself(client: SpecClient) -> None:
    body = {"client_id": "limited-app", "state": new_state()}
    response = client.control("/_sandbox/pair", body)
    assert response.status_code == 403 and response.json()["error"] == "client_mismatch"
    mine = client.control(
        "/_sandbox/pair", {"state": new_state()}, auth=("limited-app", "limited-secret")
    )
    assert mine.status_code == 200, mine.text


def test_an_application_decides_only_its_own_authorizations(client: SpecClient) -> None:
    demo = client.token()
    started = client.post(
        "/account/acc-demo-main/blockade/authorize",
        json=authorize_body("blockadeId", "g-1", "2000.00"),
        headers=demo,
    ).json()
    path = f"/_sandbox/authorizations/{started['authorizationId']}/approve"
    foreign = client.control(path, auth=("limited-app", "limited-secret"))
    assert foreign.status_code == 404 and foreign.json()["error"] == "authorization_id_not_exist"
    assert client.control(path).json()["status"] == "AUTHORIZED"


@pytest.mark.parametrize(
    ("host", "loud"), [("127.0.0.1", False), ("::1", False), ("0.0.0.0", True)]
)
def test_binding_beyond_loopback_warns_loudly(
    capsys: pytest.CaptureFixture[str], host: str, loud: bool
) -> None:
    warn_if_exposed(host, ("127.0.0.1",))
    assert ("WARNING" in capsys.readouterr().err) is loud


def test_uvicorn_parse_failures_answer_the_json_error() -> None:
    """Issue 11, defect 8: a NUL byte in a header got uvicorn's plain-text 400."""
    import socket

    from .support import live_server

    with live_server(create_app(":memory:", rate_limit_per_minute=0)) as base:
        port = httpx.URL(base).port
        assert port is not None
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /user HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\x00b\r\n\r\n")
            chunks = []
            while chunk := sock.recv(65536):  # the server closes after the answer
                chunks.append(chunk)
            answer = b"".join(chunks).decode("utf-8", "replace")
    head, _, body = answer.partition("\r\n\r\n")
    assert head.startswith("HTTP/1.1 400"), answer
    assert "content-type: application/json" in head.lower()
    assert '"error":"parameters_error"' in body.replace(" ", "")
