"""The repository stands alone: docs/sources.md restates the bank, and everything cites it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nestbank_review.rules.sources import Sources, parse_sources, unresolved_sections
from nestbank_review.rules.sources import load_sources as load_sources_from

from tests.spec.catalogue import DOCUMENTED_ERRORS, SOURCES_PATH, STATUS_OF_CODE

ROOT = Path(__file__).resolve().parents[2]


def load_sources() -> Sources:
    return load_sources_from(SOURCES_PATH)


DECISIONS = ROOT / "docs" / "decisions.md"
OUTSIDE = re.compile(r"\.\./shared|/work/shared")


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    files = [ROOT / name.decode() for name in listed if name]
    return [f for f in files if f.is_file() and not f.name.endswith((".png", ".ico"))]


def test_sources_restate_the_34_codes_with_their_status() -> None:
    errors = load_sources().errors
    assert {code: e.status for code, e in errors.items()} == STATUS_OF_CODE
    assert sum(len(codes) for codes in DOCUMENTED_ERRORS.values()) == len(errors) == 34


def test_sources_keep_the_banks_spellings() -> None:
    errors = load_sources().errors
    assert errors["user_status_error"].polish.endswith("żądania,")
    assert errors["callback_uri_empty"].polish.endswith("wywolania.")
    assert "aceess_token_not_exist" in errors


@pytest.mark.parametrize(
    "path", ["README.md", *sorted(p.name for p in (ROOT / "docs").glob("*.md"))]
)
def test_every_section_reference_in_the_docs_resolves(path: str) -> None:
    file = ROOT / path if path == "README.md" else ROOT / "docs" / path
    assert unresolved_sections(file.read_text(encoding="utf-8"), load_sources()) == []


def test_unknown_section_is_found() -> None:
    sources = load_sources()
    assert unresolved_sections("see §12 and §02", sources) == ["§02", "§12"]
    assert unresolved_sections("RFC 6749 §5.1, RFC 9110 §10.2.3, §10.", sources) == []


@given(st.integers(min_value=0, max_value=99))
def test_a_section_resolves_exactly_when_sources_has_its_heading(number: int) -> None:
    section = f"{number:02d}"
    sources = parse_sources(f"# x\n\n## §{section} Title\n")
    assert unresolved_sections(f"(§{section})", sources) == []
    other = f"{(number + 1) % 100:02d}"
    assert unresolved_sections(f"(§{other})", sources) == [f"§{other}"]


def test_nothing_tracked_refers_outside_the_repository() -> None:
    offenders = [
        str(f.relative_to(ROOT))
        for f in tracked_text_files()
        if OUTSIDE.search(f.read_text(encoding="utf-8", errors="replace"))
        and f != Path(__file__).resolve()
    ]
    assert offenders == []


def test_outside_reference_is_found() -> None:
    # Spelled in two parts so that this file does not itself name the folder.
    assert OUTSIDE.search("the facts are in `../" + "shared/API.md`")


def placement_codes(text: str) -> set[str]:
    """The codes named in the first column of decisions.md's placement table."""
    section = text.split("## Which errors an operation can answer", 1)[1].split("\n## ", 1)[0]
    codes: set[str] = set()
    for row in re.findall(r"^\| ([^|]+) \|", section, re.MULTILINE):
        codes.update(re.findall(r"`([^`]+)`", row))
    return codes


def test_every_code_has_a_recorded_placement() -> None:
    missing = set(STATUS_OF_CODE) - placement_codes(DECISIONS.read_text(encoding="utf-8"))
    assert missing == set()


def test_placement_check_finds_a_missing_code() -> None:
    text = DECISIONS.read_text(encoding="utf-8")
    broken = text.replace("| `order_id_permissions_error` |", "| (removed) |")
    assert broken != text
    assert "order_id_permissions_error" not in placement_codes(broken)


def test_sources_file_is_in_the_repository() -> None:
    assert SOURCES_PATH.is_relative_to(ROOT)
