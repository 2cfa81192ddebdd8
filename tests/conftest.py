"""Checks that run once before any test, and the suite's hypothesis profile."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from tests.stale_runtime import stale_message, stale_runtime_files

# Loaded here, before any test module builds its `@settings(...)` (they inherit from it).
# No deadline and no too_slow health check: both time the examples, and on a shared
# 2-core CI machine a stall of a few hundred ms failed a correct test (hypothesis's
# default deadline is 200 ms; the stale-runtime property, 15-50 ms when quiet, took
# 275 ms under load). What a test checks never depends on how fast it ran.
settings.register_profile("nestbank", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("nestbank")


def pytest_sessionstart(session: pytest.Session) -> None:
    # Tests of the runtime import its generated copy: a stale copy would test old code.
    stale = stale_runtime_files()
    if stale:
        pytest.exit(stale_message(stale), returncode=pytest.ExitCode.USAGE_ERROR)
