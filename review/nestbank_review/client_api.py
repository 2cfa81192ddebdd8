"""The generated client's public API, before and after: what changes for a partner's code.

Both specs are turned into clients with the project's generator
(``python -m nestbank_generator``) in temporary folders; each client's public surface
is read with ``ast`` (never imported): modules, functions and their signatures,
classes, their fields and types, methods and enum members. The summary lists what was
added, removed or changed.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from nestbank_review.errors import ReviewError

GENERATOR = "nestbank_generator"
# What `python -m nestbank_generator` reads beside its package: the toolkit's generator/.
GENERATOR_DATA = ("templates", "handwritten", "config.yaml")
NO_GENERATOR = (
    "needs the generator's templates and hand-written runtime (generator/ of the Nest Bank "
    "toolkit repository), which neither the reviewed repository nor the installed package "
    "has: run the review in a checkout of the toolkit, or pass --no-client-diff"
)


@dataclass(frozen=True)
class ApiChange:
    kind: str  # module, function, class, field, method, member
    name: str  # dotted, without the package name
    before: str | None  # signature or type; None when added
    after: str | None  # None when removed

    @property
    def what(self) -> str:
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "changed"


@dataclass
class ApiDiff:
    package: str
    changes: list[ApiChange] = field(default_factory=list)
    head_package: Path | None = None  # the new client (while its temporary folder exists)

    def count(self, what: str) -> int:
        return sum(1 for change in self.changes if change.what == what)


def _installed_generator() -> Path | None:
    """The folder holding the importable nestbank_generator package (None: not installed)."""
    found = importlib.util.find_spec(GENERATOR)
    return Path(found.origin).parent.parent if found and found.origin else None


def generator_dir(repo: Path) -> Path:
    """generator/ of the reviewed repository, else of the installed toolkit: with its data."""
    for candidate in (repo / "generator", _installed_generator()):
        if candidate is not None and all((candidate / name).exists() for name in GENERATOR_DATA):
            return candidate
    raise ReviewError(NO_GENERATOR)


def generate_client(spec: Path, out: Path, repo: Path) -> Path:
    """Generate the client for ``spec`` into ``out``; the package folder it made."""
    source = generator_dir(repo)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(source), *sys.path])}
    command = [sys.executable, "-m", GENERATOR, "--spec", str(spec), "--out", str(out)]
    try:
        proc = subprocess.run(
            command, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600
        )
    except subprocess.TimeoutExpired as exc:
        raise ReviewError(f"client generation from {spec.name} timed out") from exc
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        raise ReviewError(f"client generation from {spec.name} failed: {' '.join(detail[-3:])}")
    packages = sorted(p.parent for p in out.glob("*/__init__.py"))
    if not packages:
        raise ReviewError(f"client generation from {spec.name} made no Python package")
    return packages[0]


def public_api(package: Path) -> dict[tuple[str, str], str]:
    """(kind, dotted name) -> signature for every public name in ``package``."""
    api: dict[tuple[str, str], str] = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        if any(p.startswith("_") for p in parts):
            continue
        module = ".".join(parts)
        if module:
            api[("module", module)] = ""
        tree = ast.parse(path.read_text(encoding="utf-8"))
        prefix = f"{module}." if module else ""
        for node in tree.body:
            _add_node(api, node, prefix)
    return api


def _add_node(api: dict[tuple[str, str], str], node: ast.stmt, prefix: str) -> None:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _public(node.name):
        api[("function", prefix + node.name)] = _signature(node)
    elif isinstance(node, ast.ClassDef) and _public(node.name):
        name = prefix + node.name
        bases = ", ".join(ast.unparse(b) for b in node.bases)
        api[("class", name)] = f"class {node.name}({bases})" if bases else f"class {node.name}"
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                if _public(item.target.id):
                    api[("field", f"{name}.{item.target.id}")] = ast.unparse(item.annotation)
            elif isinstance(item, ast.Assign):
                for target in item.targets:
                    if isinstance(target, ast.Name) and _public(target.id):
                        api[("member", f"{name}.{target.id}")] = ast.unparse(item.value)
            elif isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and _public(item.name):
                api[("method", f"{name}.{item.name}")] = _signature(item)


def _public(name: str) -> bool:
    return not name.startswith("_")


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    prefix = "async " if isinstance(node, ast.AsyncFunctionDef) else ""
    return f"{prefix}({ast.unparse(node.args)}){returns}"


def diff_api(
    before: dict[tuple[str, str], str], after: dict[tuple[str, str], str], package: str
) -> ApiDiff:
    result = ApiDiff(package)
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[1], k[0])):
        old, new = before.get(key), after.get(key)
        if old != new:
            result.changes.append(ApiChange(key[0], key[1], old, new))
    return result


def client_api_diff(base_spec: Path | None, head_spec: Path, work: Path, repo: Path) -> ApiDiff:
    """Generate both clients under ``work`` and compare their public API."""
    head_pkg = generate_client(head_spec, work / "head", repo)
    before: dict[tuple[str, str], str] = {}
    if base_spec is not None:
        before = public_api(generate_client(base_spec, work / "base", repo))
    result = diff_api(before, public_api(head_pkg), head_pkg.name)
    result.head_package = head_pkg
    return result
