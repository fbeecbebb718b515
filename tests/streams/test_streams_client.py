"""Streams, uploads and downloads through a generated client, sync and async, against a real
local HTTP server (127.0.0.1): SSE decoded into models (multi-line data, comments, reconnect
fields, [DONE]), raw events, NDJSON, errors of streaming operations, retries only before the
first byte, multipart uploads of every input kind, validation before sending."""

from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from .local_server import Handler, serve

SSE_CHUNKS = [
    b": keep-alive comment\n\n",
    b"retry: 2500\nid: e1\nevent: change\n",
    b'data: {"kind":\ndata: "created", "media_id": 7}\n\n',
    b'id: e2\r\ndata: {"kind": "deleted"}\r\n\r\n',
    b"data: [DONE]\n\n",
    b'data: {"kind": "created"}\n\n',  # after [DONE]: never read
]


def sse(handler: Handler) -> None:
    handler.send_chunks("text/event-stream", iter(SSE_CHUNKS))


def raw_sse(handler: Handler) -> None:
    handler.send_chunks("text/event-stream", iter([b"event: delete\ndata: 1234\n\n"]))


def ndjson(handler: Handler) -> None:
    lines = [
        b'{"id": 1, "title": "a"}\n',
        b'{"id": 2, "title": "b"}\n\n',
        b'{"id": 3, "title": "c"}',
    ]
    handler.send_chunks("application/x-ndjson", iter(lines))


def broken_ndjson(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/x-ndjson")
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b'{"id": 1, "title": "a"}\n')  # then the connection closes early


def flaky_then_sse(handler: Handler) -> None:
    if handler.server.requests["GET /events"] == 1:
        handler.send_json(503, {"detail": "busy"})
    else:
        sse(handler)


def missing(handler: Handler) -> None:
    handler.send_json(404, {"detail": "no such blob"})


def echo_upload(handler: Handler) -> None:
    handler.send_json(201, {"id": 1, "title": json.dumps(handler.hash_body())})


ROUTES = {
    "GET /events": flaky_then_sse,
    "GET /events/raw": raw_sse,
    "GET /export": ndjson,
    "GET /blobs/missing": missing,
    "POST /media": echo_upload,
}


@pytest.fixture
def server() -> Any:
    with serve(dict(ROUTES)) as running:
        yield running


def client(fs: ModuleType, server: Any) -> Any:
    return fs.Client(base_url=server.url, retry=fs.RetryPolicy(initial_backoff=0.01))


def async_client(fs: ModuleType, server: Any) -> Any:
    return fs.AsyncClient(base_url=server.url, retry=fs.RetryPolicy(initial_backoff=0.01))


def test_sse_decoded_into_models(fs: ModuleType, server: Any) -> None:
    with client(fs, server) as api, api.events.stream_events(since=3) as stream:
        events = list(stream)
        assert [(e.kind, e.media_id) for e in events] == [("created", 7), ("deleted", fs.UNSET)]
        assert isinstance(events[0], fs.models.Event)
        assert stream.last_event_id == "e2" and stream.retry == 2500
        assert stream.response.is_closed
    # the 503 came before the first byte of a body: retried once
    assert server.requests["GET /events"] == 2


def test_sse_async(fs: ModuleType, server: Any) -> None:
    async def run() -> list[Any]:
        async with async_client(fs, server) as api:
            stream = await api.events.stream_events()
            async with stream:
                return [e async for e in stream]

    assert [e.kind for e in asyncio.run(run())] == ["created", "deleted"]


def test_raw_events_without_a_schema(fs: ModuleType, server: Any) -> None:
    with client(fs, server) as api:
        events = list(api.events.stream_raw_events())
    assert events == [fs.ServerSentEvent(data="1234", event="delete")]


def test_ndjson_sync_and_async(fs: ModuleType, server: Any) -> None:
    with client(fs, server) as api:
        assert [m.title for m in api.export.export_records()] == ["a", "b", "c"]

    async def run() -> list[int]:
        async with async_client(fs, server) as api:
            return [m.id async for m in await api.export.export_records()]

    assert asyncio.run(run()) == [1, 2, 3]


def test_a_stream_that_breaks_off_is_not_retried(fs: ModuleType) -> None:
    with serve({"GET /export": broken_ndjson}) as running, client(fs, running) as api:
        stream = api.export.export_records()
        assert next(stream).id == 1
        with pytest.raises(fs.errors.StreamError, match="broke off"):
            next(stream)
        assert running.requests["GET /export"] == 1


def test_error_status_of_a_streaming_operation(fs: ModuleType, server: Any) -> None:
    with client(fs, server) as api:
        with pytest.raises(fs.NotFoundError) as info:
            api.blobs.get_blob_streaming(name="missing")
        assert info.value.body.detail == "no such blob"
        with pytest.raises(fs.NotFoundError):
            api.blobs.get_blob(name="missing")


def test_multipart_upload_of_each_input_kind(fs: ModuleType, server: Any, tmp_path: Path) -> None:
    path = tmp_path / "cat.png"
    path.write_bytes(b"\x89PNG cat")
    with client(fs, server) as api:
        for file in (
            b"\x89PNG bytes",
            path,
            io.BytesIO(b"\x89PNG buffer"),
            ("x.png", b"\x89PNG t", "image/png"),
        ):
            media = api.media.upload_media(
                body={
                    "file": file,
                    "thumbnails": [b"small", path],
                    "title": "Cat",
                    "focus": {"x": 0.5, "y": -0.25},
                    "tags": ["a", "b"],
                }
            )
            seen = json.loads(media.title)
            head = seen["head"]
            assert seen["content_type"].startswith("multipart/form-data; boundary=")
            assert 'name="file"' in head and "Content-Type: image/png" in head
            assert '{"x":0.5,"y":-0.25}' in head and "Content-Type: application/json" in head
            assert (
                head.count('data; name="thumbnails"') == 2 and head.count('data; name="tags"') == 2
            )
    assert server.requests["POST /media"] == 4


def test_non_file_fields_are_validated_before_sending(fs: ModuleType, server: Any) -> None:
    with client(fs, server) as api:
        with pytest.raises(fs.RequestValidationError) as info:
            api.media.upload_media(body={"file": b"x", "title": "t" * 21})
        assert [i.path for i in info.value.issues] == ["$.title"]
        with pytest.raises(fs.RequestValidationError) as info:
            api.media.upload_media(body={"title": "ok"})
        assert [i.keyword for i in info.value.issues] == ["required"]
    assert server.requests["POST /media"] == 0


def test_binary_upload_rejects_text(fs: ModuleType) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(204))
    with fs.Client(base_url="https://x.test", transport=transport) as api:
        with pytest.raises(fs.RequestValidationError, match="must be bytes, a path"):
            api.blobs.put_blob(name="a", body=["not", "a", "file"])


def test_async_errors_and_binary_of_streaming_operations(fs: ModuleType, server: Any) -> None:
    async def run() -> str:
        async with async_client(fs, server) as api:
            with pytest.raises(fs.NotFoundError) as info:
                await api.blobs.get_blob_streaming(name="missing")
            return str(info.value.body.detail)

    assert asyncio.run(run()) == "no such blob"
    assert server.requests["GET /blobs/missing"] == 1


def completions(handler: Handler) -> None:
    length = int(handler.headers["Content-Length"])
    request = json.loads(handler.rfile.read(length))
    if request.get("stream") is True:
        chunks = [f'data: {{"delta": "{w}"}}\n\n'.encode() for w in request["prompt"].split()]
        handler.send_chunks("text/event-stream", iter([*chunks, b"data: [DONE]\n\n"]))
    else:
        handler.send_json(200, {"text": request["prompt"].upper()})


def test_json_or_stream_by_the_stream_keyword(fs: ModuleType) -> None:
    with serve({"POST /completions": completions}) as running:
        with client(fs, running) as api:
            whole = api.completions.create_completion(body={"prompt": "hello big world"})
            assert isinstance(whole, fs.models.Completion) and whole.text == "HELLO BIG WORLD"
            body = fs.models.CreateCompletionRequest(prompt="hello big world")
            with api.completions.create_completion(body=body, stream=True) as events:
                assert [c.delta for c in events] == ["hello", "big", "world"]
                assert all(isinstance(c, fs.models.CompletionChunk) for c in events.__iter__())

        async def run() -> list[str]:
            async with async_client(fs, running) as api:
                events = await api.completions.create_completion(
                    body={"prompt": "a b"}, stream=True
                )
                return [c.delta async for c in events]

        assert asyncio.run(run()) == ["a", "b"]


@pytest.mark.slow  # runs mypy
def test_the_overloads_tell_mypy_which_result_comes_back(fs: ModuleType, tmp_path: Path) -> None:
    from mypy import api as mypy_api

    package_dir = Path(fs.__file__ or "").parent.parent
    usage = package_dir / "usage_overloads.py"  # beside the package: mypy finds it there
    usage.write_text(
        "from fs_client import Client, Stream\n"
        "from fs_client.models import Completion, CompletionChunk\n"
        "def use(api: Client) -> None:\n"
        "    whole: Completion = api.completions.create_completion(body={'prompt': 'x'})\n"
        "    events: Stream[CompletionChunk] = api.completions.create_completion(\n"
        "        body={'prompt': 'x'}, stream=True\n"
        "    )\n"
        "    wrong: Completion = api.completions.create_completion(\n"
        "        body={'prompt': 'x'}, stream=True\n"
        "    )\n",
        encoding="utf-8",
    )
    out, err, status = mypy_api.run(
        ["--strict", "--follow-imports=silent", "--cache-dir", str(tmp_path), str(usage)]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1 and len(errors) == 1, out + err
    assert "usage_overloads.py:8" in errors[0] and "Stream[CompletionChunk]" in errors[0]


def small_blob(handler: Handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/octet-stream")
    handler.send_header("Content-Length", "5")
    handler.end_headers()
    handler.wfile.write(b"hello")


def test_buffered_binary_responses_sync_and_async(fs: ModuleType, tmp_path: Path) -> None:
    with serve({"GET /blobs/small": small_blob}) as running:
        with client(fs, running) as api:
            blob = api.blobs.get_blob(name="small")
            assert blob.content == b"hello" and blob.write_to(tmp_path / "a") == 5

        async def run() -> tuple[bytes, int, list[bytes]]:
            async with async_client(fs, running) as api:
                blob = await api.blobs.get_blob(name="small")  # read whole: sync methods work
                return blob.content, blob.write_to(tmp_path / "b"), list(blob.iter_bytes(2))

        assert asyncio.run(run()) == (b"hello", 5, [b"he", b"ll", b"o"])
    assert (tmp_path / "b").read_bytes() == b"hello"
