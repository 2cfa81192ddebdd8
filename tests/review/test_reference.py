"""The rendered reference: offline single file, every operation, the error catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nestbank_spec
import pytest
from nestbank_review.errors import ReviewError
from nestbank_review.node_tools import NodeTools
from nestbank_review.render import (
    error_catalogue,
    external_fetches,
    inline_redoc,
    render_reference,
    with_error_tables,
)

from tests.review.helpers import real_spec

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [op.operation for op in nestbank_spec.operations(doc)]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference") / "reference.html"
    return render_reference(real_spec(), out, NodeTools())


def test_every_operation_gets_its_error_table() -> None:
    doc = real_spec()
    rendered = with_error_tables(doc)
    meanings, texts = error_catalogue(doc)
    codes = set(doc["components"]["schemas"]["ErrorCode"]["enum"])
    assert set(meanings) == set(texts) == codes
    for op in _operations(rendered):
        description = op["description"]
        for status, codes in op["x-nestbank-errors"].items():
            for code in codes:
                assert f"| {status} | `{code}` | {meanings[code]}" in description
                assert texts[code] in description
    assert "Error codes" not in str(_operations(doc)[0]["description"])  # input untouched


def test_external_fetches_are_detected() -> None:
    page = '<img src="https://x.example/a.png"><link rel="stylesheet" href="//cdn.example/x.css">'
    assert len(external_fetches(page)) == 2
    assert external_fetches('<a href="https://redocly.com/redoc/">link</a>') == []


@pytest.mark.node
def test_inline_refuses_unexpected_output(tmp_path: Path) -> None:
    with pytest.raises(ReviewError, match="hydrate"):
        inline_redoc("<html></html>", NodeTools().redoc_bundle)
    with pytest.raises(ReviewError, match="cannot read the Redoc bundle"):
        inline_redoc("<html></html>", tmp_path / "missing.js")


@pytest.mark.node
def test_reference_is_one_offline_file(reference: Path) -> None:
    html = reference.read_text(encoding="utf-8")
    assert external_fetches(html.split("<script>", 1)[0]) == []
    assert "cdn.redoc" not in html.replace("redocly.com/redoc/", "")
    assert "Redoc.hydrate(" not in html


@pytest.mark.node
@pytest.mark.browser
def test_reference_in_chromium(reference: Path) -> None:
    from playwright.sync_api import Route, sync_playwright

    doc = real_spec()
    operations = _operations(doc)
    network: list[str] = []
    console_errors: list[str] = []

    def block_network(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            network.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", block_network)
            page.on(
                "console", lambda m: console_errors.append(m.text) if m.type == "error" else None
            )
            page.on("pageerror", lambda e: console_errors.append(str(e)))
            page.goto(reference.as_uri())
            page.wait_for_selector('[id="operation/getTransaction"]', timeout=15000)
            page.wait_for_timeout(500)  # let late errors surface
            text = page.inner_text("body")
            missing_sections = [
                op["operationId"]
                for op in operations
                if page.locator(f'[id="operation/{op["operationId"]}"]').count() == 0
            ]
            catalogue_visible = page.get_by_text(
                "Wskazany access_token nie istnieje."
            ).first.is_visible()
        finally:
            browser.close()
    assert network == []
    assert console_errors == []
    assert missing_sections == []
    assert [op["summary"] for op in operations if op["summary"] not in text] == []
    for code in ("aceess_token_not_exist", "user_limit exceeded", "internal.server.error"):
        assert code in text
    assert catalogue_visible
