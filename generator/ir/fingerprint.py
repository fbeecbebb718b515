"""Structural fingerprints of schema nodes: equal fingerprints, same validation meaning.

Two nodes at different pointers that say the same thing (a shared ``address`` shape written
out again in every request body, as big specs do) get the same fingerprint, so the validator
plan emits one function for both. Annotations (title, description, examples, default,
deprecated, readOnly/writeOnly, extensions) do not count; ``$ref`` counts by its target key.

A fingerprint is the number of the node's shape in one :class:`Fingerprints` table: the shape
is a tuple of (keyword, value) pairs in which subschemas appear by their own numbers, so equal
shapes are found by hashing small tuples (no serialising, no digests). Numbers are only
meaningful within one table.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter
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
#: (only fields that are part of a node's value: not the ``_keywords`` memo)
_NAMES = tuple(f.name for f in fields(Schema) if f.compare and f.name not in _IGNORED | {"boolean"})
# ``format`` is ignored above but asserted for a few values: keep those
_ASSERTED = frozenset({"date-time", "date", "time", "uuid", "ipv4", "ipv6"})


_EXACT_NAMES = tuple(
    f.name
    for f in fields(Schema)
    if f.compare and f.name not in {"pointer", "example_pointers", "boolean"}
)


class Fingerprints:
    """Memoised fingerprints (by pointer) for one spec's schema nodes; ``exact`` ones count the
    annotations too (two nodes that would give the same model class)."""

    def __init__(self, *, exact: bool = False) -> None:
        self._memo: dict[str, str] = {}
        self._shapes: dict[tuple[Any, ...], str] = {}
        self._names = _EXACT_NAMES if exact else _NAMES
        self._values = attrgetter(*self._names)  # a node's values of those, as one tuple
        self._exact = exact

    def __call__(self, schema: Schema) -> str:
        done = self._memo.get(schema.pointer)
        if done is None:
            shape = self._shape(schema)
            done = self._shapes.setdefault(shape, str(len(self._shapes)))
            self._memo[schema.pointer] = done
        return done

    def _shape(self, schema: Schema) -> tuple[Any, ...]:
        out: list[Any] = [("boolean", schema.boolean)] if schema.boolean is not None else []
        for name, value in zip(self._names, self._values(schema), strict=True):
            if not (value is None or value is False or value == ()):  # as absent(), inline
                out.append((name, self._value(value)))
        if schema.format in _ASSERTED and not self._exact:
            out.append(("format", schema.format))
        return tuple(out)

    def _value(self, value: Any) -> Any:
        kind = type(value)
        if kind is Schema:
            done = self._memo.get(value.pointer)
            return ("#", done if done is not None else self(value))
        if kind is tuple:
            return tuple([self._value(v) for v in value])  # a list first: faster than a genexpr
        if kind is str:
            return ("str", value)
        if kind is Json:
            return ("=", value.text)
        if kind is Pattern:
            return ("~", value.source)
        if kind is Discriminator:
            return ("!", value.property_name, value.mapping)
        # numbers and booleans: 1 == 1.0 == True as keys, so the type is part of the value
        return (kind.__name__, value)
