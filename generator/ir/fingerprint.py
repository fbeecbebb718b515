"""Structural fingerprints of schema nodes: equal fingerprints, same validation meaning.

Two nodes at different pointers that say the same thing (a shared ``address`` shape written
out again in every request body, as big specs do) get the same fingerprint, so the validator
plan emits one function for both. Annotations (title, description, examples, default,
deprecated, readOnly/writeOnly, extensions) do not count; ``$ref`` counts by its target key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from typing import Any

from .nodes import Discriminator, Json, Pattern, Schema

__all__ = ["Fingerprints"]

_IGNORED = frozenset(
    {
        "pointer",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "read_only",
        "write_only",
        "extensions",
        "format",
        "content_media_type",
        "content_encoding",
    }
)
_NAMES = tuple(f.name for f in fields(Schema) if f.name not in _IGNORED | {"boolean"})
# ``format`` is ignored above but asserted for a few values: keep those
_ASSERTED = frozenset({"date-time", "date", "time", "uuid", "ipv4", "ipv6"})


_EXACT_NAMES = tuple(
    f.name for f in fields(Schema) if f.name not in {"pointer", "example_pointers", "boolean"}
)


class Fingerprints:
    """Memoised fingerprints (by pointer) for one spec's schema nodes; ``exact`` ones count the
    annotations too (two nodes that would give the same model class)."""

    def __init__(self, *, exact: bool = False) -> None:
        self._memo: dict[str, str] = {}
        self._names = _EXACT_NAMES if exact else _NAMES
        self._exact = exact

    def __call__(self, schema: Schema) -> str:
        done = self._memo.get(schema.pointer)
        if done is None:
            text = json.dumps(self._shape(schema), separators=(",", ":"), sort_keys=False)
            done = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
            self._memo[schema.pointer] = done
        return done

    def _shape(self, schema: Schema) -> list[Any]:
        out: list[Any] = [["boolean", schema.boolean]] if schema.boolean is not None else []
        for name in self._names:
            value = getattr(schema, name)
            if value not in (None, (), False):
                out.append([name, self._value(value)])
        if schema.format in _ASSERTED and not self._exact:
            out.append(["format", schema.format])
        return out

    def _value(self, value: Any) -> Any:
        if isinstance(value, Schema):
            return self(value)
        if isinstance(value, Json):
            return value.text
        if isinstance(value, Pattern):
            return value.source
        if isinstance(value, Discriminator):
            return [value.property_name, [list(m) for m in value.mapping]]
        if isinstance(value, tuple):
            return [self._value(v) for v in value]
        return value
