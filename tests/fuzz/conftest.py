"""Fixtures of the fuzz suite: a fresh in-process sandbox per test."""

from __future__ import annotations

import pytest
from nestbank_fuzz.session import FuzzSession, open_session
from nestbank_fuzz.target import in_process_target, sandbox_app

from tests.fuzz.profiles import make_test_settings


@pytest.fixture
def fresh_session() -> FuzzSession:
    """A new sandbox (state in memory, demo data loaded) with the owner's and peer's pairings."""
    settings = make_test_settings()
    target = in_process_target(sandbox_app(rate_limit_per_minute=settings.rate_limit_per_minute))
    return open_session(settings, target)
