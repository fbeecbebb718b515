# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""The HTTP response of a successful call, next to its result; calls the spec lacks.

``client.<group>.with_raw_response.<method>(...)`` takes the same arguments as the method and
returns a :class:`RawResponse`: ``.status_code``, ``.headers``, ``.http_request``,
``.http_response``, ``.elapsed``, ``.request_id``, ``.problems`` and ``.parse()``, which gives
exactly what the plain method returns (a model, a page of a paginated operation, a task
handle...). Error statuses raise the same exceptions as the plain method does.

``client.request(method, path, ...)`` calls an endpoint the spec does not describe with the
client's credentials, parameter defaults, retry policy and exception tree
(:func:`raw_request` builds it, :func:`read_any` reads it).

What the generated group modules (``_ops/``) call: each group class is a :class:`Group`; a
:class:`LazyCheck` names a validator its requests use; :func:`model` / :func:`models` say how
to read a body that is a model (a list of models), :func:`decoder` makes the decode function of
a body another one-pass decoder reads. :func:`call` / :func:`acall` send an operation's request
and read its response (what most generated methods do), :func:`page` / :func:`apage` too, for
an operation that pages (the result is its first page), each reading the answer with the
operation's :class:`Responses`; :func:`raw_method` / :func:`async_raw_method` make the
``with_raw_response`` variant of such a method: the same parameters, the result next to the
HTTP response.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, ParamSpec, TypeVar

import httpx

from . import _tolerant as _t
from ._base import PROBLEMS, Check, Context, Decoder, RequestBuilder, RequestOptions, read_response
from ._http import RequestSpec
from ._models import Invalid, invalid
from ._pagination import AsyncPage, Paging, SyncPage
from ._params import query_pairs
from ._unset import UNSET
from ._validation import ValidationIssue

__all__ = [
    "BYTES",
    "EMPTY",
    "TEXT",
    "Group",
    "LazyCheck",
    "RawResponse",
    "Responses",
    "acall",
    "apage",
    "async_raw_method",
    "call",
    "decoder",
    "model",
    "models",
    "page",
    "raw_method",
    "raw_request",
    "read_any",
]

T = TypeVar("T")
R = TypeVar("R")
ItemT = TypeVar("ItemT")
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
    return rb.build(path, retry_safe=retry_safe)


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
    return _copied(options, _RawOptions)


def _copied(options: RequestOptions, kind: type[RequestOptions]) -> RequestOptions:
    """``options`` as an instance of ``kind`` (raw or plain), every field kept."""
    return kind(**{f.name: getattr(options, f.name) for f in dataclasses.fields(options)})


def _answer(response: httpx.Response, options: RequestOptions | None, result: Any) -> Any:
    """``result``, or a :class:`RawResponse` of it when the call came through raw_method."""
    return RawResponse(response, result) if isinstance(options, _RawOptions) else result


class LazyCheck:
    """The validator ``"<module>.<function>"`` of the package's ``_validators``, imported when
    first called: a group module names each validator its requests use once, at the top,
    without loading any validator before its first call."""

    __slots__ = ("_check", "_ref", "_validators")

    def __init__(self, validators: Any, ref: str) -> None:
        self._validators = validators
        self._ref = ref
        self._check: Check | None = None

    def __call__(self, value: object, where: str, issues: list[ValidationIssue]) -> None:
        check = self._check
        if check is None:
            module, name = self._ref.split(".")
            check = self._check = getattr(getattr(self._validators, module), name)
        check(value, where, issues)

    def __repr__(self) -> str:
        return f"LazyCheck({self._ref!r})"


class Group:
    """An operation group (``client.<group>``): its methods call through the client's
    :class:`~._base.Context`.

    Each method also takes ``request_options`` (``RequestOptions``) and raises ``ApiError`` for
    an error status (``.body`` typed; the other errors: see ``errors``). A group's
    ``with_raw_response`` has the same methods, returning the HTTP response too.
    """

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx


class Responses(Generic[T]):
    """How one operation's answers are read: its ``success`` and ``errors`` tables (status ->
    :data:`~._base.Decoder`); ``T`` is what the operation returns. Operations answering alike
    share one (a group module has one per distinct pair of tables)."""

    __slots__ = ("errors", "success")

    def __init__(self, success: Mapping[str, Decoder], errors: Mapping[str, Decoder]) -> None:
        self.success = success
        self.errors = errors


#: how to read a body that is empty, text, or bytes (a ``BinaryResponse``)
EMPTY: Decoder = ("empty", None, None)
TEXT: Decoder = ("text", None, None)
BYTES: Decoder = ("bytes", None, None)


def model(cls: Callable[[], Any]) -> Decoder:
    """How to read a JSON body that is one model of class ``cls()`` (looked up at the first
    call: the group loads no models before it): decoded in one pass by the class's
    ``_decode``; a body it rejects raises the ``ValidationError`` its ``_check`` explains."""
    return ("json", decoder(lambda: cls()._decode, lambda: cls()._check), _t.model(cls))


def models(cls: Callable[[], Any], check: Callable[[], Check]) -> Decoder:
    """:func:`model` for a JSON list of models of class ``cls()``; ``check()`` is the list's
    validator (it explains a body that is rejected)."""
    decode = decoder(lambda: cls()._decode, check, each=True)
    return ("json", decode, _t.list_of(_t.model(cls)))


def decoder(
    model: Callable[[], Callable[[Any], Any]],
    check: Callable[[], Check],
    *,
    each: bool = False,
) -> Callable[[Any], Any]:
    """The decode function of a response body (or of each item of a list body, ``each``) that
    a models module's one-pass decoder decodes: ``model()`` gives that decoder and ``check()``
    the validator explaining a body it rejects (a ``ValidationError``); both are looked up at
    the first call, so the group loads neither models nor validators before it."""

    def decode(data: Any) -> Any:
        try:
            if not each:
                return model()(data)
            if not isinstance(data, list):
                raise Invalid
            one = model()
            return [one(x) for x in data]
        except (Invalid, KeyError):  # KeyError: a required property missing
            raise invalid(check(), data, "response body") from None

    return decode


def _read(
    response: httpx.Response, ctx: Context, spec: RequestSpec, responses: Responses[Any]
) -> Any:
    """The decoded answer to ``spec`` (an error status raises)."""
    return read_response(
        response,
        ctx,
        spec.options,
        success=responses.success,
        errors=responses.errors,
        operation_id=spec.operation_id,
    )


def call(ctx: Context, spec: RequestSpec, responses: Responses[T]) -> T:
    """Send an operation's request and return its decoded result (a :class:`RawResponse`
    when called through :func:`raw_method`); an error status raises its ``ApiError``."""
    response = ctx.transport.send(spec)
    result: T = _answer(response, spec.options, _read(response, ctx, spec, responses))
    return result


async def acall(ctx: Context, spec: RequestSpec, responses: Responses[T]) -> T:
    """:func:`call` for the async client."""
    response = await ctx.transport.send(spec)
    result: T = _answer(response, spec.options, _read(response, ctx, spec, responses))
    return result


def _parameters(method: Callable[..., Any]) -> tuple[str, ...]:
    """The parameter names of a generated method (bound: without ``self``), in order."""
    function = getattr(method, "__func__", None)
    code = (function or method).__code__
    names: tuple[str, ...] = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    return names[1:] if function is not None else names


def _page_args(args: Mapping[str, Any], options: RequestOptions | None) -> dict[str, Any]:
    """The arguments the next pages are asked for with: pages, not raw responses."""
    if not isinstance(options, _RawOptions):
        return dict(args)
    return {**args, "request_options": _copied(options, RequestOptions)}


def page(
    ctx: Context,
    spec: RequestSpec,
    responses: Responses[Any],
    paging: Paging[R, ItemT],
    method: Callable[..., Any],
    args: tuple[Any, ...],
) -> SyncPage[ItemT, R]:
    """:func:`call` for an operation that pages: its first page (``method`` with ``args``, its
    arguments in the order of its parameters, and another position gives the next ones)."""
    response = ctx.transport.send(spec)
    first: SyncPage[ItemT, R] = _first_page(
        SyncPage, response, ctx, spec, responses, paging, method, args
    )
    return first


async def apage(
    ctx: Context,
    spec: RequestSpec,
    responses: Responses[Any],
    paging: Paging[R, ItemT],
    method: Callable[..., Awaitable[Any]],
    args: tuple[Any, ...],
) -> AsyncPage[ItemT, R]:
    """:func:`page` for the async client."""
    response = await ctx.transport.send(spec)
    first: AsyncPage[ItemT, R] = _first_page(
        AsyncPage, response, ctx, spec, responses, paging, method, args
    )
    return first


def _first_page(
    kind: type[SyncPage[Any, Any]] | type[AsyncPage[Any, Any]],
    response: httpx.Response,
    ctx: Context,
    spec: RequestSpec,
    responses: Responses[Any],
    paging: Paging[Any, Any],
    method: Callable[..., Any],
    args: tuple[Any, ...],
) -> Any:
    """The first page of ``response`` (a :class:`RawResponse` of it through raw_method)."""
    data = _read(response, ctx, spec, responses)
    named = dict(zip(_parameters(method), args, strict=True))
    page_args = _page_args(named, spec.options)
    first = kind(paging=paging, data=data, http_response=response, call=method, args=page_args)
    return _answer(response, spec.options, first)


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
