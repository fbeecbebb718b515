# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""File uploads: multipart/form-data parts and binary request bodies, streamed from disk.

A file can be given as ``bytes``, a ``pathlib.Path`` (any ``os.PathLike``), a binary file
object (``open(..., "rb")``, ``io.BytesIO``) or a tuple ``(filename, content)`` /
``(filename, content, content_type)`` whose content is one of those. Paths are opened only
while the request body is sent, and read in chunks, as are file objects: a large file is never
read whole into memory. A file object is rewound before each retry when it can seek; a body
from one that cannot (a pipe) is never resent after a response (see ``replayable``).

Multipart fields that are not files follow the spec's ``encoding`` object: an explicit
``contentType`` per part, JSON for objects (and for parts declared ``application/json``), one
part per item for arrays, text for the rest (``true``/``false`` for booleans).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any, TypeAlias, cast

__all__ = [
    "FileContent",
    "FileInput",
    "PathFile",
    "binary_body",
    "is_file",
    "multipart_body",
    "multipart_check_view",
    "replayable",
]

FileContent: TypeAlias = bytes | os.PathLike[str] | IO[bytes]
FileInput: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
CHUNK_SIZE = 64 * 1024

_Part = tuple[str | None, Any, str | None]


class PathFile(io.RawIOBase):
    """A file on disk opened only while it is read (closed again at its end), seekable so
    that its size is known without reading and a retry can start over."""

    def __init__(self, path: os.PathLike[str] | str) -> None:
        super().__init__()
        self.path = Path(path)
        self.name = self.path.name
        self._file: IO[bytes] | None = None
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if self._file is None:
            self._file = self.path.open("rb")
            self._file.seek(self._position)
        data = self._file.read(-1 if size is None else size)
        self._position += len(data)
        if not data or size is None or size < 0:
            self._release()
        return data

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        size = self.path.stat().st_size
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._position, os.SEEK_END: size}[whence]
        self._position = max(0, base + offset)
        if self._file is not None:
            self._file.seek(self._position)
        return self._position

    def tell(self) -> int:
        return self._position

    def _release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def close(self) -> None:
        self._release()
        super().close()


def _is_content(value: object) -> bool:
    if isinstance(value, io.TextIOBase):  # a text stream is not a binary file
        return False
    return isinstance(value, bytes | bytearray | os.PathLike) or callable(
        getattr(value, "read", None)
    )


def is_file(value: object) -> bool:
    """Whether ``value`` is a file input (see the module docstring)."""
    if isinstance(value, tuple):
        return len(value) in (2, 3) and _is_content(value[1])
    return _is_content(value)


def _filename(content: object, fallback: str | None) -> str | None:
    if isinstance(content, os.PathLike):
        return Path(content).name
    name = getattr(content, "name", None)
    return Path(name).name if isinstance(name, str) and name else fallback


def _opened(content: Any) -> Any:
    """What httpx reads: bytes as they are, a path as a :class:`PathFile`, a file object."""
    if isinstance(content, bytearray):
        return bytes(content)
    if isinstance(content, os.PathLike):
        return PathFile(content)
    return content


def _file_part(value: FileInput, field: str, content_type: str | None) -> _Part:
    if isinstance(value, tuple):
        filename, content = value[0], value[1]
        explicit = value[2] if len(value) == 3 else None
        return filename, _opened(content), explicit or content_type
    return _filename(value, field), _opened(value), content_type or "application/octet-stream"


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return value if isinstance(value, str) else str(value)


def _json_type(content_type: str | None) -> bool:
    base = (content_type or "").split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _plain(value: object) -> Any:
    """A model as its JSON value; any other value as it is."""
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


def _fields(body: object) -> dict[str, Any]:
    plain = _plain(body)
    return dict(plain) if isinstance(plain, Mapping) else {}


def _field_parts(name: str, value: object, content_type: str | None) -> list[_Part]:
    """The parts of one non-file field: JSON, text, or one per array item."""
    plain = _plain(value)
    if _json_type(content_type) or (content_type is None and isinstance(plain, dict)):
        text = json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
        return [(None, text.encode(), content_type or "application/json")]
    if isinstance(plain, list | tuple):
        return [part for item in plain for part in _field_parts(name, item, content_type)]
    return [(None, _text(plain).encode(), content_type)]


def multipart_body(
    body: Mapping[str, Any], encodings: Mapping[str, str] | None = None
) -> list[tuple[str, _Part]]:
    """The parts of a multipart body (httpx ``files=``), in the order of ``body``."""
    encodings = encodings or {}
    parts: list[tuple[str, _Part]] = []
    for name, value in _fields(body).items():
        content_type = encodings.get(name)
        items = value if isinstance(value, list) and value and all(map(is_file, value)) else None
        if items is not None:
            parts.extend((name, _file_part(item, name, content_type)) for item in items)
        elif is_file(value):
            parts.append((name, _file_part(cast("FileInput", value), name, content_type)))
        else:
            parts.extend((name, part) for part in _field_parts(name, value, content_type))
    return parts


def multipart_check_view(body: Mapping[str, Any]) -> dict[str, Any]:
    """``body`` as its validator sees it: files stand in as empty strings (binary strings)."""
    plain = _fields(body)
    view: dict[str, Any] = {}
    for name, value in plain.items():
        if isinstance(value, list) and value and all(map(is_file, value)):
            view[name] = [""] * len(value)
        else:
            view[name] = "" if is_file(value) else value
    return view


def replayable(content: object) -> bool:
    """Whether ``content`` can be sent again for a retry: bytes and paths can; a file object
    only when it can seek (a pipe or socket cannot)."""
    if isinstance(content, bytes | bytearray | os.PathLike | PathFile):
        return True
    return _seekable(content)


def _length(source: Any) -> int | None:
    if isinstance(source, bytes):
        return len(source)
    try:
        position: int = source.tell()
        end: int = source.seek(0, os.SEEK_END)
        source.seek(position)
        return end - position
    except (AttributeError, OSError, ValueError):
        return None


async def _chunks(source: Any) -> AsyncIterator[bytes]:
    while chunk := source.read(CHUNK_SIZE):
        yield chunk


def binary_body(value: FileInput | str) -> tuple[Callable[[bool], Any], int | None]:
    """A binary request body: a function giving httpx's ``content`` for one attempt (for the
    async client an async iterator), and the length when known (the Content-Length)."""
    if isinstance(value, tuple):
        value = value[1]
    if isinstance(value, str):
        value = value.encode()
    source = _opened(value)
    start = source.tell() if not isinstance(source, bytes) and _seekable(source) else None

    def content(is_async: bool) -> Any:
        if isinstance(source, bytes):
            return source
        if start is not None:
            source.seek(start)
        return _chunks(source) if is_async else _Reader(source)

    return content, _length(source)


def _seekable(source: Any) -> bool:
    seekable = getattr(source, "seekable", None)
    return bool(seekable()) if callable(seekable) else False


class _Reader(Iterable[bytes]):
    """Chunks of a file object for the sync client (httpx reads objects with ``read``)."""

    def __init__(self, source: Any) -> None:
        self._source = source

    def read(self, size: int = CHUNK_SIZE) -> bytes:
        data: bytes = self._source.read(size)
        return data

    def __iter__(self) -> Any:
        while chunk := self._source.read(CHUNK_SIZE):
            yield chunk
