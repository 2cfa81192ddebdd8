"""What a handler gets: the app's services and the one call being answered."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.responses import Response

from .auth import Principal
from .clock import Clock
from .expiry import Activity
from .hosts import LOOPBACK_HOSTS
from .permissions import Permission
from .spec import ApiSpec, Operation
from .storage import Database
from .validation import IncomingRequest


@dataclass(frozen=True)
class Settings:
    """The sandbox's inferred rules, all documented in docs/sandbox.md."""

    access_token_lifetime: int = 1200  # §01: 20 minutes
    refresh_token_lifetime: int = 90 * 86400  # §01: 90 days
    code_lifetime: int = 60  # authorization code, single use
    consent_lifetime: int = 600  # the consent page's session
    authorization_lifetime: int = 600  # an undecided authorization of an operation
    sms_code: str = "111111"  # the test SMS code on the approval page
    sms_attempts: int = 3  # wrong codes before the authorization fails
    rate_limit_per_minute: int = 600  # per access token; <= 0 disables
    body_timeout: float = 10.0  # seconds for a whole request body to arrive
    # POST /_sandbox/applications per client address and hour; <= 0 turns registration off.
    registrations_per_hour: int = 20
    # Host names the sandbox answers on (DNS rebinding): loopback unless configured.
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    # Registered tenants unused for this many days are deleted (expiry.py); <= 0: never.
    tenant_ttl_days: float = 0
    tenant_sweep_seconds: float = 3600.0  # between two sweeps of a process, after start-up


@dataclass
class Services:
    spec: ApiSpec
    db: Database
    clock: Clock
    settings: Settings = field(default_factory=Settings)
    activity: Activity = field(default_factory=Activity)  # tenants' last use (expiry.py)


@dataclass
class Call:
    services: Services
    conn: sqlite3.Connection
    request: IncomingRequest
    operation: Operation
    base_url: str  # scheme://host[:port] the caller used, for links to the sandbox's pages
    now: float
    principal: Principal | None = None
    permission: Permission | None = None  # the permission string that allows the call

    @property
    def me(self) -> Principal:
        assert self.principal is not None, "secured operations always have a principal"
        return self.principal


Handler = Callable[[Call], Response]
