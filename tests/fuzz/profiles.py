"""The `make test` fuzz profile, shared by the pytest suite and bench/fuzz.py."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from nestbank_fuzz.settings import FuzzSettings, settings_from

# `make test` runs with a fixed seed so that CI is repeatable; FUZZ_SEED picks another.
MAKE_TEST_SEED = 20180120


def make_test_settings(**changes: Any) -> FuzzSettings:
    """Settings of the `make test` run: in-process sandbox, small budget, fixed seed."""
    # The in-process run never uses a live server's address or credentials.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NESTBANK_") and k != "BASE_URL"}
    env.setdefault("FUZZ_SEED", str(MAKE_TEST_SEED))
    return replace(settings_from(env), **changes)
