"""Fuzz figures: how many cases each schemathesis phase ran and how fast, in-process."""

from __future__ import annotations

from nestbank_fuzz.runner import execute
from nestbank_fuzz.session import open_session
from nestbank_fuzz.settings import PHASES

from tests.fuzz.profiles import make_test_settings


def main() -> None:
    # The `make test` run (same seed and budget), against a fresh in-process sandbox.
    settings = make_test_settings()
    session = open_session(settings)
    outcome = execute(session.schema())
    print(f"fuzz: seed {outcome.seed}, max-examples {settings.max_examples}")
    for phase in PHASES:
        print(f"fuzz: {phase:<9} {outcome.cases_by_phase.get(phase, 0):>6} cases")
    print(
        f"fuzz: total     {outcome.total_cases:>6} cases in {outcome.elapsed_seconds:.1f} s "
        f"= {outcome.cases_per_second:.0f} cases/s; "
        f"{len(outcome.failures)} failures, {len(outcome.errors)} errors"
    )


if __name__ == "__main__":
    main()
