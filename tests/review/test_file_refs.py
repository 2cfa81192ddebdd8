"""Multi-file specs: relative file ``$ref``s are followed, unresolvable ones named clearly."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from nestbank_review.compare_ops import diff_specs
from nestbank_review.errors import ReviewError
from nestbank_review.refs import ORIGIN, bundle, resolve_refs
from nestbank_review.specload import folder_loader, load_working_spec

from tests.review.helpers import git, run_review

MAIN: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Multi", "version": "1"},
    "paths": {
        "/thing": {
            "put": {
                "operationId": "putThing",
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "schemas/thing.yaml#/Thing"}}
                    }
                },
                "responses": {"200": {"$ref": "./responses.yaml"}},
            }
        }
    },
}
THING: dict[str, Any] = {
    "Thing": {
        "type": "object",
        "properties": {
            "title": {"$ref": "#/Title"},
            "colour": {"$ref": "../common.yaml#/Colour"},
            "code": {"$ref": "../common.yaml#code"},
        },
    },
    "Title": {"type": "string", "maxLength": 140},
}
COMMON: dict[str, Any] = {
    "Colour": {"type": "string", "enum": ["red", "green"]},
    "Code": {"$anchor": "code", "type": "string", "maxLength": 8},
}
RESPONSES: dict[str, Any] = {
    "description": "ok",
    "content": {"application/json": {"schema": {"$ref": "schemas/thing.yaml#/Thing"}}},
}


def _write(folder: Path, files: dict[str, Any]) -> Path:
    for name, doc in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return folder / "main.yaml"


def _tree(thing: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "main.yaml": MAIN,
        "schemas/thing.yaml": thing or THING,
        "common.yaml": COMMON,
        "responses.yaml": RESPONSES,
    }


def test_file_references_resolve_relative_to_the_file_that_holds_them(tmp_path: Path) -> None:
    spec = load_working_spec(_write(tmp_path, _tree()))
    doc = resolve_refs(spec.doc, spec.loader)
    schema = doc["paths"]["/thing"]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema[ORIGIN] == "schemas/thing.yaml#/Thing"
    assert schema["properties"]["title"]["maxLength"] == 140
    assert schema["properties"]["colour"][ORIGIN] == "common.yaml#/Colour"
    assert schema["properties"]["code"]["maxLength"] == 8  # found by $anchor
    response = doc["paths"]["/thing"]["put"]["responses"]["200"]
    assert response[ORIGIN] == "responses.yaml#"


def test_change_in_another_file_is_reported_at_that_file(tmp_path: Path) -> None:
    base = load_working_spec(_write(tmp_path / "base", _tree()))
    narrowed = {**THING, "Title": {"type": "string", "maxLength": 100}}
    head = load_working_spec(_write(tmp_path / "head", _tree(narrowed)))
    found = {
        c.id: c.breaking for c in diff_specs(base.doc, head.doc, base.loader, head.loader).changes
    }
    assert found == {
        "request-max-length-decreased@schemas/thing.yaml#/Title": True,
        "response-max-length-decreased@schemas/thing.yaml#/Title": False,
    }


def test_bundle_inlines_other_files_and_keeps_local_references(tmp_path: Path) -> None:
    main = dict(MAIN, components={"schemas": {"Local": {"type": "string"}}})
    main["paths"] = {
        "/x": {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Local"}}
                        },
                    },
                    "201": {"$ref": "responses.yaml"},
                }
            }
        }
    }
    spec = load_working_spec(_write(tmp_path, {**_tree(), "main.yaml": main}))
    doc = bundle(spec.doc, spec.loader)
    responses = doc["paths"]["/x"]["get"]["responses"]
    assert responses["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Local"
    }
    assert responses["201"]["content"]["application/json"]["schema"]["type"] == "object"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("schemas/missing.yaml#/Thing", r"cannot resolve a \$ref to 'schemas/missing.yaml'"),
        ("schemas/thing.yaml#/Nothing", "points at nothing"),
        ("https://example.com/thing.yaml#/Thing", "remote references are not fetched"),
        ("common.yaml#no-such-anchor", "no \\$anchor 'no-such-anchor'"),
    ],
)
def test_unresolvable_file_reference_is_a_clear_error(
    tmp_path: Path, ref: str, message: str
) -> None:
    _write(tmp_path, _tree())
    doc = {"openapi": "3.1.0", "x": {"$ref": ref}}
    with pytest.raises(ReviewError, match=message):
        resolve_refs(doc, folder_loader(tmp_path))


def _review(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_review(repo, "--spec", "spec/main.yaml", *args)


def test_cli_compares_a_multi_file_spec_at_a_git_ref(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _write(repo / "spec", _tree())
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "spec")
    git(repo, "commit", "-q", "-m", "base")
    _write(repo / "spec", {"schemas/thing.yaml": {**THING, "Title": {"type": "string"}}})
    fast = ["--base", "HEAD", "--out", str(tmp_path / "out"), "--tools-dir", str(tmp_path)]
    fast.append("--no-client-diff")  # the generator is covered in test_client_api
    proc = _review(repo, *fast)
    assert "BREAKING: response-max-length-removed@schemas/thing.yaml#/Title" in proc.stdout, (
        proc.stdout + proc.stderr
    )

    (repo / "spec" / "common.yaml").unlink()
    proc = _review(repo, *fast)
    assert proc.returncode == 2
    assert "cannot resolve a $ref to 'common.yaml' (in schemas/thing.yaml)" in proc.stderr
    assert "Traceback" not in proc.stderr
