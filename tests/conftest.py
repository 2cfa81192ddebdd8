"""Checks that run once before any test."""

from __future__ import annotations

import pytest

from tests.stale_runtime import stale_message, stale_runtime_files


def pytest_sessionstart(session: pytest.Session) -> None:
    # Tests of the runtime import its generated copy: a stale copy would test old code.
    stale = stale_runtime_files()
    if stale:
        pytest.exit(stale_message(stale), returncode=pytest.ExitCode.USAGE_ERROR)
