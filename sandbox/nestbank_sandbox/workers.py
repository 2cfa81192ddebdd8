"""`--workers N`: N uvicorn processes serving one world from one database.

uvicorn's supervisor binds the socket once, starts N worker processes that accept on it,
and starts a new worker when one dies. Each worker builds its app from the settings
this process puts in the environment (`app_from_env`, the factory). The database is
migrated and seeded here first, before any worker starts, so no worker's first start
can wipe what another has already acknowledged.

Everything a control changes (the tenants' clocks, injected faults, rate-limit windows,
registered applications) lives in the database, so every worker sees it at once.
"""

from __future__ import annotations

import json
import os

import uvicorn
from starlette.applications import Starlette

from .app import create_app
from .context import Settings
from .server import protocol

ENVIRONMENT = "NESTBANK_SANDBOX_WORKER_SETTINGS"


def _build(settings: dict[str, object]) -> Starlette:
    hosts = settings["allowed_hosts"]
    assert isinstance(hosts, list)
    return create_app(
        str(settings["database"]),
        rate_limit_per_minute=int(str(settings["rate_limit"])),
        allowed_hosts=tuple(str(host) for host in hosts),
        settings=Settings(body_timeout=float(str(settings["body_timeout"]))),
    )


def app_from_env() -> Starlette:
    """The uvicorn factory each worker process calls."""
    settings: dict[str, object] = json.loads(os.environ[ENVIRONMENT])
    return _build(settings)


def serve(
    database: str,
    host: str,
    port: int,
    workers: int,
    rate_limit: int,
    allowed_hosts: tuple[str, ...],
    body_timeout: float = Settings.body_timeout,
) -> None:
    if database == ":memory:":  # each process would have a world of its own
        raise SystemExit("--workers needs a database file or a postgresql:// URL, not :memory:")
    settings = {
        "database": database,
        "rate_limit": rate_limit,
        "allowed_hosts": allowed_hosts,
        "body_timeout": body_timeout,
    }
    first = _build(json.loads(json.dumps(settings)))  # migrate and seed, once
    first.state.services.db.close()
    os.environ[ENVIRONMENT] = json.dumps(settings)
    uvicorn.run(
        f"{__name__}:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=protocol(),
        log_level="warning",
    )
