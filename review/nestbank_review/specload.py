"""Loading the spec (and the files its ``$ref``s name) from the working copy or a git ref."""

from __future__ import annotations

import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nestbank_review.errors import ReviewError
from nestbank_review.refs import Loader


@dataclass
class Spec:
    """A parsed root document and how to read the files it refers to."""

    doc: dict[str, Any]
    loader: Loader


def parse_spec(text: str, source: str) -> dict[str, Any]:
    """Parse YAML/JSON text into a mapping, or raise ReviewError naming ``source``."""
    doc = parse_any(text, source)
    if not isinstance(doc, dict):
        raise ReviewError(f"{source}: expected an OpenAPI document (a mapping) at the top level")
    return doc


def parse_any(text: str, source: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ReviewError(f"{source}: not valid YAML: {exc}") from exc


def folder_loader(folder: Path) -> Loader:
    """Files relative to ``folder`` (the root document's folder) in the working copy."""

    def load(relative: str) -> Any:
        path = folder / relative
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ReviewError(f"cannot read {path}: {exc.strerror}") from exc
        return parse_any(text, str(path))

    return load


def git_loader(repo: Path, ref: str, spec_path: str) -> Loader:
    """Files relative to the spec's folder as committed at ``ref``."""
    folder = posixpath.dirname(spec_path)

    def load(relative: str) -> Any:
        path = posixpath.normpath(posixpath.join(folder, relative))
        try:
            text = _git(["show", f"{ref}:{path}"], repo)
        except ReviewError as exc:
            raise ReviewError(f"no file {path} at {ref}") from exc
        return parse_any(text, f"{ref}:{path}")

    return load


def load_working_spec(path: Path) -> Spec:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReviewError(f"cannot read {path}: {exc.strerror}") from exc
    return Spec(parse_spec(text, str(path)), folder_loader(path.parent))


def git_toplevel(cwd: Path) -> Path:
    result = _git(["rev-parse", "--show-toplevel"], cwd)
    return Path(result.strip())


def load_spec_at_ref(repo: Path, ref: str, spec_path: str) -> Spec | None:
    """The spec as committed at ``ref``; None when the file does not exist there.

    A ref that git does not know is an error (a typo must not silently compare
    against nothing).
    """
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], repo, what=f"git ref {ref!r}")
    try:
        text = _git(["show", f"{ref}:{spec_path}"], repo)
    except ReviewError:
        # The ref exists (checked above), so the file is what is missing.
        return None
    return Spec(parse_spec(text, f"{ref}:{spec_path}"), git_loader(repo, ref, spec_path))


def _git(args: list[str], cwd: Path, what: str | None = None) -> str:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
    except FileNotFoundError as exc:
        raise ReviewError("git is not installed") from exc
    if proc.returncode != 0:
        detail = proc.stderr.strip() or f"exit status {proc.returncode}"
        if what:
            raise ReviewError(f"unknown {what} (git: {detail})")
        raise ReviewError(f"git {' '.join(args)} failed: {detail}")
    return proc.stdout
