"""What the sandbox takes from spec 1.1: permissions per operation, the open token form,
the token answer's headers, identifiers that are never a fixed path segment."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nestbank_sandbox.app import create_app
from nestbank_sandbox.permissions import require_permission
from nestbank_sandbox.resources import insert_blockade
from nestbank_sandbox.routing import MethodNotAllowed, RouteMatch, Router
from nestbank_sandbox.spec import _permissions, load_spec, spec_path

from .support import DEMO_REDIRECT, SpecClient, blockade, payment

MAIN = "/account/acc-demo-main"
IDENTIFIER = st.from_regex(r"\A[A-Za-z0-9_-]{1,64}\Z").filter(lambda s: s != "authorize")


def test_every_secured_operation_takes_its_permission_from_the_spec() -> None:
    spec = load_spec()
    document = spec.document
    for op in spec.operations:
        item = document["paths"][op.path][op.method.lower()]
        assert op.permissions == _permissions(item.get("x-nestbank-permission"))
        assert bool(op.permissions) == op.secured, op.operation_id


def test_the_check_follows_the_spec_not_a_table(tmp_path: Path) -> None:
    """Change getUser's permission in a copy of the spec: the sandbox's answer follows."""
    document = yaml.safe_load(spec_path().read_text(encoding="utf-8"))
    document["paths"]["/user"]["get"]["x-nestbank-permission"] = "PAYMENTS:DELETE"
    changed = tmp_path / "spec.yaml"
    changed.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    app = create_app(":memory:", rate_limit_per_minute=0, spec_file=changed)
    with SpecClient(app) as client:
        response = client.get("/user", headers=client.token())
    # demo-app holds PAYMENTS permissions, but none with the ACTION DELETE.
    assert (response.status_code, response.json()["error"]) == (401, "request_out_of_permissions")


def test_malformed_permission_in_the_spec_is_refused_at_load() -> None:
    with pytest.raises(ValueError, match="OBJECT:ACTION"):
        _permissions("BLOCKADES")


def test_alternatives_allow_any_one() -> None:
    op = load_spec().by_id["getAuthorization"]
    payments_only = ["FIN:ctx:PAYMENTS:AUTH::::::::PLN:::"]
    allowed = require_permission(payments_only, op)
    assert allowed is not None and (allowed.obj, allowed.action) == ("PAYMENTS", "AUTH")


def test_token_answer_forbids_caching_for_both_http_versions(client: SpecClient) -> None:
    response = client.exchange(client.pair())
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"


def refresh_form(refresh_token: str, **extra: str) -> dict[str, str]:
    return {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
        "client_id": "demo-app",
        "client_secret": "demo-secret",
        **extra,
    }


def test_refresh_accepts_scope_and_ignores_unknown_parameters(client: SpecClient) -> None:
    """RFC 6749 §6 allows scope on a refresh; §3.2 has unknown parameters ignored."""
    refresh = client.exchange(client.pair()).json()["refresh_token"]
    form = refresh_form(refresh, scope="open-api", resource="https://x.example", foo="bar")
    response = client.post("/grant", data=form)
    assert response.status_code == 200, response.text
    assert response.json()["refresh_token"] != refresh


def test_code_exchange_ignores_unknown_parameters(client: SpecClient) -> None:
    code = client.pair()
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": DEMO_REDIRECT,
        "state": client.state,
        "client_id": "demo-app",
        "client_secret": "demo-secret",
        "code_verifier": "unused-by-this-bank",
    }
    assert client.post("/grant", data=form).status_code == 200


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (f"{MAIN}/blockade", blockade("authorize", "1.00")),
        ("/payment", payment("authorize", "1.00")),
    ],
)
def test_identifier_authorize_is_refused(
    client: SpecClient, demo: dict[str, str], url: str, body: dict[str, object]
) -> None:
    response = client.post(url, json=body, headers=demo)
    assert (response.status_code, response.json()["error"]) == (400, "parameters_error")


def test_fixed_segment_is_the_authorization_service_for_every_method() -> None:
    """OpenAPI: a concrete path wins; with `authorize` refused as an identifier, the
    path names one resource, so another method on it is 405, never a read of an id."""
    router = Router(load_spec().operations)
    for path, operation_id in (
        ("/payment/authorize", "authorizePayment"),
        (f"{MAIN}/blockade/authorize", "authorizeBlockade"),
    ):
        matched = router.match("POST", path)
        assert isinstance(matched, RouteMatch)
        assert matched.operation.operation_id == operation_id
        for method in ("GET", "PUT", "DELETE"):
            other = router.match(method, path)
            assert isinstance(other, MethodNotAllowed) and other.allowed == ("POST",)


@pytest.fixture(scope="module")
def router() -> Iterator[Router]:
    yield Router(load_spec().operations)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(identifier=IDENTIFIER)
def test_any_valid_identifier_routes_to_its_resource(router: Router, identifier: str) -> None:
    payment_route = router.match("GET", f"/payment/{identifier}")
    blockade_route = router.match("DELETE", f"{MAIN}/blockade/{identifier}")
    assert isinstance(payment_route, RouteMatch) and isinstance(blockade_route, RouteMatch)
    assert payment_route.operation.operation_id == "getPayment"
    assert payment_route.path_params["orderId"] == identifier
    assert blockade_route.operation.operation_id == "deleteBlockade"


def test_read_only_customer_cannot_release_a_blockade(tmp_path: Path) -> None:
    """deleteBlockade lists user_permissions_error: BIM read-only rights refuse it."""
    database = str(tmp_path / "sandbox.db")
    app = create_app(database, rate_limit_per_minute=0)
    with sqlite3.connect(database) as conn:  # a blockade from before the rights changed
        insert_blockade(
            conn, "demo-app", "v-1", "acc-viewer-main", 100, "Kaucja", 0, None, "ACTIVE"
        )
    with SpecClient(app) as client:
        viewer = client.token("viewer")
        response = client.delete("/account/acc-viewer-main/blockade/v-1", headers=viewer)
        assert (response.status_code, response.json()["error"]) == (401, "user_permissions_error")
        assert (
            client.get("/account/acc-viewer-main/blockade/v-1", headers=viewer).status_code == 200
        )
