"""Build stage for schemas: raw JSON Schema / OpenAPI schema objects -> frozen :class:`Schema`.

One small parser per keyword family, chosen through :data:`KEYWORDS`. Each returns the
:class:`Schema` fields it sets. ``$ref`` targets are built from a work queue (not by recursion),
memoised by pointer key, so recursive and mutually recursive schemas simply refer back by key.

OpenAPI 3.0 is normalised here: boolean ``exclusiveMinimum``/``exclusiveMaximum`` become numbers,
``nullable`` (and the common ``x-nullable``) becomes :attr:`Schema.nullable`, ``example`` joins
``examples``, and siblings of ``$ref`` other than annotations are ignored (with a warning).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Reporter
from ..load.loader import SourceSet
from ..pointers import child, escape, unescape_parts
from .keywords import KEYWORDS, Ctx, Fields, json_kind
from .nodes import Json, Schema

__all__ = ["MAX_SCHEMA_DEPTH", "Patch", "SchemaBuilder"]

#: a change to a raw schema before it is built (the build stage's workarounds for the graph)
Patch = Callable[[Any], Any]

#: Inline nesting limit. Later stages (model planning, rendering) recurse once per level, so
#: this keeps them far from Python's default recursion limit (real APIs nest under 10 levels).
MAX_SCHEMA_DEPTH = 40


@dataclass(slots=True)
class SchemaBuilder:
    """Builds schema nodes for one spec; :meth:`finish` drains the ``$ref`` queue.

    ``patches`` change the raw schema at a pointer key before it is built.
    """

    sources: SourceSet
    reporter: Reporter
    openapi_31: bool
    patches: Mapping[str, Patch] = field(default_factory=dict)
    built: dict[str, Schema] = field(default_factory=dict)
    _queue: deque[tuple[str, str, Any]] = field(default_factory=deque)
    _queued: set[str] = field(default_factory=set)

    def report(
        self, ctx: Ctx, message: str, hint: str | None, *, error: bool, instead: str | None = None
    ) -> None:
        pointer = child(ctx.pointer, ctx.keyword) if ctx.keyword is not None else ctx.pointer
        file = self.sources.display(ctx.file_id)
        if instead is not None:
            self.reporter.workaround(pointer, message, instead, hint=hint, file=file)
        elif error:
            self.reporter.error(pointer, message, hint=hint, file=file)
        else:
            self.reporter.warning(pointer, message, hint=hint, file=file)

    def build(self, raw: Any, file_id: str, pointer: str, depth: int = 0) -> Schema:
        key = file_id + pointer
        done = self.built.get(key)
        if done is not None:
            return done
        ctx = Ctx(self, file_id, pointer, depth)
        patch = self.patches.get(key)
        schema = _build(ctx, raw if patch is None else patch(raw))
        self.built[key] = schema
        return schema

    def ref(self, ctx: Ctx, ref: str, *at: str | int, instead: str | None = None) -> str | None:
        """The pointer key of ``ref``'s target, queued for building; None if unresolvable.

        ``at`` are the pointer tokens of the reference below the schema (default ``$ref``);
        ``instead`` says what is done when it leads nowhere (else that is an error).
        """
        pointer = child(ctx.pointer, *(at or ("$ref",)))
        found = self.sources.resolve(ref, ctx.file_id, pointer, instead)
        if found is None:
            return None
        file_id, fragment, value = found
        canonical = "#" + "".join("/" + escape(p) for p in unescape_parts(fragment[1:]))
        key = file_id + canonical
        if key not in self._queued:
            self._queued.add(key)
            self._queue.append((file_id, canonical, value))
        return key

    def finish(self) -> dict[str, Schema]:
        while self._queue:
            file_id, pointer, raw = self._queue.popleft()
            self.build(raw, file_id, pointer)
        return self.built


def _build(ctx: Ctx, raw: Any) -> Schema:
    if isinstance(raw, bool):
        return Schema(pointer=ctx.key, boolean=raw)
    if not isinstance(raw, dict):
        ctx.workaround(
            f"a schema must be an object or a boolean, not {json_kind(raw)}",
            "read as any value ({})",
            "write the schema as a mapping, e.g. {type: string}",
        )
        return Schema(pointer=ctx.key)
    if ctx.depth > MAX_SCHEMA_DEPTH:
        ctx.error(
            f"schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here",
            "no real API nests this deep; move inner schemas into components and $ref them",
        )
        return Schema(pointer=ctx.key)
    raw = _applicable(ctx, raw)
    fields: Fields = {}
    for keyword, value in raw.items():
        parser = KEYWORDS.get(keyword)
        if parser is not None:
            fields.update(parser(ctx.at(keyword), value, raw))
        elif keyword.startswith("x-"):
            fields.setdefault("extensions", []).append((keyword, Json.of(value)))
        elif keyword in _UNSUPPORTED:
            ctx.at(keyword).warning(f"keyword '{keyword}' is not supported and is ignored")
    if "extensions" in fields:
        fields["extensions"] = tuple(fields["extensions"])
    _finish_openapi30(ctx, raw, fields)
    return Schema(pointer=ctx.key, **fields)


def _applicable(ctx: Ctx, raw: dict[str, Any]) -> dict[str, Any]:
    """In OpenAPI 3.0, siblings of ``$ref`` are ignored (annotations and nullable are kept)."""
    if "$ref" not in raw or ctx.builder.openapi_31:
        return raw
    kept = {k: v for k, v in raw.items() if k in _REF_SIBLINGS_30 or k.startswith("x-")}
    dropped = sorted(set(raw) - set(kept))
    if dropped:
        ctx.warning(
            f"OpenAPI 3.0 ignores keywords beside $ref: {', '.join(dropped)}",
            "wrap them as allOf: [{$ref: ...}, {...}] to apply them",
        )
    return kept


_REF_SIBLINGS_30 = {
    "$ref",
    "description",
    "summary",
    "nullable",
    "x-nullable",
    "title",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
    "default",
}


_UNSUPPORTED = {"unevaluatedItems", "$dynamicRef", "$recursiveRef", "contentSchema"}


def _finish_openapi30(ctx: Ctx, raw: dict[str, Any], fields: Fields) -> None:
    """3.0 boolean exclusive bounds and ``nullable``."""
    for flag, bound, target in (
        ("exclusiveMinimum", "minimum", "exclusive_minimum"),
        ("exclusiveMaximum", "maximum", "exclusive_maximum"),
    ):
        if raw.get(flag) is True and bound in fields:
            fields[target] = fields.pop(bound)
        elif raw.get(flag) is True:
            ctx.warning(f"'{flag}: true' without '{bound}' has no effect")
    nullable = raw.get("nullable", raw.get("x-nullable"))
    if nullable is True:
        fields["nullable"] = True
    elif nullable is not None and not isinstance(nullable, bool):
        ctx.workaround(f"'nullable' must be true or false, not {json_kind(nullable)}")
