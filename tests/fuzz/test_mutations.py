"""Mutation test of the harness: every deliberately wrong sandbox is caught by the named check."""

from __future__ import annotations

from pathlib import Path

import pytest
from nestbank_fuzz.runner import execute
from nestbank_fuzz.session import open_session
from nestbank_fuzz.target import in_process_target, sandbox_app

from tests.fuzz.mutations import MUTATIONS, Mutation
from tests.fuzz.profiles import make_test_settings

pytestmark = pytest.mark.fuzz


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_harness_catches(mutation: Mutation, tmp_path: Path) -> None:
    settings = make_test_settings(phases=mutation.phases, max_examples=mutation.max_examples)
    app = mutation.wrap(sandbox_app(rate_limit_per_minute=settings.rate_limit_per_minute))
    session = open_session(settings, in_process_target(app))
    if not mutation.needs_peer:
        # Only the cross-customer mutations need the second pairing; the others run faster without.
        session.peers = []
    junit = tmp_path / "junit.xml"
    outcome = execute(session.schema(operation_ids=mutation.operation_ids), junit_path=junit)
    assert mutation.expected_check in outcome.failed_checks(), (
        f"{mutation.fault}: expected a {mutation.expected_check} failure\n{outcome.summary()}"
    )
    # Failures are reported with curl reproductions; the token must be masked in all of them.
    report = junit.read_text(encoding="utf-8")
    for source in [session.owner, *(peer for _, peer in session.peers)]:
        token = source.access_token()
        assert token not in outcome.summary()
        assert token not in report
