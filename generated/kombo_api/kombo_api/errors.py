# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Exceptions raised by this API client.

Every exception the client raises on purpose derives from :class:`ApiClientError`, so
``except ApiClientError`` catches all of them. The tree::

    ApiClientError(Exception)            base of everything the client raises
    ├── RequestValidationError           (also a ValueError) the request failed validation
    │                                    on the client; nothing was sent. ``.issues``
    ├── TransportError                   no usable HTTP response: connection failure, broken
    │   │                                connection, protocol error... after all retries.
    │   │                                ``.request``, ``.attempts``; ``__cause__`` is the
    │   │                                original ``httpx`` exception.
    │   └── RequestTimeoutError          the failure was a timeout
    ├── DecodeError                      a 2xx response body could not be parsed or did not
    │                                    match the schema. ``.response``, ``.raw``,
    │                                    ``.issues``, ``.status``
    ├── ApiError                         the server answered with an HTTP error status.
    │   │                                ``.status``, ``.body``, ``.code``, ``.message``...
    │   ├── ServerValidationError        the server rejected the request as invalid
    │   │   ├── BadRequestError          400
    │   │   └── UnprocessableEntityError 422
    │   ├── AuthenticationError          401
    │   ├── PermissionDeniedError        403
    │   ├── NotFoundError                404
    │   ├── ConflictError                409
    │   ├── RateLimitError               429  ``.retry_after`` (seconds or None)
    │   └── ServerError                  any 5xx
    ├── TaskError                        errors of the asynchronous-task polling helpers
    │   ├── TaskFailedError              the task finished unsuccessfully. ``.task_id``,
    │   │                                ``.error``, ``.result``
    │   └── TaskTimeoutError             polling gave up; the task may still be running.
    │                                    ``.task_id``, ``.elapsed``
    ├── WebhookError                     a received webhook was rejected (``<pkg>.webhooks``)
    │   ├── WebhookVerificationError     missing/invalid signature, stale timestamp, no secret
    │   └── WebhookPayloadError          (also a ValueError) body not JSON or not matching
    │                                    its schema. ``.issues``
    └── StreamError                      a streamed response broke off or held bad data

Any other 4xx status (405, 410, 418...) raises a plain :class:`ApiError`; use
:func:`error_for_status` to see which class a status maps to.

Error details
-------------
``ApiError.data`` is the error body's JSON value (``None`` when the body was not JSON; the raw
response is always available as ``.response``). ``ApiError.body`` is the decoded error model
when the spec gives one for the operation and status and the body matches it (``decoded`` is
then true), otherwise the plain JSON value. The classes the package exports at its root
(``from <package> import NotFoundError``) are subclasses of these whose ``body`` is typed:
the error models the spec gives for that status, or ``None`` (see the package README).
``code``, ``title``, ``message`` and ``log_url`` are read from that body without knowing its
schema: the body's nested ``error`` member is looked at first, then the body itself; mappings
are read by key and model objects by attribute. RFC 7807 problem documents are understood
too (``detail`` is the message, and ``type`` is used as the code when no ``code`` exists).
A code the client does not know is returned unchanged as a string; a missing or null code
is ``None``.
Reading these properties never raises. ``request_id`` comes from the usual request-id
response headers (``x-request-id``, ``request-id``, ``x-amzn-requestid``...) or a
``request_id`` member of the body.

``str()`` of an :class:`ApiError` is a single line such as::

    HTTP 404 Not Found [PLATFORM.INTEGRATION_NOT_FOUND]: The integration does not exist
    (operation GetIntegration, log: https://...)

Messages and ``repr()`` of these exceptions never contain request headers, so credentials
sent as headers never appear in them; the ``request``/``response`` attributes still hold
the full ``httpx`` objects for debugging.
"""

from __future__ import annotations

import email.utils
import enum
import math
import time
from collections.abc import Iterable, Mapping
from datetime import UTC
from http import HTTPStatus
from typing import Any

import httpx

from ._redact import clean
from ._unset import Unset

__all__ = [
    "ApiClientError",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DecodeError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTimeoutError",
    "RequestValidationError",
    "ServerError",
    "ServerValidationError",
    "StreamError",
    "TaskError",
    "TaskFailedError",
    "TaskTimeoutError",
    "TransportError",
    "UnprocessableEntityError",
    "WebhookError",
    "WebhookPayloadError",
    "WebhookVerificationError",
    "api_error_from_response",
    "error_for_status",
    "parse_retry_after",
    "typed_body",
]

_MAX_TEXT = 300
#: messages list at most this many problems (then how many more there are)
MAX_LISTED_ISSUES = 20
_SERVER_ERROR_STATUSES = range(500, 600)
_REQUEST_ID_HEADERS = (
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-amz-request-id",
    "x-correlation-id",
    "x-trace-id",
)
_SCALARS = (str, bytes, bytearray, int, float, bool, list, tuple, set, frozenset)
#: "not given" for ``data`` (``None`` is a JSON value)
_SAME: Any = object()


class ApiClientError(Exception):
    """Base class of every exception raised by this client.

    Instances can be pickled (for example across process pools) even though most
    subclasses take keyword-only constructor arguments.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore_error, (type(self), self.args, dict(self.__dict__)))


def _restore_error(
    cls: type[ApiClientError], args: tuple[Any, ...], state: dict[str, Any]
) -> ApiClientError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


# --------------------------------------------------------------------------- client side


class RequestValidationError(ApiClientError, ValueError):
    """The request failed validation on the client side; nothing was sent.

    ``issues`` holds one object per problem; ``str(issue)`` reads ``"path: message"``.
    """

    def __init__(self, issues: Iterable[object], *, location: str = "request body") -> None:
        self.issues: tuple[object, ...] = tuple(issues)
        self.location = location
        super().__init__(_format_issues(self.issues, location))


def _format_issues(issues: tuple[object, ...], location: str) -> str:
    """``N problems in the <location>:`` and the first :data:`MAX_LISTED_ISSUES` of them."""
    count = len(issues)
    noun = "problem" if count == 1 else "problems"
    lines = [f"{count} {noun} in the {location}:"]
    lines.extend(f"  {_one_line(str(issue))}" for issue in issues[:MAX_LISTED_ISSUES])
    if count > MAX_LISTED_ISSUES:
        lines.append(f"  ... and {count - MAX_LISTED_ISSUES} more (all of them in .issues)")
    return "\n".join(lines)


# --------------------------------------------------------------------------- transport


class TransportError(ApiClientError):
    """No usable HTTP response was received, even after retrying.

    ``__cause__`` is the underlying ``httpx`` exception; ``request`` is the last request
    attempted (or ``None``), ``attempts`` the number of tries made.
    """

    def __init__(
        self, message: str, *, request: httpx.Request | None = None, attempts: int = 1
    ) -> None:
        self.request = request
        self.attempts = attempts
        super().__init__(message)


class RequestTimeoutError(TransportError):
    """The request timed out (connect, read, write or pool timeout)."""


# --------------------------------------------------------------------------- decoding


class DecodeError(ApiClientError):
    """A successful (2xx) response body could not be parsed or validated.

    ``raw`` holds the undecoded body bytes, ``issues`` the validation problems (if the
    body was valid JSON but did not match the schema), ``status`` the HTTP status.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        issues: Iterable[object] = (),
        raw: bytes | None = None,
        operation_id: str | None = None,
    ) -> None:
        self.response = response
        self.status = response.status_code
        self.raw = raw if raw is not None else _safe_content(response)
        self.issues: tuple[object, ...] = tuple(issues)
        self.operation_id = operation_id
        text = f"{message} (HTTP {self.status}"
        text += f", operation {operation_id})" if operation_id else ")"
        if self.issues:
            text += "\n" + _format_issues(self.issues, "response body")
        super().__init__(text)


def _safe_content(response: httpx.Response) -> bytes:
    try:
        return response.content
    except httpx.ResponseNotRead:
        return b""


# --------------------------------------------------------------------------- HTTP errors


class ApiError(ApiClientError):
    """The server answered with an HTTP error status (see the module docstring)."""

    def __init__(
        self,
        *,
        status: int,
        request: httpx.Request | None,
        response: httpx.Response | None,
        body: object = None,
        operation_id: str | None = None,
        data: object = _SAME,
        decoded: bool = False,
    ) -> None:
        self.status = status
        self.request = request
        self.response = response
        self._body = body
        #: the body's JSON value (``None`` when it is not JSON)
        self.data: object = body if data is _SAME else data
        #: ``body`` was decoded with the error schema the spec gives the operation
        self.decoded = decoded
        self.operation_id = operation_id
        details = _ErrorDetails.extract(body)
        self._code = details.code
        self._title = details.title
        self._message = details.message
        self._log_url = details.log_url
        self._request_id = _find_request_id(response, body)
        super().__init__(self._summary())

    @property
    def body(self) -> object:
        """The decoded error model (``decoded``), else the body's JSON value, else ``None``."""
        return self._body

    @property
    def code(self) -> str | None:
        """Machine-readable error code from the body, kept as-is; ``None`` if absent."""
        return self._code

    @property
    def title(self) -> str | None:
        """Short human-readable title from the body, if any."""
        return self._title

    @property
    def message(self) -> str | None:
        """Human-readable explanation (``message``/``detail``) from the body, if any."""
        return self._message

    @property
    def log_url(self) -> str | None:
        """Link to the server-side log entry for this request, if the API provides one."""
        return self._log_url

    @property
    def request_id(self) -> str | None:
        """Server-assigned request id (from response headers or the body), if any."""
        return self._request_id

    def _summary(self) -> str:
        try:
            phrase = HTTPStatus(self.status).phrase
        except ValueError:
            phrase = ""
        text = f"HTTP {self.status} {phrase}".rstrip()
        if self._code:
            text += f" [{_one_line(self._code)}]"
        explanation = self._message or self._title
        if explanation:
            text += f": {_one_line(explanation)}"
        extras = []
        if self.operation_id:
            extras.append(f"operation {self.operation_id}")
        if self._log_url:
            extras.append(f"log: {_one_line(self._log_url)}")
        if self._request_id:
            extras.append(f"request id: {_one_line(self._request_id)}")
        if extras:
            text += f" ({', '.join(extras)})"
        return text


class ServerValidationError(ApiError):
    """The server rejected the request as invalid (400 or 422)."""


class BadRequestError(ServerValidationError):
    """HTTP 400 Bad Request."""


class UnprocessableEntityError(ServerValidationError):
    """HTTP 422 Unprocessable Entity."""


class AuthenticationError(ApiError):
    """HTTP 401 Unauthorized: missing or invalid credentials."""


class PermissionDeniedError(ApiError):
    """HTTP 403 Forbidden: the credentials may not perform this operation."""


class NotFoundError(ApiError):
    """HTTP 404 Not Found."""


class ConflictError(ApiError):
    """HTTP 409 Conflict."""


class RateLimitError(ApiError):
    """HTTP 429 Too Many Requests.

    ``retry_after`` is the wait the server asked for, in seconds (from the
    ``Retry-After`` header, either delay-seconds or an HTTP date), or ``None``.
    """

    def __init__(
        self,
        *,
        status: int,
        request: httpx.Request | None,
        response: httpx.Response | None,
        body: object = None,
        operation_id: str | None = None,
        data: object = _SAME,
        decoded: bool = False,
    ) -> None:
        super().__init__(
            status=status,
            request=request,
            response=response,
            body=body,
            operation_id=operation_id,
            data=data,
            decoded=decoded,
        )
        header = response.headers.get("retry-after") if response is not None else None
        self.retry_after: float | None = parse_retry_after(header, now=time.time())


class ServerError(ApiError):
    """Any HTTP 5xx status: the server failed to handle the request."""


_STATUS_CLASSES: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for_status(status: int) -> type[ApiError]:
    """Return the exception class used for an HTTP error ``status``.

    Known 4xx statuses map to their own class, any 5xx to :class:`ServerError`, anything
    else to :class:`ApiError`.
    """
    if status in _STATUS_CLASSES:
        return _STATUS_CLASSES[status]
    if status in _SERVER_ERROR_STATUSES:
        return ServerError
    return ApiError


_DECODE_JSON: object = object()


def api_error_from_response(
    response: httpx.Response,
    *,
    body: object = _DECODE_JSON,
    operation_id: str | None = None,
    data: object = _SAME,
    decoded: bool = False,
    classes: Mapping[type[ApiError], type[ApiError]] | None = None,
) -> ApiError:
    """Build the right :class:`ApiError` subclass for an error ``response``.

    When ``body`` is not given, the response body is decoded as JSON (``None`` if it is
    not JSON). ``data`` is the body's JSON value (default: ``body``), ``decoded`` whether
    ``body`` was decoded with the operation's error schema; ``classes`` replaces the class
    :func:`error_for_status` gives by a subclass (the package's typed error classes).
    """
    if body is _DECODE_JSON:
        body = _json_or_none(response)
    cls = error_for_status(response.status_code)
    if classes:
        cls = classes.get(cls, cls)
    return cls(
        status=response.status_code,
        request=_request_of(response),
        response=response,
        body=body,
        operation_id=operation_id,
        data=data,
        decoded=decoded,
    )


def typed_body(error: ApiError) -> Any:
    """The decoded error model of ``error``, or ``None`` when the body was not decoded with
    the operation's error schema (what the typed ``body`` of the package's classes gives)."""
    return error._body if error.decoded else None


def _request_of(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a response built by hand has no request
        return None


def _json_or_none(response: httpx.Response) -> object:
    try:
        return response.json()
    except (ValueError, httpx.ResponseNotRead):  # JSONDecodeError and UnicodeDecodeError
        return None


# --------------------------------------------------------------------------- tasks


class TaskError(ApiClientError):
    """Base class of the asynchronous-task helper errors."""

    def __init__(self, message: str, *, task_id: str) -> None:
        self.task_id = task_id
        super().__init__(message)


class TaskFailedError(TaskError):
    """The task finished unsuccessfully.

    ``error`` is the task's error object as reported by the API, ``result`` the last status
    response received. Each task operation's handles raise a subclass of this one whose
    ``error`` is typed as the spec gives it (``<Operation>TaskFailed``, exported by the
    package).
    """

    def __init__(self, *, task_id: str, error: object, result: object = None) -> None:
        self._error: Any = error  # typed by the subclasses (``error``)
        self.result = result
        details = _ErrorDetails.extract(error)
        text = f"Task {task_id} failed"
        if details.code:
            text += f" [{_one_line(details.code)}]"
        explanation = details.message or details.title
        if explanation:
            text += f": {_one_line(explanation)}"
        elif isinstance(error, str) and error:
            text += f": {_one_line(error)}"
        super().__init__(text, task_id=task_id)

    @property
    def error(self) -> object:
        """The task's error as the API reported it."""
        return self._error


class TaskTimeoutError(TaskError):
    """Polling stopped before the task finished; the task may still be running.

    ``elapsed`` is the time spent polling, in seconds. Resume by polling again with the
    same ``task_id``.
    """

    def __init__(self, *, task_id: str, elapsed: float) -> None:
        self.elapsed = elapsed
        super().__init__(
            f"Task {task_id} did not finish within {elapsed:.1f} s; it may still be running."
            f" Resume polling with task_id={task_id!r}.",
            task_id=task_id,
        )


# --------------------------------------------------------------------------- webhooks, streams


class WebhookError(ApiClientError):
    """Base class of the errors of receiving webhooks."""


class WebhookVerificationError(WebhookError):
    """The webhook request is not authentic: its signature header is missing or does not
    match, its timestamp is outside the tolerance (a replay), or no secret is configured.
    The message never contains the secret or the expected signature."""


class WebhookPayloadError(WebhookError, ValueError):
    """The webhook body is not a JSON object or does not match its schema; ``issues`` lists
    the problems found."""

    def __init__(self, message: str, *, issues: Iterable[object] = ()) -> None:
        self.issues: tuple[object, ...] = tuple(issues)
        text = message
        if self.issues:
            text += "\n" + _format_issues(self.issues, "webhook body")
        super().__init__(text)


class StreamError(ApiClientError):
    """A streamed response (server-sent events, NDJSON) held data that does not decode."""


# --------------------------------------------------------------------------- helpers


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Parse a ``Retry-After`` header value into seconds to wait (never negative).

    Accepts delay-seconds (fractions allowed) or an HTTP date (RFC 9110), which is
    compared with ``now`` (a Unix timestamp). Returns ``None`` when absent or invalid.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now
    if not math.isfinite(seconds):
        return None
    return max(seconds, 0.0)


class _ErrorDetails:
    __slots__ = ("code", "log_url", "message", "title")

    def __init__(self) -> None:
        self.code: str | None = None
        self.title: str | None = None
        self.message: str | None = None
        self.log_url: str | None = None

    @classmethod
    def extract(cls, body: object) -> _ErrorDetails:
        details = cls()
        try:
            details._fill(body)
        except Exception:  # reading details must never hide the real error
            pass
        return details

    def _fill(self, body: object) -> None:
        nested = _member(body, "error")
        sources = [nested, body] if _is_container(nested) else [body]
        if isinstance(nested, str) and nested:  # OAuth style: {"error": "invalid_grant"}
            self.code = nested
        for source in sources:
            self.code = self.code or _code(_member(source, "code", "error_code", "errorCode"))
            self.title = self.title or _text(_member(source, "title"))
            self.message = self.message or _text(
                _member(source, "message", "detail", "error_description", "description")
            )
            self.log_url = self.log_url or _text(_member(source, "log_url", "logUrl"))
        if self.code is None and _member(body, "title", "detail") is not None:
            problem_type = _text(_member(body, "type"))  # RFC 7807 problem document
            if problem_type and problem_type != "about:blank":
                self.code = problem_type


def _is_container(value: object) -> bool:
    return value is not None and not isinstance(value, _SCALARS)


def _member(source: object, *names: str) -> object:
    """Return the first non-None member ``names`` of a mapping or model object."""
    if not _is_container(source):
        return None
    for name in names:
        if isinstance(source, Mapping):
            value = source.get(name)
        else:
            value = getattr(source, name, None)
        if value is not None and not callable(value) and not isinstance(value, Unset):
            return value  # an unset optional member of a model is absent
    return None


def _code(value: object) -> str | None:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, int):
        return str(value)
    return None


def _text(value: object) -> str | None:
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, str) and value:
        return value
    return None


def _find_request_id(response: httpx.Response | None, body: object) -> str | None:
    try:
        if response is not None:
            for name in _REQUEST_ID_HEADERS:
                value: str | None = response.headers.get(name)
                if value:
                    return value
        return _text(_member(body, "request_id", "requestId"))
    except Exception:
        return None


def _one_line(text: str) -> str:
    flat = clean(text)
    return flat if len(flat) <= _MAX_TEXT else flat[: _MAX_TEXT - 1] + "…"
