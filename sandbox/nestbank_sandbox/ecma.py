"""JSON Schema patterns (ECMA-262) rewritten for Python's `re`, which reads them otherwise.

openapi-core validates with the `jsonschema` package, which applies `pattern` with
`re.search`. These differences matter for the spec's patterns:

- `$` also matches before a final newline in Python (`"^[a-z]+$"` accepts `"abc\\n"`);
  in ECMA-262 (no multiline flag) only at the very end: rewritten to `\\Z`.
- `.` matches `\\r`, U+2028 and U+2029 in Python; not in ECMA-262: rewritten to a class.
- `\\d`, `\\w`, `\\b` are Unicode-aware in Python (`"١٢"` is two digits); ASCII in
  ECMA-262: the `(?a)` flag makes them ASCII.
- `\\s`/`\\S` are ASCII under `(?a)`; ECMA-262's are its WhiteSpace and LineTerminator
  set: rewritten to that set (`\\S` inside a class is refused, not guessed).

jsonschema-rs (Rust regex underneath; the sandbox's request validation) lets `.` match
`\\r`, U+2028 and U+2029, and its `\\b` is Unicode-aware: `rust_pattern` rewrites `.` and
spells `\\s` out as ECMA-262's set (whatever a later version means by it), and refuses
`\\b`/`\\B`, which no spec pattern uses. Prism, in JavaScript, follows ECMA-262 as we do.
tests/sandbox/test_ecma_patterns.py checks the rewrite against jsonschema-rs.
"""

from __future__ import annotations

from typing import Any

ANY_BUT_LINE_END = "[^\\n\\r\\u2028\\u2029]"
# ECMA-262 WhiteSpace and LineTerminator: what `\\s` matches there (Unicode, unlike `(?a)`).
ECMA_SPACE = (
    "\\t\\n\\x0b\\x0c\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
)


def python_pattern(pattern: str) -> str:
    """The Python regular expression that matches as the ECMA-262 `pattern` does."""
    return "(?a)" + _rewrite(pattern, end="\\Z", rust=False)


def rust_pattern(pattern: str) -> str:
    """The jsonschema-rs (fancy-regex) pattern that matches as the ECMA-262 `pattern` does.

    Its `$` already means the very end and its `\\d`/`\\w` are ASCII, as in ECMA-262.
    """
    return _rewrite(pattern, end="$", rust=True)


def _rewrite(pattern: str, *, end: str, rust: bool) -> str:
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escape = pattern[index : index + 2]
            if rust and escape in ("\\b", "\\B") and not in_class:
                raise ValueError(f"\\b and \\B are not supported: {pattern!r}")
            if escape == "\\s":
                out.append(ECMA_SPACE if in_class else f"[{ECMA_SPACE}]")
            elif escape == "\\S" and not in_class:
                out.append(f"[^{ECMA_SPACE}]")
            elif escape == "\\S":
                raise ValueError(f"\\S inside a class is not supported: {pattern!r}")
            else:
                out.append(escape)
            index += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            closes_at_once = pattern[index + 1 : index + 2] == "]"
            if rust and (closes_at_once or pattern[index + 1 : index + 3] == "^]"):
                # ECMA-262's `[]` matches nothing and `[^]` anything; Rust reads them otherwise.
                raise ValueError(f"an empty class is not supported: {pattern!r}")
            in_class = True
            out.append(char)
            if closes_at_once:  # Python: `[]...]`, a literal ] first
                out.append("]")
                index += 1
        elif char == "$":
            out.append(end)
        elif char == ".":
            out.append(ANY_BUT_LINE_END)
        else:
            out.append(char)
        index += 1
    return "".join(out)


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
