"""Path parameters, percent-encoded as one path segment (hand-written).

Identifiers are usually plain (`acc-demo-main`, `rent-2018-0001`): those are
returned as they are after one regex check, which costs a fraction of
`urllib.parse.quote`; anything else is quoted with nothing left safe, so a `/`
or `?` in an identifier never changes the path.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+", re.ASCII)


def path_segment(value: object) -> str:
    text = str(value)
    if _UNRESERVED.fullmatch(text) and text not in (".", ".."):
        return text
    return quote(text, safe="")
