"""Every one of the 34 documented error codes, each through a real scenario over HTTP."""
# ruff: noqa: E501  (scenario and fixture tables read best one per line)

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from nestbank_sandbox.app import create_app
from nestbank_sandbox.spec import load_spec

from .support import DEMO_REDIRECT, SpecClient, authorize_body, blockade, new_state, payment

MAIN = "/account/acc-demo-main"


@pytest.fixture
def client(checked_client: SpecClient) -> SpecClient:
    """Every test here runs in-process and again through Prism (tests/sandbox/prism.py)."""
    return checked_client


def pairing(**override: str) -> dict[str, str]:
    params = {
        "client_id": "demo-app", "response_type": "code", "state": new_state(),
        "redirect_uri": DEMO_REDIRECT, "scope": "open-api",
    }  # fmt: skip
    params.update(override)
    return params


def authorized_blockade(
    c: SpecClient, headers: dict[str, str], blockade_id: str, amount: str
) -> httpx.Response:
    body = authorize_body("blockadeId", blockade_id, amount)
    return c.post(f"{MAIN}/blockade/authorize", json=body, headers=headers)


def user_limit(c: SpecClient) -> httpx.Response:
    me = c.token()
    for n in range(2):  # 250.00 (demo blockade) + 2 x 4000.00 authorized
        started = authorized_blockade(c, me, f"big-{n}", "4000.00")
        c.control(f"/_sandbox/authorizations/{started.json()['authorizationId']}/approve")
    return authorized_blockade(c, me, "big-2", "4000.00")  # 12250.00 > daily 10000.00


def token_request_error(c: SpecClient) -> httpx.Response:
    code = c.pair()
    c.state = new_state()  # a different state than the one paired with
    return c.exchange(code)


def code_expired(c: SpecClient) -> httpx.Response:
    code = c.pair()
    c.advance(61)
    return c.exchange(code)


def refresh_rotated(c: SpecClient) -> httpx.Response:
    refresh = c.exchange(c.pair()).json()["refresh_token"]
    form = {
        "grant_type": "refresh_token",
        "refresh_token": refresh,
        "client_id": "demo-app",
        "client_secret": "demo-secret",
    }
    assert c.post("/grant", data=form).status_code == 200
    return c.post("/grant", data=form)  # the old refresh token was rotated out


def token_expired(c: SpecClient) -> httpx.Response:
    me = c.token()
    c.advance(1201)
    return c.get("/user", headers=me)


def foreign_blockade(c: SpecClient) -> httpx.Response:
    anna = c.token("anna")
    assert (
        c.post(
            "/account/acc-anna-main/blockade", json=blockade("anna-1", "10.00"), headers=anna
        ).status_code
        == 201
    )
    return c.get(f"{MAIN}/blockade/anna-1", headers=c.token())


def foreign_payment(c: SpecClient) -> httpx.Response:
    assert (
        c.post("/payment", json=payment("anna-p1", "10.00"), headers=c.token("anna")).status_code
        == 201
    )
    return c.get("/payment/anna-p1", headers=c.token())


def foreign_authorization(c: SpecClient) -> httpx.Response:
    anna = c.token("anna")
    body = authorize_body("orderId", "anna-big", "2000.00")
    started = c.post("/payment/authorize", json=body, headers=anna)
    return c.get(f"/authorization/{started.json()['authorizationId']}", headers=c.token())


def foreign_identifier(c: SpecClient) -> httpx.Response:
    """An orderId that another customer of the same application already used."""
    anna = c.token("anna")
    assert c.post("/payment", json=payment("shared-1", "10.00"), headers=anna).status_code == 201
    return c.post("/payment", json=payment("shared-1", "10.00"), headers=c.token())


def rejected_authorization(c: SpecClient) -> httpx.Response:
    me = c.token()
    started = authorized_blockade(c, me, "rejected-1", "2000.00")
    authorization_id = started.json()["authorizationId"]
    c.control(f"/_sandbox/authorizations/{authorization_id}/reject")
    return c.get(f"/authorization/{authorization_id}", headers=me)


def deleted_blockade(c: SpecClient) -> httpx.Response:
    me = c.token()
    c.post(f"{MAIN}/blockade", json=blockade("gone-1", "10.00"), headers=me)
    assert c.delete(f"{MAIN}/blockade/gone-1", headers=me).status_code == 204
    return c.get(f"{MAIN}/blockade/gone-1", headers=me)


def duplicate_blockade(c: SpecClient) -> httpx.Response:
    me = c.token()
    assert (
        c.post(f"{MAIN}/blockade", json=blockade("dup-1", "10.00"), headers=me).status_code == 201
    )
    return c.post(f"{MAIN}/blockade", json=blockade("dup-1", "10.00"), headers=me)


def rate_limited(c: SpecClient) -> httpx.Response:
    with SpecClient(create_app(":memory:", rate_limit_per_minute=3)) as limited:
        me = limited.token()
        responses = [limited.get("/user", headers=me) for _ in range(4)]
    assert [r.status_code for r in responses[:3]] == [200, 200, 200]
    assert int(responses[3].headers["retry-after"]) >= 1
    return responses[3]


def server_error(c: SpecClient) -> httpx.Response:
    me = c.token()
    c.control("/_sandbox/faults", {"kind": "500", "operationId": "getUser"})
    return c.get("/user", headers=me)


Scenario = Callable[[SpecClient], httpx.Response]
SCENARIOS: dict[str, Scenario] = {
    "parameters_error": lambda c: c.post(f"{MAIN}/blockade", json={**blockade("x-1", "1.00"), "extra": 1}, headers=c.token()),
    "app_limit_exceeded": lambda c: c.post(f"{MAIN}/blockade", json=blockade("x-1", "5000.01"), headers=c.token()),
    "user_limit exceeded": user_limit,
    "activation_parameters_empty": lambda c: c.get("/request", params=pairing(state="")),
    "token_request_parameters_empty": lambda c: c.post("/grant", data={"grant_type": "authorization_code", "code": "", "redirect_uri": DEMO_REDIRECT, "state": new_state(), "client_id": "demo-app", "client_secret": "demo-secret"}),
    "callback_uri_empty": lambda c: c.post(f"{MAIN}/blockade/authorize", json=authorize_body("blockadeId", "x-1", "2000.00", callbackUri=""), headers=c.token()),
    "charges_limit exceeded": lambda c: c.post("/payment", json=payment("x-1", "900.00"), headers=c.token(account="acc-demo-savings")),
    "request_reject_by_user_product_state": lambda c: c.post("/account/acc-frozen-main/blockade", json=blockade("x-1", "10.00"), headers=c.token("frozen")),
    "invalid_request": lambda c: c.get("/request", params=pairing(response_type="token")),
    "access_token_required": lambda c: c.get("/user"),
    "aceess_token_not_exist": lambda c: c.get("/user", headers={"access_token": "no-such-token"}),
    "access_token_invalid": token_expired,
    "authorization_required": lambda c: c.post(f"{MAIN}/blockade", json=blockade("x-1", "1000.01"), headers=c.token()),
    "oauth_parameters_error": lambda c: c.get("/request", params=pairing(client_id="no-such-app")),
    "authorizationCode_expired": code_expired,
    "refresh_token_expired": refresh_rotated,
    "token_request_parameters_error": token_request_error,
    "callback_uri_error": lambda c: c.get("/request", params=pairing(redirect_uri="https://evil.example.com/cb")),
    "request_out_of_scope": lambda c: c.post("/payment", json=payment("x-1", "1.00"), headers=c.token(client_id="limited-app")),
    "request_out_of_permissions": lambda c: c.post(f"{MAIN}/blockade", json=blockade("x-1", "1.00"), headers=c.token(client_id="limited-app")),
    "app_status_error": lambda c: c.get("/request", params=pairing(client_id="public-app")),
    "user_status_error": lambda c: c.get("/user", headers=c.token("blocked")),
    "user_permissions_error": lambda c: c.post("/account/acc-viewer-main/blockade", json=blockade("x-1", "1.00"), headers=c.token("viewer")),
    "product_permissions_error": lambda c: c.get("/account/acc-demo-savings", headers=c.token()),
    "blockade_permissions_error": foreign_blockade,
    "order_permissions_error": foreign_payment,
    "authorization_failed": rejected_authorization,
    "order_id_permissions_error": foreign_identifier,
    "blockade_not_exist": deleted_blockade,
    "order_not_exist": lambda c: c.get("/payment/no-such-order", headers=c.token()),
    "authorization_id_not_exist": lambda c: c.get("/authorization/auth-none", headers=c.token()),
    "order_exist_error": duplicate_blockade,
    "requests_limit_exceeded": rate_limited,
    "internal.server.error": server_error,
}  # fmt: skip

DOCUMENTED: list[Any] = load_spec().document["components"]["schemas"]["ErrorCode"]["enum"]


def test_every_documented_code_has_a_scenario() -> None:
    assert set(SCENARIOS) == set(DOCUMENTED)


@pytest.mark.parametrize("code", DOCUMENTED)
def test_code_is_reachable(client: SpecClient, code: str) -> None:
    response = SCENARIOS[code](client)
    body = response.json()
    assert body["error"] == code, body
    assert response.status_code == load_spec().error(code).status
    assert response.headers["cache-control"] == "no-cache"


def test_another_customers_authorization_answers_the_code_of_its_operation(
    client: SpecClient,
) -> None:
    response = foreign_authorization(client)
    assert (response.status_code, response.json()["error"]) == (401, "order_permissions_error")
    anna = client.token("anna")
    body = authorize_body("blockadeId", "anna-big-b", "2000.00")
    started = client.post("/account/acc-anna-main/blockade/authorize", json=body, headers=anna)
    authorization_id = started.json()["authorizationId"]
    response = client.get(f"/authorization/{authorization_id}", headers=client.token())
    assert (response.status_code, response.json()["error"]) == (401, "blockade_permissions_error")


@pytest.mark.parametrize("kind", ["blockade", "payment"])
def test_identifier_of_another_customer_is_not_a_retry(client: SpecClient, kind: str) -> None:
    anna, me = client.token("anna"), client.token()
    if kind == "blockade":
        first = client.post(
            "/account/acc-anna-main/blockade", json=blockade("b-1", "1.00"), headers=anna
        )
        again = client.post(f"{MAIN}/blockade", json=blockade("b-1", "1.00"), headers=me)
        mine = client.post(f"{MAIN}/blockade", json=blockade("b-2", "1.00"), headers=me)
        retry = client.post(f"{MAIN}/blockade", json=blockade("b-2", "1.00"), headers=me)
    else:
        first = client.post("/payment", json=payment("p-1", "1.00"), headers=anna)
        again = client.post("/payment", json=payment("p-1", "1.00"), headers=me)
        mine = client.post("/payment", json=payment("p-2", "1.00"), headers=me)
        retry = client.post("/payment", json=payment("p-2", "1.00"), headers=me)
    assert (first.status_code, mine.status_code) == (201, 201)
    assert (again.status_code, again.json()["error"]) == (401, "order_id_permissions_error")
    assert (retry.status_code, retry.json()["error"]) == (409, "order_exist_error")


def test_beta_application_refuses_customers_outside_the_partners_staff(client: SpecClient) -> None:
    assert (
        client.get("/user", headers=client.token("anna", client_id="beta-app")).status_code == 200
    )
    response = client.get("/user", headers=client.token("demo", client_id="beta-app"))
    assert (response.status_code, response.json()["error"]) == (401, "app_status_error")
