# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""What every operation shares: per-call options, request bodies, responses, warnings.

* :class:`RequestOptions` — per-call ``timeout``, ``retry`` policy, extra ``headers``, a
  ``validate`` switch overriding the client's ``validate_requests``, a
  ``response_validation`` mode overriding the client's, and the escape hatches
  ``extra_query``/``extra_headers``/``extra_body``, ``idempotency_key`` and ``url``.
* :class:`Context` — what a client hands its operation groups: the transport, the client-wide
  defaults of parameters (``integration_id=...``), whether to validate requests and how to
  treat responses that break their schema, the credentials to mask.
* :class:`RequestBuilder` — collects parameters and body, validating each with the generated
  validators, and raises one :class:`~.errors.RequestValidationError` listing every problem
  before anything is sent.
* :func:`read_response` — decodes a 2xx body into the operation's return type, logs the
  ``warnings`` a response carries, and raises the :class:`~.errors.ApiError` subclass for an
  error status with the error body decoded when the spec describes it.

Responses (``response_validation``)
-----------------------------------
A body that is not JSON (or is empty where the spec describes one) is a
:class:`~.errors.DecodeError` in every mode. A JSON body that breaks its schema is:

* ``"warn"`` (the default): decoded anyway (see ``_tolerant.py``): the typed result, values
  that fail their check kept as received, the problems on the result (``problems(result)``)
  and each distinct problem logged once per operation at WARNING on the package logger;
* ``"strict"``: a :class:`~.errors.DecodeError` listing the problems, the raw body kept;
* ``"off"``: decoded the same way as ``"warn"`` without looking for the problems or logging.

A 2xx status the spec does not list is decoded with the operation's (first) success schema;
an operation without one returns ``None`` for an empty body and the ``httpx.Response``
otherwise. Whatever the body, decoding raises nothing but the client's own errors.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote
from uuid import uuid4

import httpx

from ._binary import BinaryResponse
from ._dates import temporal_json
from ._files import binary_body, is_file, multipart_body, multipart_check_view, replayable
from ._http import RequestSpec, RetryPolicy
from ._models import lazy_siblings, to_json_value
from ._params import cookie_pairs, header_value, query_pairs
from ._redact import clean, redact, redact_error
from ._tolerant import Shape, decode_tolerantly
from ._unset import UNSET, Unset
from ._validation import ValidationError, ValidationIssue
from .errors import (
    ApiClientError,
    ApiError,
    DecodeError,
    RequestValidationError,
    api_error_from_response,
)

__all__ = [
    "IDEMPOTENT",
    "LOGGER",
    "Check",
    "Context",
    "Decoder",
    "RequestBuilder",
    "RequestOptions",
    "ResponseValidation",
    "check_mode",
    "configure_logging",
    "group_of",
    "lazy_models",
    "pick_decoder",
    "read_response",
    "with_member",
]

#: the package's logger: response ``warnings`` and schema problems are logged here; it has a
#: ``NullHandler``, so nothing is printed unless the application configures logging
LOGGER = logging.getLogger(__package__ or __name__)
LOGGER.addHandler(logging.NullHandler())

Check = Callable[[object, str, list[ValidationIssue]], None]
#: how a response body is read: ("json", decode function, tolerant shape or None),
#: ("text"|"bytes"|"empty", None, None), ("sse"|"ndjson", decode function of one item or None,
#: None) for streams (see ``_streams.py``)
Decoder = tuple[str, Callable[[Any], Any] | None, Shape | None]
ResponseValidation = Literal["strict", "warn", "off"]
_MODES = ("strict", "warn", "off")
#: distinct problems remembered per client (each logged once per operation)
_LOGGED_MAX = 10_000
#: the key under which a tolerantly decoded response keeps its problems (``extensions``)
PROBLEMS = "schema_problems"
_INDEX = re.compile(r"\[\d+\]")
#: the methods whose requests are retried unless the operation says otherwise
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})


def lazy_models(namespace: dict[str, Any], modules: str) -> None:
    """Binds ``_m<module>`` in an operation group's ``namespace`` to a lazy module (see
    :func:`~._models.lazy_siblings`) for each of the whitespace-separated models ``modules``
    (``"_pet _tag"``): the models module loads when the group first uses it, not with it."""
    lazy_siblings(namespace, modules, str(namespace["__name__"]).rsplit(".", 2)[0] + ".models")


def group_of(client: Any, module: str, name: str) -> Any:
    """A client's operation group: class ``name`` of ``_ops.<module>``, made with the client's
    ``_ctx`` (and its module imported) on first use, then kept in the client's ``_groups``."""
    groups: dict[str, object] = client._groups
    group = groups.get(module)
    if group is None:
        ops = importlib.import_module(f"{__package__}._ops.{module}")
        group = groups[module] = getattr(ops, name)(client._ctx)
    return group


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestOptions:
    """Per-call settings; anything left ``None`` uses the client's.

    The ``extra_*`` fields are merged after validation, so declared parameters are still
    checked and fields the spec does not know yet pass through: ``extra_query`` replaces or
    adds query parameters, ``extra_headers`` headers, and ``extra_body`` top-level members of
    a JSON object or form body (a call without a body sends them as a JSON object).
    ``idempotency_key`` is the key sent by operations that send an idempotency header
    (default: a new random key per call, the same on every retry). ``url`` sends the call
    to that absolute URL instead of the operation's path and query parameters (used to follow
    ``Link`` headers; ``extra_query`` is still added).
    """

    timeout: float | None = None
    retry: RetryPolicy | None = None
    headers: Mapping[str, str] | None = None
    validate: bool | None = None
    extra_query: Mapping[str, object] | None = None
    extra_headers: Mapping[str, str] | None = None
    extra_body: Mapping[str, object] | None = None
    idempotency_key: str | None = None
    url: str | None = None
    response_validation: ResponseValidation | None = None

    def __post_init__(self) -> None:
        check_mode(self.response_validation, allow_none=True)


_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


def configure_logging(level: str | None, env: str) -> None:
    """Log to stderr at ``level`` (``"debug"``, ``"info"`` or ``"warning"``; default: the
    environment variable ``env``, e.g. ``<PKG>_LOG=debug``). Nothing when neither is set.

    At ``debug`` every attempt is logged (operation, method, URL with credentials masked,
    status, elapsed ms, retry decision and wait). One handler is added, however many clients.
    """
    chosen = level if level is not None else os.environ.get(env)
    if not chosen:
        return
    number = _LEVELS.get(chosen.strip().lower())
    if number is None:
        raise ValueError(f"log level must be one of {tuple(_LEVELS)}, not {chosen!r}")
    LOGGER.setLevel(number)
    if not any(getattr(h, "_gen_stderr", False) for h in LOGGER.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handler._gen_stderr = True  # type: ignore[attr-defined]
        LOGGER.addHandler(handler)


def check_mode(mode: object, *, allow_none: bool = False) -> None:
    """Refuse a ``response_validation`` value that is not one of the modes."""
    if not (mode in _MODES or (allow_none and mode is None)):
        raise ValueError(f"response_validation must be one of {_MODES}, not {mode!r}")


@dataclass(slots=True, kw_only=True)
class Context:
    """Shared by a client and its operation groups."""

    transport: Any  # SyncTransport or AsyncTransport
    defaults: dict[str, object] = field(default_factory=dict)
    validate: bool = True
    logger: logging.Logger = LOGGER
    #: credentials sent as query parameters (apiKey ``in: query`` schemes)
    auth_query: tuple[tuple[str, str], ...] = ()
    #: time sources for task polling (injectable in tests)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Any] = time.sleep
    #: what a 2xx body that breaks its schema gives (see the module docstring)
    response_validation: ResponseValidation = "warn"
    #: every form of the credentials, masked in messages and log lines (never shown)
    secrets: tuple[str, ...] = field(default=(), repr=False)
    #: (operation, path, message) of the schema problems logged so far
    logged: set[tuple[str, str, str]] = field(default_factory=set, repr=False)
    #: the package's typed error classes, by the runtime class they stand for
    error_classes: Mapping[type[ApiError], type[ApiError]] = field(default_factory=dict)

    def mode(self, options: RequestOptions | None) -> ResponseValidation:
        if options is not None and options.response_validation is not None:
            return options.response_validation
        return self.response_validation


class RequestBuilder:
    """Builds one :class:`RequestSpec`, collecting every validation problem on the way."""

    def __init__(
        self, ctx: Context, method: str, operation_id: str, options: RequestOptions | None
    ) -> None:
        self.ctx = ctx
        self.method = method
        self.operation_id = operation_id
        self.options = options or RequestOptions()
        self.validate = ctx.validate if self.options.validate is None else self.options.validate
        self.issues: list[ValidationIssue] = []
        #: percent-encoded query pairs (see _params.query_pairs)
        self.query: list[tuple[str, str]] = [
            (quote(name, safe=""), quote(value, safe="")) for name, value in ctx.auth_query
        ]
        self.headers: list[tuple[str, str]] = []
        self.cookies: list[tuple[str, str]] = []
        self.content: bytes | Callable[[bool], Any] | None = None
        self.content_type: str | None = None
        self.data: Mapping[str, Any] | None = None
        self.files: list[tuple[str, Any]] | None = None
        #: the body streams from a file that cannot be rewound: never resent after a response
        self.one_shot = False
        #: the JSON body as a plain value (``UNSET`` until ``json_body``)
        self.json_value: object = UNSET

    def value(self, value: object, default_key: str | None, wire: str, required: bool) -> object:
        """``value``, or the client's default for it; a missing required one is a problem."""
        if value is UNSET and default_key is not None:
            value = self.ctx.defaults.get(default_key, UNSET)
        if value is UNSET and required:
            hint = f" (pass {default_key}= here or to the client)" if default_key else ""
            self.issues.append(ValidationIssue(wire, f"is required{hint}", "required"))
        return value

    def param(
        self,
        location: str,
        wire: str,
        value: object,
        check: Check | None = None,
        required: bool = False,
        default_key: str | None = None,
        *,
        style: str | None = None,
        explode: bool | None = None,
        where: str | None = None,
    ) -> object:
        """One parameter: the client's default (``default_key``) when not given, checked
        (problems name it ``where``, its keyword argument, default: ``default_key``, else
        ``wire``), then sent where it belongs, in its ``style`` (default: the location's,
        ``form`` exploded in a query or cookie, ``simple`` in a header). A path parameter is
        only returned, for the path."""
        value = self.value(value, default_key, wire, required)
        self.check(value, check, where or default_key or wire)
        if value is not UNSET:
            default_style, default_explode = _STYLES.get(location, ("simple", False))
            place = _PLACES.get(location, _nowhere)
            place(
                self,
                wire,
                value,
                style or default_style,
                default_explode if explode is None else explode,
            )
        return value

    def check(self, value: object, check: Check | None, where: str) -> None:
        """Validate a value (a model is checked as its JSON object)."""
        if self.validate and check is not None and not isinstance(value, Unset):
            check(_as_json(value), where, self.issues)

    # ------------------------------------------------------------ request bodies
    # One writer per kind of body; the plan names the writer an operation uses.

    def json_body(self, body: object, check: Check | None, content_type: str) -> None:
        """A JSON document (a model is sent as its JSON object)."""
        to_dict = getattr(body, "to_dict", None)
        value = to_dict() if callable(to_dict) else to_json_value(body)
        self.check(value, check, "$")
        self._json_content(value)
        self.content_type = content_type

    def _json_content(self, value: object) -> None:
        self.json_value = value
        try:
            text = json.dumps(
                value, separators=(",", ":"), ensure_ascii=False, default=temporal_json
            )
            self.content = text.encode()
        except (TypeError, ValueError) as exc:
            self.issues.append(ValidationIssue("$", f"cannot be sent as JSON: {exc}", "type"))

    def form_body(self, body: object, check: Check | None, content_type: str) -> None:
        """``application/x-www-form-urlencoded`` fields (httpx encodes them)."""
        value = _as_json(body)
        self.check(value, check, "$")
        self.data = self._fields(value)

    def multipart_body(
        self,
        body: object,
        check: Check | None,
        content_type: str,
        encodings: Mapping[str, str] | None = None,
    ) -> None:
        """``multipart/form-data``: bytes, paths, binary file objects and ``(filename,
        content[, type])`` tuples are sent as files, streamed (see ``_files.py``); the other
        fields as the spec's ``encoding`` says. Files are checked as present strings."""
        fields = self._fields(_as_json(body))
        self.check(multipart_check_view(fields), check, "$")
        self.files = multipart_body(fields, encodings)
        self.one_shot = not all(replayable(part[1]) for _, part in self.files)

    def ndjson_body(self, body: object, check: Check | None, content_type: str) -> None:
        """Newline-delimited JSON from a list described by the schema as a whole."""
        items = list(_iterable(body))
        self.check(items, check, "$")
        self._ndjson(items, content_type)

    def ndjson_items_body(self, body: object, check: Check | None, content_type: str) -> None:
        """Newline-delimited JSON whose schema describes one line."""
        items = list(_iterable(body))
        for index, item in enumerate(items):
            self.check(item, check, f"$[{index}]")
        self._ndjson(items, content_type)

    def _ndjson(self, items: list[object], content_type: str) -> None:
        lines = (_plain_json(item) for item in items)
        self.content = b"".join(
            json.dumps(x, separators=(",", ":"), ensure_ascii=False).encode() + b"\n" for x in lines
        )
        self.content_type = content_type

    def text_body(self, body: object, check: Check | None, content_type: str) -> None:
        """Text, sent as UTF-8 (bytes pass through)."""
        self.content = body.encode("utf-8") if isinstance(body, str) else self._bytes(body)
        self.content_type = content_type

    def bytes_body(self, body: object, check: Check | None, content_type: str) -> None:
        """Raw bytes, a path or a binary file object, streamed (see ``_files.py``)."""
        if isinstance(body, memoryview):
            body = bytes(body)
        if not is_file(body):
            kind = type(body).__name__
            self.issues.append(
                ValidationIssue("$", f"must be bytes, a path or a binary file, not {kind}", "type")
            )
            return
        self.one_shot = not replayable(body[1] if isinstance(body, tuple) else body)
        self.content, length = binary_body(body)  # type: ignore[arg-type]
        if length is not None:
            self.headers.append(("Content-Length", str(length)))
        self.content_type = content_type

    def _fields(self, value: object) -> dict[str, Any]:
        if isinstance(value, Mapping):
            return dict(value)
        self.issues.append(ValidationIssue("$", "must be an object of fields", "type"))
        return {}

    def _bytes(self, body: object) -> bytes:
        if isinstance(body, bytes | bytearray | memoryview):
            return bytes(body)
        read = getattr(body, "read", None)
        data = read() if callable(read) else None
        if isinstance(data, bytes):
            return data
        kind = type(body).__name__
        self.issues.append(
            ValidationIssue("$", f"must be bytes or a binary file, not {kind}", "type")
        )
        return b""

    def build(
        self, path: str, retry_safe: bool | None = None, idempotency_header: str | None = None
    ) -> RequestSpec:
        """The request to send to ``path``; retried on failure when ``retry_safe`` (default:
        when its method is idempotent) and its body can be sent again."""
        if retry_safe is None:
            retry_safe = self.method in IDEMPOTENT
        retry_safe = retry_safe and not self.one_shot
        options = self.options
        if options.extra_body:
            self._merge_body(options.extra_body)
        if self.issues:
            raise RequestValidationError(self.issues, location=f"request ({self.operation_id})")
        if options.url is not None:  # the URL carries the query; only extra_query is added
            path, self.query = options.url, []
        if options.extra_query:
            self._merge_query(options.extra_query)
        if idempotency_header is not None:
            self.headers.append((idempotency_header, options.idempotency_key or str(uuid4())))
        if self.query:
            path += "&" if "?" in path else "?"
            path += "&".join(f"{name}={value}" for name, value in self.query)
        extra = {**(options.headers or {}), **(options.extra_headers or {})}
        return RequestSpec(
            method=self.method,
            path=path,
            operation_id=self.operation_id,
            headers=tuple(self.headers),
            cookies=tuple(self.cookies),
            content=self.content,
            data=self.data,
            files=self.files,
            content_type=self.content_type,
            retry_safe=retry_safe,
            timeout=options.timeout,
            retry=options.retry,
            extra_headers=extra or None,
            options=options,
        )

    def _merge_query(self, extra: Mapping[str, object]) -> None:
        names = {quote(name, safe="[]") for name in extra}
        self.query = [pair for pair in self.query if pair[0] not in names]
        for name, value in extra.items():
            self.query.extend(query_pairs(name, value))

    def _merge_body(self, extra: Mapping[str, object]) -> None:
        plain = {name: to_json_value(value) for name, value in extra.items()}
        if isinstance(self.json_value, dict):
            self._json_content({**self.json_value, **plain})
        elif self.data is not None:
            self.data = {**self.data, **plain}
        elif self.content is None and self.files is None:
            self._json_content(plain)
            self.content_type = "application/json"
        else:
            problem = "extra_body needs a JSON object or form body"
            self.issues.append(ValidationIssue("$", problem, "type"))


def _in_query(rb: RequestBuilder, wire: str, value: object, style: str, explode: bool) -> None:
    rb.query.extend(query_pairs(wire, value, style, explode))


def _in_header(rb: RequestBuilder, wire: str, value: object, style: str, explode: bool) -> None:
    rb.headers.append((wire, header_value(value, explode)))


def _in_cookie(rb: RequestBuilder, wire: str, value: object, style: str, explode: bool) -> None:
    rb.cookies.extend(cookie_pairs(wire, value, explode))


def _nowhere(rb: RequestBuilder, wire: str, value: object, style: str, explode: bool) -> None:
    """A path parameter: the generated code puts it in the path."""


#: the serialisation of a parameter that does not give its own (OpenAPI's defaults)
_STYLES = {"query": ("form", True), "cookie": ("form", True), "header": ("simple", False)}
_PLACES: dict[str, Callable[[RequestBuilder, str, object, str, bool], None]] = {
    "query": _in_query,
    "header": _in_header,
    "cookie": _in_cookie,
}


def with_member(body: object, name: str, value: object) -> object:
    """A copy of a JSON object body (a model or a mapping) with ``name`` set to ``value``;
    anything else is returned as it is (validation then reports it)."""
    plain = _as_json(body)
    return {**plain, name: value} if isinstance(plain, Mapping) else body


def _plain_json(item: object) -> object:
    to_dict = getattr(item, "to_dict", None)
    return to_dict() if callable(to_dict) else to_json_value(item)


def _iterable(body: object) -> Iterable[object]:
    return body if isinstance(body, Iterable) and not isinstance(body, str | bytes) else [body]


def _as_json(value: object) -> object:
    """A model as its JSON object; any other value as it is."""
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def pick_decoder(table: Mapping[str, Decoder], status: int) -> Decoder | None:
    """The entry of a response table for ``status`` (exact, then ``4XX``, then default)."""
    return table.get(str(status)) or table.get(f"{status // 100}XX") or table.get("default")


def _undeclared(table: Mapping[str, Decoder]) -> Decoder | None:
    """For a 2xx status the spec does not list: the first JSON success decoder, if any."""
    return next((decoder for decoder in table.values() if decoder[0] == "json"), None)


def read_response(
    response: httpx.Response,
    ctx: Context,
    options: RequestOptions | None,
    *,
    success: Mapping[str, Decoder],
    errors: Mapping[str, Decoder],
    operation_id: str,
) -> Any:
    """The decoded result of a 2xx response; raises the matching ApiError otherwise.

    Every error raised has the client's credentials masked (``ctx.secrets``).
    """
    try:
        return _read(response, ctx, options, success, errors, operation_id)
    except ApiClientError as error:
        redact_error(error, ctx.secrets)
        raise


def _read(
    response: httpx.Response,
    ctx: Context,
    options: RequestOptions | None,
    success: Mapping[str, Decoder],
    errors: Mapping[str, Decoder],
    operation_id: str,
) -> Any:
    status = response.status_code
    if 200 <= status < 300:
        chosen = pick_decoder(success, status) or _undeclared(success)
        if chosen is None:
            return response if response.content else None
        return _decode_success(response, chosen, ctx, ctx.mode(options), operation_id)
    data, body, decoded = _error_body(response, pick_decoder(errors, status))
    raise api_error_from_response(
        response,
        body=body,
        operation_id=operation_id,
        data=data,
        decoded=decoded,
        classes=ctx.error_classes,
    )


def _decode_success(
    response: httpx.Response,
    decoder: Decoder,
    ctx: Context,
    mode: ResponseValidation,
    operation_id: str,
) -> Any:
    kind, decode, shape = decoder
    if kind == "bytes":
        return BinaryResponse(response)
    if kind == "text":
        return response.text
    if kind == "empty":
        return None
    data = _parse(response, operation_id)
    log_warnings(data, ctx.logger, operation_id, ctx.secrets)
    if decode is None:
        return data
    try:
        return decode(data)
    except ValidationError as exc:
        issues: tuple[ValidationIssue, ...] = exc.issues
        failure: Exception = exc
    except Exception as exc:  # RecursionError, or a value no decoder expects
        issues = (ValidationIssue("$", f"cannot be decoded ({type(exc).__name__})", "decode"),)
        failure = exc
    if mode == "strict" or shape is None:
        raise DecodeError(
            "response body does not match the schema",
            response=response,
            issues=issues,
            operation_id=operation_id,
        ) from failure
    if mode == "off":
        return decode_tolerantly(shape, data, ())
    _log_problems(ctx, operation_id, issues)
    response.extensions[PROBLEMS] = issues  # RawResponse.problems: also for scalar results
    return decode_tolerantly(shape, data, issues)


def _parse(response: httpx.Response, operation_id: str) -> Any:
    """The JSON value of the body; a DecodeError when it is empty or not JSON."""
    if not response.content:
        raise DecodeError(
            "response body is empty where the spec describes JSON",
            response=response,
            operation_id=operation_id,
        )
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise DecodeError(
            f"response body is not valid JSON ({reason})",
            response=response,
            operation_id=operation_id,
        ) from None


def _log_problems(ctx: Context, operation_id: str, issues: tuple[ValidationIssue, ...]) -> None:
    """Log each distinct problem (indices generalised: ``items[*]``) once per operation."""
    for issue in issues:
        key = (operation_id, _INDEX.sub("[*]", issue.path), issue.message)
        if key in ctx.logged or len(ctx.logged) >= _LOGGED_MAX:
            continue
        ctx.logged.add(key)
        ctx.logger.warning(
            "%s: the response does not match the spec at %s: %s (value kept as received; "
            "response_validation='strict' raises instead)",
            operation_id,
            key[1],
            redact(clean(issue.message), ctx.secrets),
        )


def _error_body(response: httpx.Response, decoder: Decoder | None) -> tuple[object, object, bool]:
    """The error body's JSON value, its decoded model (else the JSON value), and whether it
    was decoded with the operation's error schema."""
    try:
        data = json.loads(response.content)
    except (ValueError, RecursionError):
        return None, None, False
    if decoder is None or decoder[0] != "json" or decoder[1] is None:
        return data, data, False
    try:
        return data, decoder[1](data), True
    except Exception:
        return data, data, False  # an error body the spec does not describe: the JSON value


def log_warnings(
    data: object, logger: logging.Logger, operation_id: str, secrets: tuple[str, ...] = ()
) -> None:
    """Log each entry of a top-level ``warnings`` list (debug hints some APIs send)."""
    warnings = data.get("warnings") if isinstance(data, dict) else None
    if not isinstance(warnings, list):
        return
    for warning in warnings:
        text = warning.get("message") if isinstance(warning, dict) else warning
        logger.warning("%s: %s", operation_id, redact(clean(str(text)), secrets))
