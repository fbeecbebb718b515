# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false
# pyright: reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""The HTTP response of a successful call, next to its result; calls the spec lacks.

``client.<group>.with_raw_response.<method>(...)`` takes the same arguments as the method and
returns a :class:`RawResponse`: ``.status_code``, ``.headers``, ``.http_request``,
``.http_response``, ``.elapsed``, ``.request_id``, ``.problems`` and ``.parse()``, which gives
exactly what the plain method returns (a model, a page of a paginated operation, a task
handle...). Error statuses raise the same exceptions as the plain method does.

``client.request(method, path, ...)`` calls an endpoint the spec does not describe with the
client's credentials, parameter defaults, retry policy and exception tree
(:func:`raw_request` builds it, :func:`read_any` reads it).

:func:`call` / :func:`acall` send an operation's request and read its response (what most
generated methods do), :func:`page` / :func:`apage` too, for an operation that pages (the
result is its first page); :func:`raw_method` / :func:`async_raw_method` make the
``with_raw_response`` variant of such a method: the same parameters, the result next to the
HTTP response.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, ParamSpec, TypeVar

import httpx

from ._base import PROBLEMS, Context, Decoder, RequestBuilder, RequestOptions, read_response
from ._http import RequestSpec
from ._pagination import AsyncPage, Paging, SyncPage
from ._params import query_pairs
from ._unset import UNSET
from ._validation import ValidationIssue

__all__ = [
    "RawResponse",
    "acall",
    "apage",
    "async_raw_method",
    "call",
    "page",
    "raw_method",
    "raw_request",
    "read_any",
]

_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})

T = TypeVar("T")
P = ParamSpec("P")

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")


class RawResponse(Generic[T]):
    """A successful call's ``httpx.Response`` and its decoded result (``parse()``)."""

    __slots__ = ("_parsed", "http_response")

    def __init__(self, http_response: httpx.Response, parsed: T) -> None:
        self.http_response = http_response
        self._parsed = parsed

    def parse(self) -> T:
        """What the plain method returns for this response."""
        return self._parsed

    @property
    def problems(self) -> tuple[ValidationIssue, ...]:
        """How the body broke its schema, when it was decoded tolerantly (``"warn"`` mode);
        ``()`` otherwise. Unlike ``problems(result)``, this covers results that cannot carry
        them, such as a number or a string."""
        found: tuple[ValidationIssue, ...] = self.http_response.extensions.get(PROBLEMS, ())
        return found

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        """The request as last sent (after any retries)."""
        return self.http_response.request

    @property
    def elapsed(self) -> datetime.timedelta | None:
        """Time from sending the last attempt to reading its response (``None`` when the
        transport did not stream the body, as some test transports do)."""
        try:
            return self.http_response.elapsed
        except RuntimeError:
            return None

    @property
    def request_id(self) -> str | None:
        """The server's request id, from the usual response headers."""
        headers = self.http_response.headers
        return next((headers[h] for h in _REQUEST_ID_HEADERS if h in headers), None)

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"RawResponse({request.method} {request.url.path} -> {self.status_code})"


def raw_request(
    ctx: Context,
    method: str,
    path: str,
    *,
    query: Mapping[str, object] | None,
    headers: Mapping[str, str] | None,
    json: object,
    content: bytes | None,
    content_type: str | None,
    defaults: tuple[tuple[str, str, str], ...],
    retry_safe: bool | None,
    options: RequestOptions | None,
) -> RequestSpec:
    """The request of ``client.request``: ``defaults`` lists ``(attr, wire name, location)``
    of the parameters the client holds defaults for; those not given are added."""
    method = method.upper()
    rb = RequestBuilder(ctx, method, f"{method} {path}", options)
    named = {name.lower() for name in headers or {}}
    for attr, wire, location in defaults:
        value = ctx.defaults.get(attr)
        if value is None:
            continue
        if location == "header" and wire.lower() not in named:
            rb.headers.append((wire, str(value)))
        elif location == "query" and wire not in (query or {}):
            rb.query.extend(query_pairs(wire, value))
    for name, value in (query or {}).items():
        rb.query.extend(query_pairs(name, value))
    rb.headers.extend((headers or {}).items())
    if json is not UNSET:
        rb.json_body(json, None, "application/json")
    elif content is not None:
        rb.content, rb.content_type = content, content_type
    safe = method in _IDEMPOTENT if retry_safe is None else retry_safe
    return rb.build(path, retry_safe=safe)


def read_any(response: httpx.Response, ctx: Context, operation_id: str) -> RawResponse[Any]:
    """A response of ``client.request``: JSON bodies decoded, text as text, else bytes;
    an error status raises the matching ``ApiError``."""
    media = response.headers.get("content-type", "").lower()
    kind = "json" if "json" in media else "text" if media.startswith("text/") else "bytes"
    decoder: Decoder = (kind, None, None)
    table = {"default": decoder}
    parsed = read_response(
        response, ctx, None, success=table, errors=table, operation_id=operation_id
    )
    return RawResponse(response, parsed)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class _RawOptions(RequestOptions):
    """The options of a ``with_raw_response`` call: the method returns a RawResponse."""


def _raw_options(options: object) -> RequestOptions:
    if not isinstance(options, RequestOptions):
        return _RawOptions()
    fields = {f.name: getattr(options, f.name) for f in dataclasses.fields(options)}
    return _RawOptions(**fields)


def _result(
    response: httpx.Response,
    ctx: Context,
    options: RequestOptions | None,
    table: tuple[Mapping[str, Decoder], Mapping[str, Decoder], str],
) -> Any:
    success, errors, operation_id = table
    result = read_response(
        response, ctx, options, success=success, errors=errors, operation_id=operation_id
    )
    return RawResponse(response, result) if isinstance(options, _RawOptions) else result


def call(
    ctx: Context,
    spec: RequestSpec,
    options: RequestOptions | None,
    success: Mapping[str, Decoder],
    errors: Mapping[str, Decoder],
    operation_id: str,
) -> Any:
    """Send an operation's request and return its decoded result (a :class:`RawResponse`
    when called through :func:`raw_method`); an error status raises its ``ApiError``."""
    return _result(ctx.transport.send(spec), ctx, options, (success, errors, operation_id))


async def acall(
    ctx: Context,
    spec: RequestSpec,
    options: RequestOptions | None,
    success: Mapping[str, Decoder],
    errors: Mapping[str, Decoder],
    operation_id: str,
) -> Any:
    """:func:`call` for the async client."""
    response = await ctx.transport.send(spec)
    return _result(response, ctx, options, (success, errors, operation_id))


def _page_args(args: Mapping[str, Any], options: RequestOptions | None) -> dict[str, Any]:
    """The arguments the next pages are asked for with: pages, not raw responses."""
    if not isinstance(options, _RawOptions):
        return dict(args)
    fields = {f.name: getattr(options, f.name) for f in dataclasses.fields(options)}
    return {**args, "request_options": RequestOptions(**fields)}


def page(
    ctx: Context,
    spec: RequestSpec,
    options: RequestOptions | None,
    responses: tuple[Mapping[str, Decoder], Mapping[str, Decoder], str],
    paging: Paging[Any, Any],
    method: Callable[..., Any],
    args: Mapping[str, Any],
) -> Any:
    """:func:`call` for an operation that pages: its first page (``method`` with ``args``,
    another position, gives the next ones)."""
    response = ctx.transport.send(spec)
    return _first_page(SyncPage, response, ctx, options, responses, paging, method, args)


async def apage(
    ctx: Context,
    spec: RequestSpec,
    options: RequestOptions | None,
    responses: tuple[Mapping[str, Decoder], Mapping[str, Decoder], str],
    paging: Paging[Any, Any],
    method: Callable[..., Awaitable[Any]],
    args: Mapping[str, Any],
) -> Any:
    """:func:`page` for the async client."""
    response = await ctx.transport.send(spec)
    return _first_page(AsyncPage, response, ctx, options, responses, paging, method, args)


def _first_page(
    kind: type[SyncPage[Any, Any]] | type[AsyncPage[Any, Any]],
    response: httpx.Response,
    ctx: Context,
    options: RequestOptions | None,
    responses: tuple[Mapping[str, Decoder], Mapping[str, Decoder], str],
    paging: Paging[Any, Any],
    method: Callable[..., Any],
    args: Mapping[str, Any],
) -> Any:
    """The first page of ``response`` (a :class:`RawResponse` of it through raw_method)."""
    success, errors, operation_id = responses
    data = read_response(
        response, ctx, options, success=success, errors=errors, operation_id=operation_id
    )
    page_args = _page_args(args, options)
    first = kind(paging=paging, data=data, http_response=response, call=method, args=page_args)
    return RawResponse(response, first) if isinstance(options, _RawOptions) else first


def raw_method(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """The ``with_raw_response`` form of a method that ends in :func:`call`."""

    def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        kwargs["request_options"] = _raw_options(kwargs.get("request_options"))
        return method(*args, **kwargs)  # type: ignore[return-value]

    raw.__name__ = getattr(method, "__name__", "raw")
    raw.__doc__ = getattr(method, "__doc__", None)
    return raw


def async_raw_method(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The ``with_raw_response`` form of an async method that ends in :func:`acall`."""

    async def raw(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        kwargs["request_options"] = _raw_options(kwargs.get("request_options"))
        return await method(*args, **kwargs)  # type: ignore[return-value]

    raw.__name__ = getattr(method, "__name__", "raw")
    raw.__doc__ = getattr(method, "__doc__", None)
    return raw
