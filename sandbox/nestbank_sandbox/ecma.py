"""JSON Schema patterns (ECMA-262) rewritten for Python's `re`, which reads them otherwise.

openapi-core validates with the `jsonschema` package, which applies `pattern` with
`re.search`. Three differences matter for the spec's patterns:

- `$` also matches before a final newline in Python (`"^[a-z]+$"` accepts `"abc\\n"`);
  in ECMA-262 (no multiline flag) only at the very end: rewritten to `\\Z`.
- `.` matches `\\r`, U+2028 and U+2029 in Python; not in ECMA-262: rewritten to a class.
- `\\d`, `\\w`, `\\b` are Unicode-aware in Python (`"١٢"` is two digits); ASCII in
  ECMA-262: the `(?a)` flag makes them ASCII.

jsonschema-rs (Rust regex underneath) lets `.` match `\\r`, U+2028 and U+2029; Prism,
in JavaScript, follows ECMA-262 as we do. `\\s` stays Python's (ASCII under `(?a)`,
Unicode in ECMA-262); no spec pattern uses it.
tests/sandbox/test_ecma_patterns.py checks the rewrite against jsonschema-rs.
"""

from __future__ import annotations

from typing import Any

ANY_BUT_LINE_END = "[^\\n\\r\\u2028\\u2029]"


def python_pattern(pattern: str) -> str:
    """The Python regular expression that matches as the ECMA-262 `pattern` does."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
            if pattern[index + 1 : index + 2] == "]":  # `[]...]`: a literal ] first
                out.append("]")
                index += 1
        elif char == "$":
            out.append("\\Z")
        elif char == ".":
            out.append(ANY_BUT_LINE_END)
        else:
            out.append(char)
        index += 1
    return "(?a)" + "".join(out)


def with_python_patterns(node: Any) -> Any:
    """A copy of an OpenAPI/JSON Schema document with every `pattern` rewritten."""
    if isinstance(node, dict):
        return {
            key: python_pattern(value)
            if key == "pattern" and isinstance(value, str)
            else with_python_patterns(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [with_python_patterns(item) for item in node]
    return node
