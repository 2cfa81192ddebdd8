"""$ref resolution, acknowledgements and the real spec through the classifier."""

from __future__ import annotations

from pathlib import Path

import pytest
from nestbank_review.acks import Ack, apply_acks, load_acks
from nestbank_review.changes import Change
from nestbank_review.compare_ops import diff_specs
from nestbank_review.errors import ReviewError
from nestbank_review.refs import ORIGIN, resolve_refs

from tests.review.helpers import patched, real_spec


def test_refs_are_inlined_with_their_origin() -> None:
    doc = {
        "a": {"$ref": "#/components/schemas/X"},
        "components": {"schemas": {"X": {"type": "string"}}},
    }
    assert resolve_refs(doc)["a"] == {"type": "string", ORIGIN: "#/components/schemas/X"}


def test_reference_cycle_is_cut_not_followed_forever() -> None:
    node = {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"}}}
    doc = {"components": {"schemas": {"Node": node}}, "root": {"$ref": "#/components/schemas/Node"}}
    child = resolve_refs(doc)["root"]["properties"]["child"]
    assert child == {"$ref": "#/components/schemas/Node", ORIGIN: "#/components/schemas/Node"}
    # and a changed recursive schema is still compared
    assert diff_specs(doc, doc).changes == []


@pytest.mark.parametrize("ref", ["#/components/schemas/Missing", "other.yaml#/X"])
def test_bad_reference_is_a_clear_error(ref: str) -> None:
    with pytest.raises(ReviewError, match=r"cannot resolve|points at nothing"):
        resolve_refs({"a": {"$ref": ref}, "components": {"schemas": {}}})


def _change(rule: str, breaking: bool = True) -> Change:
    return Change(rule, "#/components/schemas/Title", "request", breaking, "m", ("op",))


def test_acks_split_changes(tmp_path: Path) -> None:
    ack_file = tmp_path / "ack.yaml"
    ack_file.write_text(
        "acknowledged:\n"
        "  - id: request-max-length-decreased@#/components/schemas/Title\n"
        "    reason: agreed with partners\n"
        "  - id: stale@somewhere\n"
        "    reason: old\n",
        encoding="utf-8",
    )
    acks = load_acks(ack_file)
    known = _change("request-max-length-decreased")
    other = _change("request-pattern-changed")
    safe = _change("response-max-length-decreased", breaking=False)
    result = apply_acks([known, other, safe], acks)
    assert result.unacknowledged == [other]
    assert result.acknowledged == [(known, Ack(known.id, "agreed with partners"))]
    assert result.unused == [Ack("stale@somewhere", "old")]


def test_missing_or_empty_ack_file_acknowledges_nothing(tmp_path: Path) -> None:
    assert load_acks(tmp_path / "absent.yaml") == []
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert load_acks(tmp_path / "empty.yaml") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- id: x\n", "single key 'acknowledged'"),
        ("acknowledged: {id: x}\n", "must be a list"),
        ("acknowledged:\n  - id: x\n", "'reason' is required"),
        ("acknowledged:\n  - reason: y\n", "'id' must be a change id"),
        ("acknowledged:\n  - {id: x, reason: y, until: z}\n", "keys 'id' and 'reason'"),
        ("acknowledged: [\n", "cannot read"),
    ],
)
def test_bad_ack_file_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "ack.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReviewError, match=message):
        load_acks(path)


def test_real_spec_against_itself_is_unchanged() -> None:
    doc = real_spec()
    report = diff_specs(doc, doc)
    assert (report.changes, report.changed_operations) == ([], [])


def test_real_spec_open_enums_grow_safely_but_a_closed_one_breaks() -> None:
    """ErrorCode and PaymentStatus are open sets (docs/decisions.md); Transaction.type is closed."""
    doc = real_spec()
    new = patched(
        doc,
        [
            {"op": "append", "path": "/components/schemas/ErrorCode/enum", "value": "new_code"},
            {
                "op": "append",
                "path": "/components/schemas/ErrorCode/x-enum-varnames",
                "value": "NEW_CODE",
            },
            {
                "op": "append",
                "path": "/components/schemas/PaymentStatus/enum",
                "value": "CANCELLED",
            },
            {
                "op": "append",
                "path": "/components/schemas/Transaction/properties/type/enum",
                "value": "FEE",
            },
        ],
    )
    found = {c.id: c.breaking for c in diff_specs(doc, new).changes}
    assert found == {
        "response-enum-value-added@#/components/schemas/ErrorCode": False,
        "response-enum-value-added@#/components/schemas/PaymentStatus": False,
        "response-enum-value-added@#/components/schemas/Transaction/properties/type": True,
    }


def test_real_spec_shared_component_change_lists_every_operation() -> None:
    doc = real_spec()
    new = patched(doc, [{"op": "set", "path": "/components/schemas/Title/maxLength", "value": 100}])
    by_id = {c.id: c for c in diff_specs(doc, new).changes}
    request = by_id["request-max-length-decreased@#/components/schemas/Title"]
    assert request.breaking
    assert set(request.operations) == {
        "createBlockade",
        "updateBlockade",
        "authorizeBlockade",
        "createPayment",
        "authorizePayment",
    }
    assert not by_id["response-max-length-decreased@#/components/schemas/Title"].breaking


def test_yaml_integer_keys_are_compared_as_strings() -> None:
    # `200:` and a property named `1:` are integers to YAML, strings in JSON.
    def doc(extra: dict[object, object]) -> dict[str, object]:
        schema = {"type": "object", "properties": {1: {"type": "string"}, "a": {}, **extra}}
        response = {"description": "d", "content": {"application/json": {"schema": schema}}}
        return {
            "paths": {"/x": {"get": {"responses": {200: response, "404": {"description": "n"}}}}}
        }

    found = {c.id: c.breaking for c in diff_specs(doc({}), doc({2: {"type": "integer"}})).changes}
    assert found == {
        "response-property-added@GET /x/responses/200/application/json/properties/2": False
    }
    ref = {"$ref": "#/paths/~1x/get/responses/200"}
    assert resolve_refs({**doc({}), "r": ref})["r"]["description"] == "d"
