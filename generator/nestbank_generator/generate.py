"""Generate the client into a fresh folder: openapi-python-client, hand-written modules, ruff.

Order matters: the hand-written modules are copied in before ruff runs, so the whole
package is fixed and formatted by the same configuration (the generated pyproject.toml).
Generation always starts from an empty folder: openapi-python-client's --overwrite
deletes only models/ and api/, so stale files elsewhere would survive.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .sdk import write_sdk
from .spec_prep import write_prepared

GENERATOR_DIR = Path(__file__).resolve().parent.parent
CONFIG = GENERATOR_DIR / "config.yaml"
TEMPLATES = GENERATOR_DIR / "templates"
HANDWRITTEN = GENERATOR_DIR / "handwritten"
PACKAGE = "nestbank_client"

# Never part of the generated tree (caches, build and install by-products).
IGNORED_NAMES = frozenset(
    {"__pycache__", ".ruff_cache", ".mypy_cache", ".pytest_cache", "build", "dist"}
)
IGNORED_SUFFIXES = (".egg-info", ".pyc")


class GenerationError(RuntimeError):
    """openapi-python-client or a post step failed or warned; the message says why."""


def is_ignored(name: str) -> bool:
    return name in IGNORED_NAMES or name.endswith(IGNORED_SUFFIXES)


def _tool_env() -> dict[str, str]:
    # The tools must come from this virtualenv (ruff is looked up on PATH).
    bin_dir = Path(sys.executable).parent
    return {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "RUFF_NO_CACHE": "true",
    }


def _run(command: list[str], cwd: Path | None = None) -> str:
    result = subprocess.run(
        command, cwd=cwd, env=_tool_env(), capture_output=True, text=True, check=False
    )
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise GenerationError(f"{' '.join(command[:2])} failed:\n{output}")
    return output


def _openapi_python_client(spec: Path, out: Path) -> None:
    bin_dir = Path(sys.executable).parent
    command = [
        str(bin_dir / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--config",
        str(CONFIG),
        "--meta",
        "pdm",  # only decides which files exist; our pyproject.toml.jinja uses setuptools
        "--custom-template-path",
        str(TEMPLATES),
        "--output-path",
        str(out),
    ]
    output = _run(command)
    # The tool exits 0 even when it skipped part of the spec; a silently missing
    # operation or model is worse than a failed build.
    if "Warning" in output or "Error" in output:
        raise GenerationError(f"openapi-python-client reported problems:\n{output}")


def copy_handwritten(package_dir: Path) -> list[str]:
    """Copy generator/handwritten/<package>/ over the generated package; returns the paths."""
    source = HANDWRITTEN / PACKAGE
    copied: list[str] = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir() or any(is_ignored(part) for part in relative.parts):
            continue
        target = package_dir / relative
        if target.exists():
            # A hand-written file must not silently replace generated code: change the
            # template instead, so the generator stays the one source of that file.
            raise GenerationError(
                f"generator/handwritten/{PACKAGE}/{relative} would replace a generated "
                "file; change generator/templates/ instead"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        copied.append(relative.as_posix())
    return copied


def _ruff(project: Path) -> None:
    bin_dir = Path(sys.executable).parent
    ruff = str(bin_dir / "ruff")
    _run([ruff, "check", "--fix-only", "--quiet", "--no-cache", "."], cwd=project)
    _run([ruff, "format", "--quiet", "--no-cache", "."], cwd=project)


def generate_into(spec: Path, target: Path) -> None:
    """Make `target` (which must not exist) hold exactly the generated project."""
    with tempfile.TemporaryDirectory(prefix="nestbank-generate-") as tmp:
        out = Path(tmp) / "client"
        prepared = write_prepared(spec, Path(tmp) / "openapi.json")
        _openapi_python_client(prepared, out)
        write_sdk(prepared, out / PACKAGE)  # NestBank / AsyncNestBank resources (sdk.py)
        copy_handwritten(out / PACKAGE)
        _ruff(out)
        shutil.copytree(out, target, ignore=lambda _dir, names: [n for n in names if is_ignored(n)])
