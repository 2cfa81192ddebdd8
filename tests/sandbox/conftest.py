from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from nestbank_sandbox.app import create_app
from nestbank_sandbox.controls import reset_state
from starlette.applications import Starlette

from tests.postgres import Databases, postgres_server

from .prism import ProxiedClient, sandbox_behind_prism
from .support import SpecClient

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres() -> Iterator[Databases]:
    """One throwaway PostgreSQL server for the session (tests/postgres.py)."""
    with postgres_server() as admin_url:
        yield Databases(admin_url)


@pytest.fixture(scope="session")
def postgres_url(postgres: Databases) -> Iterator[str]:
    """One PostgreSQL database the in-process tests share, reset before each (as /reset)."""
    with postgres.fresh() as url:
        yield url


@contextlib.contextmanager
def sandbox_app(request: pytest.FixtureRequest, engine: str) -> Iterator[Starlette]:
    """A sandbox with the demo world on `engine`: SQLite in memory, or PostgreSQL."""
    if engine == "sqlite":
        yield create_app(":memory:", rate_limit_per_minute=0)
        return
    sandbox = create_app(request.getfixturevalue("postgres_url"), rate_limit_per_minute=0)
    state = sandbox.state
    reset_state(state.services)  # what earlier tests left
    try:
        yield sandbox
    finally:
        state.services.db.close()


@contextlib.contextmanager
def fresh_app(request: pytest.FixtureRequest, engine: str, **options: Any) -> Iterator[Starlette]:
    """A sandbox on a database of its own: SQLite in memory, or a fresh PostgreSQL database
    (for tests whose state no reset clears: registrations, registered tenants)."""
    if engine == "sqlite":
        yield create_app(":memory:", **options)
        return
    databases: Databases = request.getfixturevalue("postgres")
    with databases.fresh() as url:
        sandbox = create_app(url, **options)
        try:
            yield sandbox
        finally:
            sandbox.state.services.db.close()


@pytest.fixture(params=ENGINES)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database that outlives one process: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "sandbox.db")
        return
    databases: Databases = request.getfixturevalue("postgres")
    with databases.fresh() as url:
        yield url


@pytest.fixture(params=ENGINES)
def app(request: pytest.FixtureRequest) -> Iterator[Starlette]:
    with sandbox_app(request, request.param) as sandbox:
        yield sandbox


@pytest.fixture
def client(app: Starlette) -> Iterator[SpecClient]:
    with SpecClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def behind_prism() -> Iterator[tuple[str, str]]:
    """One sandbox process for the session, Prism in front (state reset per test)."""
    with sandbox_behind_prism() as urls:
        yield urls


@pytest.fixture(params=[*(f"in-process-{engine}" for engine in ENGINES), "prism"])
def checked_client(request: pytest.FixtureRequest) -> Iterator[SpecClient | ProxiedClient]:
    """In-process on each engine (openapi-core checks), then over HTTP through Prism
    (its checks too; the sandbox behind it runs on SQLite)."""
    if request.param != "prism":
        engine = request.param.removeprefix("in-process-")
        with sandbox_app(request, engine) as app, SpecClient(app) as in_process:
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
