"""Typed exceptions for error answers (hand-written; copied into the generated package).

`sync()` / `asyncio()` of every operation return the success model and raise one of
these for any other answer; `sync_detailed()` / `asyncio_detailed()` never raise
them and return the full `Response` instead.

    NestBankError                 any error answer (other statuses: the base class)
    ├── BadRequestError           400
    ├── UnauthorizedError         401
    ├── NotFoundError             404
    ├── ConflictError             409
    ├── RateLimitedError          429 (retry_after from Retry-After)
    ├── ServerError               5xx
    └── UnexpectedResponseError   a success status or body the spec does not allow

The wire `error` code is an open set: a documented code becomes an `ErrorCode`
member, any other code stays the raw string, and a body that is not the
documented JSON leaves `code` empty. Neither ever hides the status's class.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from .models.error import Error
from .models.error_code import ErrorCode

__all__ = [
    "BadRequestError",
    "ConflictError",
    "NestBankError",
    "NotFoundError",
    "RateLimitedError",
    "ServerError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "error_from_response",
    "parse_error_body",
]


class NestBankError(Exception):
    """An answer of the bank that is not the operation's documented success.

    Attributes:
        status_code: the HTTP status.
        code: the wire `error` code: an `ErrorCode` when documented, else the raw
            string ("" when the body carried none).
        description: the wire `error_description` ("" when absent).
        response: the `httpx.Response` (its `.request` says which call failed).
    """

    status_code: int
    code: ErrorCode | str
    description: str
    response: httpx.Response

    def __init__(
        self,
        response: httpx.Response,
        *,
        code: ErrorCode | str = "",
        description: str = "",
        message: str | None = None,
    ) -> None:
        self.status_code = response.status_code
        self.code = code
        self.description = description
        self.response = response
        super().__init__(message or self._message())

    def _message(self) -> str:
        code = self.code.value if isinstance(self.code, ErrorCode) else self.code
        try:
            request = self.response.request
        except RuntimeError:  # a Response built by hand, without its request
            where = ""
        else:
            where = f" ({request.method} {request.url.path})"
        text = f"{self.status_code} {code}".rstrip()
        if self.description:
            text += f": {self.description}"
        return text + where

    @property
    def known_code(self) -> ErrorCode | None:
        """The code as an `ErrorCode`, or None when the bank sent an undocumented one."""
        return self.code if isinstance(self.code, ErrorCode) else None

    @property
    def error(self) -> Error | None:
        """The parsed error body, or None when it was not the documented JSON."""
        return parse_error_body(self.response)


class BadRequestError(NestBankError):
    """400: the request was refused as it is (parameters, limits, product state)."""


class UnauthorizedError(NestBankError):
    """401: token, status, permissions, or the operation needs the customer's authorization."""


class NotFoundError(NestBankError):
    """404: no such (active) blockade, order or authorization."""


class ConflictError(NestBankError):
    """409: the identifier is already used (`order_exist_error`); on a retry, the first call won."""


class RateLimitedError(NestBankError):
    """429: too many calls. `retry_after` is the wait in seconds the bank asked for, if any."""

    retry_after: float | None

    def __init__(
        self,
        response: httpx.Response,
        *,
        code: ErrorCode | str = "",
        description: str = "",
        message: str | None = None,
    ) -> None:
        self.retry_after = parse_retry_after(response.headers.get("Retry-After"))
        super().__init__(response, code=code, description=description, message=message)


class ServerError(NestBankError):
    """5xx: the bank failed; creates and updates are safe to retry with the same identifier."""


class UnexpectedResponseError(NestBankError):
    """A status or success body that the spec does not allow (e.g. a missing field)."""


_BY_STATUS: dict[int, type[NestBankError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitedError,
}


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header: delta-seconds or an HTTP-date (RFC 9110)."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def parse_error_body(response: httpx.Response) -> Error | None:
    """The documented `{"error": ..., "error_description": ...}` body, or None."""
    try:
        data: Any = json.loads(response.content)
    except ValueError:  # not JSON (e.g. a proxy's HTML page); UnicodeDecodeError is one too
        return None
    if not isinstance(data, dict) or not isinstance(data.get("error"), str):
        return None
    if not isinstance(data.get("error_description", ""), str):
        data = {**data, "error_description": ""}
    data.setdefault("error_description", "")
    return Error.from_dict(data)


def error_from_response(response: httpx.Response) -> NestBankError:
    """The exception for an answer that is not the operation's documented success."""
    status = response.status_code
    if status >= 500:
        kind: type[NestBankError] = ServerError
    elif status < 400:
        kind = UnexpectedResponseError
    else:
        kind = _BY_STATUS.get(status, NestBankError)
    body = parse_error_body(response)
    if body is None:
        return kind(response)
    return kind(response, code=body.error, description=body.error_description)


def malformed_response(response: httpx.Response, problem: Exception) -> UnexpectedResponseError:
    """The exception for a success status whose body does not match the spec."""
    return UnexpectedResponseError(
        response,
        message=(
            f"{response.status_code} answer does not match the spec "
            f"({type(problem).__name__}: {problem})"
        ),
    )
