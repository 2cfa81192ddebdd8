"""Where the spec documents are, and reading one into a plain dict.

An installed wheel carries them in `nestbank_spec/documents/` (copied from spec/ when the
wheel is built); an editable install (the checkout) reads them from the folder that holds
this package's own project, spec/, where they are written by hand.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = ["API", "CONTROLS", "document_path", "load", "parse"]

API = "nestbank.yaml"  # the bank's API
CONTROLS = "sandbox-controls.yaml"  # the sandbox's /_sandbox/ test controls
_PACKAGED = "documents"
# The project folder of this package (spec/): its pyproject.toml marks a source tree.
_PROJECT = Path(__file__).resolve().parent.parent


def document_path(name: str = API) -> Path:
    """The file of the spec document `name`: the installed wheel's, else the source tree's."""
    packaged = resources.files(__package__ or "nestbank_spec") / _PACKAGED / name
    if isinstance(packaged, Path) and packaged.is_file():
        return packaged
    source = _PROJECT / name
    if (_PROJECT / "pyproject.toml").is_file() and source.is_file():
        return source
    raise FileNotFoundError(f"{name}: neither in the installed nestbank-spec nor in its spec/")


class _JsonLoader(yaml.SafeLoader):
    """YAML as JSON sees it: an unquoted date stays the string it is in the document."""


_JsonLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse(text: str, where: str = "<spec>") -> dict[str, Any]:
    """An OpenAPI document from YAML (or JSON) text; `where` names it in the error."""
    document = yaml.load(text, Loader=_JsonLoader)
    if not isinstance(document, dict):
        raise ValueError(f"{where} is not an OpenAPI document (no mapping at the top)")
    return document


def load(path: Path | str | None = None) -> dict[str, Any]:
    """The document at `path` (default: the bank's API, `nestbank.yaml`) as a dict."""
    file = Path(path) if path is not None else document_path(API)
    return parse(file.read_text(encoding="utf-8"), str(file))
