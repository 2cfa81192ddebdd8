"""`python -m nestbank_generator`: generate the client, or check it for drift.

Generation always goes into an empty temporary folder first: openapi-python-client's
--overwrite deletes only models/ and api/, so stale files elsewhere would survive.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

GENERATOR_DIR = Path(__file__).resolve().parent.parent
CONFIG = GENERATOR_DIR / "config.yaml"
TEMPLATES = GENERATOR_DIR / "templates"


def generate_into(spec: Path, target: Path) -> None:
    """Run openapi-python-client so that `target` holds exactly the generated project."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "client"
        command = [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(CONFIG),
            "--meta",
            "setup",
            "--output-path",
            str(out),
        ]
        if any(TEMPLATES.glob("**/*.jinja")):
            command += ["--custom-template-path", str(TEMPLATES)]
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(out, target)


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two trees (added, removed or changed)."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(
            cmp.left, cmp.right, cmp.common_files, shallow=False
        )
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=["__pycache__", "nestbank_client.egg-info"]), "")
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nestbank_generator", description=__doc__)
    parser.add_argument("--spec", type=Path, required=True)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--out", type=Path, help="write the client here")
    group.add_argument("--check", type=Path, help="fail if this committed client is stale")
    args = parser.parse_args(argv)
    if args.out:
        generate_into(args.spec, args.out)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh"
        generate_into(args.spec, fresh)
        stale = differences(args.check, fresh)
    if stale:
        print("generated_client/ differs from a fresh `make generate`:", file=sys.stderr)
        for path in stale:
            print(f"  {path}", file=sys.stderr)
        return 1
    print("generated_client/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
