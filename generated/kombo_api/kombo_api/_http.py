# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""HTTP transport with retries, shared by every operation of this client.

:class:`SyncTransport` and :class:`AsyncTransport` wrap an ``httpx.Client`` /
``httpx.AsyncClient``. Each call is described by a :class:`RequestSpec`; ``send`` builds
the request, sends it (retrying as described below) and returns the final
``httpx.Response`` with its body fully read, whatever its status. Turning error statuses
into exceptions is left to the caller (see ``errors.py``). Failures that produce no
response are raised as ``errors.TransportError`` (``errors.RequestTimeoutError`` for
timeouts), chained from the ``httpx`` exception; every ``httpx.RequestError`` is wrapped
this way.

Requests
--------
* URL: ``base_url`` joined with ``spec.path``; a path prefix in ``base_url`` is kept
  (``https://host/v1`` + ``/items`` gives ``https://host/v1/items``). ``base_url`` must
  not contain a query string.
* Headers, lowest precedence first: ``user_agent``, ``default_headers``, the headers
  returned by ``auth_headers()`` (called again for every attempt, so tokens can be
  refreshed), ``Content-Type`` (from ``spec.content_type``, only for a raw ``content``
  body) and the ``Cookie`` header built from ``spec.cookies``, then ``spec.headers``,
  then ``spec.extra_headers``. A header name set by a layer replaces every value the
  lower layers gave it (names compare case-insensitively).
* Timeout: ``spec.timeout`` if set, otherwise the transport's ``timeout``; it applies
  even when you pass your own ``http_client``. Redirects are not followed unless your own
  client does so.

Retry rules
-----------
* Retryable outcomes: a response whose status is in ``RetryPolicy.retry_statuses`` (408,
  429, 500, 502, 503, 504 by default), and ``httpx.TransportError`` (connect errors,
  timeouts, network and protocol errors), except ``httpx.UnsupportedProtocol`` and
  ``httpx.LocalProtocolError``, which cannot improve.
* Only requests with ``spec.retry_safe`` are retried: idempotent methods (GET, HEAD,
  OPTIONS, PUT, DELETE) and operations the generator marked safe. Two exceptions are
  retried for every method, because the server did not process the request: a status in
  ``RetryPolicy.unprocessed_statuses`` (429 by default) and a failure before any byte was
  sent (``httpx.ConnectError``, ``httpx.ConnectTimeout``, ``httpx.PoolTimeout``).
* Delay before retry *k* (k = 1 for the first retry):
  ``min(max_backoff, initial_backoff * multiplier ** (k - 1))`` multiplied by a jitter
  factor drawn uniformly from ``[1 - jitter, 1 + jitter]`` ("equal", symmetric jitter: the
  average delay is the nominal one; the result can exceed ``max_backoff`` by up to
  ``jitter``).
* ``Retry-After``: when a retryable response carries it and ``respect_retry_after`` is
  true, the delay is exactly that many seconds (fractions allowed; an HTTP date counts
  from the current wall-clock time; negative values count as 0), without jitter. If it
  exceeds ``max_retry_after`` the transport does not wait: it stops retrying. Other
  rate-limit headers (``RateLimit-Reset``, ``X-RateLimit-Reset``...) are ignored.
* Retrying stops when ``max_attempts`` tries have been made, or when the next sleep would
  take the total time since the first attempt (sleeps included) beyond ``max_elapsed``.
  The last response is then returned; if the last try raised, ``TransportError`` is
  raised.
* Each retry is logged at INFO level on the transport's logger (default: this module's
  logger) with the method, URL path (never the query string), attempt number, delay and
  reason. At DEBUG level every attempt is logged: operation, method, URL (credentials
  masked), status or failure, elapsed milliseconds and the retry decision with its wait.
  Headers are never logged, and header values that look like credentials, as well as the
  ``secrets`` a transport is given, are masked in logged and raised error messages
  (including the ``httpx`` exception a :class:`~.errors.TransportError` is chained to).

Credentials should be wrapped in :class:`Secret`, whose ``repr``/``str`` never show the
value.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import random as _random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

import httpx

from ._redact import Secrets, redact, redact_error
from ._unset import UNSET, Unset
from .errors import RequestTimeoutError, TransportError, parse_retry_after

__all__ = ["AsyncTransport", "RequestSpec", "RetryPolicy", "Secret", "SyncTransport"]

_LOGGER = logging.getLogger(__name__)
_SENSITIVE_WORDS = ("auth", "key", "token", "secret", "password", "cookie", "signature")
#: failures before any byte of the request was sent: retried whatever the method
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)

_Headers = list[tuple[str, str]]


class Secret:
    """A credential whose ``repr()`` and ``str()`` are always ``Secret('***')``.

    ``get()`` returns the value. Two secrets are equal when their values are equal
    (compared in constant time); the hash does not depend on the value.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        """Return the secret value."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(Secret)


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """When and how long to wait before retrying (see the module docstring)."""

    max_attempts: int = 4
    """Total tries including the first; 1 disables retries."""
    initial_backoff: float = 0.5
    max_backoff: float = 30.0
    multiplier: float = 2.0
    jitter: float = 0.25
    """Relative random spread of each backoff delay (0.25 means +-25 %)."""
    max_elapsed: float = 120.0
    """Total budget in seconds, sleeps included; a sleep that would exceed it is not taken."""
    retry_statuses: frozenset[int] = frozenset({408, 429, 500, 502, 503, 504})
    unprocessed_statuses: frozenset[int] = frozenset({429})
    """Retryable statuses saying the request was not processed: retried for every method."""
    respect_retry_after: bool = True
    max_retry_after: float = 300.0
    """A longer ``Retry-After`` is not waited for: retrying stops instead."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if min(self.initial_backoff, self.max_backoff, self.max_elapsed) < 0:
            raise ValueError("backoff and elapsed-time limits must not be negative")
        if self.multiplier < 1:
            raise ValueError("multiplier must be at least 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")

    @classmethod
    def none(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(max_attempts=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestSpec:
    """Everything needed to send one API call. Header, cookie and body fields are left out
    of ``repr()`` because they may carry credentials."""

    method: str
    path: str
    """Expanded and percent-encoded path starting with "/", joined to ``base_url``."""
    operation_id: str
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    cookies: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    content: bytes | Callable[[bool], Any] | None = field(default=None, repr=False)
    """The raw body, or a function giving it for one attempt (its argument: whether the
    client is async); such a function streams a file and starts it over for a retry."""
    data: Mapping[str, Any] | None = field(default=None, repr=False)
    files: Sequence[tuple[str, Any]] | None = field(default=None, repr=False)
    content_type: str | None = None
    retry_safe: bool = False
    timeout: float | None = None
    retry: RetryPolicy | None = None
    extra_headers: Mapping[str, str] | None = field(default=None, repr=False)
    options: Any = field(default=None, repr=False, compare=False)
    """The per-call ``RequestOptions`` the request was built with (they say how to read its
    response)."""


# --------------------------------------------------------------------------- retry logic


@dataclass(frozen=True, slots=True)
class _Retry:
    delay: float
    reason: str
    attempt: int  # number of the attempt about to be made (2 for the first retry)


class _RetryState:
    """Retry bookkeeping for one call; the single place where retry decisions are made."""

    __slots__ = ("_clock", "_now", "_policy", "_random", "_safe", "_started", "attempts")

    def __init__(
        self,
        policy: RetryPolicy,
        *,
        retry_safe: bool,
        clock: Callable[[], float],
        now: Callable[[], float],
        random: Callable[[], float],
    ) -> None:
        self._policy = policy
        self._safe = retry_safe
        self._clock = clock
        self._now = now
        self._random = random
        self._started = clock()
        self.attempts = 1

    def next_delay(self, outcome: httpx.Response | Exception) -> _Retry | None:
        """Return how to retry after ``outcome`` of the latest attempt, or None to stop."""
        reason = self._reason(outcome)
        if reason is None or self.attempts >= self._policy.max_attempts:
            return None
        delay = self._delay(outcome)
        if delay is None or self._clock() - self._started + delay > self._policy.max_elapsed:
            return None
        self.attempts += 1
        return _Retry(delay=delay, reason=reason, attempt=self.attempts)

    def _reason(self, outcome: httpx.Response | Exception) -> str | None:
        if isinstance(outcome, httpx.Response):
            status = outcome.status_code
            if status in self._policy.retry_statuses and (
                self._safe or status in self._policy.unprocessed_statuses
            ):
                return f"HTTP {status}"
            return None
        if isinstance(outcome, _NOT_SENT):
            return type(outcome).__name__
        if isinstance(outcome, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
            return None
        if self._safe and isinstance(outcome, httpx.TransportError):
            return type(outcome).__name__
        return None

    def _delay(self, outcome: httpx.Response | Exception) -> float | None:
        policy = self._policy
        if isinstance(outcome, httpx.Response) and policy.respect_retry_after:
            header = outcome.headers.get("retry-after")
            requested = parse_retry_after(header, now=self._now())
            if requested is not None:
                return requested if requested <= policy.max_retry_after else None
        try:
            nominal = policy.initial_backoff * policy.multiplier ** (self.attempts - 1)
        except OverflowError:
            nominal = policy.max_backoff
        factor = 1.0 + policy.jitter * (2.0 * self._random() - 1.0)
        return min(policy.max_backoff, nominal) * factor


# --------------------------------------------------------------------------- shared core


class _TransportCore:
    """Configuration and request building shared by the sync and async transports."""

    def __init__(
        self,
        *,
        base_url: str,
        auth_headers: Callable[[], Mapping[str, str]] | None,
        default_headers: Mapping[str, str] | None,
        timeout: float | None,
        retry: RetryPolicy | None,
        logger: logging.Logger | None,
        clock: Callable[[], float],
        now: Callable[[], float],
        random: Callable[[], float],
        user_agent: str | None,
        secrets: Iterable[str],
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._secrets = Secrets.of(secrets)
        self._auth_headers = auth_headers
        agent: _Headers = [("User-Agent", user_agent)] if user_agent is not None else []
        self._default_headers = _layer(agent, (default_headers or {}).items())
        self._timeout = timeout
        self._retry = retry if retry is not None else RetryPolicy()
        self._logger = logger if logger is not None else _LOGGER
        self._clock = clock
        self._now = now
        self._random = random

    @property
    def base_url(self) -> str:
        """The base URL every request path is joined to."""
        return self._base_url

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r})"

    def _start(self, spec: RequestSpec) -> _RetryState:
        policy = spec.retry if spec.retry is not None else self._retry
        return _RetryState(
            policy,
            retry_safe=spec.retry_safe,
            clock=self._clock,
            now=self._now,
            random=self._random,
        )

    def _build(
        self, client: httpx.Client | httpx.AsyncClient, spec: RequestSpec
    ) -> tuple[httpx.Request, tuple[str, ...]]:
        """Build the request for one attempt; also return the credential values to mask."""
        auth = list(self._auth_headers().items()) if self._auth_headers is not None else []
        body_headers: _Headers = []
        if spec.content is not None and spec.content_type is not None:
            body_headers.append(("Content-Type", spec.content_type))
        if spec.cookies:
            body_headers.append(("Cookie", "; ".join(f"{k}={v}" for k, v in spec.cookies)))
        headers = self._default_headers
        for layer in (auth, body_headers, spec.headers, (spec.extra_headers or {}).items()):
            headers = _layer(headers, layer)
        timeout = spec.timeout if spec.timeout is not None else self._timeout
        content = spec.content
        if callable(content):
            content = content(isinstance(client, httpx.AsyncClient))
        request = client.build_request(
            spec.method.upper(),
            self._url(spec.path),
            params=spec.query or None,
            headers=headers,
            content=content,
            data=spec.data,
            files=spec.files,
            timeout=timeout,
        )
        return request, _secrets(headers, auth, self._secrets)

    def _decide(
        self,
        spec: RequestSpec,
        request: httpx.Request,
        outcome: httpx.Response | Exception,
        state: _RetryState,
        sent_at: float,
        masked: tuple[str, ...],
    ) -> _Retry | None:
        """The retry decision after one attempt, logged (DEBUG: every attempt; INFO: retries)."""
        attempt = state.attempts
        retry = state.next_delay(outcome)
        if self._logger.isEnabledFor(logging.DEBUG):
            result = (
                f"HTTP {outcome.status_code}"
                if isinstance(outcome, httpx.Response)
                else type(outcome).__name__
            )
            decision = f"retrying in {retry.delay:.2f} s" if retry is not None else "final"
            self._logger.debug(
                "%s: %s %s -> %s in %.0f ms (attempt %d; %s)",
                spec.operation_id,
                request.method,
                redact(str(request.url), masked),
                result,
                (self._clock() - sent_at) * 1000.0,
                attempt,
                decision,
            )
        if retry is not None:
            self._logger.info(
                "Retrying %s %s (attempt %d) in %.2f s after %s",
                request.method,
                redact(request.url.path, masked),
                retry.attempt,
                retry.delay,
                redact(retry.reason, masked),
            )
        return retry

    def _url(self, path: str) -> str:
        if path.startswith(("https://", "http://")):
            return path  # an absolute URL (a followed ``Link`` header, RequestOptions.url)
        return self._base_url + (path if path.startswith("/") else f"/{path}")

    def derive(
        self,
        *,
        timeout: float | Unset | None = UNSET,
        retry: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A transport sharing this one's connection pool (and never closing it), with
        another ``timeout`` or ``retry`` policy and ``headers`` added to the defaults."""
        derived = object.__new__(type(self))
        derived.__dict__.update(self.__dict__)
        if not isinstance(timeout, Unset):
            derived._timeout = timeout
        if retry is not None:
            derived._retry = retry
        derived._default_headers = _layer(self._default_headers, (headers or {}).items())
        derived.__dict__["_owns_client"] = False
        return derived

    @staticmethod
    def _failure(
        exc: httpx.RequestError, request: httpx.Request, attempts: int, masked: tuple[str, ...]
    ) -> TransportError:
        url = request.url
        port = f":{url.port}" if url.port is not None else ""
        where = f"{request.method} {url.scheme}://{url.host}{port}{url.path}"
        redact_error(exc, masked)  # the chained httpx error is shown in tracebacks too
        detail = redact(str(exc), masked)
        message = f"{type(exc).__name__} on {redact(where, masked)} after {attempts} attempt(s)"
        message += f": {detail}" if detail else ""
        cls = RequestTimeoutError if isinstance(exc, httpx.TimeoutException) else TransportError
        return cls(message, request=request, attempts=attempts)


def _layer(lower: _Headers, upper: Iterable[tuple[str, str]]) -> _Headers:
    """Put header pairs ``upper`` over ``lower``: names in ``upper`` drop lower values."""
    pairs = list(upper)
    names = {name.lower() for name, _ in pairs}
    return [(n, v) for n, v in lower if n.lower() not in names] + pairs


def _secrets(headers: _Headers, auth: _Headers, known: tuple[str, ...]) -> Secrets:
    """Every form of the credential-like header values and ``known`` secrets, longest first."""
    sensitive = [v for n, v in headers if any(w in n.lower() for w in _SENSITIVE_WORDS)]
    return Secrets.of([*sensitive, *(v for _, v in auth), *known])


# --------------------------------------------------------------------------- transports


class SyncTransport(_TransportCore):
    """Blocking transport built on ``httpx.Client``.

    Pass ``transport`` to use a custom ``httpx`` transport, or ``http_client`` to use your
    own client (which this object then never closes); not both. ``clock`` (monotonic),
    ``now`` (wall clock), ``sleep`` and ``random`` exist for tests. ``secrets``: credential
    values to mask wherever this transport shows text (see :func:`._redact.secret_forms`).
    """

    def __init__(
        self,
        *,
        base_url: str,
        auth_headers: Callable[[], Mapping[str, str]] | None = None,
        default_headers: Mapping[str, str] | None = None,
        timeout: float | None = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        logger: logging.Logger | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        random: Callable[[], float] = _random.random,
        user_agent: str | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        if transport is not None and http_client is not None:
            raise ValueError("pass either transport or http_client, not both")
        super().__init__(
            base_url=base_url,
            auth_headers=auth_headers,
            default_headers=default_headers,
            timeout=timeout,
            retry=retry,
            logger=logger,
            clock=clock,
            now=now,
            random=random,
            user_agent=user_agent,
            secrets=secrets,
        )
        self._owns_client = http_client is None
        self._client = http_client if http_client is not None else httpx.Client(transport=transport)
        self._sleep = sleep

    def send(self, spec: RequestSpec, *, stream: bool = False) -> httpx.Response:
        """Send ``spec``, retrying per policy; return the final response (body read, unless
        ``stream``: then only its head is, and retries happen only before its first byte)."""
        state = self._start(spec)
        while True:
            request, masked = self._build(self._client, spec)
            sent_at = self._clock()
            try:
                response = self._client.send(request, stream=stream)
            except httpx.RequestError as exc:
                retry = self._decide(spec, request, exc, state, sent_at, masked)
                if retry is None:
                    raise self._failure(exc, request, state.attempts, masked) from exc
            else:
                retry = self._decide(spec, request, response, state, sent_at, masked)
                if retry is None:
                    return response
                response.close()
            self._sleep(retry.delay)

    def close(self) -> None:
        """Close the underlying ``httpx.Client`` if this transport created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncTransport(_TransportCore):
    """Asyncio transport built on ``httpx.AsyncClient``; same behaviour as SyncTransport."""

    def __init__(
        self,
        *,
        base_url: str,
        auth_headers: Callable[[], Mapping[str, str]] | None = None,
        default_headers: Mapping[str, str] | None = None,
        timeout: float | None = 30.0,
        retry: RetryPolicy | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        logger: logging.Logger | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        random: Callable[[], float] = _random.random,
        user_agent: str | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        if transport is not None and http_client is not None:
            raise ValueError("pass either transport or http_client, not both")
        super().__init__(
            base_url=base_url,
            auth_headers=auth_headers,
            default_headers=default_headers,
            timeout=timeout,
            retry=retry,
            logger=logger,
            clock=clock,
            now=now,
            random=random,
            user_agent=user_agent,
            secrets=secrets,
        )
        self._owns_client = http_client is None
        self._client = (
            http_client if http_client is not None else httpx.AsyncClient(transport=transport)
        )
        self._sleep = sleep

    async def send(self, spec: RequestSpec, *, stream: bool = False) -> httpx.Response:
        """Send ``spec``, retrying per policy; return the final response (body read, unless
        ``stream``: then only its head is, and retries happen only before its first byte)."""
        state = self._start(spec)
        while True:
            request, masked = self._build(self._client, spec)
            sent_at = self._clock()
            try:
                response = await self._client.send(request, stream=stream)
            except httpx.RequestError as exc:
                retry = self._decide(spec, request, exc, state, sent_at, masked)
                if retry is None:
                    raise self._failure(exc, request, state.attempts, masked) from exc
            else:
                retry = self._decide(spec, request, response, state, sent_at, masked)
                if retry is None:
                    return response
                await response.aclose()
            await self._sleep(retry.delay)

    async def aclose(self) -> None:
        """Close the underlying ``httpx.AsyncClient`` if this transport created it."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
