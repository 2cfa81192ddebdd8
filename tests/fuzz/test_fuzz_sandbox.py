"""The sandbox against the spec: every check, every phase, zero failures."""

from __future__ import annotations

from pathlib import Path

import pytest
from nestbank_fuzz import cross_customer
from nestbank_fuzz.runner import execute
from nestbank_fuzz.session import FuzzSession
from nestbank_fuzz.settings import PHASES

pytestmark = pytest.mark.fuzz


def test_sandbox_conforms_to_the_spec(fresh_session: FuzzSession, tmp_path: Path) -> None:
    junit = tmp_path / "fuzz-junit.xml"
    schema = fresh_session.schema()
    outcome = execute(schema, junit_path=junit)
    # The figures and any failure with its curl reproduction, visible with `pytest -s`.
    print(outcome.summary())
    assert outcome.passed, outcome.summary()
    ran = {phase for phase in PHASES if outcome.cases_by_phase.get(phase, 0) > 0}
    missing = set(PHASES) - ran
    assert not missing, f"phases without cases: {missing}; skipped: {outcome.skipped_phases}"
    report = junit.read_text(encoding="utf-8")
    assert "<testsuite" in report and "<failure" not in report
    for source in [fresh_session.owner, *(peer for _, peer in fresh_session.peers)]:
        assert source.access_token() not in report
    # The cross-customer check really replayed the owner's blockades and payments with the
    # peer's token (authorizations: tests/fuzz/test_cross_customer.py, see its docstring).
    probe = cross_customer.probe_for(schema)
    assert probe is not None
    replayed = set(cross_customer.probed_operations(probe))
    assert {"getBlockade", "updateBlockade", "deleteBlockade", "getPayment"} <= replayed
