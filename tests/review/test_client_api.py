"""The generated client's public API diff: generated from both specs, read with ast."""

from __future__ import annotations

from pathlib import Path

import yaml
from nestbank_review.client_api import ApiChange, client_api_diff, diff_api, public_api
from nestbank_review.summary import client_api_section

from tests.review.helpers import REPO, git, patched, real_spec, run_review


def _write(path: Path, doc: dict[str, object]) -> Path:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def test_public_api_reads_functions_models_fields_and_members(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text("def top(a: int, *, b: str = 'x') -> None: ...\n")
    (package / "_private.py").write_text("def hidden() -> None: ...\n")
    (package / "models" / "__init__.py").write_text("")
    (package / "models" / "thing.py").write_text(
        "import enum\n"
        "class Colour(str, enum.Enum):\n    RED = 'red'\n\n"
        "class Thing:\n    name: str\n    _cache: int\n"
        "    def to_dict(self) -> dict: ...\n    def _helper(self) -> None: ...\n"
    )
    assert public_api(package) == {
        ("function", "top"): "(a: int, *, b: str='x') -> None",
        ("module", "models"): "",
        ("module", "models.thing"): "",
        ("class", "models.thing.Colour"): "class Colour(str, enum.Enum)",
        ("member", "models.thing.Colour.RED"): "'red'",
        ("class", "models.thing.Thing"): "class Thing",
        ("field", "models.thing.Thing.name"): "str",
        ("method", "models.thing.Thing.to_dict"): "(self) -> dict",
    }


def test_diff_api_classifies_added_removed_changed() -> None:
    before = {("function", "f"): "(a: int)", ("field", "M.x"): "str"}
    after = {("function", "f"): "(a: int, b: int)", ("field", "M.y"): "int"}
    changes = diff_api(before, after, "pkg").changes
    assert [(c.what, c.kind, c.name) for c in changes] == [
        ("removed", "field", "M.x"),
        ("added", "field", "M.y"),
        ("changed", "function", "f"),
    ]


def test_real_spec_change_shows_in_the_client_api(tmp_path: Path) -> None:
    base = _write(tmp_path / "base.yaml", real_spec())
    head_doc = patched(
        real_spec(),
        [
            {"op": "remove", "path": "/components/schemas/BlockadeCreate/properties/expiresAt"},
            {
                "op": "set",
                "path": "/components/schemas/BlockadeCreate/properties/note",
                "value": {"type": "string", "maxLength": 10, "description": "Inferred. A note."},
            },
        ],
    )
    head = _write(tmp_path / "head.yaml", head_doc)
    api = client_api_diff(base, head, tmp_path / "work", REPO)
    assert api.package == "nestbank_client"
    found = {(c.what, c.kind, c.name) for c in api.changes}
    assert ("removed", "field", "models.blockade_create.BlockadeCreate.expires_at") in found
    assert ("added", "field", "models.blockade_create.BlockadeCreate.note") in found
    # Nothing else changes for partners' code.
    assert all(c.name.startswith("models.blockade_create.") for c in api.changes), api.changes
    section = "\n".join(client_api_section(api))
    assert "| removed | field | `models.blockade_create.BlockadeCreate.expires_at` |" in section


def test_unchanged_api_says_so() -> None:
    assert client_api_section(diff_api({}, {}, "pkg"))[-1].startswith("No change")
    change = ApiChange("function", "f", None, "(a: int | None)")
    assert change.what == "added"


def test_cli_client_api_diff_of_a_multi_file_spec(tmp_path: Path) -> None:
    # Currency lives in its own file; the client is generated from the bundled document.
    repo = tmp_path / "repo"
    (repo / "spec" / "schemas").mkdir(parents=True)
    doc = real_spec()
    currency = doc["components"]["schemas"]["Currency"]
    doc["components"]["schemas"]["Currency"] = {"$ref": "schemas/currency.yaml"}
    _write(repo / "spec" / "nestbank.yaml", doc)
    _write(repo / "spec" / "schemas" / "currency.yaml", currency)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    _write(repo / "spec" / "schemas" / "currency.yaml", {**currency, "enum": ["PLN", "EUR"]})

    out = tmp_path / "out"
    proc = run_review(
        repo,
        "--base",
        "HEAD",
        "--out",
        str(out),
        "--tools-dir",
        str(tmp_path),
        "--no-previous-client-tests",
    )

    assert "client API (nestbank_client): 0 removed, 0 changed, 1 added" in proc.stdout, (
        proc.stdout + proc.stderr
    )
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "| added | member | `models.currency.Currency.EUR` |" in summary
    assert "response-enum-value-added@#/components/schemas/Currency" in proc.stdout
