"""The machinery behind `NestBank` / `AsyncNestBank` (the generated `_resources` use it).

- Construction: from an access token, a token holder (refreshes by itself) or the
  tokens of a finished pairing (`from_tokens`); a default timeout; an optional shared
  `httpx.Client` / `httpx.AsyncClient` (one connection pool for many customers: the
  token travels per request, never in the pool).
- Retries, decided per operation from the spec (`_sdk_retry`); `max_retries` on the
  client, per call, and `with_options(...)` for a copy.
- Raw responses and pages (`_sdk_results`).
- Debug logging: `NESTBANK_LOG=debug` logs method, path, status, duration and the
  attempt of every request to stderr, with secret values redacted.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import time
from collections.abc import Callable
from typing import Any, Self, TypeVar, cast

import httpx

from ._sdk_results import RAW, RawResponse
from ._sdk_retry import Attempts, Operation, check_existing, parse_nothing, typed_transport_error
from .api_errors import error_from_response
from .client import DEFAULT_HEADERS, AuthenticatedClient
from .oauth import PRODUCTION_BASE_URL, OAuthClient
from .retry import RetryPolicy
from .session import DEFAULT_TIMEOUT, AsyncNestBankAuth, NestBankAuth
from .tokens import AsyncTokenHolder, TokenHolder, TokenSet, TokenStore

T = TypeVar("T")
M = TypeVar("M")
TimeoutTypes = float | httpx.Timeout

DEFAULT_MAX_RETRIES = 2
LOG_ENV = "NESTBANK_LOG"
REDACTED = "<redacted>"
_HEADERS = DEFAULT_HEADERS  # Accept, and a User-Agent naming this client

logger = logging.getLogger("nestbank_client.sdk")
# Looked up at each wait, so tests can replace them.
_sleep = time.sleep
_async_sleep = asyncio.sleep


def _debug_from_env() -> bool:
    """`NESTBANK_LOG=debug`: log every request to stderr (once per process)."""
    if os.environ.get(LOG_ENV, "").strip().lower() != "debug":
        return False
    if not any(getattr(h, "_nestbank", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handler._nestbank = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    return True


def _redacted(items: Any, secrets: frozenset[str]) -> dict[str, str]:
    return {k: REDACTED if k.lower() in secrets else v for k, v in items}


# -- the clients --------------------------------------------------------------------------


def _auth(base_url: str, access_token: str | None, holder: Any, flow: Any) -> httpx.Auth:
    """The `access_token` header: a fixed token, or a holder's (refreshed on rejection)."""
    if (access_token is None) == (holder is None):
        raise ValueError("give exactly one of access_token or token_holder")
    client = AuthenticatedClient(base_url=base_url, token=access_token or "")
    auth: httpx.Auth = client.auth if holder is None else flow(client, holder)
    return auth


def _finish(response: httpx.Response, parse: Callable[[httpx.Response], T]) -> T:
    """The model, or the `RawResponse` inside `with_raw_response`."""
    if RAW.get():
        return cast(T, RawResponse(response, parse))
    return parse(response)


class _Core:
    _secret_names: frozenset[str] = frozenset({"access_token"})

    base_url: str
    timeout: TimeoutTypes
    max_retries: int
    _policy: RetryPolicy
    _auth: httpx.Auth
    _owns_http: bool
    _debug: bool

    def _setup(
        self,
        base_url: str,
        timeout: TimeoutTypes,
        max_retries: int,
        auth: httpx.Auth,
        owns_http: bool,
    ) -> None:
        if max_retries < 0:
            raise ValueError(f"max_retries must be >= 0, got {max_retries!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self._policy = RetryPolicy()
        self._auth = auth
        self._owns_http = owns_http
        self._debug = _debug_from_env()
        self._attach()

    def _attach(self) -> None:
        """Create the resource attributes (generated subclasses)."""

    def with_options(
        self, *, timeout: TimeoutTypes | None = None, max_retries: int | None = None
    ) -> Self:
        """A copy with another default timeout or retry count; it shares the connection pool."""
        other = copy.copy(self)
        if timeout is not None:
            other.timeout = timeout
        if max_retries is not None:
            if max_retries < 0:
                raise ValueError(f"max_retries must be >= 0, got {max_retries!r}")
            other.max_retries = max_retries
        other._owns_http = False  # closing the copy must not close the original's pool
        other._attach()
        return other

    def _request(self, kwargs: dict[str, Any], timeout: TimeoutTypes | None) -> dict[str, Any]:
        """httpx arguments of a generated `_get_kwargs()`: absolute URL, auth, timeout."""
        return {
            "method": kwargs["method"],
            "url": self.base_url + kwargs["url"],
            "params": kwargs.get("params"),
            "json": kwargs.get("json"),
            "headers": kwargs.get("headers"),
            "auth": self._auth,
            "timeout": self.timeout if timeout is None else timeout,
        }

    def _log(self, op: Operation, response: httpx.Response, started: float, attempt: int) -> None:
        request = response.request
        logger.debug(
            "%s %s -> %d in %.1f ms (attempt %d) params=%s headers=%s",
            request.method,
            request.url.path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
            attempt,
            _redacted(request.url.params.multi_items(), self._secret_names),
            _redacted(request.headers.items(), self._secret_names),
        )

    def _log_failure(self, op: Operation, error: Exception, started: float, attempt: int) -> None:
        logger.debug(
            "%s %s -> %s in %.1f ms (attempt %d)",
            op.method,
            op.path,
            type(error).__name__,
            (time.perf_counter() - started) * 1000,
            attempt,
        )


class SyncBankCore(_Core):
    """Construction, retries and raw responses of `NestBank` (the resources are generated)."""

    def __init__(
        self,
        *,
        access_token: str | None = None,
        token_holder: TokenHolder | None = None,
        base_url: str = PRODUCTION_BASE_URL,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """Give exactly one of `access_token` (it will expire) or `token_holder` (refreshes).

        `http_client` shares one connection pool between many customers' banks (it is
        not closed by `close()`); `transport` is for tests (e.g. `httpx.MockTransport`).
        """
        auth = _auth(base_url, access_token, token_holder, NestBankAuth)
        self._http = http_client or httpx.Client(
            headers=_HEADERS, timeout=timeout, transport=transport
        )
        self._setup(base_url, timeout, max_retries, auth, http_client is None)

    @classmethod
    def from_tokens(
        cls,
        oauth: OAuthClient,
        tokens: TokenSet,
        *,
        store: TokenStore | None = None,
        **options: Any,
    ) -> Self:
        """The bank of a finished pairing (`oauth.exchange_code()`); `oauth` refreshes."""
        options.setdefault("base_url", oauth.base_url)
        holder = TokenHolder(oauth, store, initial=tokens)
        return cls(token_holder=holder, **options)

    def close(self) -> None:
        """Close the connection pool (unless it was given as `http_client`)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(self, kwargs: dict[str, Any], timeout: TimeoutTypes | None) -> httpx.Response:
        return self._http.request(**self._request(kwargs, timeout))

    def _call(
        self,
        op: Operation,
        kwargs: dict[str, Any],
        parse: Callable[[httpx.Response], T],
        timeout: TimeoutTypes | None,
        max_retries: int | None,
        existing: Callable[[], tuple[dict[str, Any], Callable[[httpx.Response], T]]] | None = None,
        sent: Any = None,
    ) -> T:
        response, used = self._attempts(op, kwargs, parse, timeout, max_retries, existing, sent)
        return _finish(response, cast("Callable[[httpx.Response], T]", used))

    def _list(
        self,
        op: Operation,
        kwargs: dict[str, Any],
        parse: Callable[[httpx.Response], M],
        timeout: TimeoutTypes | None,
        max_retries: int | None,
        wrap: Callable[[M], T],
    ) -> T:
        response, parse = self._attempts(op, kwargs, parse, timeout, max_retries, None, None)
        return _finish(response, lambda r: wrap(parse(r)))

    def _attempts(
        self,
        op: Operation,
        kwargs: dict[str, Any],
        parse: Callable[[httpx.Response], Any],
        timeout: TimeoutTypes | None,
        max_retries: int | None,
        existing: Callable[[], tuple[dict[str, Any], Callable[[httpx.Response], Any]]] | None,
        sent: Any,
    ) -> tuple[httpx.Response, Callable[[httpx.Response], Any]]:
        state: Attempts | None = None
        while True:
            started = time.perf_counter()
            try:
                response = self._send(kwargs, timeout)
            except httpx.HTTPError as error:
                failure = typed_transport_error(error)
                if self._debug:
                    self._log_failure(op, failure, started, state.number if state else 1)
            else:
                if self._debug:
                    self._log(op, response, started, state.number if state else 1)
                if response.status_code < 400:
                    return response, parse
                failure = error_from_response(response)
            if state is None:
                retries = self.max_retries if max_retries is None else max_retries
                state = Attempts(op, self._policy, retries)
            if existing is not None and state.duplicate(failure):
                read_kwargs, read_parse = existing()
                read = Operation(op.operation_id, "GET", op.path, "read")
                found, _ = self._attempts(
                    read, read_kwargs, read_parse, timeout, max_retries, None, None
                )
                check_existing(op, read_parse(found), sent)
                return found, read_parse
            if state.gone(failure):
                return response, parse_nothing
            wait = state.delay(failure)
            if wait is None:
                raise failure
            _sleep(wait)


class AsyncBankCore(_Core):
    """`SyncBankCore` for asyncio (`AsyncNestBank`)."""

    def __init__(
        self,
        *,
        access_token: str | None = None,
        token_holder: AsyncTokenHolder | None = None,
        base_url: str = PRODUCTION_BASE_URL,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """As `NestBank`, with an `AsyncTokenHolder` and an `httpx.AsyncClient`."""
        auth = _auth(base_url, access_token, token_holder, AsyncNestBankAuth)
        self._http = http_client or httpx.AsyncClient(
            headers=_HEADERS, timeout=timeout, transport=transport
        )
        self._setup(base_url, timeout, max_retries, auth, http_client is None)

    @classmethod
    def from_tokens(
        cls,
        oauth: OAuthClient,
        tokens: TokenSet,
        *,
        store: TokenStore | None = None,
        **options: Any,
    ) -> Self:
        """The bank of a finished pairing (`oauth.exchange_code()`); `oauth` refreshes."""
        options.setdefault("base_url", oauth.base_url)
        holder = AsyncTokenHolder(oauth, store, initial=tokens)
        return cls(token_holder=holder, **options)

    async def close(self) -> None:
        """Close the connection pool (unless it was given as `http_client`)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _send(self, kwargs: dict[str, Any], timeout: TimeoutTypes | None) -> httpx.Response:
        return await self._http.request(**self._request(kwargs, timeout))

    async def _call(
        self,
        op: Operation,
        kwargs: dict[str, Any],
        parse: Callable[[httpx.Response], T],
        timeout: TimeoutTypes | None,
        max_retries: int | None,
        existing: Callable[[], tuple[dict[str, Any], Callable[[httpx.Response], T]]] | None = None,
        sent: Any = None,
    ) -> T:
        response, used = await self._attempts(
            op, kwargs, parse, timeout, max_retries, existing, sent
        )
        return _finish(response, cast("Callable[[httpx.Response], T]", used))

    async def _list(
        self,
        op: Operation,
        kwargs: dict[str, Any],
        parse: Callable[[httpx.Response], M],
        timeout: TimeoutTypes | None,
        max_retries: int | None,
        wrap: Callable[[M], T],
    ) -> T:
        response, parse = await self._attempts(op, kwargs, parse, timeout, max_retries, None, None)
        return _finish(response, lambda r: wrap(parse(r)))

    async def _attempts(
        self,
        op: Operation,
        kwargs: dict[str, Any],
        parse: Callable[[httpx.Response], Any],
        timeout: TimeoutTypes | None,
        max_retries: int | None,
        existing: Callable[[], tuple[dict[str, Any], Callable[[httpx.Response], Any]]] | None,
        sent: Any,
    ) -> tuple[httpx.Response, Callable[[httpx.Response], Any]]:
        state: Attempts | None = None
        while True:
            started = time.perf_counter()
            try:
                response = await self._send(kwargs, timeout)
            except httpx.HTTPError as error:
                failure = typed_transport_error(error)
                if self._debug:
                    self._log_failure(op, failure, started, state.number if state else 1)
            else:
                if self._debug:
                    self._log(op, response, started, state.number if state else 1)
                if response.status_code < 400:
                    return response, parse
                failure = error_from_response(response)
            if state is None:
                retries = self.max_retries if max_retries is None else max_retries
                state = Attempts(op, self._policy, retries)
            if existing is not None and state.duplicate(failure):
                read_kwargs, read_parse = existing()
                read = Operation(op.operation_id, "GET", op.path, "read")
                found, _ = await self._attempts(
                    read, read_kwargs, read_parse, timeout, max_retries, None, None
                )
                check_existing(op, read_parse(found), sent)
                return found, read_parse
            if state.gone(failure):
                return response, parse_nothing
            wait = state.delay(failure)
            if wait is None:
                raise failure
            await _async_sleep(wait)


class SyncResource:
    """Base of the generated sync resources: they call back into their bank."""

    def __init__(self, bank: SyncBankCore) -> None:
        self._bank = bank


class AsyncResource:
    """Base of the generated async resources."""

    def __init__(self, bank: AsyncBankCore) -> None:
        self._bank = bank
