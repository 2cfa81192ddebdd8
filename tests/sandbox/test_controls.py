"""The /_sandbox/ controls answer as spec/sandbox-controls.yaml describes."""

from __future__ import annotations

from typing import Any

import httpx
import nestbank_spec
import pytest
from nestbank_sandbox.app import create_app
from nestbank_sandbox.ecma import with_python_patterns
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from starlette.routing import compile_path

from .conftest import ENGINES, fresh_app
from .support import DEMO_AUTH, DEMO_REDIRECT, SpecClient, authorize_body, new_state


@pytest.fixture(scope="module")
def controls_spec() -> OpenAPI:
    # Patterns with their JSON Schema meaning, as for the bank's spec (nestbank_sandbox.ecma).
    document = with_python_patterns(
        nestbank_spec.load(nestbank_spec.document_path(nestbank_spec.CONTROLS))
    )
    document["servers"] = [{"url": "/"}]
    return OpenAPI.from_dict(document)


def check(spec: OpenAPI, response: httpx.Response) -> httpx.Response:
    path = response.request.url.path
    pattern, params = path, {}
    for template in map(str, spec.spec["paths"]):
        regex, _, _ = compile_path(template)
        match = regex.match(path)
        if match:
            pattern, params = template, match.groupdict()
    request = MockRequest(
        "http://sandbox",
        response.request.method.lower(),
        path,
        path_pattern=pattern,
        view_args=params,
    )
    content_type = response.headers.get("content-type", "application/json")
    spec.validate_response(
        request,
        MockResponse(
            response.content,
            status_code=response.status_code,
            headers=dict(response.headers),
            content_type=content_type,
        ),
    )
    return response


def test_controls_answer_as_documented(client: SpecClient, controls_spec: OpenAPI) -> None:
    demo = client.token()
    started = client.post(
        "/account/acc-demo-main/blockade/authorize",
        json=authorize_body("blockadeId", "c-1", "2000.00"),
        headers=demo,
    ).json()
    cases: list[tuple[str, Any, int]] = [
        ("/_sandbox/clock", {"advanceSeconds": 5}, 200),
        ("/_sandbox/clock", {"advanceSeconds": -5}, 400),
        ("/_sandbox/faults", {"kind": "500", "count": 1, "operationId": "getUser"}, 200),
        ("/_sandbox/faults", {"kind": "explode"}, 400),
        ("/_sandbox/faults", {"kind": "500", "operationId": "noSuchOperation"}, 400),
        ("/_sandbox/pair", {"client_id": "demo-app", "state": new_state()}, 200),
        ("/_sandbox/pair", {"client_id": "demo-app", "state": "short"}, 400),
        ("/_sandbox/pair", {"client_id": "demo-app", "state": new_state()[1:] + "\n"}, 400),
        ("/_sandbox/pair", {"client_id": "limited-app", "state": new_state()}, 403),
        (
            "/_sandbox/pair",
            {"client_id": "demo-app", "state": new_state(), "accountId": "acc-anna-main"},
            400,
        ),
        (f"/_sandbox/authorizations/{started['authorizationId']}/approve", None, 200),
        (f"/_sandbox/authorizations/{started['authorizationId']}/reject", None, 409),
        ("/_sandbox/authorizations/auth-none/approve", None, 404),
        ("/_sandbox/reset", None, 204),
    ]
    for path, body, status in cases:
        response = check(controls_spec, client.control(path, body))
        assert response.status_code == status, (path, response.text)


def test_unknown_control_answers_json(client: SpecClient) -> None:
    assert client.get("/_sandbox/reset").headers["allow"] == "POST"
    assert client.get("/_sandbox/nothing").json()["error"] == "request_out_of_scope"
    # A trailing slash is another path, not a redirect with an empty body.
    for path in ("/_sandbox/reset/", "/_sandbox/applications/", "/_pages/consent/"):
        slashed = client.post(path, json={}, follow_redirects=False)
        assert (slashed.status_code, slashed.json()["error"]) == (404, "request_out_of_scope")


def test_registration_answers_as_documented(controls_spec: OpenAPI) -> None:
    from nestbank_sandbox.context import Settings

    app = create_app(":memory:", rate_limit_per_minute=0,
                     settings=Settings(registrations_per_hour=2))  # fmt: skip
    cases: list[tuple[Any, int]] = [
        ({"redirect_uris": ["https://partner.example.com/cb"], "status": "BETA"}, 201),
        ({"redirect_uris": ["http://partner.example.com/cb"]}, 400),
        ({"redirect_uris": ["http://127.0.0.1:9/cb"], "permissions": []}, 201),
        ({"redirect_uris": ["http://localhost/cb"]}, 429),
    ]
    with SpecClient(app) as client:
        for body, status in cases:
            response = check(controls_spec, client.post("/_sandbox/applications", json=body))
            assert response.status_code == status, response.text


@pytest.mark.parametrize("engine", ENGINES)
def test_deletion_answers_as_documented(
    request: pytest.FixtureRequest, controls_spec: OpenAPI, engine: str
) -> None:
    with fresh_app(request, engine, rate_limit_per_minute=0) as app, SpecClient(app) as client:
        made = client.post("/_sandbox/applications", json={"redirect_uris": [DEMO_REDIRECT]})
        auth = (made.json()["client_id"], made.json()["client_secret"])
        path = f"/_sandbox/applications/{auth[0]}"
        cases: list[tuple[str, tuple[str, str], Any, int]] = [
            (path, auth, {"x": 1}, 400),
            (path, (auth[0], "wrong"), {}, 401),
            ("/_sandbox/applications/demo-app", auth, {}, 403),
            ("/_sandbox/applications/demo-app", DEMO_AUTH, {}, 403),
            (path, auth, {}, 204),
            (path, auth, {}, 401),
        ]
        for url, credentials, body, status in cases:
            response = client.request("DELETE", url, json=body, auth=credentials)
            assert check(controls_spec, response).status_code == status, response.text
        assert client.get(path).headers["allow"] == "DELETE"
