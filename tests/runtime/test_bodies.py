"""The request body writers of ``RequestBuilder`` (``_base.py``): one per kind of body.

Each writer puts the body where httpx expects it (``content``, ``data``, ``files``), sets the
content type, and turns a body of the wrong kind into a validation problem, never a crash.
"""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest


class Plain:
    """A stand-in for a generated model: anything with ``to_dict``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_dict(self) -> dict[str, Any]:
        return self.data


def builder(rt: SimpleNamespace, *, validate: bool = True) -> Any:
    ctx = rt.base.Context(transport=None, validate=validate)
    return rt.base.RequestBuilder(ctx, "POST", "op", None)


def require_name(value: object, where: str, issues: list[Any]) -> None:
    """A validator: the value must be an object with a string ``name``."""
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        issues.append(SimpleNamespace(path=where, message="needs a name"))


def test_json_body_writes_compact_utf8_and_checks_the_model(rt: SimpleNamespace) -> None:
    rb = builder(rt)
    rb.json_body(Plain({"name": "Zoë"}), require_name, "application/json")
    assert rb.content == '{"name":"Zoë"}'.encode()
    assert rb.content_type == "application/json"
    assert rb.issues == []


def test_form_body_sends_fields_and_reports_a_non_object(rt: SimpleNamespace) -> None:
    rb = builder(rt)
    rb.form_body(Plain({"name": "a", "n": 1}), require_name, "application/x-www-form-urlencoded")
    assert rb.data == {"name": "a", "n": 1}
    assert rb.issues == []
    rb = builder(rt, validate=False)
    rb.form_body("not fields", None, "application/x-www-form-urlencoded")
    assert rb.data == {}
    assert [i.message for i in rb.issues] == ["must be an object of fields"]


def test_multipart_body_splits_files_from_fields(rt: SimpleNamespace) -> None:
    rb = builder(rt)
    upload = io.BytesIO(b"data")
    body = {
        "name": "report",
        "raw": b"\x00\x01",
        "doc": ("a.txt", b"hi", "text/plain"),
        "f": upload,
    }
    rb.multipart_body(body, require_name, "multipart/form-data")
    assert rb.data is None  # every part goes to httpx as files=, in the body's order
    assert rb.files == [
        ("name", (None, b"report", None)),
        ("raw", ("raw", b"\x00\x01", "application/octet-stream")),
        ("doc", ("a.txt", b"hi", "text/plain")),
        ("f", ("f", upload, "application/octet-stream")),
    ]
    assert rb.issues == []


def test_multipart_body_checks_files_as_present(rt: SimpleNamespace) -> None:
    seen: list[object] = []
    rb = builder(rt)
    rb.multipart_body({"file": b"x"}, lambda v, w, i: seen.append(v), "multipart/form-data")
    assert seen == [{"file": ""}]


def test_ndjson_body_checks_the_whole_list_or_each_line(rt: SimpleNamespace) -> None:
    rb = builder(rt)
    rb.ndjson_body([Plain({"name": "a"}), {"name": "b"}], None, "application/x-ndjson")
    assert rb.content == b'{"name":"a"}\n{"name":"b"}\n'
    assert rb.content_type == "application/x-ndjson"
    rb = builder(rt)
    rb.ndjson_items_body([{"name": "a"}, {"nope": 1}], require_name, "application/x-ndjson")
    assert [(i.path, i.message) for i in rb.issues] == [("$[1]", "needs a name")]


def test_text_body_encodes_utf8_and_passes_bytes(rt: SimpleNamespace) -> None:
    rb = builder(rt)
    rb.text_body("héllo", None, "text/plain")
    assert (rb.content, rb.content_type) == ("héllo".encode(), "text/plain")
    rb.text_body(b"raw", None, "text/plain")
    assert rb.content == b"raw"


@pytest.mark.parametrize(
    "body", [b"abc", bytearray(b"abc"), memoryview(b"abc"), io.BytesIO(b"abc")]
)
def test_bytes_body_takes_bytes_like_values_and_binary_files(
    rt: SimpleNamespace, body: Any
) -> None:
    rb = builder(rt)
    rb.bytes_body(body, None, "application/octet-stream")
    assert sent(rb.content) == b"abc"  # streamed: a function giving the body per attempt
    assert ("Content-Length", "3") in rb.headers
    assert rb.issues == []


def sent(content: Any) -> bytes:
    """What httpx sends for ``RequestBuilder.content`` (sync client)."""
    body = content(False) if callable(content) else content
    return body if isinstance(body, bytes) else b"".join(body)


@pytest.mark.parametrize("body", ["text", 3, io.StringIO("text")])
def test_bytes_body_reports_anything_else(rt: SimpleNamespace, body: Any) -> None:
    rb = builder(rt)
    rb.bytes_body(body, None, "application/octet-stream")
    assert rb.content is None
    assert len(rb.issues) == 1
    assert rb.issues[0].message.startswith("must be bytes, a path or a binary file, not ")


class Pipe(io.RawIOBase):
    """A binary stream that cannot seek (like a pipe or a socket)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_body_that_cannot_be_rewound_is_never_resent(rt: SimpleNamespace) -> None:
    rb = builder(rt)
    rb.bytes_body(Pipe(b"abc"), None, "application/octet-stream")
    assert rb.build("/p", retry_safe=True).retry_safe is False
    rb = builder(rt)
    rb.multipart_body({"f": Pipe(b"abc"), "g": b"x"}, None, "multipart/form-data")
    assert rb.build("/p", retry_safe=True).retry_safe is False
    rb = builder(rt)
    rb.multipart_body({"f": io.BytesIO(b"abc"), "g": b"x"}, None, "multipart/form-data")
    assert rb.build("/p", retry_safe=True).retry_safe is True
