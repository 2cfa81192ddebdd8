"""A token sees and changes only the account linked at pairing (issue 11, defect 7).

Paired to `acc-demo-savings`, the demo customer's token read the main account's
payments while `GET /account/acc-demo-main` was refused.
"""

from __future__ import annotations

import pytest

from .support import SpecClient, authorize_body, blockade, payment

MAIN, SAVINGS = "acc-demo-main", "acc-demo-savings"


@pytest.fixture
def tokens(client: SpecClient) -> dict[str, dict[str, str]]:
    return {MAIN: client.token(account=MAIN), SAVINGS: client.token(account=SAVINGS)}


def test_payments_of_one_account_are_invisible_to_the_other(
    client: SpecClient, tokens: dict[str, dict[str, str]]
) -> None:
    for account, order in ((MAIN, "pay-main"), (SAVINGS, "pay-savings")):
        made = client.post("/payment", json=payment(order, "10.00"), headers=tokens[account])
        assert made.status_code == 201 and made.json()["accountId"] == account
    pairs = ((MAIN, "pay-main", "pay-savings"), (SAVINGS, "pay-savings", "pay-main"))
    for account, own, foreign in pairs:
        listed = client.get("/payment", headers=tokens[account]).json()["payments"]
        assert {p["orderId"] for p in listed} == {own}
        assert {p["accountId"] for p in listed} == {account}
        assert client.get(f"/payment/{own}", headers=tokens[account]).status_code == 200
        refused = client.get(f"/payment/{foreign}", headers=tokens[account])
        assert refused.status_code == 401 and refused.json()["error"] == "order_permissions_error"


def test_authorizations_of_one_account_are_invisible_to_the_other(
    client: SpecClient, tokens: dict[str, dict[str, str]]
) -> None:
    started = client.post(
        f"/account/{MAIN}/blockade/authorize",
        json=authorize_body("blockadeId", "scope-1", "1500.00"),
        headers=tokens[MAIN],
    ).json()
    path = f"/authorization/{started['authorizationId']}"
    assert client.get(path, headers=tokens[MAIN]).status_code == 200
    refused = client.get(path, headers=tokens[SAVINGS])
    assert refused.status_code == 401
    assert refused.json()["error"] == "blockade_permissions_error"  # what it is for


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", f"/account/{MAIN}", None),
        ("GET", f"/account/{MAIN}/transactions", None),
        ("GET", f"/account/{MAIN}/blockade", None),
        ("GET", f"/account/{MAIN}/blockade/demo-deposit-0001", None),
        ("POST", f"/account/{MAIN}/blockade", blockade("scope-2", "10.00")),
        (
            "PUT",
            f"/account/{MAIN}/blockade/demo-deposit-0001",
            blockade("demo-deposit-0001", "10.00"),
        ),
        ("DELETE", f"/account/{MAIN}/blockade/demo-deposit-0001", None),
    ],
)
def test_every_account_operation_refuses_the_other_account(
    client: SpecClient,
    tokens: dict[str, dict[str, str]],
    method: str,
    path: str,
    body: dict[str, object] | None,
) -> None:
    if body is not None and method == "PUT":
        body = {k: v for k, v in body.items() if k != "blockadeId"}
    response = client.request(method, path, json=body, headers=tokens[SAVINGS])
    assert response.status_code == 401, response.text
    assert response.json()["error"] == "product_permissions_error"
