"""Path parameters, percent-encoded as one path segment (hand-written).

Identifiers are usually plain (`acc-demo-main`, `rent-2018-0001`): those are
returned as they are after one regex check, which costs a fraction of
`urllib.parse.quote`; anything else is quoted with nothing left safe, so a `/`
or `?` in an identifier never changes the path. `.` and `..` are written `%2E` and
`%2E%2E`: quote leaves dots alone, and a bare dot segment would be removed by URL
normalisation, sending the call (with the customer's token) to another operation.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+", re.ASCII)


_DOT_SEGMENTS = {".": "%2E", "..": "%2E%2E"}


def path_segment(value: object) -> str:
    text = str(value)
    if text in _DOT_SEGMENTS:
        return _DOT_SEGMENTS[text]
    if _UNRESERVED.fullmatch(text):
        return text
    return quote(text, safe="")
