"""nestbank_spec, the one reader of the spec: every tool sees the same operations.

The generator, the sandbox, the review (its rule engine, its breaking-change checker and
its house rules) and the fuzz tool all walk the operations through the library; these
tests pin that they see exactly its list, and check the library's own pieces.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import nestbank_spec
import pytest
import schemathesis
import yaml
from hypothesis import given
from hypothesis import strategies as st
from nestbank_fuzz.settings import default_spec_path
from nestbank_generator.sdk import collect
from nestbank_generator.spec_prep import prepare
from nestbank_review.compare_ops import operations as review_operations
from nestbank_review.rules.document import SpecDocument
from nestbank_review.rules.house_rules import _operations as house_operations
from nestbank_sandbox.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = nestbank_spec.load()
LIBRARY = sorted(
    (op.method, op.path, str(op.operation_id)) for op in nestbank_spec.operations(DOCUMENT)
)


def test_the_checkout_reads_the_hand_written_documents() -> None:
    assert nestbank_spec.document_path() == ROOT / "spec" / "nestbank.yaml"
    assert (
        nestbank_spec.document_path(nestbank_spec.CONTROLS)
        == ROOT / "spec" / "sandbox-controls.yaml"
    )
    with pytest.raises(FileNotFoundError, match=r"no-such\.yaml"):
        nestbank_spec.document_path("no-such.yaml")


def test_every_method_of_a_path_item_is_walked() -> None:
    item: dict[str, Any] = {m: {"operationId": m} for m in nestbank_spec.HTTP_METHODS}
    item["parameters"] = []  # not an operation
    item["summary"] = "x"
    found = [op.operation_id for op in nestbank_spec.operations({"paths": {"/x": item}})]
    assert found == list(nestbank_spec.HTTP_METHODS)


def test_the_sandbox_sees_the_library_operations() -> None:
    sandbox = sorted((op.method.lower(), op.path, op.operation_id) for op in load_spec().operations)
    assert sandbox == LIBRARY


def test_the_review_sees_the_library_operations() -> None:
    engine = sorted(
        (method, path, op["operationId"])
        for path, method, op in SpecDocument(DOCUMENT).operations()
    )
    checker = sorted(
        (op.method, op.path, str(op.operation_id)) for op in review_operations(DOCUMENT).values()
    )
    house = sorted((m, p, op["operationId"]) for p, m, _, op in house_operations(DOCUMENT))
    assert engine == checker == house == LIBRARY


def test_the_generator_sees_the_library_operations() -> None:
    """The resource SDK has every operation that needs a token; the rest are the pairing."""
    prepared = prepare(DOCUMENT)
    assert (
        sorted((o.method, o.path, str(o.operation_id)) for o in nestbank_spec.operations(prepared))
        == LIBRARY
    )
    package = ROOT / "generated_client" / "nestbank_client"
    sdk = sorted(
        (op.http_method, op.path, op.operation_id)
        for ops in collect(prepared, package).values()
        for op in ops
    )
    secured = [
        (op.method, op.path, str(op.operation_id))
        for op in nestbank_spec.operations(DOCUMENT)
        if op.security(DOCUMENT)
    ]
    assert sdk == sorted(secured)
    assert 0 < len(sdk) < len(LIBRARY)


def test_the_fuzz_tool_sees_the_library_operations() -> None:
    schema: Any = schemathesis.openapi.from_path(str(default_spec_path()))
    fuzzed = sorted(
        (op.method.lower(), op.path, str(op.definition.raw["operationId"]))
        for op in (result.ok() for result in schema.get_all_operations())
    )
    assert fuzzed == LIBRARY


def test_the_error_catalogue_is_the_error_code_enum() -> None:
    catalogue = nestbank_spec.error_catalogue(DOCUMENT)
    enum = DOCUMENT["components"]["schemas"]["ErrorCode"]["enum"]
    assert sorted(catalogue) == sorted(enum)
    assert all(entry.status in range(400, 600) for entry in catalogue.values())
    assert all(entry.description and entry.meaning for entry in catalogue.values())
    # Every code an operation lists is in the catalogue under the status it lists it with.
    for op in nestbank_spec.operations(DOCUMENT):
        for status, codes in nestbank_spec.error_codes(op.operation).items():
            for code in codes:
                assert catalogue[code].status == status, (op.label, code)


def test_dates_stay_strings_as_in_json() -> None:
    document = nestbank_spec.parse("openapi: 3.1.0\nx-released: 2026-11-22\n")
    assert document["x-released"] == "2026-11-22"
    with pytest.raises(ValueError, match="not an OpenAPI document"):
        nestbank_spec.parse("- a list")


def test_load_reads_a_given_file_the_same_way(tmp_path: Path) -> None:
    copied = tmp_path / "copy.yaml"
    copied.write_text(yaml.safe_dump(DOCUMENT, allow_unicode=True), encoding="utf-8")
    assert nestbank_spec.load(copied) == DOCUMENT


KEYS = st.text(alphabet="ab/~0", min_size=1, max_size=4)
TREES = st.recursive(
    st.integers() | st.text(max_size=3),
    lambda inner: st.dictionaries(KEYS, inner, max_size=3) | st.lists(inner, max_size=3),
    max_leaves=12,
)


def _pointers(node: Any, pointer: str = "#") -> list[tuple[str, Any]]:
    found = [(pointer, node)]
    if isinstance(node, dict):
        for key, value in node.items():
            escaped = key.replace("~", "~0").replace("/", "~1")
            found += _pointers(value, f"{pointer}/{escaped}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _pointers(value, f"{pointer}/{index}")
    return found


@given(st.dictionaries(KEYS, TREES, max_size=4))
def test_lookup_finds_every_node_by_its_escaped_pointer(document: dict[str, Any]) -> None:
    for pointer, node in _pointers(document):
        assert nestbank_spec.lookup(document, pointer) is node
        assert nestbank_spec.resolve(document, {"$ref": pointer}) is node  # no key is "$ref"


def test_resolve_follows_chains_and_names_dangling_and_cyclic_references() -> None:
    document = {"a": {"$ref": "#/b"}, "b": {"$ref": "#/c"}, "c": {"type": "string"}}
    assert nestbank_spec.resolve(document, {"$ref": "#/a"}) == {"type": "string"}
    assert nestbank_spec.resolve(document, {"type": "x"}) == {"type": "x"}
    with pytest.raises(KeyError, match="points at nothing"):
        nestbank_spec.resolve(document, {"$ref": "#/missing"})
    with pytest.raises(nestbank_spec.UnresolvedRef, match="not local"):
        nestbank_spec.resolve(document, {"$ref": "other.yaml#/a"})
    cycle = {"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}}
    with pytest.raises(nestbank_spec.UnresolvedRef, match="cycle"):
        nestbank_spec.resolve(cycle, {"$ref": "#/a"})


def test_parameters_merge_the_path_item_and_the_operation() -> None:
    shared = {"name": "id", "in": "path", "description": "path item"}
    own = {"name": "id", "in": "path", "description": "operation"}
    document = {
        "components": {"parameters": {"Trace": {"name": "X-Trace", "in": "header"}}},
        "paths": {
            "/x/{id}": {
                "parameters": [shared, {"$ref": "#/components/parameters/Trace"}],
                "get": {"parameters": [own, {"name": "x-trace", "in": "header"}, "junk"]},
            }
        },
    }
    [op] = nestbank_spec.operations(document)
    merged = nestbank_spec.parameters(document, op)
    assert merged == [own, {"name": "x-trace", "in": "header"}]


def test_the_extensions_read_one_way() -> None:
    operation = {
        "x-nestbank-errors": {"401": ["a", "b"], "4XX": ["c"], "404": "not a list"},
        "x-nestbank-permission": ["BLOCKADES:AUTH", "PAYMENTS:AUTH"],
        "x-nestbank-source": "inferred",
    }
    assert nestbank_spec.error_codes(operation) == {401: ("a", "b")}
    assert nestbank_spec.permissions(operation) == (("BLOCKADES", "AUTH"), ("PAYMENTS", "AUTH"))
    assert nestbank_spec.source(operation) == "inferred"
    with pytest.raises(ValueError, match="OBJECT:ACTION"):
        nestbank_spec.permissions({"x-nestbank-permission": "BLOCKADES"})
    untouched = copy.deepcopy(operation)
    nestbank_spec.error_codes(operation)
    assert operation == untouched
