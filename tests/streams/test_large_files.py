"""200 MiB up and down through a generated client against a real local server, sync and
async, with the memory the transfer allocates measured (tracemalloc peak, which also counts
the server thread): bodies are streamed, never held whole."""

from __future__ import annotations

import asyncio
import hashlib
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .local_server import BLOCK, MIB, Handler, big_download, expected_sha256, serve

SIZE_MIB = 200
LIMIT = 24 * MIB  # far below the 200 MiB a buffered transfer needs


def store(handler: Handler) -> None:
    handler.server.uploads.append(handler.hash_body())
    handler.send_response(204)
    handler.end_headers()


def media(handler: Handler) -> None:
    handler.server.uploads.append(handler.hash_body())
    handler.send_json(201, {"id": 1, "title": "stored"})


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.bin"
    with path.open("wb") as out:
        for _ in range(SIZE_MIB):
            out.write(BLOCK)
    return path


@pytest.fixture
def server() -> Iterator[Any]:
    routes = {
        "GET /blobs/big": big_download(SIZE_MIB),
        "PUT /blobs/big": store,
        "POST /media": media,
    }
    with serve(routes) as running:
        yield running


def peak_of(action: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(MIB):
            digest.update(chunk)
    return digest.hexdigest()


def test_download_streamed_to_disk_sync(fs: ModuleType, server: Any, tmp_path: Path) -> None:
    target = tmp_path / "down.bin"

    def download() -> None:
        with (
            fs.Client(base_url=server.url) as api,
            api.blobs.get_blob_streaming(name="big") as body,
        ):
            assert body.filename == "big.bin" and body.content_type == "application/octet-stream"
            assert body.write_to(target) == SIZE_MIB * MIB

    peak = peak_of(download)
    assert peak < LIMIT, f"peak {peak / MIB:.1f} MiB"
    assert sha256_of(target) == expected_sha256(SIZE_MIB)


def test_download_streamed_to_disk_async(fs: ModuleType, server: Any, tmp_path: Path) -> None:
    target = tmp_path / "down.bin"

    async def download() -> None:
        async with fs.AsyncClient(base_url=server.url) as api:
            async with await api.blobs.get_blob_streaming(name="big") as body:
                assert await body.write_to(target) == SIZE_MIB * MIB

    peak = peak_of(lambda: asyncio.run(download()))
    assert peak < LIMIT, f"peak {peak / MIB:.1f} MiB"
    assert sha256_of(target) == expected_sha256(SIZE_MIB)


def test_upload_of_a_path_sync_and_async(fs: ModuleType, server: Any, big_file: Path) -> None:
    def upload() -> None:
        with fs.Client(base_url=server.url) as api:
            api.blobs.put_blob(name="big", body=big_file)

    async def upload_async() -> None:
        async with fs.AsyncClient(base_url=server.url) as api:
            with big_file.open("rb") as opened:
                await api.blobs.put_blob(name="big", body=opened)

    for action in (upload, lambda: asyncio.run(upload_async())):
        peak = peak_of(action)
        assert peak < LIMIT, f"peak {peak / MIB:.1f} MiB"
    expected = expected_sha256(SIZE_MIB)
    assert [(u["size"], u["sha256"]) for u in server.uploads] == [(SIZE_MIB * MIB, expected)] * 2


def test_multipart_upload_of_a_large_path(fs: ModuleType, server: Any, big_file: Path) -> None:
    def upload() -> None:
        with fs.Client(base_url=server.url) as api:
            api.media.upload_media(body={"file": big_file, "title": "big"})

    peak = peak_of(upload)
    assert peak < LIMIT, f"peak {peak / MIB:.1f} MiB"
    (seen,) = server.uploads
    assert int(seen["size"]) > SIZE_MIB * MIB  # the file plus the part headers
