# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Binary response bodies: :class:`BinaryResponse` and :class:`AsyncBinaryResponse`.

They wrap an ``httpx.Response`` whose body is a file: ``content``, ``iter_bytes()``,
``write_to(path)``, ``headers``, ``content_type`` and ``filename`` (from
``Content-Disposition``, ``filename*`` preferred, without any directory part). On a response
that was not read yet (the ``..._streaming`` methods) they stream without buffering the body;
use them in a ``with`` block (or call ``close()``) when you do not read to the end.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from email.message import Message
from email.utils import collapse_rfc2231_value
from pathlib import Path
from types import TracebackType
from typing import Self

import httpx

__all__ = ["AsyncBinaryResponse", "BinaryResponse", "content_disposition_filename"]

CHUNK_SIZE = 64 * 1024


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
            self.close()

    def write_to(self, path: str | os.PathLike[str]) -> int:
        """Write the body to ``path``, chunk by chunk; return the number of bytes written."""
        written = 0
        with Path(path).open("wb") as out:
            for chunk in self.iter_bytes():
                written += out.write(chunk)
        return written

    def close(self) -> None:
        """Close the connection (a no-op once the body was read, also for the async client's
        buffered responses)."""
        if not self.response.is_closed:
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
