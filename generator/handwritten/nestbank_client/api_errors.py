"""Every error of an API call: the bank's error answers, an undocumented status, no answer.

Hand-written; copied into the generated package. (`exceptions` and `errors`, the module
names of earlier versions and of openapi-python-client, re-export from here.)

`except NestBankError` catches everything the client raises. `sync()` / `asyncio()`
of every operation return the success model and raise one of these for any other
outcome; `sync_detailed()` / `asyncio_detailed()` return the `Response` of any
answer, and raise only when there is no usable answer (transport failure, or a
success body the spec does not allow).

    NestBankError                     the root (nestbank_client._root)
    ├── APIStatusError                an error answer (other statuses, e.g. 403)
    │   ├── BadRequestError           400
    │   ├── UnauthorizedError         401: token, status, permissions
    │   │   └── AuthorizationFailedError  401 authorization_failed: the customer
    │   │                             rejected the operation or it failed/expired
    │   ├── NotFoundError             404
    │   ├── ConflictError             409
    │   ├── RateLimitedError          429 (retry_after from Retry-After)
    │   ├── ServerError               5xx
    │   └── UnexpectedResponseError   a success status or body the spec does not allow
    ├── UnexpectedStatus              raise_on_unexpected_status=True in *_detailed
    ├── APIConnectionError            no answer (refused, reset, dropped); the httpx
    │   └── APITimeoutError           error is `__cause__`; timeouts separately
    ├── NestBankRuntimeError          the runtime's own checks (runtime_errors)
    ├── InvalidAmountError            (also a ValueError) money.to_amount
    └── InvalidTimestampError, NaiveDatetimeError   (also ValueError) rfc3339

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

from ._root import NestBankError
from .models.error import Error
from .models.error_code import ErrorCode

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthorizationFailedError",
    "BadRequestError",
    "ConflictError",
    "NestBankError",
    "NotFoundError",
    "RateLimitedError",
    "ServerError",
    "UnauthorizedError",
    "UnexpectedResponseError",
    "UnexpectedStatus",
    "error_from_response",
    "parse_error_body",
    "transport_error",
]


class UnexpectedStatus(NestBankError):
    """Raised by *_detailed functions for a status the spec does not document, when
    Client.raise_on_unexpected_status is True. A `NestBankError` like every error of the client."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content
        text = content.decode(errors="ignore")
        super().__init__(f"Unexpected status code: {status_code}\n\nResponse content:\n{text}")


class APIStatusError(NestBankError):
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

    def __reduce__(self) -> tuple[Any, ...]:
        rebuild, (kind, message, state) = super().__reduce__()
        # A detached copy of the answer: status, headers and body, and the request's
        # method and path only (its headers hold the access token).
        request = _request_of(self.response)
        state["response"] = httpx.Response(
            self.status_code,
            headers=self.response.headers,
            content=self.response.content,
            request=None
            if request is None
            else httpx.Request(request.method, request.url.copy_with(query=None)),
        )
        return rebuild, (kind, message, state)

    def _message(self) -> str:
        code = self.code.value if isinstance(self.code, ErrorCode) else self.code
        request = _request_of(self.response)
        where = "" if request is None else f" ({request.method} {request.url.path})"
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


class BadRequestError(APIStatusError):
    """400: the request was refused as it is (parameters, limits, product state)."""


class UnauthorizedError(APIStatusError):
    """401: token, status, permissions, or the operation needs the customer's authorization."""


class AuthorizationFailedError(UnauthorizedError):
    """401 `authorization_failed`: the customer rejected the operation, or it failed or expired.

    Not a token problem: pairing again does not help. Start a new authorization
    (with a new identifier) if the operation is still wanted.
    """


class NotFoundError(APIStatusError):
    """404: no such (active) blockade, order or authorization."""


class ConflictError(APIStatusError):
    """409: the identifier is already used (`order_exist_error`); on a retry, the first call won."""


class RateLimitedError(APIStatusError):
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


class ServerError(APIStatusError):
    """5xx: the bank failed; creates and updates are safe to retry with the same identifier."""


class UnexpectedResponseError(APIStatusError):
    """A status or success body that the spec does not allow (e.g. a missing field)."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
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


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a Response built by hand, without its request
        return None


def error_from_response(response: httpx.Response) -> APIStatusError:
    """The exception for an answer that is not the operation's documented success."""
    status = response.status_code
    if status >= 500:
        kind: type[APIStatusError] = ServerError
    elif status < 400:
        kind = UnexpectedResponseError
    else:
        kind = _BY_STATUS.get(status, APIStatusError)
    body = parse_error_body(response)
    if body is None:
        return kind(response)
    if body.error == ErrorCode.AUTHORIZATION_FAILED and kind is UnauthorizedError:
        kind = AuthorizationFailedError
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


class APIConnectionError(NestBankError):
    """No answer from the bank: refused, reset or dropped connection, bad URL, TLS...

    The httpx error is `__cause__`. `maybe_applied` says whether the request may
    have reached the bank (False only when it certainly was not sent).
    """

    request: httpx.Request | None = None  # also after unpickling (the request is not kept)

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        self.request = request
        super().__init__(message)

    @property
    def maybe_applied(self) -> bool:
        return not isinstance(self.__cause__, _NOT_SENT)


class APITimeoutError(APIConnectionError):
    """The bank did not answer in time (connect, read, write or pool timeout)."""


# Failures that happen before a single byte of the request left this machine.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def transport_error(error: httpx.HTTPError) -> APIConnectionError:
    """The typed error for an httpx failure; raise it `from error` to keep the cause."""
    try:
        request: httpx.Request | None = error.request
    except RuntimeError:  # an error raised before a request existed
        request = None
    where = "" if request is None else f" ({request.method} {request.url.path})"
    kind = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if kind is APITimeoutError else "failed without an answer"
    detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return kind(f"the request {what} ({detail}){where}", request=request)
