"""docs/sources.md, read: its sections and its error catalogue.

The repository's restatement of the bank's pages is the one source the spec's "§NN"
labels and English glosses must agree with, so the rules read it instead of keeping
a second copy.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

SECTION_HEADING = re.compile(r"^## §(\d\d) ", re.MULTILINE)
# "§NN" of the bank's pages; not an RFC's "§5.1" (one digit) nor "§10.2.3" (sub-section).
SECTION_REF = re.compile(r"(?<![\w.])§(\d\d)(?![\d.]\d)")
CATALOGUE_ROW = re.compile(
    r"^\| (\d{3}) \| `([^`]+)` \| (.+?) \| (.+?) \|$",
    re.MULTILINE,
)
PAGE_NOTE = re.compile(r"\s*\(the page's example(?: only)?\)$")


@dataclass(frozen=True)
class DocumentedError:
    status: str
    polish: str
    translation: str


@dataclass(frozen=True)
class Sources:
    sections: frozenset[str]
    errors: dict[str, DocumentedError]


def parse_sources(text: str) -> Sources:
    errors = {
        code: DocumentedError(status, polish, PAGE_NOTE.sub("", translation))
        for status, code, polish, translation in CATALOGUE_ROW.findall(text)
    }
    return Sources(frozenset(SECTION_HEADING.findall(text)), errors)


@functools.lru_cache(maxsize=4)
def load_sources(path: Path) -> Sources:
    return parse_sources(path.read_text(encoding="utf-8"))


def unresolved_sections(text: str, sources: Sources) -> list[str]:
    """The "§NN" references in `text` that name no section of docs/sources.md."""
    return sorted(
        {f"§{n}" for n in SECTION_REF.findall(text)} - {f"§{n}" for n in sources.sections}
    )


def normalise_gloss(text: str) -> str:
    """A gloss compared without its markdown: `callbackUri` and callbackUri are the same."""
    return re.sub(r"\s+", " ", text.replace("`", "")).strip()
