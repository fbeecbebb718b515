"""Tests for templates/runtime/_files.py through the transport of _http.py (MockTransport):
each file input kind in a multipart body, the encoding object, binary bodies, retries."""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import io
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest


@pytest.fixture
def files(runtime: Callable[[str], ModuleType]) -> ModuleType:
    return runtime("_files")


@pytest.fixture
def http(files: ModuleType, runtime: Callable[[str], ModuleType]) -> ModuleType:
    return runtime("_http")


def parts(request: httpx.Request) -> list[tuple[str, str | None, str | None, bytes]]:
    """(name, filename, content type, payload) of each part of a multipart request."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    out = []
    for part in message.iter_parts():
        disposition = part.get("content-disposition")
        params = dict(disposition.params)
        payload = part.get_payload(decode=True)
        out.append((params["name"], params.get("filename"), part.get("content-type"), payload))
    return out


def send(http: ModuleType, **spec: Any) -> list[httpx.Request]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(503 if len(seen) == 1 else 200)

    transport = http.SyncTransport(
        base_url="https://api.test",
        transport=httpx.MockTransport(handler),
        sleep=lambda _: None,
    )
    with transport:
        transport.send(
            http.RequestSpec(method="POST", path="/up", operation_id="Up", retry_safe=True, **spec)
        )
    return seen


def test_multipart_with_every_input_kind(
    files: ModuleType, http: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG-from-disk")
    opened = (
        (tmp_path / "notes.txt").open("rb")
        if (tmp_path / "notes.txt").write_bytes(b"notes")
        else None
    )
    body = {
        "raw": b"raw-bytes",
        "path": path,
        "fileobj": opened,
        "buffer": io.BytesIO(b"in-memory"),
        "tuple": ("report.csv", b"a,b\n1,2\n", "text/csv"),
        "pair": ("data.bin", io.BytesIO(b"pair")),
        "many": [b"one", ("two.txt", b"two", "text/plain")],
        "title": "Holiday",
        "count": 3,
        "public": True,
        "tags": ["a", "b"],
        "meta": {"k": [1, 2]},
    }
    encodings = {"raw": "image/jpeg", "count": "text/plain"}
    requests = send(http, files=files.multipart_body(body, encodings))
    assert opened is not None
    opened.close()
    assert len(requests) == 2  # retried after the 503: every file is sent again in full
    for request in requests:
        assert parts(request) == [
            ("raw", "raw", "image/jpeg", b"raw-bytes"),
            ("path", "photo.png", "application/octet-stream", b"\x89PNG-from-disk"),
            ("fileobj", "notes.txt", "application/octet-stream", b"notes"),
            ("buffer", "buffer", "application/octet-stream", b"in-memory"),
            ("tuple", "report.csv", "text/csv", b"a,b\n1,2\n"),
            ("pair", "data.bin", "application/octet-stream", b"pair"),  # guessed by httpx
            ("many", "many", "application/octet-stream", b"one"),
            ("many", "two.txt", "text/plain", b"two"),
            ("title", None, None, b"Holiday"),
            ("count", None, "text/plain", b"3"),
            ("public", None, None, b"true"),
            ("tags", None, None, b"a"),
            ("tags", None, None, b"b"),
            ("meta", None, "application/json", b'{"k":[1,2]}'),
        ]


def test_json_part_by_encoding_and_the_validator_view(files: ModuleType) -> None:
    built = files.multipart_body({"ids": [1, 2]}, {"ids": "application/json"})
    assert built == [("ids", (None, b"[1,2]", "application/json"))]
    view = files.multipart_check_view({"f": b"x", "fs": [b"a", b"b"], "n": 1})
    assert view == {"f": "", "fs": ["", ""], "n": 1}
    assert files.is_file(("a.txt", b"x")) and not files.is_file(("a", "b"))
    assert not files.is_file("text") and files.is_file(bytearray(b"x"))


def test_binary_bodies_stream_and_restart_for_a_retry(
    files: ModuleType, http: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"0123456789" * 10_000)
    for value in (path, io.BytesIO(path.read_bytes()), b"0123456789" * 10_000):
        content, length = files.binary_body(value)
        assert length == 100_000
        requests = send(
            http,
            content=content,
            content_type="application/octet-stream",
            headers=(("Content-Length", str(length)),),
        )
        assert [r.content == path.read_bytes() for r in requests] == [True, True]
        assert requests[0].headers["content-length"] == "100000"


def test_path_file_is_lazy_and_closes_itself(files: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"abcdef")
    lazy = files.PathFile(path)
    assert lazy._file is None and lazy.seek(0, 2) == 6 and lazy.seek(0) == 0
    assert lazy.read(4) == b"abcd" and lazy._file is not None
    assert lazy.read(4) == b"ef" and lazy.read(4) == b""
    assert lazy._file is None
    lazy.seek(2)
    assert lazy.read() == b"cdef" and lazy._file is None
    lazy.close()


def test_async_binary_body_and_multipart(
    files: ModuleType, http: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"xyz" * 50_000)
    seen: list[bytes] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(await request.aread())
        return httpx.Response(200)

    async def run() -> None:
        async with http.AsyncTransport(
            base_url="https://api.test", transport=httpx.MockTransport(handler)
        ) as transport:
            content, length = files.binary_body(path)
            spec = http.RequestSpec(
                method="PUT",
                path="/blob",
                operation_id="Put",
                content=content,
                content_type="application/octet-stream",
                headers=(("Content-Length", str(length)),),
            )
            await transport.send(spec)
            multipart = files.multipart_body({"file": path, "name": "n"})
            await transport.send(
                http.RequestSpec(method="POST", path="/m", operation_id="M", files=multipart)
            )

    asyncio.run(run())
    assert seen[0] == path.read_bytes()
    assert path.read_bytes() in seen[1] and b'name="name"' in seen[1]
