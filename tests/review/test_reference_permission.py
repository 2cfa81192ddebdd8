"""The rendered reference shows the §06 permission each operation needs."""

from __future__ import annotations

from nestbank_review.compare_ops import METHODS
from nestbank_review.render import permission_markdown, with_error_tables

from tests.review.helpers import real_spec


def test_every_operation_shows_the_permission_it_needs() -> None:
    doc = real_spec()
    rendered = with_error_tables(doc)
    shown = 0
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            declared = item[method].get("x-nestbank-permission")
            description = rendered["paths"][path][method]["description"]
            if declared is None:
                assert "Permission needed" not in description
                continue
            for value in declared if isinstance(declared, list) else [declared]:
                assert f"`{value}`" in description.split("**Permission needed**", 1)[1]
            shown += 1
    assert shown == 15


def test_alternatives_are_shown_as_any_one() -> None:
    text = permission_markdown({"x-nestbank-permission": ["BLOCKADES:AUTH", "PAYMENTS:AUTH"]})
    assert "`BLOCKADES:AUTH` or `PAYMENTS:AUTH`" in text
    assert permission_markdown({}) == ""
