from __future__ import annotations

from collections.abc import Iterator

import pytest
from nestbank_sandbox.app import create_app
from starlette.applications import Starlette

from .prism import ProxiedClient, sandbox_behind_prism
from .support import SpecClient


@pytest.fixture
def app() -> Starlette:
    return create_app(":memory:", rate_limit_per_minute=0)


@pytest.fixture
def client(app: Starlette) -> Iterator[SpecClient]:
    with SpecClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def behind_prism() -> Iterator[tuple[str, str]]:
    """One sandbox process for the session, Prism in front (state reset per test)."""
    with sandbox_behind_prism() as urls:
        yield urls


@pytest.fixture(params=["in-process", "prism"])
def checked_client(
    request: pytest.FixtureRequest, app: Starlette
) -> Iterator[SpecClient | ProxiedClient]:
    """In-process (openapi-core checks), then over HTTP through Prism (its checks too)."""
    if request.param == "in-process":
        with SpecClient(app) as in_process:
            yield in_process
        return
    sandbox, prism = request.getfixturevalue("behind_prism")
    with ProxiedClient(sandbox, prism) as proxied:
        reset = proxied.control("/_sandbox/reset")
        assert reset.status_code == 204, reset.text
        yield proxied


@pytest.fixture
def demo(client: SpecClient) -> dict[str, str]:
    """Access-token headers of the demo customer paired with acc-demo-main."""
    return client.token()
