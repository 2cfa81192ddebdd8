"""The harness authenticates as a partner's server does: pair, exchange, refresh."""

from __future__ import annotations

import nestbank_spec
import pytest
from nestbank_fuzz import cli as run
from nestbank_fuzz.auth import (
    DEMO_CLIENT,
    ClientCredentials,
    FuzzAuthError,
    Tokens,
    TokenSource,
    control_headers,
)
from nestbank_fuzz.schema import requires_access_token
from nestbank_fuzz.session import FuzzSession
from nestbank_fuzz.target import Target

pytestmark = pytest.mark.fuzz


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _get_user(target: Target, token: str) -> int:
    return target.transport.send("GET", "/user", headers={"access_token": token}).status_code


def test_pairs_and_exchanges_the_code_once(fresh_session: FuzzSession) -> None:
    source = fresh_session.owner
    token = source.access_token()
    assert source.access_token() == token
    assert (source.pairings, source.refreshes) == (1, 0)
    assert _get_user(fresh_session.target, token) == 200


def test_refreshes_before_the_access_token_expires(fresh_session: FuzzSession) -> None:
    target = fresh_session.target
    clock = FakeClock()
    source = TokenSource(target.transport, DEMO_CLIENT, user="demo", clock=clock)
    first = source.access_token()
    # The bank's access token lives 20 minutes; move both clocks past it.
    clock.now += 1200
    reply = target.transport.send(
        "POST",
        "/_sandbox/clock",
        json_body={"advanceSeconds": 1200},
        headers=control_headers(DEMO_CLIENT),
    )
    assert reply.status_code == 200
    assert _get_user(target, first) == 401
    second = source.access_token()
    assert second != first
    assert (source.pairings, source.refreshes) == (1, 1)
    assert _get_user(target, second) == 200


def test_a_ready_token_without_refresh_token_cannot_be_renewed(fresh_session: FuzzSession) -> None:
    clock = FakeClock()
    tokens = Tokens(access_token="given", refresh_token=None, expires_at=clock.now + 1200)
    transport = fresh_session.target.transport
    source = TokenSource(transport, DEMO_CLIENT, tokens=tokens, can_pair=False, clock=clock)
    assert source.access_token() == "given"
    clock.now += 1200
    with pytest.raises(FuzzAuthError, match="NESTBANK_REFRESH_TOKEN"):
        source.access_token()


def test_a_wrong_client_secret_is_refused_before_any_token(fresh_session: FuzzSession) -> None:
    wrong = ClientCredentials(DEMO_CLIENT.client_id, "not-the-secret", DEMO_CLIENT.redirect_uri)
    source = TokenSource(fresh_session.target.transport, wrong, user="demo")
    # The sandbox's pairing control takes the same credentials (HTTP Basic) as /grant.
    with pytest.raises(FuzzAuthError, match=r"/_sandbox/pair answered 401 invalid_client"):
        source.access_token()


def test_only_secured_operations_get_a_token(fresh_session: FuzzSession) -> None:
    schema = fresh_session.schema()
    secured = {
        op.ok().definition.raw["operationId"]: requires_access_token(op.ok())
        for op in schema.get_all_operations()
    }
    assert secured.pop("authorizeApplication") is False
    assert secured.pop("grantToken") is False
    spec = nestbank_spec.load(fresh_session.settings.spec_path)
    expected = [op for op in nestbank_spec.operations(spec) if op.security(spec)]
    assert all(secured.values()) and len(secured) == len(expected)


def test_make_fuzz_refuses_a_bad_ready_token_before_fuzzing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("NESTBANK_ACCESS_TOKEN", "not-a-token")
    assert run.main(["--seconds", "5"]) == 2
    assert "the access token was refused: 401 aceess_token_not_exist" in capsys.readouterr().err
