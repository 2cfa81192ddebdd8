"""The server under test: the sandbox in-process (default) or a live server at BASE_URL."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from nestbank_fuzz.auth import DEMO_CLIENT, ClientCredentials, Tokens, TokenSource, control_headers
from nestbank_fuzz.settings import FuzzSettings
from nestbank_fuzz.transport import HttpTransport, InProcessTransport, LiveTransport

RESET_PATH = "/_sandbox/reset"
# A ready access token from the environment is assumed to have its documented lifetime left.
ASSUMED_TOKEN_LIFETIME_SECONDS = 1200.0


@dataclass
class Target:
    base_url: str
    # The ASGI application when testing in-process, else None.
    app: Any | None
    transport: HttpTransport

    @property
    def in_process(self) -> bool:
        return self.app is not None


def sandbox_app(*, rate_limit_per_minute: int) -> Any:
    """A fresh sandbox with its state in memory and demo data loaded."""
    # Imported by name: mypy cannot follow the editable install of `sandbox/` (no mypy_path).
    sandbox = importlib.import_module("nestbank_sandbox.app")
    # In-process requests name the host `testserver`: this app is configured to answer it.
    hosts = (*importlib.import_module("nestbank_sandbox.hosts").LOOPBACK_HOSTS, "testserver")
    return sandbox.create_app(
        database=":memory:", rate_limit_per_minute=rate_limit_per_minute, allowed_hosts=hosts
    )


def in_process_target(app: Any) -> Target:
    transport = InProcessTransport(app)
    return Target(base_url=transport.base_url, app=app, transport=transport)


def live_target(base_url: str) -> Target:
    return Target(base_url=base_url, app=None, transport=LiveTransport(base_url))


def target_for(settings: FuzzSettings) -> Target:
    if settings.base_url is None:
        return in_process_target(sandbox_app(rate_limit_per_minute=settings.rate_limit_per_minute))
    return live_target(settings.base_url)


def reset_sandbox(target: Target, client: ClientCredentials = DEMO_CLIENT) -> None:
    """Wipe the sandbox's state and reload its demo data (test control, as `client`)."""
    reply = target.transport.send("POST", RESET_PATH, json_body={}, headers=control_headers(client))
    if reply.status_code != 204:
        raise RuntimeError(f"POST {RESET_PATH} answered {reply.status_code}: is this a sandbox?")


def token_source_for(
    settings: FuzzSettings,
    target: Target,
    *,
    user: str | None = None,
    account_id: str | None = None,
) -> TokenSource:
    """Tokens from the environment when given, else pairing through the sandbox's controls."""
    client: ClientCredentials = settings.client
    if settings.access_token is not None or settings.refresh_token is not None:
        import time

        tokens = Tokens(
            access_token=settings.access_token or "",
            refresh_token=settings.refresh_token,
            # Without an access token the first use refreshes at once.
            expires_at=time.monotonic()
            + (ASSUMED_TOKEN_LIFETIME_SECONDS if settings.access_token else 0.0),
        )
        return TokenSource(target.transport, client, tokens=tokens, can_pair=False)
    return TokenSource(target.transport, client, user=user, account_id=account_id)
