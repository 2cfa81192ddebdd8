"""The machinery behind `NestBank` / `AsyncNestBank` (the generated `_resources` use it).

- Construction: from an access token, a token holder (refreshes by itself) or the
  tokens of a finished pairing (`from_tokens`); a default timeout; an optional shared
  `httpx.Client` / `httpx.AsyncClient` (one connection pool for many customers: the
  token travels per request, never in the pool).
- Retries, decided per operation from the spec (`Operation.mode`):
  `read`/`replace` retry on transport errors, 429 (at least `Retry-After`) and 5xx;
  `create` does the same and, when a retry after a maybe-applied attempt meets
  `409 order_exist_error`, reads the resource back, checks it matches what was sent
  and returns it; `delete` takes the documented 404 after a maybe-applied attempt
  as done; `once` (authorizations) retries only what the bank certainly did not
  apply (429, refused connection). Nothing is ever created or paid twice.
- `RawResponse`: status, headers and body of a call, `.parse()` for the model.
- `SyncPage` / `AsyncPage`: a page of a list; iterating walks every later page lazily.
- Debug logging: `NESTBANK_LOG=debug` logs method, path, status, duration and the
  attempt of every request to stderr, with secret values redacted.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, ParamSpec, Self, TypeVar, cast

import httpx

from . import exceptions as _exceptions
from .client import AuthenticatedClient
from .exceptions import ConflictError, NotFoundError, RateLimitedError, error_from_response
from .oauth import PRODUCTION_BASE_URL, OAuthClient
from .retry import RetryPolicy, Verdict
from .runtime_errors import ExistingResourceMismatchError
from .session import DEFAULT_TIMEOUT, AsyncNestBankAuth, NestBankAuth
from .tokens import AsyncTokenHolder, TokenHolder, TokenSet, TokenStore

T = TypeVar("T")
M = TypeVar("M")
P = ParamSpec("P")
TimeoutTypes = float | httpx.Timeout

DEFAULT_MAX_RETRIES = 2
MAX_RETRY_AFTER = 60.0
"""A `Retry-After` longer than this (seconds) is not waited for: the error is raised."""
LOG_ENV = "NESTBANK_LOG"
REDACTED = "<redacted>"
_HEADERS = {"Accept": "application/json"}

logger = logging.getLogger("nestbank_client.sdk")
# Looked up at each wait, so tests can replace them.
_sleep = time.sleep
_async_sleep = asyncio.sleep
_RAW: ContextVar[bool] = ContextVar("nestbank_raw_response", default=False)


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


@dataclass(frozen=True, slots=True)
class Operation:
    """What the retry loop needs to know about an operation (generated from the spec)."""

    operation_id: str
    method: str
    path: str
    mode: str  # read | replace | create | delete | once
    gone_codes: tuple[str, ...] = ()
    identifier: str = ""


class RawResponse(Generic[T]):
    """The HTTP answer of a call: `status_code`, `headers`, `content`, `.parse()`."""

    def __init__(self, response: httpx.Response, parse: Callable[[httpx.Response], T]) -> None:
        self.http_response = response
        self._parse = parse
        self._parsed: tuple[T] | None = None

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return self.http_response.json()

    def parse(self) -> T:
        """The typed model of the answer (what the call returns without `with_raw_response`)."""
        if self._parsed is None:
            self._parsed = (self._parse(self.http_response),)
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<RawResponse {request.method} {request.url.path} {self.status_code}>"


def sync_raw(function: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """`function` answering its `RawResponse` (used by the generated `with_raw_response`)."""

    def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _RAW.set(True)
        try:
            return cast(RawResponse[T], function(*args, **kwargs))
        finally:
            _RAW.reset(token)

    return raw


def async_raw(function: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """`sync_raw` for coroutines."""

    async def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _RAW.set(True)
        try:
            return cast(RawResponse[T], await function(*args, **kwargs))
        finally:
            _RAW.reset(token)

    return raw


# -- paging -------------------------------------------------------------------------------


class _PageBase(Generic[T, M]):
    def __init__(self, model: M, items: list[T]) -> None:
        self.model = model
        """The page as the bank answered it (`page`, `page_size`, `total_count`, items)."""
        self.items = items

    def has_next_page(self) -> bool:
        model: Any = self.model
        return bool(self.items) and model.page * model.page_size < model.total_count

    def _next_number(self) -> int:
        return int(cast(Any, self.model).page) + 1

    def __repr__(self) -> str:
        model: Any = self.model
        return (
            f"<{type(self).__name__} page={model.page} items={len(self.items)} "
            f"total_count={model.total_count}>"
        )


class SyncPage(_PageBase[T, M]):
    """One page of a list; `for item in page` yields every item of this and later pages."""

    def __init__(self, model: M, items: list[T], fetch: Callable[[int], SyncPage[T, M]]) -> None:
        super().__init__(model, items)
        self._fetch = fetch

    def next_page(self) -> SyncPage[T, M] | None:
        return self._fetch(self._next_number()) if self.has_next_page() else None

    def iter_pages(self) -> Iterator[SyncPage[T, M]]:
        page: SyncPage[T, M] | None = self
        while page is not None:
            yield page
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_PageBase[T, M]):
    """One page of a list; `async for item in page` yields every item of this and later pages."""

    def __init__(
        self, model: M, items: list[T], fetch: Callable[[int], Awaitable[AsyncPage[T, M]]]
    ) -> None:
        super().__init__(model, items)
        self._fetch = fetch

    async def next_page(self) -> AsyncPage[T, M] | None:
        return await self._fetch(self._next_number()) if self.has_next_page() else None

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T, M]]:
        page: AsyncPage[T, M] | None = self
        while page is not None:
            yield page
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


# -- retries ------------------------------------------------------------------------------


def _typed_transport_error(error: httpx.HTTPError) -> Exception:
    """The client's typed error for an httpx failure when the runtime has one."""
    convert = getattr(_exceptions, "transport_error", None)
    if convert is None:
        return error
    typed: Exception = convert(error)
    typed.__cause__ = error
    return typed


class _Attempts:
    """Bookkeeping of one call's attempts, shared by the sync and async loops."""

    __slots__ = ("maybe_applied", "number", "op", "policy", "retries")

    def __init__(self, op: Operation, policy: RetryPolicy, retries: int) -> None:
        self.op, self.policy, self.retries = op, policy, retries
        self.number = 1
        self.maybe_applied = False

    def duplicate(self, error: Exception) -> bool:
        """A 409 that proves an earlier attempt of this very create was applied."""
        return (
            self.op.mode == "create"
            and self.maybe_applied
            and isinstance(error, ConflictError)
            and error.code == "order_exist_error"
        )

    def gone(self, error: Exception) -> bool:
        """The documented 404 of a delete whose earlier attempt may have been applied."""
        return (
            self.op.mode == "delete"
            and self.maybe_applied
            and isinstance(error, NotFoundError)
            and error.code in self.op.gone_codes
        )

    def delay(self, error: Exception) -> float | None:
        """Seconds to wait before the next attempt, or None to raise `error`."""
        verdict = self.policy.classify(error)
        if verdict is Verdict.GIVE_UP:
            return None
        if self.op.mode == "once" and verdict is Verdict.RETRY_MAYBE_APPLIED:
            return None  # the bank may have started it: never a second start
        if self.number > self.retries:
            if self.retries:
                error.add_note(
                    f"nestbank_client: gave up on {self.op.operation_id} after "
                    f"{self.number} attempts"
                )
            return None
        wait = self.policy.backoff(self.number)
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            if error.retry_after > MAX_RETRY_AFTER:
                return None
            wait = max(wait, error.retry_after)
        logger.info(
            "%s attempt %d failed (%s); retrying in %.2f s",
            self.op.operation_id,
            self.number,
            type(error).__name__,
            wait,
        )
        self.number += 1
        self.maybe_applied = self.maybe_applied or verdict is Verdict.RETRY_MAYBE_APPLIED
        return wait


def _same(existing: Any, sent: Any) -> bool:
    """Equal as the bank compares: the same instant to the second, the same amount, text."""
    if isinstance(existing, datetime) and isinstance(sent, datetime):
        return int(existing.timestamp()) == int(sent.timestamp())
    fields = getattr(type(sent), "__attrs_attrs__", None)
    if fields is not None and hasattr(existing, "__attrs_attrs__"):
        return not _differences(existing, sent)
    return bool(existing == sent)


def _differences(existing: Any, sent: Any) -> list[str]:
    wrong = []
    for attribute in type(sent).__attrs_attrs__:
        name = attribute.name
        if name == "additional_properties" or not hasattr(existing, name):
            continue
        value = getattr(sent, name)
        if type(value).__name__ == "Unset":
            continue
        if not _same(getattr(existing, name), value):
            wrong.append(name)
    return wrong


def _check_existing(op: Operation, existing: T, sent: Any) -> T:
    wrong = _differences(existing, sent)
    if wrong:
        kind = op.operation_id.removeprefix("create").lower() or op.operation_id
        raise ExistingResourceMismatchError(kind, str(getattr(sent, op.identifier, "")), wrong)
    return existing


def _none(_: httpx.Response) -> None:
    return None


def _redacted(items: Any, secrets: frozenset[str]) -> dict[str, str]:
    return {k: REDACTED if k.lower() in secrets else v for k, v in items}


# -- the clients --------------------------------------------------------------------------


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
        if (access_token is None) == (token_holder is None):
            raise ValueError("give exactly one of access_token or token_holder")
        holder_client = AuthenticatedClient(base_url=base_url, token=access_token or "")
        auth: httpx.Auth = holder_client.auth
        if token_holder is not None:
            auth = NestBankAuth(holder_client, token_holder)
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
        return self._http.request(
            kwargs["method"],
            self.base_url + kwargs["url"],
            params=kwargs.get("params"),
            json=kwargs.get("json"),
            headers=kwargs.get("headers"),
            auth=self._auth,
            timeout=self.timeout if timeout is None else timeout,
        )

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
        response, parse = self._attempts(op, kwargs, parse, timeout, max_retries, existing, sent)
        if _RAW.get():
            return cast(T, RawResponse(response, parse))
        return parse(response)

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
        if _RAW.get():
            return cast(T, RawResponse(response, lambda r: wrap(parse(r))))
        return wrap(parse(response))

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
        state: _Attempts | None = None
        while True:
            started = time.perf_counter()
            try:
                response = self._send(kwargs, timeout)
            except httpx.HTTPError as error:
                failure = _typed_transport_error(error)
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
                state = _Attempts(op, self._policy, retries)
            if existing is not None and state.duplicate(failure):
                read_kwargs, read_parse = existing()
                read = Operation(op.operation_id, "GET", op.path, "read")
                found, _ = self._attempts(
                    read, read_kwargs, read_parse, timeout, max_retries, None, None
                )
                _check_existing(op, read_parse(found), sent)
                return found, read_parse
            if state.gone(failure):
                return response, _none
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
        if (access_token is None) == (token_holder is None):
            raise ValueError("give exactly one of access_token or token_holder")
        holder_client = AuthenticatedClient(base_url=base_url, token=access_token or "")
        auth: httpx.Auth = holder_client.auth
        if token_holder is not None:
            auth = AsyncNestBankAuth(holder_client, token_holder)
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
        return await self._http.request(
            kwargs["method"],
            self.base_url + kwargs["url"],
            params=kwargs.get("params"),
            json=kwargs.get("json"),
            headers=kwargs.get("headers"),
            auth=self._auth,
            timeout=self.timeout if timeout is None else timeout,
        )

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
        response, parse = await self._attempts(
            op, kwargs, parse, timeout, max_retries, existing, sent
        )
        if _RAW.get():
            return cast(T, RawResponse(response, parse))
        return parse(response)

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
        if _RAW.get():
            return cast(T, RawResponse(response, lambda r: wrap(parse(r))))
        return wrap(parse(response))

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
        state: _Attempts | None = None
        while True:
            started = time.perf_counter()
            try:
                response = await self._send(kwargs, timeout)
            except httpx.HTTPError as error:
                failure = _typed_transport_error(error)
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
                state = _Attempts(op, self._policy, retries)
            if existing is not None and state.duplicate(failure):
                read_kwargs, read_parse = existing()
                read = Operation(op.operation_id, "GET", op.path, "read")
                found, _ = await self._attempts(
                    read, read_kwargs, read_parse, timeout, max_retries, None, None
                )
                _check_existing(op, read_parse(found), sent)
                return found, read_parse
            if state.gone(failure):
                return response, _none
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
