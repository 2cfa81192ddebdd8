"""The live sandbox the runtime's property and multi-process tests share, one per module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .sandbox_server import sandbox
from .test_sandbox import Bank


@pytest.fixture(scope="module")
def bank() -> Iterator[Bank]:
    """A sandbox of the module's own, with the rate limit out of the way of many calls.

    test_sandbox.py overrides this with a per-test sandbox of its own.
    """
    with sandbox(rate_limit_per_minute=100_000) as base_url:
        handle = Bank(base_url)
        yield handle
        handle.controls.close()
        handle.oauth.close()
