# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Pages of list operations: iterate the items of every page, fetching a page only when needed.

An operation the generator treats as paginated returns a :class:`SyncPage` (an
:class:`AsyncPage` on the async client) holding the first page, already fetched:

* ``for item in page`` (``async for`` on the async client) yields the items of this page and
  of every following page, requesting the next page only when the current one is used up;
* ``.items`` (this page's items), ``.data`` (the decoded response), ``.http_response``;
* ``.has_next_page()``, ``.next_page()``, ``.iter_pages(max_pages=)`` and
  ``.iter_items(limit=, max_pages=)`` to bound a walk;
* ``.next_cursor``: the value that requests the next page (a cursor, the last item's id, a page
  number, an offset or, for ``Link`` headers, a URL). Store it to resume later: pass it back as
  the operation's keyword argument named by ``.cursor_param`` (for ``Link`` headers, as
  ``request_options=RequestOptions(url=...)``).

Every next page is requested by calling the same method again with the same arguments (filters,
headers, ``request_options``) and only the position changed, so client defaults, validation and
the retry policy apply to each page exactly as to the first.

Schemes (``Paging.scheme``):

* ``cursor``: the body names the next cursor (``next``, ``next_cursor``, ``nextPageToken``...);
  a null, absent or empty cursor (or a false ``has_more``) ends the walk. A cursor that is an
  absolute URL is followed as a URL (as ``next_url`` does).
* ``after_id``: ``has_more`` plus the id of the page's last item, sent as ``starting_after``
  (or ``after``...); an empty page or a false ``has_more`` ends the walk.
* ``page``: the page number goes up by one; an empty page, a page shorter than the page size
  asked for, or reaching the total (pages or items) the body reports ends the walk.
* ``offset``: the offset goes up by the number of items received; same end rules as ``page``.
* ``link``: the ``Link`` response header's ``rel="next"`` URL, requested as it is; it must
  have the same origin (scheme, host, port) as the request, so credentials never go elsewhere.
* ``next_url``: the same with the next page's URL in the body (``next_page_url``...).

A cursor or URL that comes back a second time (a page pointing at itself, or a loop) raises
:class:`PaginationError` instead of walking forever.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, Literal, TypeVar

import httpx

from ._base import RequestOptions
from ._unset import Unset
from .errors import ApiClientError

__all__ = ["AsyncPage", "PaginationError", "Paging", "SyncPage", "next_link"]

ResponseT = TypeVar("ResponseT")
ItemT = TypeVar("ItemT")
Scheme = Literal["cursor", "after_id", "page", "offset", "link", "next_url"]

_LINK = re.compile(r"<([^>]*)>\s*((?:;\s*[^;,]*)*)")
_REL = re.compile(r"""rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))""", re.IGNORECASE)


class PaginationError(ApiClientError):
    """Paging cannot go on: a cursor or URL repeated, a next URL left the origin, or
    ``next_page()`` was called on the last page.

    ``.operation_id``, ``.page_number`` (of the page that pointed back) and ``.position``.
    """

    def __init__(self, message: str, *, operation_id: str, page_number: int, position: object):
        super().__init__(message)
        self.operation_id = operation_id
        self.page_number = page_number
        self.position = position


@dataclass(frozen=True, slots=True, kw_only=True)
class Paging(Generic[ResponseT, ItemT]):
    """How one operation pages; made by the generated code (see the module docstring)."""

    scheme: Scheme
    operation_id: str
    items: Callable[[ResponseT], Sequence[ItemT] | Unset | None]
    """The items of a decoded response (``None``/``UNSET`` count as none)."""
    param: str = ""
    """The method's keyword argument carrying the position (unused for ``link``)."""
    cursor: Callable[[ResponseT], object] | None = None
    has_more: Callable[[ResponseT], object] | None = None
    item_id: Callable[[ItemT], object] | None = None
    size_param: str = ""
    """The keyword argument giving the page size (``page`` and ``offset``), if any."""
    default_size: int | None = None
    total_items: Callable[[ResponseT], object] | None = None
    total_pages: Callable[[ResponseT], object] | None = None
    first: int = 1
    """Number of the first page (``page``) or first offset (``offset``)."""


def next_link(header: str | None) -> str | None:
    """The URL of the ``rel="next"`` link in a ``Link`` header value, if any."""
    for match in _LINK.finditer(header or ""):
        for rel in _REL.finditer(match.group(2)):
            if "next" in (rel.group(1) or rel.group(2) or "").lower().split():
                return match.group(1).strip()
    return None


def _absent(value: object) -> bool:
    return value is None or isinstance(value, Unset) or value == ""


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


class _PageCore(Generic[ItemT, ResponseT]):
    """State and decisions shared by the sync and async pages."""

    def __init__(
        self,
        *,
        paging: Paging[ResponseT, ItemT],
        data: ResponseT,
        http_response: httpx.Response,
        args: Mapping[str, Any],
    ) -> None:
        self._paging = paging
        self.data = data
        self.http_response = http_response
        self._args = dict(args)
        found = paging.items(data)
        self.items: list[ItemT] = list(found) if isinstance(found, Sequence) else []
        #: 1 for the page a call returned, 2 for the page after it...
        self.page_number = 1
        self._seen: frozenset[str] = frozenset(self._start_keys())
        self._before = 0  # items on the pages before this one (for totals)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self._paging.operation_id}, page {self.page_number},"
            f" {len(self.items)} items)"
        )

    @property
    def cursor_param(self) -> str:
        """The keyword argument that takes :attr:`next_cursor` ("" when it is a URL)."""
        return self._paging.param

    @property
    def next_cursor(self) -> Any:
        """The value requesting the next page, or ``None`` on the last page."""
        position = self._position()
        return None if position is None else position[1]

    def has_next_page(self) -> bool:
        """Whether the response says another page follows."""
        return self._position() is not None

    # ----------------------------------------------------------------- decisions

    def _start_keys(self) -> list[str]:
        if self._paging.scheme in ("link", "next_url"):
            return [str(self.http_response.request.url)]
        given = self._args.get(self._paging.param)
        return [] if _absent(given) else [repr(given)]

    def _size(self) -> int | None:
        size = _int(self._args.get(self._paging.size_param)) if self._paging.size_param else None
        return size if size is not None else self._paging.default_size

    def _finished(self) -> bool:
        """For numbered pages and offsets: the page is empty, short, or the last by total."""
        paging, count = self._paging, len(self.items)
        size = self._size()
        if count == 0 or (size is not None and count < size):
            return True
        pages = _int(paging.total_pages(self.data)) if paging.total_pages else None
        if pages is not None and self._current() >= pages:
            return True
        total = _int(paging.total_items(self.data)) if paging.total_items else None
        return total is not None and self._before + count >= total

    def _current(self) -> int:
        current = _int(self._args.get(self._paging.param))
        return current if current is not None else self._paging.first

    def _position(self) -> tuple[str, object] | None:
        """(keyword, value) that requests the next page; None on the last page."""
        return _POSITIONS[self._paging.scheme](self)

    def _cursor(self) -> tuple[str, object] | None:
        paging = self._paging
        if paging.has_more is not None and paging.has_more(self.data) is False:
            return None
        value = paging.cursor(self.data) if paging.cursor is not None else None
        if isinstance(value, str) and value.startswith(("https://", "http://")):
            return "", value  # some APIs give the next page's URL where a cursor was expected
        return None if _absent(value) else (paging.param, value)

    def _after_id(self) -> tuple[str, object] | None:
        paging = self._paging
        more = paging.has_more(self.data) if paging.has_more is not None else True
        if more is False or not self.items or paging.item_id is None:
            return None
        value = paging.item_id(self.items[-1])
        return None if _absent(value) else (paging.param, value)

    def _number(self) -> tuple[str, object] | None:
        return None if self._finished() else (self._paging.param, self._current() + 1)

    def _offset(self) -> tuple[str, object] | None:
        if self._finished():
            return None
        return self._paging.param, self._current() + len(self.items)

    def _link(self) -> tuple[str, object] | None:
        url = next_link(self.http_response.headers.get("link"))
        if url is None:
            return None
        return "", str(self.http_response.request.url.join(url))

    def _next_url(self) -> tuple[str, object] | None:
        paging = self._paging
        if paging.has_more is not None and paging.has_more(self.data) is False:
            return None
        value = paging.cursor(self.data) if paging.cursor is not None else None
        if _absent(value) or not isinstance(value, str):
            return None
        return "", str(self.http_response.request.url.join(value))

    def _next_call(self) -> tuple[dict[str, Any], str]:
        """The arguments of the call for the next page, and the position's key."""
        position = self._position()
        if position is None:
            raise PaginationError(
                f"{self._paging.operation_id}: page {self.page_number} is the last page",
                operation_id=self._paging.operation_id,
                page_number=self.page_number,
                position=None,
            )
        name, value = position
        key = repr(value) if name else str(value)
        if key in self._seen:
            what = "URL" if not name else f"{name}={value!r}"
            raise PaginationError(
                f"{self._paging.operation_id}: page {self.page_number} points to {what}, which"
                " was already requested; stopping instead of looping",
                operation_id=self._paging.operation_id,
                page_number=self.page_number,
                position=value,
            )
        args = dict(self._args)
        if name:
            args[name] = value
        else:
            self._check_origin(str(value))
            options = args.get("request_options") or RequestOptions()
            args["request_options"] = replace(options, url=str(value))
        return args, key

    def _check_origin(self, url: str) -> None:
        if _origin(httpx.URL(url)) != _origin(self.http_response.request.url):
            raise PaginationError(
                f"{self._paging.operation_id}: the next-page link leaves the API's origin"
                " (not followed, so credentials stay with the API)",
                operation_id=self._paging.operation_id,
                page_number=self.page_number,
                position=url,
            )

    def _adopt(self, previous: _PageCore[ItemT, ResponseT], key: str) -> None:
        """Continue the walk of ``previous`` (this page is the one after it)."""
        self.page_number = previous.page_number + 1
        self._seen = previous._seen | {key}
        self._before = previous._before + len(previous.items)


_POSITIONS: dict[str, Callable[[_PageCore[Any, Any]], tuple[str, object] | None]] = {
    "cursor": _PageCore._cursor,
    "after_id": _PageCore._after_id,
    "page": _PageCore._number,
    "offset": _PageCore._offset,
    "link": _PageCore._link,
    "next_url": _PageCore._next_url,
}


class SyncPage(_PageCore[ItemT, ResponseT]):
    """One page of a paginated operation (sync client); iterate it for every item."""

    def __init__(
        self,
        *,
        paging: Paging[ResponseT, ItemT],
        data: ResponseT,
        http_response: httpx.Response,
        call: Callable[..., SyncPage[ItemT, ResponseT]],
        args: Mapping[str, Any],
    ) -> None:
        super().__init__(paging=paging, data=data, http_response=http_response, args=args)
        self._call = call

    def next_page(self) -> SyncPage[ItemT, ResponseT]:
        """Request the next page (:class:`PaginationError` on the last page)."""
        args, key = self._next_call()
        page = self._call(**args)
        page._adopt(self, key)
        return page

    def iter_pages(self, *, max_pages: int | None = None) -> Iterator[SyncPage[ItemT, ResponseT]]:
        """This page and the ones after it (at most ``max_pages`` in all)."""
        page: SyncPage[ItemT, ResponseT] = self
        count = 1
        yield page
        while (max_pages is None or count < max_pages) and page.has_next_page():
            page = page.next_page()
            count += 1
            yield page

    def iter_items(
        self, *, limit: int | None = None, max_pages: int | None = None
    ) -> Iterator[ItemT]:
        """The items of this page and the following ones (at most ``limit`` items)."""
        if limit is not None and limit <= 0:
            return
        count = 0
        for page in self.iter_pages(max_pages=max_pages):
            for item in page.items:
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return

    def __iter__(self) -> Iterator[ItemT]:
        return self.iter_items()


class AsyncPage(_PageCore[ItemT, ResponseT]):
    """One page of a paginated operation (async client); ``async for`` gives every item."""

    def __init__(
        self,
        *,
        paging: Paging[ResponseT, ItemT],
        data: ResponseT,
        http_response: httpx.Response,
        call: Callable[..., Awaitable[AsyncPage[ItemT, ResponseT]]],
        args: Mapping[str, Any],
    ) -> None:
        super().__init__(paging=paging, data=data, http_response=http_response, args=args)
        self._call = call

    async def next_page(self) -> AsyncPage[ItemT, ResponseT]:
        """Request the next page (:class:`PaginationError` on the last page)."""
        args, key = self._next_call()
        page = await self._call(**args)
        page._adopt(self, key)
        return page

    async def iter_pages(
        self, *, max_pages: int | None = None
    ) -> AsyncIterator[AsyncPage[ItemT, ResponseT]]:
        """This page and the ones after it (at most ``max_pages`` in all)."""
        page: AsyncPage[ItemT, ResponseT] = self
        count = 1
        yield page
        while (max_pages is None or count < max_pages) and page.has_next_page():
            page = await page.next_page()
            count += 1
            yield page

    async def iter_items(
        self, *, limit: int | None = None, max_pages: int | None = None
    ) -> AsyncIterator[ItemT]:
        """The items of this page and the following ones (at most ``limit`` items)."""
        if limit is not None and limit <= 0:
            return
        count = 0
        async for page in self.iter_pages(max_pages=max_pages):
            for item in page.items:
                yield item
                count += 1
                if limit is not None and count >= limit:
                    return

    def __aiter__(self) -> AsyncIterator[ItemT]:
        return self.iter_items()
