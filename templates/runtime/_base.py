"""What every operation shares: per-call options, request bodies, responses, warnings.

* :class:`RequestOptions` — per-call ``timeout``, ``retry`` policy, extra ``headers``, a
  ``validate`` switch overriding the client's ``validate_requests``, and the escape hatches
  ``extra_query``/``extra_headers``/``extra_body``, ``idempotency_key`` and ``url``.
* :class:`Context` — what a client hands its operation groups: the transport, the client-wide
  defaults of parameters (``integration_id=...``), whether to validate requests.
* :class:`RequestBuilder` — collects parameters and body, validating each with the generated
  validators, and raises one :class:`~.errors.RequestValidationError` listing every problem
  before anything is sent.
* :func:`read_response` — decodes a 2xx body into the operation's return type (a
  :class:`~.errors.DecodeError` keeps the raw body when it does not fit), logs the
  ``warnings`` a response carries, and raises the :class:`~.errors.ApiError` subclass for an
  error status with the error body decoded when the spec describes it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote
from uuid import uuid4

import httpx

from ._dates import temporal_json
from ._http import RequestSpec, RetryPolicy
from ._models import to_json_value
from ._params import query_pairs
from ._unset import UNSET, Unset
from ._validation import ValidationError, ValidationIssue
from .errors import DecodeError, RequestValidationError, api_error_from_response

__all__ = [
    "LOGGER",
    "Context",
    "Decoder",
    "RequestBuilder",
    "RequestOptions",
    "read_response",
]

#: the package's logger: response ``warnings`` are logged here
LOGGER = logging.getLogger(__package__ or __name__)

Check = Callable[[object, str, list[ValidationIssue]], None]
#: how a response body is read: ("json", decode function), ("text"|"bytes"|"empty", None)
Decoder = tuple[str, Callable[[Any], Any] | None]


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
        self.content: bytes | None = None
        self.content_type: str | None = None
        self.data: Mapping[str, Any] | None = None
        self.files: list[tuple[str, Any]] | None = None
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

    def check(self, value: object, check: Check | None, where: str) -> None:
        """Validate a value (a model is checked as its JSON object)."""
        if self.validate and check is not None and not isinstance(value, Unset):
            plain = value.to_dict() if hasattr(value, "to_dict") else value
            check(plain, where, self.issues)

    def json_body(self, body: object, check: Check | None, content_type: str) -> None:
        value = body.to_dict() if hasattr(body, "to_dict") else to_json_value(body)
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

    def build(
        self, path: str, retry_safe: bool, idempotency_header: str | None = None
    ) -> RequestSpec:
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


def _pick(table: Mapping[str, Decoder], status: int) -> Decoder | None:
    return table.get(str(status)) or table.get(f"{status // 100}XX") or table.get("default")


def read_response(
    response: httpx.Response,
    *,
    success: Mapping[str, Decoder],
    errors: Mapping[str, Decoder],
    operation_id: str,
    logger: logging.Logger = LOGGER,
) -> Any:
    """The decoded result of a 2xx response; raises the matching ApiError otherwise."""
    status = response.status_code
    if 200 <= status < 300:
        chosen: Decoder = _pick(success, status) or ("empty", None)
        return _decode_success(response, chosen, operation_id, logger)
    decoder = _pick(errors, status)
    body: object = _error_body(response, decoder)
    raise api_error_from_response(response, body=body, operation_id=operation_id)


def _decode_success(
    response: httpx.Response, decoder: Decoder, operation_id: str, logger: logging.Logger
) -> Any:
    kind, decode = decoder
    if kind == "bytes":
        return response.content
    if kind == "text":
        return response.text
    if kind == "empty" or not response.content:
        return None
    try:
        data = json.loads(response.content)
    except ValueError as exc:
        raise DecodeError(
            f"response body is not valid JSON ({exc})",
            response=response,
            operation_id=operation_id,
        ) from exc
    log_warnings(data, logger, operation_id)
    if decode is None:
        return data
    try:
        return decode(data)
    except ValidationError as exc:
        raise DecodeError(
            "response body does not match the schema",
            response=response,
            issues=exc.issues,
            operation_id=operation_id,
        ) from exc


def _error_body(response: httpx.Response, decoder: Decoder | None) -> object:
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    if decoder is None or decoder[0] != "json" or decoder[1] is None:
        return data
    try:
        return decoder[1](data)
    except ValidationError:
        return data  # an error body the spec does not describe: keep it as parsed JSON


def log_warnings(data: object, logger: logging.Logger, operation_id: str) -> None:
    """Log each entry of a top-level ``warnings`` list (debug hints some APIs send)."""
    warnings = data.get("warnings") if isinstance(data, dict) else None
    if not isinstance(warnings, list):
        return
    for warning in warnings:
        text = warning.get("message") if isinstance(warning, dict) else warning
        logger.warning("%s: %s", operation_id, text)
