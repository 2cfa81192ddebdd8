"""Shared helpers for the review tests: fixtures, a tiny JSON-pointer patcher, paths."""

from __future__ import annotations

import copy
import functools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SPEC = REPO / "spec" / "nestbank.yaml"


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def _real_spec() -> dict[str, Any]:
    doc = load_yaml(SPEC)
    assert isinstance(doc, dict)
    return doc


def real_spec() -> dict[str, Any]:
    """A fresh copy of spec/nestbank.yaml (parsed once per run)."""
    return copy.deepcopy(_real_spec())


def _split(pointer: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def _parent(doc: Any, pointer: str) -> tuple[Any, str]:
    parts = _split(pointer)
    node = doc
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node, parts[-1]


def patched(doc: dict[str, Any], ops: list[dict[str, Any]]) -> dict[str, Any]:
    """A copy of ``doc`` with the patch applied (ops: set, remove, append, move)."""
    new = copy.deepcopy(doc)
    for op in ops:
        kind = op["op"]
        if kind == "move":
            source, key = _parent(new, op["from"])
            value = source.pop(key)
            target, new_key = _parent(new, op["path"])
            target[new_key] = value
            continue
        parent, key = _parent(new, op["path"])
        if kind == "set":
            if isinstance(parent, list):
                parent[int(key)] = copy.deepcopy(op["value"])
            else:
                parent[key] = copy.deepcopy(op["value"])
        elif kind == "remove":
            if isinstance(parent, list):
                del parent[int(key)]
            else:
                del parent[key]
        elif kind == "append":
            (parent[int(key)] if isinstance(parent, list) else parent[key]).append(op["value"])
        else:
            raise ValueError(f"unknown patch op {kind}")
    return new


GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> None:
    """Run git in a test repository, with a fixed identity and no user configuration."""
    subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


def run_review(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``nestbank-review`` command in ``repo``, as a partner runs it (CI unset)."""
    env = dict(os.environ)
    env.pop("CI", None)
    command = [str(Path(sys.executable).parent / "nestbank-review"), *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, env=env, timeout=300)
