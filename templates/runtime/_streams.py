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
* :class:`BinaryResponse` / :class:`AsyncBinaryResponse` wrap a binary body: ``content``,
  ``iter_bytes()``, ``write_to(path)``, ``headers``, ``content_type`` and ``filename`` (from
  ``Content-Disposition``). Built on an unread response they stream without buffering.

A body that does not decode raises :class:`~.errors.StreamError` (the connection is closed).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, Literal, Self, TypeVar

import httpx

from ._validation import ValidationError
from .errors import StreamError

__all__ = [
    "AsyncBinaryResponse",
    "AsyncStream",
    "BinaryResponse",
    "SSEParser",
    "ServerSentEvent",
    "Stream",
    "content_disposition_filename",
]

T = TypeVar("T")
StreamKind = Literal["sse", "ndjson"]
CHUNK_SIZE = 64 * 1024
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


class Stream(Generic[T]):
    """The items of a streamed response, decoded as they arrive (see the module docstring)."""

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

    @property
    def last_event_id(self) -> str | None:
        """The last ``id`` field seen (send it as ``Last-Event-ID`` to resume)."""
        return self._decoding.parser.last_event_id

    @property
    def retry(self) -> int | None:
        """The last ``retry`` field seen: the reconnection delay the server asks for (ms)."""
        return self._decoding.parser.retry

    def _items(self) -> Iterator[T]:
        try:
            for chunk in self.response.iter_text():
                yield from self._decoding.items(chunk, final=False)
                if self._decoding.done:
                    return
            yield from self._decoding.items("", final=True)
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


class AsyncStream(Generic[T]):
    """:class:`Stream` for the async client: ``async for item in stream``."""

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

    @property
    def last_event_id(self) -> str | None:
        """The last ``id`` field seen (send it as ``Last-Event-ID`` to resume)."""
        return self._decoding.parser.last_event_id

    @property
    def retry(self) -> int | None:
        """The last ``retry`` field seen: the reconnection delay the server asks for (ms)."""
        return self._decoding.parser.retry

    async def _items(self) -> AsyncIterator[T]:
        try:
            async for chunk in self.response.aiter_text():
                for item in self._decoding.items(chunk, final=False):
                    yield item
                if self._decoding.done:
                    return
            for item in self._decoding.items("", final=True):
                yield item
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


# --------------------------------------------------------------------------- binary bodies


def content_disposition_filename(value: str | None) -> str | None:
    """The file name of a ``Content-Disposition`` header (``filename*`` preferred), without
    any directory part, or None."""
    if not value:
        return None
    message = Message()
    message["content-disposition"] = value
    params = message.get_params(header="content-disposition") or []
    found = [v for k, v in params if k.lower() == "filename"]
    extended = [v for v in found if isinstance(v, tuple)]  # filename*= (RFC 5987/2231)
    name = collapse_rfc2231_value(extended[0]) if extended else next(iter(found), None)
    if not isinstance(name, str) or not name:
        return None
    base = os.path.basename(name.replace("\\", "/"))
    return base if base not in ("", ".", "..") else None


class _BinaryBase:
    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def content_type(self) -> str | None:
        """The media type (without parameters), or None."""
        value = self.response.headers.get("content-type")
        return value.split(";")[0].strip() or None if value else None

    @property
    def filename(self) -> str | None:
        """The file name the server suggests (``Content-Disposition``), or None."""
        return content_disposition_filename(self.response.headers.get("content-disposition"))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status} {self.content_type or ''}>".replace(" >", ">")


class BinaryResponse(_BinaryBase):
    """A binary response body. ``content`` reads it whole; ``iter_bytes()`` and ``write_to()``
    stream it (without buffering when the response was not read yet). Use it in a ``with``
    block (or call ``close()``) when you do not read it to the end."""

    @property
    def content(self) -> bytes:
        return self.response.read()

    def iter_bytes(self, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
        try:
            yield from self.response.iter_bytes(chunk_size)
        finally:
            self.response.close()

    def write_to(self, path: str | os.PathLike[str]) -> int:
        """Write the body to ``path``, chunk by chunk; return the number of bytes written."""
        written = 0
        with Path(path).open("wb") as out:
            for chunk in self.iter_bytes():
                written += out.write(chunk)
        return written

    def close(self) -> None:
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


class AsyncBinaryResponse(_BinaryBase):
    """:class:`BinaryResponse` for the async client (``await read()``, ``aiter_bytes()``,
    ``await write_to(path)``, ``async with``)."""

    @property
    def content(self) -> bytes:
        """The body, once read (``await read()``)."""
        return self.response.content

    async def read(self) -> bytes:
        return await self.response.aread()

    async def aiter_bytes(self, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
        try:
            async for chunk in self.response.aiter_bytes(chunk_size):
                yield chunk
        finally:
            await self.response.aclose()

    async def write_to(self, path: str | os.PathLike[str]) -> int:
        """Write the body to ``path``, chunk by chunk; return the number of bytes written."""
        written = 0
        with Path(path).open("wb") as out:
            async for chunk in self.aiter_bytes():
                written += out.write(chunk)
        return written

    async def close(self) -> None:
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
