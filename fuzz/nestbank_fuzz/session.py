"""Puts the pieces together for one run: target, pairings, schema."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from nestbank_fuzz.auth import TokenSource
from nestbank_fuzz.schema import build_schema
from nestbank_fuzz.settings import FuzzSettings
from nestbank_fuzz.target import Target, target_for, token_source_for

# The sandbox's demo customer owns the run; a second demo customer is the peer that must not
# see the owner's objects (nestbank_cross_customer_access, object_level_authorization).
OWNER = ("demo", "acc-demo-main")
PEER = ("anna", "acc-anna-main")


@dataclass
class FuzzSession:
    settings: FuzzSettings
    target: Target
    owner: TokenSource
    peers: list[tuple[str, TokenSource]]

    def schema(
        self,
        *,
        operation_ids: Iterable[str] | None = None,
        overrides: dict[str, Any] | None = None,
    ) -> Any:
        return build_schema(
            self.settings,
            self.target,
            self.owner,
            peers=self.peers,
            operation_ids=operation_ids,
            overrides=overrides,
        )


def open_session(settings: FuzzSettings, target: Target | None = None) -> FuzzSession:
    """Target from the settings (or the one given) with the owner's and the peer's pairings."""
    target = target if target is not None else target_for(settings)
    owner = token_source_for(settings, target, user=OWNER[0], account_id=OWNER[1])
    peers: list[tuple[str, TokenSource]] = []
    if settings.access_token is None and settings.refresh_token is None:
        # Only a sandbox can pair a second customer; a live run has the one pairing it was given.
        peers.append(
            (PEER[0], token_source_for(settings, target, user=PEER[0], account_id=PEER[1]))
        )
    return FuzzSession(settings=settings, target=target, owner=owner, peers=peers)
