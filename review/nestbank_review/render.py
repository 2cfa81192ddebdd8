"""The rendered API reference: one static HTML file that works offline.

Redocly CLI's ``build-docs`` renders Redoc into one page but loads Redoc's script from a
CDN; the script is inlined from ``node_modules/redoc`` (same version) so the file makes
no network request. Before rendering, every operation's description gets the permission
it needs (``x-nestbank-permission``) and its error catalogue (``x-nestbank-errors``) as
a table, because Redoc does not show extensions.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nestbank_spec

from nestbank_review.errors import ReviewError
from nestbank_review.node_tools import NodeTools

CDN_SCRIPT = re.compile(r'<script src="https?://[^"]*/redoc\.standalone\.js"></script>')
# Anything that would make the browser fetch from the network when the page opens.
EXTERNAL_FETCH = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\bsrc=["']?(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref=["']?(?:https?:)?//"""
    r"""|@import\s+(?:url\()?["']?(?:https?:)?//"""
    r"""|url\(["']?(?:https?:)?//""",
    re.IGNORECASE,
)


# Redoc 2.5's menu footer ("API docs by Redocly") loads its logo from Redocly's CDN; the
# link stays, the image becomes an inline SVG so that the page makes no request.
REMOTE_LOGO = 'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
INLINE_LOGO = (
    'src:"data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27 width=%2716%27 '
    'height=%2716%27%3E%3Ccircle cx=%278%27 cy=%278%27 r=%276%27 fill=%27%23888%27/%3E%3C/svg%3E"'
)


# build-docs' page hydrates its prerendered markup, which fails with Redoc 2.5 (React errors
# #418/#423/#425 in the console; upstream Redocly/redoc#2734). Rendering client-side from the
# embedded spec instead is clean; the prerendered markup stays as the no-JavaScript view.
HYDRATE_CALL = "Redoc.hydrate(__redoc_state, container);"
CLIENT_RENDER = "Redoc.init(__redoc_state.spec.data, __redoc_state.options, container);"


@dataclass(frozen=True)
class ErrorEntry:
    status: str
    code: str
    meaning: str
    bank_text: str


def error_catalogue(doc: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(code -> English meaning, code -> the bank's Polish text), from the spec library."""
    texts = {code: e.description for code, e in nestbank_spec.error_catalogue(doc).items()}
    return nestbank_spec.meanings(doc), texts


def operation_errors(op: dict[str, Any], doc: dict[str, Any]) -> list[ErrorEntry]:
    meanings, texts = error_catalogue(doc)
    return [
        ErrorEntry(str(status), code, meanings.get(code, ""), texts.get(code, ""))
        for status, codes in nestbank_spec.error_codes(op).items()
        for code in codes
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def errors_markdown(entries: list[ErrorEntry]) -> str:
    lines = [
        "",
        "",
        "**Error codes this operation can answer** (`x-nestbank-errors`):",
        "",
        "| status | `error` | meaning | `error_description` (bank's text) |",
        "|---|---|---|---|",
    ]
    for entry in entries:
        lines.append(
            f"| {entry.status} | `{_cell(entry.code)}` | {_cell(entry.meaning)} "
            f"| {_cell(entry.bank_text)} |"
        )
    return "\n".join(lines) + "\n"


def permission_markdown(op: dict[str, Any]) -> str:
    """The §06 permission the operation needs (``x-nestbank-permission``), if it names one."""
    declared = op.get(nestbank_spec.PERMISSION)
    if not declared:
        return ""
    values = declared if isinstance(declared, list) else [declared]
    shown = " or ".join(f"`{_cell(str(v))}`" for v in values)
    return f"\n\n**Permission needed** (`x-nestbank-permission`, §06): {shown}\n"


def with_error_tables(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``doc`` whose operation descriptions end with the permission they need
    and their error catalogue (Redoc shows neither extension)."""
    rendered = copy.deepcopy(doc)
    for found in nestbank_spec.operations(rendered):
        op = found.operation
        entries = operation_errors(op, doc)
        extra = permission_markdown(op) + (errors_markdown(entries) if entries else "")
        if extra:
            op["description"] = str(op.get("description") or "").rstrip() + extra
    return rendered


def external_fetches(html: str) -> list[str]:
    """Snippets of ``html`` that would fetch from the network."""
    return [html[m.start() : m.start() + 120] for m in EXTERNAL_FETCH.finditer(html)]


def inline_redoc(html: str, bundle: Path) -> str:
    try:
        script = bundle.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReviewError(f"cannot read the Redoc bundle {bundle}: {exc.strerror}") from exc
    if script.count(REMOTE_LOGO) != 1:
        raise ReviewError(f"{bundle}: Redoc's logo URL not found once; check the Redoc version")
    script = script.replace(REMOTE_LOGO, INLINE_LOGO)
    if "</script" in script.lower():
        raise ReviewError(f"{bundle} contains '</script' and cannot be inlined safely")
    if html.count(HYDRATE_CALL) != 1:
        raise ReviewError("the Redocly output no longer has the expected Redoc.hydrate call")
    html = html.replace(HYDRATE_CALL, CLIENT_RENDER)
    inlined, count = CDN_SCRIPT.subn(lambda _m: f"<script>{script}</script>", html, count=1)
    if count != 1:
        raise ReviewError("the Redocly output no longer has the expected Redoc <script> tag")
    return inlined


def render_reference(doc: dict[str, Any], out_html: Path, tools: NodeTools) -> Path:
    """Write the offline reference to ``out_html``; returns its path."""
    out_html.parent.mkdir(parents=True, exist_ok=True)
    source = out_html.with_name("reference-source.json")
    source.write_text(json.dumps(with_error_tables(doc), ensure_ascii=False), encoding="utf-8")
    title = str((doc.get("info") or {}).get("title") or "API") + " reference"
    command = [
        str(tools.redocly),
        "build-docs",
        str(source),
        "--output",
        str(out_html),
        "--title",
        title,
        "--disableGoogleFont",
    ]
    proc = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=tools.env(),
        cwd=out_html.parent,
    )
    if proc.returncode != 0 or not out_html.is_file():
        detail = " ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
        raise ReviewError(f"redocly build-docs failed (exit {proc.returncode}): {detail}")
    html = out_html.read_text(encoding="utf-8")
    # Checked before inlining: the page's own markup, not the text of Redoc's script.
    leftovers = external_fetches(CDN_SCRIPT.sub("", html))
    if leftovers:
        raise ReviewError(f"the reference would fetch from the network: {leftovers[0]!r}")
    out_html.write_text(inline_redoc(html, tools.redoc_bundle), encoding="utf-8")
    return out_html
