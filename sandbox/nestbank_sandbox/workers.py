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
from dataclasses import asdict, dataclass

import uvicorn
from starlette.applications import Starlette

from .app import create_app
from .context import Settings
from .server import protocol, proxy_options

ENVIRONMENT = "NESTBANK_SANDBOX_WORKER_SETTINGS"


@dataclass(frozen=True)
class WorkerSettings:
    """What every process builds its app from (JSON in the environment for the workers):
    the database and the whole of Settings, so a new setting reaches every worker."""

    database: str
    settings: Settings

    def build(self) -> Starlette:
        return create_app(
            self.database,
            rate_limit_per_minute=self.settings.rate_limit_per_minute,
            settings=self.settings,
        )

    def to_json(self) -> str:
        return json.dumps({"database": self.database, "settings": asdict(self.settings)})

    @classmethod
    def from_json(cls, text: str) -> WorkerSettings:
        fields = json.loads(text)
        settings = fields["settings"]
        settings["allowed_hosts"] = tuple(settings["allowed_hosts"])  # a list in JSON
        return cls(database=str(fields["database"]), settings=Settings(**settings))


def app_from_env() -> Starlette:
    """The uvicorn factory each worker process calls."""
    return WorkerSettings.from_json(os.environ[ENVIRONMENT]).build()


def serve(
    settings: WorkerSettings, host: str, port: int, workers: int, trusted: str | None
) -> None:
    """`trusted`: the proxies whose X-Forwarded-For is read (server.proxy_options); every
    worker wraps its app in uvicorn's ProxyHeadersMiddleware from the same Config."""
    if settings.database == ":memory:":  # each process would have a world of its own
        raise SystemExit("--workers needs a database file or a postgresql:// URL, not :memory:")
    first = settings.build()  # migrate and seed, once
    first.state.services.db.close()
    os.environ[ENVIRONMENT] = settings.to_json()
    uvicorn.run(
        f"{__name__}:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=protocol(),
        log_level="warning",
        **proxy_options(trusted),
    )
