"""What the resource methods answer besides the model: `RawResponse` and pages.

- `RawResponse`: status, headers and body of a call, `.parse()` for the model
  (`bank.with_raw_response.blockades.get(...)`; `sync_raw`/`async_raw` build those
  methods, and the call sees the request through a context variable).
- `SyncPage` / `AsyncPage`: one page of a list (`.model` as the bank answered it,
  `.items`); iterating yields every item of this and the later pages, fetched lazily.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx

T = TypeVar("T")
M = TypeVar("M")
P = ParamSpec("P")

RAW: ContextVar[bool] = ContextVar("nestbank_raw_response", default=False)
"""True while a `with_raw_response` method runs: the call answers a `RawResponse`."""


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
        token = RAW.set(True)
        try:
            return cast(RawResponse[T], function(*args, **kwargs))
        finally:
            RAW.reset(token)

    return raw


def async_raw(function: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """`sync_raw` for coroutines."""

    async def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = RAW.set(True)
        try:
            return cast(RawResponse[T], await function(*args, **kwargs))
        finally:
            RAW.reset(token)

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
