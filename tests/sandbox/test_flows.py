"""State and rules: tokens, limits, blockade lifecycle, payments, authorizations, routing."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

import httpx
import pytest
from nestbank_sandbox import page_html
from nestbank_sandbox.app import create_app
from nestbank_sandbox.spec import load_spec
from openapi_core.validation.response.exceptions import DataValidationError

from .support import DEMO_REDIRECT, SpecClient, authorize_body, blockade, check_response, payment

MAIN = "/account/acc-demo-main"


@pytest.fixture
def client(checked_client: SpecClient) -> SpecClient:
    """Every test here runs in-process and again through Prism (tests/sandbox/prism.py)."""
    return checked_client


def test_response_checker_catches_a_nonconforming_answer() -> None:
    request = httpx.Request("GET", "http://testserver/user")
    response = httpx.Response(200, json={"userId": "u"}, request=request)
    with pytest.raises(DataValidationError):
        check_response(load_spec(), request, response)
    wrong_code = httpx.Response(
        404,
        json={"error": "blockade_not_exist", "error_description": ""},
        request=request,
        headers={"Cache-Control": "no-cache"},
    )
    with pytest.raises(AssertionError, match="does not list"):
        check_response(load_spec(), request, wrong_code)


def test_refresh_rotates_and_access_token_expires(client: SpecClient) -> None:
    tokens = client.exchange(client.pair()).json()
    assert tokens["expires_in"] == 1200 and tokens["refresh_token_expires_in"] == 90 * 86400
    client.advance(1199)
    assert client.get("/user", headers={"access_token": tokens["access_token"]}).status_code == 200
    client.advance(2)
    assert (
        client.get("/user", headers={"access_token": tokens["access_token"]}).json()["error"]
        == "access_token_invalid"
    )
    form = {
        "grant_type": "refresh_token",
        "refresh_token": tokens["refresh_token"],
        "client_id": "demo-app",
        "client_secret": "demo-secret",
    }
    renewed = client.post("/grant", data=form).json()
    assert renewed["refresh_token"] != tokens["refresh_token"]
    assert client.get("/user", headers={"access_token": renewed["access_token"]}).status_code == 200
    client.advance(90 * 86400 + 1)
    form["refresh_token"] = renewed["refresh_token"]
    assert client.post("/grant", data=form).json()["error"] == "refresh_token_expired"


def test_code_is_single_use_and_reuse_revokes_its_tokens(client: SpecClient) -> None:
    code = client.pair()
    token = client.exchange(code).json()["access_token"]
    again = client.exchange(code)
    assert (again.status_code, again.json()["error"]) == (401, "authorizationCode_expired")
    assert (
        client.get("/user", headers={"access_token": token}).json()["error"]
        == "access_token_invalid"
    )


def test_grant_checks_client_credentials(client: SpecClient) -> None:
    response = client.exchange(client.pair(), secret="wrong")
    assert response.json()["error"] == "oauth_parameters_error"
    # A non-ASCII secret is just a wrong secret, not a server error (found by fuzzing).
    response = client.exchange(client.pair(), secret="Płatność")
    assert (response.status_code, response.json()["error"]) == (401, "oauth_parameters_error")
    response = client.post("/grant", json={"grant_type": "refresh_token"})
    assert (response.status_code, response.json()["error"]) == (400, "parameters_error")


@pytest.mark.parametrize(
    ("override", "status", "code"),
    [
        ({"scope": "other"}, 401, "request_out_of_scope"),
        ({"state": "short"}, 401, "invalid_request"),
        ({"client_id": "bad id!"}, 400, "parameters_error"),
        ({"client_id": ""}, 400, "activation_parameters_empty"),
    ],
)
def test_pairing_request_codes(
    client: SpecClient, override: dict[str, str], status: int, code: str
) -> None:
    params = {
        "client_id": "demo-app",
        "response_type": "code",
        "state": "a" * 128,
        "redirect_uri": DEMO_REDIRECT,
        "scope": "open-api",
    }
    response = client.get("/request", params={**params, **override})
    assert (response.status_code, response.json()["error"]) == (status, code)


def test_blockades_consume_and_free_limits(client: SpecClient, demo: dict[str, str]) -> None:
    def daily_used() -> str:
        return str(client.get(MAIN, headers=demo).json()["limits"]["daily"]["used"]["amount"])

    assert daily_used() == "250.00"
    created = client.post(f"{MAIN}/blockade", json=blockade("b-1", "900.00"), headers=demo)
    assert created.status_code == 201 and daily_used() == "1150.00"
    changed = client.put(
        f"{MAIN}/blockade/b-1",
        json={"amount": {"amount": "400.00", "currency": "PLN"}, "title": "Mniej"},
        headers=demo,
    )
    assert changed.json()["amount"]["amount"] == "400.00" and daily_used() == "650.00"
    raised = client.put(
        f"{MAIN}/blockade/b-1",
        json={"amount": {"amount": "1500.00", "currency": "PLN"}, "title": "Więcej"},
        headers=demo,
    )
    assert raised.json()["error"] == "authorization_required"
    listed = client.get(f"{MAIN}/blockade", params={"pageSize": 1}, headers=demo).json()
    assert listed["totalCount"] == 2 and [b["blockadeId"] for b in listed["blockades"]] == ["b-1"]
    assert client.delete(f"{MAIN}/blockade/b-1", headers=demo).status_code == 204
    assert daily_used() == "250.00"
    assert (
        client.delete(f"{MAIN}/blockade/b-1", headers=demo).json()["error"] == "blockade_not_exist"
    )


def test_expired_blockade_is_inactive(client: SpecClient, demo: dict[str, str]) -> None:
    now = client.control("/_sandbox/clock", {"advanceSeconds": 0}).json()["now"]
    soon = datetime.fromisoformat(now) + timedelta(seconds=30)
    body = blockade("short-1", "10.00", expiresAt=soon.strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert client.post(f"{MAIN}/blockade", json=body, headers=demo).status_code == 201
    assert client.get(f"{MAIN}/blockade/short-1", headers=demo).status_code == 200
    client.advance(31)
    assert (
        client.get(f"{MAIN}/blockade/short-1", headers=demo).json()["error"] == "blockade_not_exist"
    )
    past = blockade("past-1", "10.00", expiresAt="2018-01-27T12:32:00Z")
    assert (
        client.post(f"{MAIN}/blockade", json=past, headers=demo).json()["error"]
        == "parameters_error"
    )


def test_payment_goes_to_partner_and_is_a_debit(client: SpecClient, demo: dict[str, str]) -> None:
    created = client.post("/payment", json=payment("p-1", "49.99"), headers=demo).json()
    assert created["recipient"]["number"] == "27187010452078100000000001"
    assert client.get("/payment/p-1", headers=demo).json()["status"] == "EXECUTED"
    transactions = client.get(f"{MAIN}/transactions", headers=demo).json()["transactions"]
    booked = [t for t in transactions if t.get("orderId") == "p-1"]
    assert (
        len(booked) == 1
        and booked[0]["type"] == "DEBIT"
        and booked[0]["amount"]["amount"] == "49.99"
    )
    trn = client.get(f"{MAIN}/transactions/{booked[0]['transactionId']}", headers=demo)
    assert trn.json()["orderId"] == "p-1"
    account = client.get(MAIN, headers=demo).json()
    assert account["balance"]["amount"] == "12450.01"


def test_mobile_authorization_via_control(client: SpecClient, demo: dict[str, str]) -> None:
    started = client.post(
        "/payment/authorize",
        json=authorize_body("orderId", "big-1", "2500.00", "mobile"),
        headers=demo,
    ).json()
    assert started["redirectURI"] == "" and started["infoMsg"]
    authorization = f"/authorization/{started['authorizationId']}"
    assert client.get(authorization, headers=demo).json()["status"] == "PENDING"
    assert client.get("/payment/big-1", headers=demo).json()["error"] == "order_not_exist"
    decided = client.control(
        f"/_sandbox/authorizations/{started['authorizationId']}/approve"
    ).json()
    assert decided["status"] == "AUTHORIZED"
    assert client.get(authorization, headers=demo).json()["status"] == "AUTHORIZED"
    assert client.get("/payment/big-1", headers=demo).json()["amount"]["amount"] == "2500.00"
    again = client.post(
        "/payment/authorize",
        json=authorize_body("orderId", "big-1", "2500.00", "mobile"),
        headers=demo,
    )
    assert again.json()["error"] == "order_exist_error"


def test_sms_page_approves_and_returns_to_callback(
    client: SpecClient, demo: dict[str, str]
) -> None:
    started = client.post(
        f"{MAIN}/blockade/authorize",
        json=authorize_body("blockadeId", "sms-1", "3000.00"),
        headers=demo,
    ).json()
    page = started["redirectURI"].removeprefix("http://testserver")
    assert "111111" in client.get(page).text
    wrong = client.post(page, data={"smsCode": "000000", "decision": "approve"})
    assert wrong.status_code == 200 and "Nieprawidłowy" in wrong.text
    done = client.post(page, data={"smsCode": "111111", "decision": "approve"})
    assert done.status_code == 302
    assert done.headers["location"].startswith("http://127.0.0.1:8765/authorized?")
    assert "status=AUTHORIZED" in done.headers["location"]
    assert (
        client.get(f"{MAIN}/blockade/sms-1", headers=demo).json()["amount"]["amount"] == "3000.00"
    )


@pytest.mark.parametrize(
    "browser",
    [{"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}],
)
def test_the_bank_pages_refuse_a_form_posted_by_another_site(
    client: SpecClient, demo: dict[str, str], browser: dict[str, str]
) -> None:
    """The SMS code of the sandbox is public: another web page must not approve with it."""
    started = client.post(
        f"{MAIN}/blockade/authorize",
        json=authorize_body("blockadeId", "csrf-1", "3000.00"),
        headers=demo,
    ).json()
    page = urlsplit(started["redirectURI"]).path
    form = {"smsCode": "111111", "decision": "approve"}
    refused = client.post(page, data=form, headers=browser)
    assert (refused.status_code, refused.json()["error"]) == (403, "cross_site_request")
    consent = client.post(page_html.CONSENT_ACTION, data={"decision": "approve"}, headers=browser)
    assert (consent.status_code, consent.json()["error"]) == (403, "cross_site_request")
    status = client.get(f"/authorization/{started['authorizationId']}", headers=demo)
    assert status.json()["status"] == "PENDING"
    # The bank's own page posting to itself still works.
    own = client.post(page, data=form, headers={"Sec-Fetch-Site": "same-origin"})
    assert own.status_code == 302 and "status=AUTHORIZED" in own.headers["location"]


def test_undecided_authorization_expires(client: SpecClient, demo: dict[str, str]) -> None:
    started = client.post(
        f"{MAIN}/blockade/authorize",
        json=authorize_body("blockadeId", "late-1", "3000.00"),
        headers=demo,
    ).json()
    client.advance(601)
    response = client.get(f"/authorization/{started['authorizationId']}", headers=demo)
    assert (response.status_code, response.json()["error"]) == (401, "authorization_failed")
    assert (
        client.control(f"/_sandbox/authorizations/{started['authorizationId']}/approve").status_code
        == 409
    )


def test_foreign_callback_uri_is_refused(client: SpecClient, demo: dict[str, str]) -> None:
    body = authorize_body("blockadeId", "cb-1", "3000.00", callbackUri="https://evil.example.com/x")
    assert (
        client.post(f"{MAIN}/blockade/authorize", json=body, headers=demo).json()["error"]
        == "callback_uri_error"
    )


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("PATCH", "/user", 405),
        ("GET", "/nope", 404),
        ("GET", "/user/", 404),
    ],
)
def test_unknown_paths_and_methods_answer_json(
    client: SpecClient, method: str, path: str, status: int
) -> None:
    response = client.request(method, path)
    assert response.status_code == status and response.json()["error"] == "request_out_of_scope"


def test_a_known_path_with_another_method_answers_405() -> None:
    """In-process only: Prism reads `GET .../blockade/authorize` as getBlockade with the
    blockadeId `authorize` (the path-segment ambiguity of issue 12)."""
    with SpecClient(create_app(":memory:", rate_limit_per_minute=0)) as client:
        response = client.get(f"{MAIN}/blockade/authorize")
    assert response.status_code == 405 and response.json()["error"] == "request_out_of_scope"
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b'{"blockadeId": "x"}', "application/json"),
        (b"blockadeId=x", "text/plain"),
        (b"[]", "application/json"),
    ],
)
def test_malformed_bodies_answer_parameters_error(
    client: SpecClient, demo: dict[str, str], body: bytes, content_type: str
) -> None:
    response = client.post(
        f"{MAIN}/blockade", content=body, headers={**demo, "Content-Type": content_type}
    )
    assert (response.status_code, response.json()["error"]) == (400, "parameters_error")


def test_invalid_path_and_query_parameters(client: SpecClient, demo: dict[str, str]) -> None:
    assert client.get("/account/bad%2Fid", headers=demo).json()["error"] == "parameters_error"
    assert (
        client.get(f"{MAIN}/blockade", params={"page": 0}, headers=demo).json()["error"]
        == "parameters_error"
    )
    assert (
        client.get(f"{MAIN}/transactions", params={"from": "yesterday"}, headers=demo).json()[
            "error"
        ]
        == "parameters_error"
    )


@pytest.mark.parametrize("currency", ["EUR", "USD", "XYZ"])
def test_an_operation_in_another_currency_is_refused_by_the_product(
    client: SpecClient, demo: dict[str, str], currency: str
) -> None:
    """`currency` is an open set: the request is well-formed, the PLN product refuses it."""
    foreign = {"amount": "10.00", "currency": currency}
    refused = (400, "request_reject_by_user_product_state")
    requests = [
        ("POST", f"{MAIN}/blockade", blockade("fx-b", "10.00") | {"amount": foreign}),
        ("POST", "/payment", payment("fx-p", "10.00") | {"amount": foreign}),
        (
            "POST",
            f"{MAIN}/blockade/authorize",
            authorize_body("blockadeId", "fx-a", "10.00") | {"amount": foreign},
        ),
        (
            "POST",
            "/payment/authorize",
            authorize_body("orderId", "fx-o", "10.00") | {"amount": foreign},
        ),
    ]
    for method, path, body in requests:
        answer = client.request(method, path, json=body, headers=demo)
        assert (answer.status_code, answer.json()["error"]) == refused, path
    assert client.post(f"{MAIN}/blockade", json=blockade("fx-b", "10.00"), headers=demo).is_success
    update = blockade("fx-b", "10.00") | {"amount": foreign}
    del update["blockadeId"]
    answer = client.put(f"{MAIN}/blockade/fx-b", json=update, headers=demo)
    assert (answer.status_code, answer.json()["error"]) == refused
    # Nothing was stored by the refused requests: the identifiers are still free.
    assert client.post("/payment", json=payment("fx-p", "10.00"), headers=demo).is_success
