"""Tenants (issue 15): self-service registration, and tenant A's data and controls are
invisible and unchangeable to tenant B, both ways, the demo tenant included."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from nestbank_sandbox import page_html
from nestbank_sandbox.app import create_app
from nestbank_sandbox.context import Settings
from nestbank_sandbox.demo import FULL_PERMISSIONS, LIMITED_PERMISSIONS
from nestbank_sandbox.storage import SCHEMA, TOTALS
from starlette.applications import Starlette

from .conftest import ENGINES, fresh_app
from .support import DEMO_REDIRECT, SpecClient, authorize_body, blockade, new_state, payment

JSON = {"Content-Type": "application/json"}


@dataclass
class Tenant:
    """One application of a tenant, driven through the controls and the bank API."""

    client: SpecClient
    client_id: str
    secret: str
    customers: dict[str, list[str]]  # login -> account ids
    tokens: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)

    @property
    def main(self) -> str:
        return self.customers["demo"][0]

    def control(self, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        return self.client.post(path, json=body or {}, auth=(self.client_id, self.secret))

    def token(self, user: str = "demo", account: str | None = None) -> dict[str, str]:
        state = new_state()
        body: dict[str, Any] = {"state": state, "user": user, "redirect_uri": DEMO_REDIRECT}
        if account is not None:
            body["accountId"] = account
        paired = self.control("/_sandbox/pair", body)
        assert paired.status_code == 200, paired.text
        granted = self.client.post(
            "/grant",
            data={
                "grant_type": "authorization_code",
                "code": paired.json()["code"],
                "redirect_uri": DEMO_REDIRECT,
                "state": state,
                "client_id": self.client_id,
                "client_secret": self.secret,
            },
        )
        assert granted.status_code == 200, granted.text
        return {"access_token": granted.json()["access_token"]}

    def me(self) -> dict[str, str]:
        """A token of `demo` on the main account, kept (re-paired after a reset)."""
        key = ("demo", self.main)
        if key not in self.tokens or self.client.get("/user", headers=self.tokens[key]).is_error:
            self.tokens[key] = self.token()
        return self.tokens[key]


def demo_tenant(client: SpecClient) -> Tenant:
    customers = {
        "demo": ["acc-demo-main", "acc-demo-savings"],
        "anna": ["acc-anna-main"],
        "viewer": ["acc-viewer-main"],
    }
    return Tenant(client, "demo-app", "demo-secret", customers)


def register(client: SpecClient, **body: Any) -> Tenant:
    response = client.post(
        "/_sandbox/applications", json={"redirect_uris": [DEMO_REDIRECT], **body}
    )
    assert response.status_code == 201, response.text
    answer = response.json()
    customers = {c["login"]: c["accounts"] for c in answer["customers"]}
    return Tenant(client, answer["client_id"], answer["client_secret"], customers)


@pytest.fixture(params=ENGINES)
def app(request: pytest.FixtureRequest) -> Iterator[Starlette]:
    """On each engine, PostgreSQL in a database of its own (registered tenants stay)."""
    settings = Settings(registrations_per_hour=1000)
    with fresh_app(request, request.param, rate_limit_per_minute=0, settings=settings) as app:
        yield app


@pytest.fixture
def client(app: Starlette) -> Iterator[SpecClient]:
    with SpecClient(app) as test_client:
        yield test_client


@pytest.fixture(params=["registered-vs-demo", "demo-vs-registered", "registered-vs-registered"])
def pair_of_tenants(request: pytest.FixtureRequest, client: SpecClient) -> tuple[Tenant, Tenant]:
    """(A, B): A acts, B watches."""
    demo, first = demo_tenant(client), register(client)
    if request.param == "registered-vs-demo":
        return first, demo
    if request.param == "demo-vs-registered":
        return demo, first
    return first, register(client)


# -- registration ------------------------------------------------------------------------


def test_registration_answers_credentials_and_the_tenants_own_demo_world(
    client: SpecClient,
) -> None:
    response = client.post("/_sandbox/applications", json={"redirect_uris": [DEMO_REDIRECT]})
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    answer = response.json()
    assert re.fullmatch(r"app-[0-9a-f]{16}", answer["client_id"])
    assert len(answer["client_secret"]) >= 40
    assert answer["status"] == "SANDBOX" and answer["permissions"] == FULL_PERMISSIONS
    tag = answer["client_id"].removeprefix("app-")
    by_login = {c["login"]: c for c in answer["customers"]}
    assert by_login["demo"]["accounts"] == [f"acc-demo-main-{tag}", f"acc-demo-savings-{tag}"]
    assert by_login["demo"]["password"] == "demo"
    other = client.post("/_sandbox/applications", json={"redirect_uris": [DEMO_REDIRECT]}).json()
    assert other["client_id"] != answer["client_id"]
    assert other["client_secret"] != answer["client_secret"]
    # The copy: same balances, limits, transactions and demo blockade, own ids.
    tenant = register(client)
    mine, demo = tenant.me(), demo_tenant(client)
    own = client.get(f"/account/{tenant.main}", headers=mine).json()
    reference = client.get("/account/acc-demo-main", headers=demo.me()).json()
    assert {**own, "accountId": "x"} == {**reference, "accountId": "x"}
    user = client.get("/user", headers=mine).json()
    assert user["application"] == {"clientId": tenant.client_id, "status": "SANDBOX"}
    assert user["userId"] == f"usr-demo-1-{tenant.client_id.removeprefix('app-')}"
    trn = client.get(f"/account/{tenant.main}/transactions", headers=mine).json()
    assert trn["totalCount"] == 3
    deposit = client.get(f"/account/{tenant.main}/blockade/demo-deposit-0001", headers=mine)
    assert deposit.status_code == 200


def test_registration_takes_permissions_and_status(client: SpecClient) -> None:
    limited = register(client, permissions=LIMITED_PERMISSIONS)
    token = limited.me()
    assert client.get("/user", headers=token).json()["permissions"] == LIMITED_PERMISSIONS
    refused = client.post(f"/account/{limited.main}/blockade", json=blockade("x", "1.00"),
                          headers=token)  # fmt: skip
    assert refused.json()["error"] == "request_out_of_permissions"
    public = register(client, status="PUBLIC")
    params = {"client_id": public.client_id, "response_type": "code", "state": "a" * 128,
              "redirect_uri": DEMO_REDIRECT, "scope": "open-api"}  # fmt: skip
    assert client.get("/request", params=params).json()["error"] == "app_status_error"
    beta = register(client, status="BETA")  # staff: its own copy of anna, as beta-app's
    assert client.get("/user", headers=beta.token("anna")).status_code == 200
    assert client.get("/user", headers=beta.token("demo")).json()["error"] == "app_status_error"


BAD_BODIES = [
    {},
    {"redirect_uris": []},
    {"redirect_uris": "https://partner.example.com/cb"},
    {"redirect_uris": ["http://partner.example.com/cb"]},  # plain http off loopback
    {"redirect_uris": ["https://partner.example.com/cb#frag"]},  # RFC 6749 §3.1.2
    {"redirect_uris": ["ftp://127.0.0.1/cb"]},
    {"redirect_uris": ["https://"]},
    {"redirect_uris": ["https://a.example/" + "x" * 2048]},
    {"redirect_uris": ["http://127.0.0.1:99999/cb"]},
    {"redirect_uris": [DEMO_REDIRECT, DEMO_REDIRECT]},
    {"redirect_uris": [DEMO_REDIRECT] * 1 + [f"https://a.example/{n}" for n in range(10)]},
    {"redirect_uris": [DEMO_REDIRECT], "permissions": ["INF:ctx:USER:READ_DET"]},
    {"redirect_uris": [DEMO_REDIRECT], "permissions": FULL_PERMISSIONS[:1] * 2},
    {"redirect_uris": [DEMO_REDIRECT], "permissions": "all"},
    {"redirect_uris": [DEMO_REDIRECT], "status": "sandbox"},
    {"redirect_uris": [DEMO_REDIRECT], "status": None},
    {"redirect_uris": [DEMO_REDIRECT], "client_id": "mine"},
    {"redirect_uris": [DEMO_REDIRECT], "client_secret": "mine"},
]


@pytest.mark.parametrize("body", BAD_BODIES)
def test_registration_refuses_a_bad_body(client: SpecClient, body: dict[str, Any]) -> None:
    response = client.post("/_sandbox/applications", json=body)
    assert (response.status_code, response.json()["error"]) == (400, "parameters_error")
    assert response.headers["cache-control"] == "no-cache"


def test_registration_is_guarded_like_the_other_controls(client: SpecClient) -> None:
    body = b'{"redirect_uris": ["http://127.0.0.1:8765/callback"]}'
    form = client.post("/_sandbox/applications", content=body,
                       headers={"Content-Type": "text/plain"})  # fmt: skip
    assert (form.status_code, form.json()["error"]) == (415, "unsupported_media_type")
    cross = client.post("/_sandbox/applications", content=body,
                        headers={**JSON, "Origin": "https://evil.example"})  # fmt: skip
    assert (cross.status_code, cross.json()["error"]) == (403, "cross_site_request")
    rebinding = client.post("/_sandbox/applications", content=body,
                            headers={**JSON, "Host": "evil.example"})  # fmt: skip
    assert rebinding.status_code == 421
    assert client.post("/_sandbox/applications", content=b"[1]", headers=JSON).status_code == 400


def test_registrations_are_limited_per_client_address() -> None:
    app = create_app(":memory:", rate_limit_per_minute=0,
                     settings=Settings(registrations_per_hour=2))  # fmt: skip
    with SpecClient(app) as client:
        # A refused body does not spend the budget.
        assert client.post("/_sandbox/applications", json={}).status_code == 400
        register(client)
        register(client)
        third = client.post("/_sandbox/applications", json={"redirect_uris": [DEMO_REDIRECT]})
        assert (third.status_code, third.json()["error"]) == (429, "requests_limit_exceeded")
        assert 1 <= int(third.headers["retry-after"]) <= 3600
        # Resets do not give the budget back.
        assert demo_tenant(client).control("/_sandbox/reset").status_code == 204
        again = client.post("/_sandbox/applications", json={"redirect_uris": [DEMO_REDIRECT]})
        assert again.status_code == 429


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    uri=st.one_of(
        st.text(max_size=40),
        st.from_regex(r"\Ahttps?://[a-z0-9.:\[\]@%-]{0,20}(/[ -~]{0,15})?\Z"),
        st.sampled_from(["https://a.example/cb", "http://localhost/cb", "http://[::1]:8/x",
                         "https://a.example/\u00e9", "http://127.0.0.1.evil/cb"]),
    )
)  # fmt: skip
def test_a_registered_redirect_uri_is_one_the_pairing_accepts(client: SpecClient, uri: str) -> None:
    """Registration and the bank's pairing (GET /request) apply the same RedirectUri rule:
    whatever registration accepts, the pairing request accepts too."""
    response = client.post("/_sandbox/applications", json={"redirect_uris": [uri]})
    assert response.status_code in (201, 400), response.text
    event(f"answered {response.status_code}")
    if response.status_code == 400:
        return
    params = {"client_id": response.json()["client_id"], "response_type": "code",
              "state": "a" * 128, "redirect_uri": uri, "scope": "open-api"}  # fmt: skip
    pairing = client.get("/request", params=params)
    assert pairing.status_code == 200, pairing.text


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=12,
)  # fmt: skip
VALID_URIS = st.lists(
    st.sampled_from([DEMO_REDIRECT, "https://a.example/cb?x=1", "http://[::1]:9/x"]),
    min_size=1, max_size=3, unique=True,
)  # fmt: skip
BODIES = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries(
        {"redirect_uris": st.one_of(VALID_URIS, st.lists(st.text(max_size=30) | JSON_VALUES))},
        optional={
            "permissions": st.one_of(st.lists(st.sampled_from(FULL_PERMISSIONS), unique=True),
                                     st.lists(st.sampled_from(FULL_PERMISSIONS)), JSON_VALUES),
            "status": st.one_of(st.sampled_from(["SANDBOX", "BETA", "PUBLIC"]), JSON_VALUES),
        },
    ),
)  # fmt: skip


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES)
def test_any_registration_body_is_registered_or_refused_as_documented(
    client: SpecClient, body: Any
) -> None:  # fmt: skip
    """Any JSON: a 201 exactly as asked, or a 400 (never a 500)."""
    raw = json.dumps(body).encode()  # also `null`, which httpx's json= would not send
    response = client.post("/_sandbox/applications", content=raw, headers=JSON)
    assert response.status_code in (201, 400), response.text
    event(f"answered {response.status_code}")
    if response.status_code == 400:
        assert response.json()["error"] == "parameters_error"
        return
    answer = response.json()
    assert answer["redirect_uris"] == body["redirect_uris"]
    assert answer["status"] == body.get("status", "SANDBOX")
    assert answer["permissions"] == body.get("permissions", FULL_PERMISSIONS)


def test_a_lone_surrogate_in_a_registration_is_refused(client: SpecClient) -> None:
    raw = b'{"redirect_uris": ["https://a.example/\\ud800"]}'
    response = client.post("/_sandbox/applications", content=raw, headers=JSON)
    assert (response.status_code, response.json()["error"]) == (400, "parameters_error")


# -- isolation ---------------------------------------------------------------------------


def snapshot(tenant: Tenant, token: dict[str, str]) -> dict[str, Any]:
    """What B can observe of its world (not what moves with real time)."""
    get, main = tenant.client.get, tenant.main
    account = get(f"/account/{main}", headers=token).json()
    return {
        "user": get("/user", headers=token).json(),
        "account": account,
        "blockades": get(f"/account/{main}/blockade", headers=token).json(),
        "payments": get("/payment", headers=token).json(),
        "transactions": [
            {k: v for k, v in t.items()}
            for t in get(f"/account/{main}/transactions", headers=token).json()["transactions"]
        ],
    }


def test_the_same_identifiers_are_two_resources(pair_of_tenants: tuple[Tenant, Tenant]) -> None:
    a, b = pair_of_tenants
    client, ta, tb = a.client, a.me(), b.me()
    for tenant, token, amount in ((a, ta, "10.00"), (b, tb, "20.00")):
        made = client.post(f"/account/{tenant.main}/blockade", json=blockade("same-1", amount),
                           headers=token)  # fmt: skip
        assert made.status_code == 201, made.text
        paid = client.post("/payment", json=payment("same-o1", amount), headers=token)
        assert paid.status_code == 201, paid.text
    assert client.delete(f"/account/{a.main}/blockade/same-1", headers=ta).status_code == 204
    still = client.get(f"/account/{b.main}/blockade/same-1", headers=tb)
    assert still.json()["amount"]["amount"] == "20.00"
    assert client.get("/payment/same-o1", headers=tb).json()["amount"]["amount"] == "20.00"
    assert client.get("/payment/same-o1", headers=ta).json()["amount"]["amount"] == "10.00"
    # The demo blockade exists once per tenant, under the same identifier.
    for tenant, token in ((a, ta), (b, tb)):
        deposit = client.get(f"/account/{tenant.main}/blockade/demo-deposit-0001", headers=token)
        assert deposit.status_code == 200


def test_a_token_reaches_no_account_of_another_tenant(
    pair_of_tenants: tuple[Tenant, Tenant],
) -> None:
    a, b = pair_of_tenants
    client, ta = a.client, a.me()
    for account in b.customers["demo"]:
        for path in (f"/account/{account}", f"/account/{account}/blockade",
                     f"/account/{account}/transactions"):  # fmt: skip
            answer = client.get(path, headers=ta)
            assert answer.json()["error"] == "product_permissions_error", path
        made = client.post(f"/account/{account}/blockade", json=blockade("x-1", "1.00"),
                           headers=ta)  # fmt: skip
        assert made.json()["error"] == "product_permissions_error"
    # Pairing names only the caller's own customers and accounts.
    foreign = a.control("/_sandbox/pair", {"state": new_state(), "user": "demo",
                                           "accountId": b.main})  # fmt: skip
    assert foreign.status_code == 400
    mismatch = a.control("/_sandbox/pair", {"state": new_state(), "client_id": b.client_id})
    assert mismatch.status_code == 403
    # A's code and refresh token are worthless with B's credentials.
    state = new_state()
    code = a.control("/_sandbox/pair", {"state": state, "redirect_uri": DEMO_REDIRECT}).json()
    form = {"grant_type": "authorization_code", "code": code["code"], "state": state,
            "redirect_uri": DEMO_REDIRECT, "client_id": b.client_id,
            "client_secret": b.secret}  # fmt: skip
    refused = client.post("/grant", data=form)
    assert refused.json()["error"] == "token_request_parameters_error"


def test_authorizations_of_a_are_invisible_and_undecidable_to_b(
    pair_of_tenants: tuple[Tenant, Tenant],
) -> None:
    a, b = pair_of_tenants
    client, ta, tb = a.client, a.me(), b.me()
    started = client.post(f"/account/{a.main}/blockade/authorize",
                          json=authorize_body("blockadeId", "big-1", "1500.00", "mobile"),
                          headers=ta)  # fmt: skip
    authorization_id = started.json()["authorizationId"]
    for decision in ("approve", "reject"):
        answer = b.control(f"/_sandbox/authorizations/{authorization_id}/{decision}")
        assert answer.status_code == 404, answer.text
        assert answer.json()["error"] == "authorization_id_not_exist"
    seen = client.get(f"/authorization/{authorization_id}", headers=tb)
    assert seen.json()["error"] == "authorization_id_not_exist"
    page = client.get(page_html.authorize_action(authorization_id))
    assert page.status_code == 200  # the customer's own SMS page still works
    assert (
        client.get(f"/authorization/{authorization_id}", headers=ta).json()["status"] == "PENDING"
    )
    assert a.control(f"/_sandbox/authorizations/{authorization_id}/approve").status_code == 200


def test_controls_of_a_leave_b_alone(pair_of_tenants: tuple[Tenant, Tenant]) -> None:
    a, b = pair_of_tenants
    client, tb = a.client, b.me()
    made = client.post(f"/account/{b.main}/blockade", json=blockade("b-keep", "5.00"), headers=tb)
    assert made.status_code == 201
    before = snapshot(b, tb)
    ta = a.me()
    # Faults: only A's calls fail.
    assert (
        a.control("/_sandbox/faults", {"kind": "500", "operationId": "getUser"}).status_code == 200
    )
    assert client.get("/user", headers=tb).status_code == 200
    assert client.get("/user", headers=ta).status_code == 500
    assert client.get("/user", headers=ta).status_code == 200
    # Clock: A's tokens expire, B's do not.
    assert a.control("/_sandbox/clock", {"advanceSeconds": 1201}).status_code == 200
    assert client.get("/user", headers=ta).json()["error"] == "access_token_invalid"
    assert client.get("/user", headers=tb).status_code == 200
    # Reset: A's world is back to the demo set; B keeps its blockade and tokens.
    assert a.control("/_sandbox/reset").status_code == 204
    assert client.get("/user", headers=ta).json()["error"] == "aceess_token_not_exist"
    assert snapshot(b, tb) == before
    assert client.get(f"/account/{a.main}/blockade", headers=a.me()).json()["totalCount"] == 1


def test_rate_limits_are_counted_per_caller_and_a_reset_clears_only_its_tenants() -> None:
    app = create_app(":memory:", rate_limit_per_minute=3,
                     settings=Settings(registrations_per_hour=10))  # fmt: skip
    with SpecClient(app) as client:
        a, demo = register(client), demo_tenant(client)
        ta, td = a.token(), demo.token()

        def user(token: dict[str, str]) -> int:
            return client.get("/user", headers=token).status_code

        assert [user(ta) for _ in range(4)] == [200, 200, 200, 429]
        assert user(td) == 200  # another caller's budget
        assert a.control("/_sandbox/reset").status_code == 204  # A's windows only
        assert user(a.token()) == 200
        assert [user(td) for _ in range(3)] == [200, 200, 429]


def _refresh(client: SpecClient, client_id: str, secret: str, query: str = "") -> int:
    form = {"grant_type": "refresh_token", "refresh_token": "not-a-token",
            "client_id": client_id, "client_secret": secret}  # fmt: skip
    return client.post(f"/grant{query}", data=form).status_code


def test_a_stranger_naming_a_client_id_meets_none_of_its_faults() -> None:
    """Only a credential of A (a token, or A's secret at /grant) meets A's faults."""
    app = create_app(":memory:", rate_limit_per_minute=0,
                     settings=Settings(registrations_per_hour=10))  # fmt: skip
    with SpecClient(app) as client:
        a, b = register(client), register(client)
        fault = {"kind": "500", "operationId": "grantToken"}
        assert a.control("/_sandbox/faults", fault).status_code == 200
        # B's own credentials, A's client_id in the query: B's call, not A's.
        assert _refresh(client, b.client_id, b.secret, f"?client_id={a.client_id}") == 401
        assert _refresh(client, a.client_id, "a-guess") == 401  # A's id, no secret
        assert client.get("/user").status_code == 401  # no token at all
        assert _refresh(client, a.client_id, a.secret) == 500  # A itself meets its fault
        assert _refresh(client, a.client_id, a.secret) == 401  # once


def test_a_guesser_spends_its_own_address_budget_not_the_partners() -> None:
    app = create_app(":memory:", rate_limit_per_minute=3,
                     settings=Settings(registrations_per_hour=10))  # fmt: skip
    with SpecClient(app) as client:
        a, demo = register(client), demo_tenant(client)
        guesses = [_refresh(client, a.client_id, f"guess-{n}") for n in range(4)]
        assert guesses == [401, 401, 401, 429]
        assert _refresh(client, a.client_id, a.secret) == 401  # A's budget is untouched
        # No reset gives the guesser its attempts back, the public demo's included.
        assert demo.control("/_sandbox/reset").status_code == 204
        assert a.control("/_sandbox/reset").status_code == 204
        assert _refresh(client, a.client_id, "guess-5") == 429


def test_consent_page_logs_in_the_tenants_own_customer(client: SpecClient) -> None:
    tenant = register(client)

    def logged_in() -> tuple[str, httpx.Response]:
        params = {"client_id": tenant.client_id, "response_type": "code", "state": "s" * 128,
                  "redirect_uri": DEMO_REDIRECT, "scope": "open-api"}  # fmt: skip
        page = client.get("/request", params=params)
        found = re.search(r'name="session" value="([^"]+)"', page.text)
        assert found is not None, page.text
        login = {"session": found.group(1), "step": "login", "login": "demo", "password": "demo"}
        return found.group(1), client.post(page_html.CONSENT_ACTION, data=login)

    session, accounts = logged_in()
    assert f'value="{tenant.main}"' in accounts.text
    assert 'value="acc-demo-main"' not in accounts.text
    decide = {"session": session, "step": "decide", "decision": "approve"}
    approved = client.post(page_html.CONSENT_ACTION, data={**decide, "accountId": tenant.main})
    assert approved.status_code == 302 and "code=" in approved.headers["location"]
    session, _ = logged_in()
    foreign = {"session": session, "step": "decide", "decision": "approve",
               "accountId": "acc-demo-main"}  # fmt: skip
    assert client.post(page_html.CONSENT_ACTION, data=foreign).status_code == 400


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("blockade"), st.sampled_from(["k-1", "k-2", "demo-deposit-0001"]),
                  st.integers(1, 200_000)),
        st.tuples(st.just("delete"), st.sampled_from(["k-1", "k-2", "demo-deposit-0001"])),
        st.tuples(st.just("payment"), st.sampled_from(["o-1", "o-2"]), st.integers(1, 200_000)),
        st.tuples(st.just("authorize"), st.sampled_from(["k-3", "o-3"]),
                  st.sampled_from(["approve", "reject"])),
        st.tuples(st.just("clock"), st.integers(0, 3 * 86400)),
        st.tuples(st.just("fault"), st.sampled_from(["500", "429"]), st.integers(1, 3)),
        st.tuples(st.just("reset")),
        st.tuples(st.just("remove")),  # DELETE /_sandbox/applications/{A}
    ),
    max_size=8,
)  # fmt: skip


def act(a: Tenant, operation: tuple[Any, ...]) -> None:
    """One operation of A; any answer is fine (faults may refuse it), none may be a 5xx
    other than an injected fault."""
    client, kind = a.client, operation[0]
    if kind == "clock":
        a.control("/_sandbox/clock", {"advanceSeconds": operation[1]})
        return
    if kind == "fault":
        a.control("/_sandbox/faults", {"kind": operation[1], "count": operation[2]})
        return
    if kind == "reset":
        a.control("/_sandbox/reset")
        a.tokens.clear()
        return
    if kind == "remove":
        removed = client.request("DELETE", f"/_sandbox/applications/{a.client_id}", json={},
                                 auth=(a.client_id, a.secret))  # fmt: skip
        # The demo tenant is never deleted; a deleted application's credentials are gone.
        expected = {"demo-app": {403}}.get(a.client_id, {204, 401})
        assert removed.status_code in expected, removed.text
        a.tokens.clear()
        return
    token = a.tokens.get(("demo", a.main))
    if token is None:
        try:
            token = a.tokens[("demo", a.main)] = a.token()
        except AssertionError:  # an injected fault hit /grant
            return
    cents = ""
    if kind in ("blockade", "payment"):
        cents = f"{operation[2] // 100}.{operation[2] % 100:02d}"
    if kind == "blockade":
        client.post(f"/account/{a.main}/blockade", json=blockade(operation[1], cents),
                    headers=token)  # fmt: skip
    elif kind == "delete":
        client.delete(f"/account/{a.main}/blockade/{operation[1]}", headers=token)
    elif kind == "payment":
        client.post("/payment", json=payment(operation[1], cents), headers=token)
    elif kind == "authorize":
        path, key = (
            (f"/account/{a.main}/blockade/authorize", "blockadeId")
            if operation[1].startswith("k")
            else ("/payment/authorize", "orderId")
        )
        started = client.post(path, json=authorize_body(key, operation[1], "1500.00", "mobile"),
                              headers=token)  # fmt: skip
        if started.status_code == 200:
            auth_id = started.json()["authorizationId"]
            a.control(f"/_sandbox/authorizations/{auth_id}/{operation[2]}")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS, a_is_demo=st.booleans())
def test_any_operations_of_a_leave_b_unchanged(
    client: SpecClient, operations: list[tuple[Any, ...]], a_is_demo: bool
) -> None:  # fmt: skip
    registered, demo = register(client), demo_tenant(client)
    a, b = (demo, registered) if a_is_demo else (registered, demo)
    for tenant in (a, b):
        tenant.control("/_sandbox/reset")
        tenant.tokens.clear()
    tb = b.me()
    before = snapshot(b, tb)
    for operation in operations:
        act(a, operation)
    assert snapshot(b, tb) == before
    now = b.control("/_sandbox/clock", {"advanceSeconds": 0}).json()["now"]
    assert abs(datetime.fromisoformat(now).timestamp() - time.time()) < 60  # B's clock: real
    a.control("/_sandbox/reset")  # A's faults must not outlive the example


# -- upgrade of a database from before tenants ---------------------------------------------


def test_a_pre_tenant_database_is_upgraded_without_loss(tmp_path: Path) -> None:
    """A sandbox.db written before tenants (SCHEMA only): rows, tokens and the clock offset
    survive, everything becomes the demo tenant's, and a second start changes nothing."""
    path = str(tmp_path / "sandbox.db")
    old = sqlite3.connect(path)
    old.executescript(SCHEMA + TOTALS)
    far = time.time() + 86400
    permissions = json.dumps(FULL_PERMISSIONS)
    # The rows as the pre-tenant sandbox wrote them (no column lists).
    old.execute("INSERT INTO applications VALUES ('demo-app', 'demo-secret', 'SANDBOX', ?, ?,"
                " '[]', 'Partner', '27187010452078100000000001')",
                (json.dumps([DEMO_REDIRECT]), permissions))  # fmt: skip
    old.execute("INSERT INTO customers VALUES ('usr-demo-1', 'demo', 'demo', 'Jan', 'Kowalski',"
                " 'ACTIVE', 'FULL')")  # fmt: skip
    old.execute("INSERT INTO accounts VALUES ('acc-demo-main', 'usr-demo-1',"
                " '62187010452078107846560001', 'Konto', 1000000, 'ACTIVE', 500000, 100000,"
                " 1000000, 5000000)")  # fmt: skip
    old.execute("INSERT INTO tokens VALUES ('old-token', 'access', 'demo-app', 'usr-demo-1',"
                " 'acc-demo-main', 'c', ?, 0)", (far,))  # fmt: skip
    old.execute("INSERT INTO blockades VALUES ('demo-app', 'kept-1', 'acc-demo-main', 1234, 'T',"
                " 1, 1, NULL, 'ACTIVE')")  # fmt: skip
    old.execute("INSERT INTO meta VALUES ('clock_offset', '7200.5')")
    old.commit()
    old.close()
    token = {"access_token": "old-token"}
    for start in range(2):
        app = create_app(path, rate_limit_per_minute=0)
        with SpecClient(app) as client:
            assert client.get("/user", headers=token).json()["userId"] == "usr-demo-1"
            kept = client.get("/account/acc-demo-main/blockade/kept-1", headers=token)
            assert kept.json()["amount"]["amount"] == "12.34"
            account = client.get("/account/acc-demo-main", headers=token).json()
            assert account["availableBalance"]["amount"] == "9987.66"  # totals rebuilt
            now = demo_tenant(client).control("/_sandbox/clock", {"advanceSeconds": 0}).json()
            offset = datetime.fromisoformat(now["now"]).timestamp() - time.time()
            assert abs(offset - 7200.5) < 5, offset
            with app.state.services.db.transaction() as conn:
                tenants = {r[0] for r in conn.execute("SELECT tenant FROM applications")}
                assert tenants == {"demo"} if start == 0 else "demo" in tenants
                owners = {r[0] for r in conn.execute("SELECT tenant FROM customers")}
                assert "demo" in owners
            if start == 0:
                register(client).me()  # a new tenant beside the upgraded demo one
    upgraded = sqlite3.connect(path)
    applied = upgraded.execute("SELECT version FROM schema_version WHERE name = 'tenants'")
    assert applied.fetchall() == [(2,)]  # once, however many starts
    assert upgraded.execute("SELECT COUNT(*) FROM meta WHERE key = 'clock_offset'").fetchone() == (
        0,
    )
    upgraded.close()
