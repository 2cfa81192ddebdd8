"""`create_app`: the sandbox as one Starlette application."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from . import expiry, tenants
from .clock import Clock
from .context import Services, Settings
from .controls import Controls
from .demo import DEMO_TENANT
from .dispatch import OUT_OF_SCOPE, BankDispatcher
from .errors import error_response
from .hosts import host_name, misdirected
from .page_routes import BrowserPages
from .ratelimit import RateLimiter
from .spec import load_spec
from .storage import Database
from .tenants import clamp_clocks
from .unread_body import close_if_unread

SANDBOX_PREFIXES = ("/_sandbox/", "/_pages/")


class SandboxApp(Starlette):
    """Starlette for the test controls and pages; the bank API goes to the dispatcher.

    The dispatcher gets the server's own `send`, which lets a fault drop the connection.
    """

    def __init__(self, services: Services, bank: BankDispatcher, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        # `/_sandbox/reset/` is an unknown path (a documented 404), not a 307 with no body.
        self.router.redirect_slashes = False
        self.services = services
        self.bank = bank
        self.hosts = frozenset(host_name(host) for host in services.settings.allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await close_if_unread(self._route, scope, receive, send)

    async def _route(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused = misdirected(scope, self.services.spec, self.hosts)
            if refused is not None:
                await refused(scope, receive, send)
                return
        if scope["type"] == "http" and not scope["path"].startswith(SANDBOX_PREFIXES):
            await self.bank(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(
    database: str = "sandbox.db",
    *,
    rate_limit_per_minute: int = 600,
    settings: Settings | None = None,
    spec_file: Path | None = None,
    allowed_hosts: tuple[str, ...] | None = None,
) -> Starlette:
    """The sandbox. `database=":memory:"` keeps the state in memory (tests).

    A fresh database gets the demo data; an existing file is used as it is, so a
    restart loses nothing (the tenants' clock offsets, faults and rate windows included;
    a file from before tenants is upgraded: storage.MIGRATIONS). `allowed_hosts`: the
    host names it answers on (default: Settings, loopback).
    """
    spec = load_spec(spec_file)
    base = settings or Settings()
    override: dict[str, object] = {"rate_limit_per_minute": rate_limit_per_minute}
    if allowed_hosts is not None:
        override["allowed_hosts"] = tuple(allowed_hosts)
    settings = Settings(**{**base.__dict__, **override})
    db = Database(database)
    clock = Clock()
    services = Services(
        spec=spec, db=db, clock=clock, settings=settings, activity=expiry.Activity(clock.now)
    )
    limiter = RateLimiter(rate_limit_per_minute)
    # One transaction: of several processes (or machines) starting on one empty database,
    # exactly one seeds it.
    with db.transaction() as conn:
        if db.is_empty(conn):
            tenants.reset(conn, DEMO_TENANT, services.clock.now())
        else:
            clamp_clocks(conn, services.clock)
    ttl = settings.tenant_ttl_days  # > 0: swept by the lifespan's task (expiry.py)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        headers = dict(exc.headers or {})
        return error_response(spec, OUT_OF_SCOPE, status=exc.status_code, headers=headers)

    async def server_error(request: Request, exc: Exception) -> Response:
        return error_response(spec, "internal.server.error")

    controls = Controls(services)
    app = SandboxApp(
        services,
        BankDispatcher(services, limiter),
        routes=[*controls.routes(), *BrowserPages(services).routes()],
        exception_handlers={HTTPException: http_error, Exception: server_error},
        lifespan=expiry.lifespan(db, ttl, settings.tenant_sweep_seconds, clock.now)
        if ttl > 0
        else None,
    )
    app.state.services = services
    app.state.limiter = limiter
    return app
