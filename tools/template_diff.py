"""`make template-diff`: our generator templates against the upstream ones they override.

generator/templates/ holds changed copies of openapi-python-client templates;
generator/upstream/<version>/ keeps the pristine upstream files they started from. This
prints
  1. our changes: upstream/<version> -> templates (what an upgrade must carry over);
  2. when another openapi-python-client is installed (or `--upstream DIR` names a
     newer templates folder): upstream's own changes since <version>, file by file,
     and its files that we override (a missing one means a renamed template).
`--check` exits 1 unless the kept copies equal the installed upstream (pristine), and
`--record` copies the installed upstream templates to generator/upstream/<installed>/,
the first step of an upgrade (see docs/architecture.md).
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
from importlib import metadata
from pathlib import Path

import openapi_python_client

ROOT = Path(__file__).resolve().parents[1]
OURS = ROOT / "generator" / "templates"
KEPT = ROOT / "generator" / "upstream"
DIST = "openapi-python-client"


def installed_version() -> str:
    return metadata.version(DIST)


def installed_templates() -> Path:
    return Path(openapi_python_client.__file__).resolve().parent / "templates"


def kept_version() -> str:
    """The one upstream version we keep (the folder under generator/upstream/)."""
    versions = sorted(path.name for path in KEPT.iterdir() if path.is_dir())
    if len(versions) != 1:
        raise SystemExit(f"generator/upstream/ must hold exactly one version, has {versions}")
    return versions[0]


def overridden() -> list[str]:
    """Relative paths of the templates we override."""
    return sorted(path.relative_to(OURS).as_posix() for path in OURS.rglob("*.jinja"))


def diff(old: Path, new: Path, old_label: str, new_label: str) -> list[str]:
    old_lines = old.read_text(encoding="utf-8").splitlines(keepends=True) if old.exists() else []
    new_lines = new.read_text(encoding="utf-8").splitlines(keepends=True) if new.exists() else []
    return list(difflib.unified_diff(old_lines, new_lines, old_label, new_label))


def not_pristine(upstream: Path, version: str) -> list[str]:
    """Overridden templates whose kept copy is missing or differs from `upstream`."""
    return [
        name
        for name in overridden()
        if not (KEPT / version / name).is_file()
        or (KEPT / version / name).read_bytes() != (upstream / name).read_bytes()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="template-diff", description=__doc__.split("\n")[0])
    parser.add_argument("--upstream", type=Path, help="a newer upstream templates folder")
    parser.add_argument("--check", action="store_true", help="kept copies equal the installed")
    parser.add_argument("--record", action="store_true", help="keep the installed upstream")
    args = parser.parse_args(argv)
    kept = kept_version()
    installed = installed_version()
    if args.check:
        if installed != kept:
            print(f"kept upstream {kept}, installed {installed}: upgrade (make template-diff)")
            return 1
        bad = not_pristine(installed_templates(), kept)
        for name in bad:
            print(f"generator/upstream/{kept}/{name} is not the pristine upstream file")
        return 1 if bad else 0
    if args.record:
        for name in overridden():
            target = KEPT / installed / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(installed_templates() / name, target)
        print(f"kept generator/upstream/{installed}/; remove generator/upstream/{kept}/ when done")
        return 0
    out: list[str] = [f"# our changes to openapi-python-client {kept} templates\n"]
    for name in overridden():
        out += diff(KEPT / kept / name, OURS / name, f"upstream/{kept}/{name}", f"ours/{name}")
    newer, label = (args.upstream, str(args.upstream)) if args.upstream else (None, None)
    if newer is None and installed != kept:
        newer, label = installed_templates(), f"installed {installed}"
    if newer is not None:
        out.append(f"\n# upstream changes {kept} -> {label} in the templates we override\n")
        for name in overridden():
            if not (newer / name).is_file():
                out.append(f"! {name}: gone from {label} (renamed or removed upstream)\n")
                continue
            out += diff(KEPT / kept / name, newer / name, f"upstream/{kept}/{name}", name)
    sys.stdout.writelines(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
