"""The cross-customer check (nestbank_fuzz/cross_customer.py) on schemathesis cases of every kind.

The generated run seldom starts an authorization (a generated `callbackUri` never shares the
host of the registered redirect URI), so these focused cases make sure every replay is made:
valid creates and authorizations as the owner, checked with the cross-customer check alone.
"""

from __future__ import annotations

from typing import Any

import pytest
from nestbank_fuzz import cross_customer
from nestbank_fuzz.cross_customer import PROBED_OPERATIONS, refusal_problem
from nestbank_fuzz.session import OWNER, FuzzSession, open_session
from nestbank_fuzz.target import in_process_target, sandbox_app
from nestbank_fuzz.transport import Reply
from schemathesis.core.failures import FailureGroup

from tests.fuzz.mutations import serves_other_customers_authorization
from tests.fuzz.profiles import make_test_settings

pytestmark = pytest.mark.fuzz

ACCOUNT = OWNER[1]
CALLBACK = "http://127.0.0.1:8765/authorized"
SMALL = {"amount": "12.50", "currency": "PLN"}

# Valid requests of the owner that create or start something: (operationId, path parameters, body).
OWNER_REQUESTS: tuple[tuple[str, dict[str, str], dict[str, Any]], ...] = (
    (
        "createBlockade",
        {"accountId": ACCOUNT},
        {"blockadeId": "bola-b1", "amount": SMALL, "title": "Kaucja"},
    ),
    ("createPayment", {}, {"orderId": "bola-p1", "amount": SMALL, "title": "Abonament"}),
    (
        "authorizeBlockade",
        {"accountId": ACCOUNT},
        {
            "blockadeId": "bola-b2",
            "amount": SMALL,
            "title": "Kaucja",
            "appType": "mobile",
            "os_type": "Android",
            "callbackUri": CALLBACK,
        },
    ),
    (
        "authorizePayment",
        {},
        {
            "orderId": "bola-p2",
            "amount": SMALL,
            "title": "Abonament",
            "appType": "mobile",
            "os_type": "Android",
            "callbackUri": CALLBACK,
        },
    ),
)


def _send_and_check(
    session: FuzzSession, schema: Any, operation_id: str, path: dict[str, str], body: dict[str, Any]
) -> None:
    case = schema.find_operation_by_id(operation_id).Case(path_parameters=path, body=body)
    response = case.call(headers={"access_token": session.owner.access_token()})
    assert response.status_code in (200, 201), response.text
    case.validate_response(response, checks=[cross_customer.nestbank_cross_customer_access])


def test_the_other_customer_is_refused_every_object(fresh_session: FuzzSession) -> None:
    schema = fresh_session.schema()
    for operation_id, path, body in OWNER_REQUESTS:
        _send_and_check(fresh_session, schema, operation_id, path, body)
    probe = cross_customer.probe_for(schema)
    assert probe is not None
    assert list(cross_customer.probed_operations(probe)) == sorted(PROBED_OPERATIONS)
    # The refused change and delete left the owner's blockade as it was.
    reply = fresh_session.target.transport.send(
        "GET",
        f"/account/{ACCOUNT}/blockade/bola-b1",
        headers={"access_token": fresh_session.owner.access_token()},
    )
    assert reply.status_code == 200
    assert reply.json_object()["amount"] == SMALL


def test_an_authorization_served_to_the_other_customer_is_reported() -> None:
    settings = make_test_settings()
    app = serves_other_customers_authorization(
        sandbox_app(rate_limit_per_minute=settings.rate_limit_per_minute)
    )
    session = open_session(settings, in_process_target(app))
    schema = session.schema()
    operation_id, path, body = OWNER_REQUESTS[3]
    with pytest.raises(FailureGroup) as failure:
        _send_and_check(session, schema, operation_id, path, body)
    message = str(failure.value)
    assert "nestbank_cross_customer_access" in message
    assert "getAuthorization GET /authorization/" in message and "answered 200" in message
    for source in [session.owner, *(peer for _, peer in session.peers)]:
        assert source.access_token() not in message


def test_without_a_peer_the_check_does_nothing() -> None:
    settings = make_test_settings()
    session = open_session(
        settings,
        in_process_target(sandbox_app(rate_limit_per_minute=settings.rate_limit_per_minute)),
    )
    session.peers = []
    schema = session.schema()
    assert cross_customer.probe_for(schema) is None
    _send_and_check(session, schema, *OWNER_REQUESTS[1])


BLOCKADE_ERRORS = {
    "401": ["aceess_token_not_exist", "product_permissions_error", "blockade_permissions_error"],
    "404": ["blockade_not_exist"],
}


def _error(status: int, code: str) -> Reply:
    return Reply(status, {}, f'{{"error": "{code}", "error_description": "x"}}')


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (_error(401, "product_permissions_error"), None),
        (_error(401, "blockade_permissions_error"), None),
        (_error(404, "blockade_not_exist"), None),
        (
            Reply(200, {}, '{"blockadeId": "b1"}'),
            "answered 200: the other customer reached the object",
        ),
        (Reply(204, {}, ""), "answered 204"),
        (
            _error(401, "aceess_token_not_exist"),
            "answered 401 aceess_token_not_exist, expected 401 blockade_permissions_error",
        ),
        (_error(401, "order_permissions_error"), "answered 401 order_permissions_error"),
        (_error(404, "not_found"), "answered 404 not_found"),
        (_error(500, "internal.server.error"), "answered 500"),
        (
            Reply(401, {}, '{"error": "blockade_permissions_error", "amount": {}}'),
            "with the object's fields amount",
        ),
    ],
)
def test_only_a_documented_not_yours_refusal_passes(reply: Reply, problem: str | None) -> None:
    found = refusal_problem(reply, BLOCKADE_ERRORS)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found
