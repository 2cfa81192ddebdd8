"""Where the Node.js tools live: ``review/node_modules`` (``npm ci --prefix review``)."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

REVIEW_DIR = Path(__file__).resolve().parents[1]
# In a checkout, `make review` installs them; an installed nestbank-review is pointed at a
# folder that has them (node_modules/.bin/spectral and redocly, and .spectral.yaml).
INSTALL_HINT = (
    "in a checkout run `npm ci --prefix review --ignore-scripts` (make review does this); "
    "elsewhere pass --tools-dir DIR, a folder with node_modules/ (Spectral, Redocly) and "
    "the .spectral.yaml ruleset"
)


def _version(package_dir: Path) -> str:
    try:
        meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return "?"
    return str(meta.get("version", "?"))


@dataclass(frozen=True)
class NodeTools:
    review_dir: Path = REVIEW_DIR

    @property
    def bin_dir(self) -> Path:
        return self.review_dir / "node_modules" / ".bin"

    @property
    def spectral(self) -> Path:
        return self.bin_dir / "spectral"

    @property
    def redocly(self) -> Path:
        return self.bin_dir / "redocly"

    @property
    def spectral_ruleset(self) -> Path:
        return self.review_dir / ".spectral.yaml"

    @property
    def redoc_bundle(self) -> Path:
        return self.review_dir / "node_modules" / "redoc" / "bundles" / "redoc.standalone.js"

    @property
    def spectral_version(self) -> str:
        return _version(self.review_dir / "node_modules" / "@stoplight" / "spectral-cli")

    @property
    def missing_reason(self) -> str:
        if shutil.which("node") is None:
            return f"Node.js is not installed; install it, then {INSTALL_HINT}"
        missing = [p.name for p in (self.spectral, self.redocly) if not os.access(p, os.X_OK)]
        if missing:
            where = self.review_dir / "node_modules"
            return f"{', '.join(missing)} not installed in {where}; {INSTALL_HINT}"
        if not self.spectral_ruleset.is_file():
            return f"no Spectral ruleset {self.spectral_ruleset}; {INSTALL_HINT}"
        return ""

    @property
    def available(self) -> bool:
        return not self.missing_reason

    def env(self) -> dict[str, str]:
        """Environment for the tools: no telemetry, no update checks, no analytics."""
        env = dict(os.environ)
        env.update(
            {
                "REDOCLY_TELEMETRY": "off",
                "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
                "SCARF_ANALYTICS": "false",
                "NO_UPDATE_NOTIFIER": "1",
            }
        )
        return env
