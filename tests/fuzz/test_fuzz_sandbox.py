"""The sandbox against the spec: every check, every phase, zero failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.runner import execute
from tests.fuzz.session import FuzzSession
from tests.fuzz.settings import PHASES

pytestmark = pytest.mark.fuzz


def test_sandbox_conforms_to_the_spec(fresh_session: FuzzSession, tmp_path: Path) -> None:
    junit = tmp_path / "fuzz-junit.xml"
    outcome = execute(fresh_session.schema(), junit_path=junit)
    # The figures and any failure with its curl reproduction, visible with `pytest -s`.
    print(outcome.summary())
    assert outcome.passed, outcome.summary()
    ran = {phase for phase in PHASES if outcome.cases_by_phase.get(phase, 0) > 0}
    missing = set(PHASES) - ran
    assert not missing, f"phases without cases: {missing}; skipped: {outcome.skipped_phases}"
    report = junit.read_text(encoding="utf-8")
    assert "<testsuite" in report and "<failure" not in report
    assert fresh_session.owner.access_token() not in report
