"""Run settings of the fuzz suite, from the environment and the command line.

Environment (all optional):
- `BASE_URL`: fuzz this server; without it the sandbox runs in-process (ASGI, no network).
- `NESTBANK_CLIENT_ID`, `NESTBANK_CLIENT_SECRET`, `NESTBANK_REDIRECT_URI`: the partner client
  (default: the sandbox's demo application).
- `NESTBANK_ACCESS_TOKEN`, `NESTBANK_REFRESH_TOKEN`: ready tokens, for servers without the
  sandbox's pairing control (e.g. the bank's test environment).
- `NESTBANK_SPEC`: the spec to fuzz with (default: the one nestbank-spec carries).
- `FUZZ_SECONDS`: time budget; `FUZZ_SEED`: seed; `FUZZ_MAX_EXAMPLES`: cases per operation
  and phase.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import nestbank_spec

from nestbank_fuzz.auth import DEMO_CLIENT, ClientCredentials

CONFIG_PATH = Path(__file__).resolve().parent / "schemathesis.toml"
DEFAULT_JUNIT_PATH = Path("reports") / "fuzz-junit.xml"  # relative to where it runs
PHASES = ("examples", "coverage", "fuzzing", "stateful")


class SettingsError(ValueError):
    """A setting has a value the suite cannot use; the message names it."""


def default_spec_path() -> Path:
    """The bank's spec as nestbank-spec carries it (in a checkout: spec/nestbank.yaml)."""
    return nestbank_spec.document_path(nestbank_spec.API)


@dataclass(frozen=True)
class FuzzSettings:
    base_url: str | None = None
    client: ClientCredentials = DEMO_CLIENT
    access_token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    seconds: int | None = None
    seed: int | None = None
    max_examples: int = 50
    stateful_max_steps: int = 12
    phases: tuple[str, ...] = PHASES
    junit_path: Path | None = None
    spec_path: Path | None = None  # None: nestbank-spec's document (default_spec_path)
    # In-process only: the sandbox's per-token call limit, high so fuzzing does not just hit it.
    rate_limit_per_minute: int = 1_000_000


def _positive_int(name: str, raw: str | None) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < 1:
        raise SettingsError(f"{name} must be at least 1, got {value}")
    return value


def _seed(raw: str | None) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"FUZZ_SEED must be a whole number, got {raw!r}") from None
    if value < 0:
        raise SettingsError(f"FUZZ_SEED must not be negative, got {value}")
    return value


def _phases(raw: str | None) -> tuple[str, ...]:
    if raw is None or raw.strip() == "":
        return PHASES
    names = tuple(name.strip() for name in raw.split(",") if name.strip())
    unknown = [name for name in names if name not in PHASES]
    if unknown or not names:
        raise SettingsError(f"phases must be a comma-separated subset of {', '.join(PHASES)}")
    return names


def _base_url(raw: str | None) -> str | None:
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip().rstrip("/")
    if not value.startswith(("http://", "https://")):
        raise SettingsError(f"BASE_URL must start with http:// or https://, got {raw!r}")
    return value


def settings_from(
    env: Mapping[str, str],
    *,
    base_url: str | None = None,
    seconds: int | None = None,
    seed: int | None = None,
    max_examples: int | None = None,
    phases: str | None = None,
    junit_path: Path | None = None,
    spec_path: Path | None = None,
) -> FuzzSettings:
    """Settings from the environment; explicit arguments (command-line flags) win."""
    defaults = FuzzSettings()
    client = ClientCredentials(
        client_id=env.get("NESTBANK_CLIENT_ID") or DEMO_CLIENT.client_id,
        client_secret=env.get("NESTBANK_CLIENT_SECRET") or DEMO_CLIENT.client_secret,
        redirect_uri=env.get("NESTBANK_REDIRECT_URI") or DEMO_CLIENT.redirect_uri,
    )
    return FuzzSettings(
        base_url=_base_url(base_url if base_url is not None else env.get("BASE_URL")),
        client=client,
        access_token=env.get("NESTBANK_ACCESS_TOKEN") or None,
        refresh_token=env.get("NESTBANK_REFRESH_TOKEN") or None,
        seconds=seconds
        if seconds is not None
        else _positive_int("FUZZ_SECONDS", env.get("FUZZ_SECONDS")),
        seed=seed if seed is not None else _seed(env.get("FUZZ_SEED")),
        max_examples=(
            max_examples
            if max_examples is not None
            else _positive_int("FUZZ_MAX_EXAMPLES", env.get("FUZZ_MAX_EXAMPLES"))
            or defaults.max_examples
        ),
        phases=_phases(phases),
        junit_path=junit_path,
        spec_path=_spec(spec_path if spec_path is not None else env.get("NESTBANK_SPEC")),
    )


def _spec(raw: Path | str | None) -> Path | None:
    if raw is None or str(raw).strip() == "":
        return None
    path = Path(raw)
    if not path.is_file():
        raise SettingsError(f"spec {path} is not a file")
    return path
