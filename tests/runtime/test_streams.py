"""Tests for templates/runtime/_streams.py and _binary.py: SSE parsing per the HTML standard,
NDJSON, [DONE], closing, decoding errors, binary responses and Content-Disposition
(MockTransport)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest


@pytest.fixture
def st(runtime: Callable[[str], ModuleType]) -> ModuleType:
    return runtime("_streams")


@pytest.fixture
def binary(st: ModuleType, runtime: Callable[[str], ModuleType]) -> ModuleType:
    return runtime("_binary")


@pytest.fixture
def errors(st: ModuleType, runtime: Callable[[str], ModuleType]) -> ModuleType:
    return runtime("errors")


class Body(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body sent in the given chunks; records whether it was closed."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = chunks
        self.sent = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.sent += 1
            yield chunk

    async def __aiter__(self) -> Any:
        for chunk in self.chunks:
            self.sent += 1
            yield chunk

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def streamed(chunks: list[bytes], headers: dict[str, str] | None = None) -> tuple[Any, Body]:
    body = Body(chunks)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers or {}, stream=body)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    response = client.send(client.build_request("GET", "https://x.test/s"), stream=True)
    return response, body


async def astreamed(chunks: list[bytes]) -> tuple[Any, Body]:
    body = Body(chunks)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=body)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    response = await client.send(client.build_request("GET", "https://x.test/s"), stream=True)
    return response, body


SSE = (
    b"\xef\xbb\xbf: a comment line, ignored\n"
    b"retry: 3000\n"
    b"id: 1\n"
    b"event: delta\n"
    b"data: first line\n"
    b"data:second line\n"
    b"data\n"
    b"\n"
    b"id: 2\r\n"
    b'data: {"n": 2}\r\n'
    b"\r\n"
    b"unknown-field: ignored\r"
    b"retry: soon\r"
    b"data: 3\r"
    b"\r"
    b"data: [DONE]\n\n"
    b"data: never read\n\n"
)


def split_everywhere(data: bytes) -> list[bytes]:
    return [data[i : i + 1] for i in range(len(data))]


@pytest.mark.parametrize("chunking", ["whole", "bytewise"])
def test_sse_fields_multiline_data_comments_and_done(st: ModuleType, chunking: str) -> None:
    chunks = [SSE] if chunking == "whole" else split_everywhere(SSE)
    response, body = streamed(chunks)
    stream = st.Stream(response, kind="sse")
    events = list(stream)
    assert events == [
        st.ServerSentEvent(data="first line\nsecond line\n", event="delta", id="1", retry=3000),
        st.ServerSentEvent(data='{"n": 2}', event="message", id="2", retry=3000),
        st.ServerSentEvent(data="3", event="message", id="2", retry=3000),
    ]
    assert stream.last_event_id == "2" and stream.retry == 3000
    assert response.is_closed and body.closed


def test_sse_data_decoded_by_event_name(st: ModuleType) -> None:
    text = b'event: ping\ndata: {"t": 1}\n\ndata: {"v": "a"}\n\nevent: end\ndata: null\n\n'
    response, _ = streamed([text])
    items = list(
        st.Stream(
            response,
            kind="sse",
            decode=lambda v: ("default", v),
            event_decoders={"ping": lambda v: ("ping", v)},
        )
    )
    assert items == [("ping", {"t": 1}), ("default", {"v": "a"}), ("default", None)]


def test_sse_incomplete_last_event_is_dropped(st: ModuleType) -> None:
    response, _ = streamed([b"data: a\n\ndata: b"])
    assert [e.data for e in st.Stream(response, kind="sse")] == ["a"]


def test_ndjson_one_item_per_line(st: ModuleType) -> None:
    response, body = streamed([b'{"a": 1}\n\n{"a"', b': 2}\r\n{"a": 3}'])
    items = list(st.Stream(response, kind="ndjson", decode=lambda v: v["a"]))
    assert items == [1, 2, 3] and body.closed


def test_bad_item_raises_stream_error_and_closes(st: ModuleType, errors: ModuleType) -> None:
    response, body = streamed([b'{"a": 1}\nnot json\n{"a": 3}\n'])
    stream = st.Stream(response, kind="ndjson", operation_id="ListThings")
    assert next(stream) == {"a": 1}
    with pytest.raises(errors.StreamError, match="of ListThings does not decode"):
        next(stream)
    assert body.closed


def test_validation_errors_name_the_problems(
    st: ModuleType, errors: ModuleType, runtime: Callable[[str], ModuleType]
) -> None:
    validation = runtime("_validation")

    def decode(value: Any) -> Any:
        raise validation.ValidationError([validation.ValidationIssue("$.a", "is not a string")])

    response, _ = streamed([b'data: {"a": 1}\n\n'])
    with pytest.raises(errors.StreamError, match=r"\$\.a: is not a string"):
        list(st.Stream(response, kind="sse", decode=decode))


def test_close_and_with_block_close_the_connection_early(st: ModuleType) -> None:
    response, body = streamed([b"data: 1\n\n", b"data: 2\n\n", b"data: 3\n\n"])
    with st.Stream(response, kind="sse") as stream:
        assert next(stream).data == "1"
    assert body.closed and body.sent < 3
    response, body = streamed([b"data: 1\n\n", b"data: 2\n\n"])
    stream = st.Stream(response, kind="sse")
    next(stream)
    stream.close()
    assert body.closed
    with pytest.raises(StopIteration):
        next(stream)


def test_async_stream(st: ModuleType) -> None:
    async def run() -> tuple[list[Any], Body, list[Any], Body]:
        response, body = await astreamed(split_everywhere(SSE))
        events = [e async for e in st.AsyncStream(response, kind="sse")]
        response2, body2 = await astreamed([b"1\n2\n", b"3\n"])
        async with st.AsyncStream(response2, kind="ndjson") as stream:
            first = [await stream.__anext__()]
        return events, body, first, body2

    events, body, first, body2 = asyncio.run(run())
    assert [e.data for e in events] == ["first line\nsecond line\n", '{"n": 2}', "3"]
    assert body.closed and first == [1] and body2.closed


# --------------------------------------------------------------------------- binary


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('attachment; filename="report.pdf"', "report.pdf"),
        ("attachment; filename=plain.txt", "plain.txt"),
        ("attachment; filename*=UTF-8''na%C3%AFve%20file.txt; filename=x.txt", "naïve file.txt"),
        ('attachment; filename="../../etc/passwd"', "passwd"),
        ('attachment; filename="..\\\\evil.bat"', "evil.bat"),
        ("inline", None),
        ('attachment; filename=".."', None),
        (None, None),
    ],
)
def test_content_disposition(binary: ModuleType, header: str | None, expected: str | None) -> None:
    assert binary.content_disposition_filename(header) == expected


def test_binary_response(binary: ModuleType, tmp_path: Path) -> None:
    headers = {
        "Content-Type": "application/pdf; charset=binary",
        "Content-Disposition": 'attachment; filename="a.pdf"',
    }
    response, body = streamed([b"%PDF", b"-1.7"], headers)
    with binary.BinaryResponse(response) as pdf:
        assert pdf.content_type == "application/pdf" and pdf.filename == "a.pdf"
        assert pdf.write_to(tmp_path / "out.pdf") == 8
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF-1.7" and body.closed
    response, _ = streamed([b"ab", b"cd"])
    plain = binary.BinaryResponse(response)
    assert plain.content == b"abcd" and plain.filename is None and plain.status == 200
    response, body = streamed([b"ab", b"cd", b"ef"])
    chunks = binary.BinaryResponse(response).iter_bytes(2)
    assert next(chunks) == b"ab"
    chunks.close()
    assert body.closed
