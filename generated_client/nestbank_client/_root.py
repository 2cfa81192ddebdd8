"""The one root of every exception the client raises (hand-written; no imports).

It lives apart from `api_errors` so that the low-level modules (`money`,
`rfc3339`), which the models import, can derive their errors from it without an
import cycle. Import it from `nestbank_client` or `nestbank_client.api_errors`.
"""

from __future__ import annotations

from typing import Any


class NestBankError(Exception):
    """Anything the client raises: `except NestBankError` catches every failure.

    Subclasses say what failed: `APIStatusError` (the bank answered with an error),
    `APIConnectionError` / `APITimeoutError` (no answer; the httpx error is the
    `__cause__`), `NestBankRuntimeError` (the runtime's own checks: pairing, OAuth
    state, safe retries), `InvalidAmountError` / `InvalidTimestampError` (a value
    that cannot go on the wire or came off it malformed).

    The attributes below are None or empty unless the bank answered, so handling
    code may read them on any `NestBankError`.
    """

    status_code: int | None = None
    """The HTTP status of the bank's answer (None: there was no answer)."""
    code: Any = ""
    """The wire `error` code (`ErrorCode` or the raw string; "" without one)."""
    description: str = ""
    """The wire `error_description` ("" when absent)."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle the class, the message and plain attributes only: never a request
        # (its headers carry the access token) nor a live httpx object.
        state = {
            name: value
            for name, value in vars(self).items()
            if not name.startswith("_") and _portable(value)
        }
        return (_rebuild, (type(self), str(self), state))


def _portable(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, bytes, tuple, list))


def _rebuild(kind: type[NestBankError], message: str, state: dict[str, Any]) -> NestBankError:
    """Unpickle without calling `kind.__init__` (whose arguments are not kept)."""
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error
