"""Inputs outside what the bank API validates answer the same on SQLite and PostgreSQL.

Controls and the token form reach SQL with any text a caller sends, NUL included, which
PostgreSQL text cannot hold (db/postgres.py). Whatever the text, both engines give the
same documented answer, never a 500.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nestbank_sandbox.app import create_app
from nestbank_sandbox.controls import reset_state

from .support import DEMO_AUTH, DEMO_REDIRECT, SpecClient, new_state

texts = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(["demo", "de\x00mo"])


def _answers(client: SpecClient, login: str, client_id: str) -> list[tuple[int, Any]]:
    pair = client.post("/_sandbox/pair", json={"state": new_state(), "user": login}, auth=DEMO_AUTH)
    form = {
        "grant_type": "authorization_code", "code": login, "redirect_uri": DEMO_REDIRECT,
        "state": new_state(), "client_id": client_id, "client_secret": "demo-secret",
    }  # fmt: skip
    grant = client.post("/grant", data=form)
    return [
        (pair.status_code, pair.json().get("error_description") if pair.status_code != 200 else 0),
        (grant.status_code, grant.json().get("error")),
    ]


def test_controls_and_the_token_form_answer_alike(request: pytest.FixtureRequest) -> None:
    sqlite_app = create_app(":memory:", rate_limit_per_minute=0)
    pg_app = create_app(request.getfixturevalue("postgres_url"), rate_limit_per_minute=0)
    reset_state(pg_app.state.services)
    with SpecClient(sqlite_app) as on_sqlite, SpecClient(pg_app) as on_postgresql:

        @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(login=texts, client_id=texts)
        def check(login: str, client_id: str) -> None:
            expected = _answers(on_sqlite, login, client_id)
            assert all(status < 500 for status, _ in expected), expected
            assert _answers(on_postgresql, login, client_id) == expected

        try:
            check()
        finally:
            pg_app.state.services.db.close()
