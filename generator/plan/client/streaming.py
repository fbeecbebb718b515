"""Operations that answer either JSON or a stream, chosen by a boolean body property.

An API such as a chat-completion endpoint returns one JSON document, or the same result as
server-sent events when the request body says ``"stream": true``. The spec shows it by a 2xx
response with both a JSON and a ``text/event-stream`` (or NDJSON) media type, and a boolean
``stream`` property in the JSON request body. Such an operation gets a ``stream=`` keyword and
typed overloads: ``stream=False`` (the default) returns the JSON model, ``stream=True`` a
``Stream`` of the event model.

Also here: the kind of a response by its media type (JSON, text, bytes, a stream of server-sent
events or of NDJSON lines), the schema and type of one item of a stream, an operation's return
type, and the content type of each multipart part (the ``encoding`` object).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...ir.nodes import Api, MediaType, Operation, Response, Schema
from .. import types as t
from .plans import ResponsePlan

__all__ = [
    "SWITCH_PROPERTY",
    "ResponseKind",
    "SwitchSource",
    "item_schema",
    "item_type",
    "part_types",
    "response_kind",
    "return_type",
    "stream_switch",
]

#: the boolean body property that asks for a stream
SWITCH_PROPERTY = "stream"
_STREAM_TYPES = ("text/event-stream", "application/x-ndjson", "application/jsonl")


@dataclass(frozen=True, slots=True)
class SwitchSource:
    """A response that streams (SSE or NDJSON) when the caller asks for it."""

    response: Response
    media: MediaType  # the stream's media type
    kind: str  # "sse" or "ndjson"


def _json(content_type: str) -> bool:
    base = content_type.lower().split(";")[0].strip()
    return base == "application/json" or base.endswith("+json")


def _has_switch(api: Api, op: Operation) -> bool:
    if op.body is None:
        return False
    for media in op.body.contents:
        if _json(media.content_type) and media.schema is not None:
            prop = dict(api.target(media.schema).properties).get(SWITCH_PROPERTY)
            if prop is not None and api.target(prop).types in (("boolean",), ("boolean", "null")):
                return True
    return False


def stream_switch(api: Api, op: Operation) -> SwitchSource | None:
    """Where the stream form of ``op`` is described, when it answers JSON or a stream."""
    if not _has_switch(api, op):
        return None
    for response in op.responses:
        if not response.status.startswith("2"):
            continue
        types = [m.content_type.lower().split(";")[0].strip() for m in response.contents]
        streams = [m for m, t in zip(response.contents, types, strict=True) if t in _STREAM_TYPES]
        if streams and any(_json(t) for t in types):
            kind = "sse" if "event-stream" in streams[0].content_type.lower() else "ndjson"
            return SwitchSource(response=response, media=streams[0], kind=kind)
    return None


# --------------------------------------------------------------------------- response kinds


def response_kind(content_type: str) -> ResponseKind:
    lowered = content_type.lower().split(";")[0].strip()
    return next(kind for marker, kind in _RESPONSE_KINDS if marker in lowered or not marker)


ResponseKind = Literal["json", "text", "bytes", "sse", "ndjson"]
_RESPONSE_KINDS: tuple[tuple[str, ResponseKind], ...] = (
    ("text/event-stream", "sse"), ("application/x-ndjson", "ndjson"),
    ("application/jsonl", "ndjson"), ("application/json", "json"), ("+json", "json"),
    ("text/", "text"), ("", "bytes"),
)  # fmt: skip


def item_schema(kind: ResponseKind, schema: Schema | None) -> Schema | None:
    """The schema a response is decoded with: one line's for NDJSON (an array's items), one
    event's data for SSE (none when the data is declared a plain string)."""
    if schema is None:
        return None
    if kind == "ndjson" and schema.types == ("array",) and schema.items is not None:
        return schema.items
    if kind == "sse" and (schema.types == ("string",) or schema.keyword_count == 0):
        return None
    return schema


def item_type(stream: ResponsePlan) -> t.TypeExpr:
    """What a streaming operation's Stream yields: the declared type, else raw events (SSE) or
    JSON values (NDJSON)."""
    if stream.type is not None:
        return stream.type
    return t.TPrim("ServerSentEvent") if stream.kind == "sse" else t.TAny()


def return_type(success: tuple[ResponsePlan, ...]) -> t.TypeExpr | None:
    """What a (non-streaming) operation returns: the union of its 2xx responses' types."""
    types: list[t.TypeExpr] = []
    for r in success:
        found: t.TypeExpr = {
            "json": r.type or t.TAny(),
            "text": t.TPrim("str"),
            "bytes": t.TPrim("BinaryResponse"),
            "empty": t.NONE,
            "sse": r.type or t.TAny(),
            "ndjson": r.type or t.TAny(),
        }[r.kind]
        if found not in types:
            types.append(found)
    if not types:
        return None
    return types[0] if len(types) == 1 else t.TUnion(tuple(types))


def part_types(media: MediaType) -> tuple[tuple[str, str], ...]:
    """The content type to send for each part the ``encoding`` object names: the first of a
    list; wildcards (``image/*``) say nothing to send."""
    out = []
    for name, value in media.encoding:
        first = value.split(",")[0].strip()
        if first and "*" not in first:
            out.append((name, first))
    return tuple(out)
