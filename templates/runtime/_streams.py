# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Streamed responses: server-sent events, NDJSON lines and binary bodies.

* :class:`Stream` / :class:`AsyncStream` iterate the items of a ``text/event-stream`` or
  ``application/x-ndjson`` / ``application/jsonl`` response as they arrive. Server-sent events
  are parsed as the HTML standard says (``event``, ``data`` over several lines joined by
  ``\\n``, ``id``, ``retry``, ``:`` comments, CR/LF/CRLF line ends, a leading BOM); each event's
  ``data`` is decoded by the decoder of its event name, else the default one (JSON, then the
  declared model), or kept as a :class:`ServerSentEvent` when the spec declares no schema. An
  event whose data is ``[DONE]`` ends the stream. NDJSON gives one decoded item per non-empty
  line. The connection is closed when the items are exhausted, on ``close()``, and when a
  ``with`` block is left; ``last_event_id`` and ``retry`` keep the reconnection fields seen.
* :func:`open_stream` / :func:`aopen_stream` turn the unread response of a streaming
  operation into its result: a stream, a binary response (``_binary.py``) streamed without
  buffering, or the error the status maps to (the error body is read first).

A body that does not decode, or a connection that breaks off mid-stream, raises
:class:`~.errors.StreamError` (the connection is closed; nothing is retried once the first
byte of the body has arrived).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, Literal, Self, TypeVar

import httpx

from ._base import Context, Decoder, RequestOptions, pick_decoder, read_response
from ._binary import AsyncBinaryResponse, BinaryResponse
from ._validation import ValidationError
from .errors import StreamError

__all__ = [
    "AsyncStream",
    "SSEParser",
    "ServerSentEvent",
    "Stream",
    "aopen_stream",
    "open_stream",
]

T = TypeVar("T")
StreamKind = Literal["sse", "ndjson"]
DONE = "[DONE]"


@dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One event of a ``text/event-stream`` body."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """The data parsed as JSON."""
        return json.loads(self.data)


class SSEParser:
    """Incremental parser: feed it lines (without their line ends), get events back."""

    __slots__ = ("_data", "_event", "_first", "last_event_id", "retry")

    def __init__(self) -> None:
        self._data: list[str] = []
        self._event = ""
        self._first = True
        self.last_event_id: str | None = None
        self.retry: int | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        """Process one line; return the event an empty line completes, if any."""
        if self._first:
            line = line.removeprefix("\ufeff")
            self._first = False
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self.last_event_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        data, event = self._data, self._event
        self._data, self._event = [], ""
        if not data:
            return None
        return ServerSentEvent(
            data="\n".join(data),
            event=event or "message",
            id=self.last_event_id,
            retry=self.retry,
        )


_LINE_END = re.compile(r"\r\n|\r|\n")


class _Decoding(Generic[T]):
    """Turns text chunks into items; shared by the sync and async streams."""

    def __init__(
        self,
        kind: StreamKind,
        decode: Callable[[Any], T] | None,
        event_decoders: Mapping[str, Callable[[Any], Any]],
        operation_id: str,
    ) -> None:
        self.kind = kind
        self.decode = decode
        self.event_decoders = event_decoders
        self.operation_id = operation_id
        self.parser = SSEParser()
        self.buffer = ""
        self.done = False

    def items(self, chunk: str, final: bool) -> Iterator[T]:
        text = self.buffer + chunk
        held_cr = not final and text.endswith("\r")  # may be the first half of a CRLF
        lines = _LINE_END.split(text[:-1] if held_cr else text)
        rest = lines.pop()
        if final and rest:
            lines.append(rest)
            rest = ""
        self.buffer = rest + ("\r" if held_cr else "")
        for line in lines:
            item = self._line(line)
            if self.done:
                return
            if item is not _SKIP:
                yield item  # type: ignore[misc]

    def _line(self, line: str) -> object:
        if self.kind == "ndjson":
            return self._decoded(line, self.decode) if line.strip() else _SKIP
        event = self.parser.feed(line)
        if event is None:
            return _SKIP
        if event.data == DONE:
            self.done = True
            return _SKIP
        decode = self.event_decoders.get(event.event, self.decode)
        return event if decode is None else self._decoded(event.data, decode)

    def _decoded(self, text: str, decode: Callable[[Any], Any] | None) -> object:
        try:
            value = json.loads(text)
            return value if decode is None else decode(value)
        except ValueError as exc:  # JSONDecodeError and ValidationError
            issues = exc.issues if isinstance(exc, ValidationError) else ()
            detail = "; ".join(str(i) for i in issues) if issues else str(exc)
            where = f" of {self.operation_id}" if self.operation_id else ""
            raise StreamError(f"a streamed item{where} does not decode: {detail}") from exc


_SKIP = object()


class _StreamBase(Generic[T]):
    """What both streams share: the response, the decoding state and the SSE fields seen."""

    def __init__(
        self,
        response: httpx.Response,
        *,
        kind: StreamKind,
        decode: Callable[[Any], T] | None = None,
        event_decoders: Mapping[str, Callable[[Any], Any]] | None = None,
        operation_id: str = "",
    ) -> None:
        self.response = response
        self._decoding: _Decoding[T] = _Decoding(kind, decode, event_decoders or {}, operation_id)
        self._iterator = self._items()

    def _items(self) -> Any:
        """The generator of the items (each stream reads the body its own way)."""
        raise NotImplementedError

    @property
    def last_event_id(self) -> str | None:
        """The last ``id`` field seen (send it as ``Last-Event-ID`` to resume)."""
        return self._decoding.parser.last_event_id

    @property
    def retry(self) -> int | None:
        """The last ``retry`` field seen: the reconnection delay the server asks for (ms)."""
        return self._decoding.parser.retry


class Stream(_StreamBase[T]):
    """The items of a streamed response, decoded as they arrive (see the module docstring)."""

    _iterator: Generator[T, None, None]

    def _items(self) -> Generator[T, None, None]:
        try:
            for chunk in self.response.iter_text():
                yield from self._decoding.items(chunk, final=False)
                if self._decoding.done:
                    return
            yield from self._decoding.items("", final=True)
        except httpx.TransportError as exc:
            raise StreamError(f"the stream broke off: {type(exc).__name__}") from exc
        finally:
            self.response.close()

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        """Stop reading and close the connection."""
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(_StreamBase[T]):
    """:class:`Stream` for the async client: ``async for item in stream``."""

    _iterator: AsyncGenerator[T, None]

    async def _items(self) -> AsyncGenerator[T, None]:
        try:
            async for chunk in self.response.aiter_text():
                for item in self._decoding.items(chunk, final=False):
                    yield item
                if self._decoding.done:
                    return
            for item in self._decoding.items("", final=True):
                yield item
        except httpx.TransportError as exc:
            raise StreamError(f"the stream broke off: {type(exc).__name__}") from exc
        finally:
            await self.response.aclose()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def close(self) -> None:
        """Stop reading and close the connection."""
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


# --------------------------------------------------------------------------- operations


def open_stream(
    response: httpx.Response,
    *,
    ctx: Context,
    options: RequestOptions | None,
    success: Mapping[str, Decoder],
    errors: Mapping[str, Decoder],
    operation_id: str,
) -> Any:
    """The result of a streaming operation from its unread ``response`` (sync client)."""
    kind, decode, _ = _chosen(response, success)
    if kind in ("sse", "ndjson"):
        return Stream(response, kind=kind, decode=decode, operation_id=operation_id)  # type: ignore[arg-type]
    if kind == "bytes":
        return BinaryResponse(response)
    try:
        response.read()
    finally:
        response.close()
    return read_response(
        response, ctx, options, success=success, errors=errors, operation_id=operation_id
    )


async def aopen_stream(
    response: httpx.Response,
    *,
    ctx: Context,
    options: RequestOptions | None,
    success: Mapping[str, Decoder],
    errors: Mapping[str, Decoder],
    operation_id: str,
) -> Any:
    """The result of a streaming operation from its unread ``response`` (async client)."""
    kind, decode, _ = _chosen(response, success)
    if kind in ("sse", "ndjson"):
        return AsyncStream(response, kind=kind, decode=decode, operation_id=operation_id)  # type: ignore[arg-type]
    if kind == "bytes":
        return AsyncBinaryResponse(response)
    try:
        await response.aread()
    finally:
        await response.aclose()
    return read_response(
        response, ctx, options, success=success, errors=errors, operation_id=operation_id
    )


def _chosen(response: httpx.Response, success: Mapping[str, Decoder]) -> Decoder:
    """How a 2xx response is read; ("error", None) for any other status."""
    if not 200 <= response.status_code < 300:
        return ("error", None, None)
    return pick_decoder(success, response.status_code) or ("empty", None, None)
