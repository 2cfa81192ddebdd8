"""Every hypothesis test of the session runs without a deadline (tests/conftest.py)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings


def test_the_profile_has_no_timing_checks() -> None:
    default = settings.default
    assert default is not None and default.deadline is None
    assert HealthCheck.too_slow in default.suppress_health_check


def test_no_collected_property_sets_a_deadline(request: pytest.FixtureRequest) -> None:
    """A `@settings(deadline=...)` of a module would bring the timing flake back."""
    timed = []
    for item in request.session.items:
        chosen = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_settings", None)
        if chosen is not None and chosen.deadline is not None:
            timed.append(f"{item.nodeid}: deadline {chosen.deadline}")
    assert timed == []
