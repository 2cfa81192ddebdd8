from __future__ import annotations

from collections.abc import Iterator

import pytest
from nestbank_sandbox.app import create_app
from starlette.applications import Starlette

from .support import SpecClient


@pytest.fixture
def app() -> Starlette:
    return create_app(":memory:", rate_limit_per_minute=0)


@pytest.fixture
def client(app: Starlette) -> Iterator[SpecClient]:
    with SpecClient(app) as test_client:
        yield test_client


@pytest.fixture
def demo(client: SpecClient) -> dict[str, str]:
    """Access-token headers of the demo customer paired with acc-demo-main."""
    return client.token()
