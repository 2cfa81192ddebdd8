"""The rendered reference shows the §06 permission each operation needs."""

from __future__ import annotations

import nestbank_spec
from nestbank_review.render import permission_markdown, with_error_tables

from tests.review.helpers import real_spec


def test_every_operation_shows_the_permission_it_needs() -> None:
    doc = real_spec()
    rendered = with_error_tables(doc)
    shown = 0
    for op in nestbank_spec.operations(doc):
        declared = op.operation.get("x-nestbank-permission")
        description = rendered["paths"][op.path][op.method]["description"]
        if declared is None:
            assert "Permission needed" not in description
            continue
        for value in declared if isinstance(declared, list) else [declared]:
            assert f"`{value}`" in description.split("**Permission needed**", 1)[1]
        shown += 1
    # Every operation that needs the access token needs a permission (§06).
    assert shown == sum(1 for op in nestbank_spec.operations(doc) if op.security(doc)) > 0


def test_alternatives_are_shown_as_any_one() -> None:
    text = permission_markdown({"x-nestbank-permission": ["BLOCKADES:AUTH", "PAYMENTS:AUTH"]})
    assert "`BLOCKADES:AUTH` or `PAYMENTS:AUTH`" in text
    assert permission_markdown({}) == ""
