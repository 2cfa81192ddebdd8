"""Builds the schemathesis schema of spec/nestbank.yaml for one run.

The checked-in nestbank_fuzz/schemathesis.toml gives checks, phases and per-operation expected
statuses; the run's values (seed, budget, max-examples, phases, base URL) are laid over it
here. The auth provider gives every secured operation a real `access_token`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from typing import Any

import schemathesis

from nestbank_fuzz import checks, cross_customer
from nestbank_fuzz.auth import TokenSource
from nestbank_fuzz.settings import CONFIG_PATH, PHASES, FuzzSettings, default_spec_path
from nestbank_fuzz.target import Target


def config_data(settings: FuzzSettings, *, base_url: str) -> dict[str, Any]:
    """nestbank_fuzz/schemathesis.toml with this run's values laid over it."""
    with CONFIG_PATH.open("rb") as handle:
        data: dict[str, Any] = tomllib.load(handle)
    data["base-url"] = base_url
    if settings.seed is not None:
        data["seed"] = settings.seed
    if settings.seconds is not None:
        data["max-time"] = settings.seconds
    data.setdefault("generation", {})["max-examples"] = settings.max_examples
    phases = data.setdefault("phases", {})
    for name in PHASES:
        phases.setdefault(name, {})["enabled"] = name in settings.phases
    phases["stateful"]["max-steps"] = settings.stateful_max_steps
    return data


def requires_access_token(operation: Any) -> bool:
    """Whether the operation is secured (all but authorizeApplication and grantToken)."""
    raw = operation.definition.raw
    security = raw.get("security", operation.schema.raw_schema.get("security", []))
    return bool(security)


def _provider_class(source: TokenSource) -> type:
    class NestBankAccessToken:
        """Sends `access_token: <token>` on secured operations, as the bank documents (§10)."""

        def get(self, case: Any, context: Any) -> str | None:
            if not requires_access_token(context.operation):
                # The token service and the pairing page are called without a token.
                return None
            return source.access_token()

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "access_token": data}

    return NestBankAccessToken


def register_auth(
    schema: Any, owner: TokenSource, peers: Iterable[tuple[str, TokenSource]] = ()
) -> None:
    """Authenticate every case as `owner`; `peers` are pairings for object_level_authorization
    (server-assigned identifiers only; see cross_customer.py for the partner-chosen ones)."""
    peer_list = list(peers)
    if not peer_list:
        # Token caching and renewal are TokenSource's job, so schemathesis must not cache.
        schema.auth(refresh_interval=None)(_provider_class(owner))
        return
    from schemathesis.wfc.escalation import EscalatingAuthProvider

    names = ["owner", *(name for name, _ in peer_list)]
    providers = [_provider_class(owner)(), *(_provider_class(source)() for _, source in peer_list)]
    # Pinned: every case is sent as the owner; the peers only replay the owner's reads.
    schema.auth.providers.append(
        EscalatingAuthProvider(providers, names, peers=tuple(names), pinned="owner")
    )


def _selection(schema: Any, operation_ids: Iterable[str]) -> Any:
    """Only these operations. Not `schema.include()`: the per-operation `[[operations]]` blocks
    of the config already put a match-all include filter on the schema, and includes are OR-ed."""
    from schemathesis.filters import FilterSet

    selection = FilterSet()
    selection.include(operation_id=list(operation_ids))
    return schema.config.operations.filter_set_with(include=selection)


def build_schema(
    settings: FuzzSettings,
    target: Target,
    owner: TokenSource,
    *,
    peers: Iterable[tuple[str, TokenSource]] = (),
    operation_ids: Iterable[str] | None = None,
    overrides: dict[str, Any] | None = None,
) -> Any:
    """The schema of spec/nestbank.yaml, ready for `runner.execute`."""
    data = config_data(settings, base_url=target.base_url)
    for key, value in (overrides or {}).items():
        data[key] = value
    config = schemathesis.Config.from_dict(data, base_dir=str(CONFIG_PATH.parent))
    schema: Any = schemathesis.openapi.from_path(
        settings.spec_path or default_spec_path(), config=config
    )
    if target.app is not None:
        schema.app = target.app
    if operation_ids is not None:
        schema.filter_set = _selection(schema, operation_ids)
    peer_list = list(peers)
    register_auth(schema, owner, peer_list)
    checks.enable_for(schema)
    if peer_list:
        # The first peer replays what the owner creates (nestbank_fuzz/cross_customer.py).
        name, source = peer_list[0]
        probe = cross_customer.CrossCustomerProbe(
            target.transport, name, source, peer_account_id=source.account_id
        )
        cross_customer.enable_for(schema, probe)
    return schema
