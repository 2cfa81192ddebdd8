"""Compare and synchronise two generated trees, ignoring caches and install by-products."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from .generate import is_ignored

# Build by-products a `pip install ./generated_client` would ship as they are: setuptools
# copies modules into build/lib and packs all it finds there, including modules the spec
# no longer has. Removed at every generation (egg-info is kept: editable installs need it).
STALE_BUILD_FOLDERS = ("build", "dist")


def _files(root: Path) -> set[str]:
    found: set[str] = set()
    if not root.is_dir():
        return found
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if path.is_file() and not any(is_ignored(part) for part in relative.parts):
            found.add(relative.as_posix())
    return found


def differences(committed: Path, fresh: Path) -> list[str]:
    """Relative paths that differ (added, removed or changed), sorted, each with its kind."""
    old, new = _files(committed), _files(fresh)
    found = [f"missing  {name}" for name in new - old]
    found += [f"extra    {name}" for name in old - new]
    found += [
        f"changed  {name}"
        for name in old & new
        if not filecmp.cmp(committed / name, fresh / name, shallow=False)
    ]
    return sorted(found, key=lambda line: line[9:])


def synchronise(fresh: Path, target: Path) -> None:
    """Make `target` equal to `fresh`, touching only files that differ.

    Ignored entries (e.g. the nestbank_client.egg-info of an editable install) are
    kept, so regenerating does not break `pip install -e generated_client`; the
    build/ and dist/ folders of an earlier build are removed.
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in STALE_BUILD_FOLDERS:
        shutil.rmtree(target / name, ignore_errors=True)
    old, new = _files(target), _files(fresh)
    for name in sorted(old - new):
        (target / name).unlink()
    for name in sorted(new):
        source, destination = fresh / name, target / name
        if name in old and filecmp.cmp(source, destination, shallow=False):
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
    # Folders left empty by removed files (deepest first).
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):
        if not is_ignored(folder.name) and not any(folder.iterdir()):
            folder.rmdir()
