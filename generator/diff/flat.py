"""A schema's *effective* shape for ``gen diff``: what a value must look like, spelling aside.

Two schemas that mean the same compare equal through this view:

* ``$ref`` chains are followed (:meth:`Api.target`), so renaming a component changes nothing;
* null is taken out of ``types`` and ``enum`` into :attr:`Flat.nullable`, so OpenAPI 3.0
  ``nullable: true``, 3.1 ``type: [T, "null"]``, ``anyOf: [T, {type: "null"}]`` and 3.0's
  ``{$ref: T, nullable: true}`` / ``allOf: [T]`` wrappers all read as "T or null";
* ``allOf`` parts are merged (properties, required names, tightest bounds), as the generated
  models merge them, so moving fields into a shared base is not a change;
* ``const`` is a one-value ``enum``, and an ``enum`` without ``type`` implies its values'
  types; ``unevaluatedProperties`` stands in for a missing ``additionalProperties``;
  ``minimum``/``exclusiveMinimum`` become one lower
  :class:`Bound` (and the same for the upper one), so ``minimum: 0`` -> ``exclusiveMinimum: 0``
  reads as a tightened bound rather than one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..ir.nodes import Api, Discriminator, Json, Schema

__all__ = ["COUNTS", "Bound", "Flat", "Noted", "flatten", "is_closed"]

_NULL = Json.of(None)
_BOUND_KEYWORDS_CAMEL = {
    True: {False: "minimum", True: "exclusiveMinimum"},
    False: {False: "maximum", True: "exclusiveMaximum"},
}
#: keywords that only annotate (do not change which values a schema accepts)
_ANNOTATIONS = frozenset(
    {"pointer", "title", "description", "default", "examples", "deprecated", "read_only"}
    | {"write_only", "extensions", "nullable", "discriminator"}
)
#: count keywords: name -> True when a larger value is the tighter constraint
COUNTS: dict[str, bool] = {
    "min_length": True,
    "max_length": False,
    "min_items": True,
    "max_items": False,
    "min_properties": True,
    "max_properties": False,
    "min_contains": True,
    "max_contains": False,
}


@dataclass(frozen=True, slots=True, order=True)
class Bound:
    """A numeric bound; ``exclusive`` makes it one step tighter at the same value."""

    value: float
    exclusive: bool

    def text(self, lower: bool) -> str:
        return f"{_BOUND_KEYWORDS_CAMEL[lower][self.exclusive]} {self.value:g}"


#: an annotation's value (None: absent) and the pointer of the node it is written on
Noted = tuple[object, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Flat:
    """The merged, null-free view of one schema (see the module docstring)."""

    pointer: str  # the node the assertions live on (after following $ref)
    outer: str  # the node that was compared (before following $ref)
    types: frozenset[str] | None  # None: any type
    nullable: bool
    nullable_at: str  # the node that admits null (``outer`` when none does)
    enum: tuple[Json, ...] | None  # None: no restriction
    lower: Bound | None
    upper: Bound | None
    counts: tuple[tuple[str, int], ...]
    multiple_of: float | None
    unique_items: bool
    patterns: tuple[str, ...]
    format: str | None
    properties: tuple[tuple[str, Schema], ...]
    required: frozenset[str]
    additional: Schema | None
    items: Schema | None
    variants: tuple[Schema, ...]
    discriminator: Discriminator | None
    #: annotations, each with the pointer of the node that says it (first along the $ref chain)
    title: Noted
    description: Noted
    examples: Noted
    default: Noted
    deprecated_at: str | None  # the node that says ``deprecated: true``
    read_only: bool
    write_only: bool


_ASSERTION_FIELDS = tuple(
    f.name for f in fields(Schema) if f.compare and f.name not in _ANNOTATIONS
)  # (``compare``: the node's value, not the ``_keywords`` memo)


def _present(schema: Schema) -> frozenset[str]:
    """The assertion keywords a node sets."""
    return frozenset(
        name for name in _ASSERTION_FIELDS if getattr(schema, name) not in (None, (), False)
    )


def _is_null(api: Api, schema: Schema) -> bool:
    target = api.target(schema)
    return target.types == ("null",) and _present(target) == {"types"}


def _unwrapped(api: Api, schema: Schema) -> Schema | None:
    """The one schema a nullable wrapper stands for, or None when ``schema`` is no wrapper."""
    present = _present(schema)
    if present == {"ref"} and schema.ref is not None and schema.ref in api.schemas:
        return api.schemas[schema.ref]  # 3.0 {$ref: T, nullable: true}
    if present == {"all_of"} and len(schema.all_of) == 1:
        return schema.all_of[0]
    for name in ("any_of", "one_of"):
        branches: tuple[Schema, ...] = getattr(schema, name)
        if present == {name} and schema.discriminator is None:
            real = [b for b in branches if not _is_null(api, b)]
            if len(real) == 1 and len(real) < len(branches):
                return real[0]
    return None


def _admits_null(api: Api, schema: Schema) -> bool:
    if schema.nullable or (schema.types is not None and "null" in schema.types):
        return True
    if schema.types is None and _NULL in (schema.enum or (schema.const,)):
        return True
    branches = schema.any_of or schema.one_of
    return any(_is_null(api, b) for b in branches)


def _chain(api: Api, schema: Schema) -> tuple[list[Schema], str | None]:
    """The nodes from ``schema`` to its core (through $ref and null wrappers), and the pointer
    of the first one that admits null (None: null is not accepted)."""
    chain = [schema]
    nullable_at: str | None = None
    seen: set[str] = set()
    node = schema
    while node.pointer not in seen:
        seen.add(node.pointer)
        node = api.target(node)
        if node is not chain[-1]:
            chain.append(node)
        if nullable_at is None and _admits_null(api, node):
            nullable_at = node.pointer
        inner = _unwrapped(api, node)
        if inner is None:
            break
        chain.append(inner)
        node = inner
    return chain, nullable_at


def _parts(api: Api, core: Schema) -> list[Schema]:
    """``core`` and, depth first, every ``allOf`` part (and ``$ref`` beside assertions)."""
    out: list[Schema] = []
    seen: set[str] = set()

    def visit(node: Schema) -> None:
        node = api.target(node)
        if node.pointer in seen:
            return
        seen.add(node.pointer)
        out.append(node)
        if node.ref is not None and node.ref in api.schemas:
            visit(api.schemas[node.ref])
        for part in node.all_of:
            visit(part)

    visit(core)
    return out


def _first(parts: list[Schema], name: str) -> Any:
    return next((v for p in parts if (v := getattr(p, name)) not in (None, ())), None)


_KINDS: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


def _kind(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return "integer"
    return next(name for kind, name in _KINDS if isinstance(value, kind))


def _types(parts: list[Schema], enum: tuple[Json, ...] | None) -> frozenset[str] | None:
    """The non-null types allowed; an ``enum``/``const`` without ``type`` implies its values'."""
    found: frozenset[str] | None = None
    if any(part.boolean is False for part in parts):
        return frozenset()  # the ``false`` schema: nothing is valid
    for part in parts:
        if part.types is not None:
            these = frozenset(part.types) - {"null"}
            found = these if found is None else found & these
    if found is None and enum is not None:
        return frozenset(_kind(v.value) for v in enum)
    return found


def _enum(parts: list[Schema]) -> tuple[Json, ...] | None:
    found: tuple[Json, ...] | None = None
    for part in parts:
        for values in (part.enum, (part.const,) if part.const is not None else None):
            if values is not None:
                kept = tuple(v for v in values if v != _NULL)
                found = kept if found is None else tuple(v for v in found if v in kept)
    return found


_BOUND_KEYWORDS = {True: ("minimum", "exclusive_minimum"), False: ("maximum", "exclusive_maximum")}


def _bound(parts: list[Schema], lower: bool) -> Bound | None:
    """The tightest lower (or upper) bound the parts set, exclusive or not."""
    bounds = [
        Bound(float(value), exclusive)
        for part in parts
        for exclusive, name in zip((False, True), _BOUND_KEYWORDS[lower], strict=True)
        if (value := getattr(part, name)) is not None
    ]
    if not bounds:
        return None
    return max(bounds) if lower else min(bounds, key=lambda b: (b.value, not b.exclusive))


def _counts(parts: list[Schema]) -> tuple[tuple[str, int], ...]:
    out = []
    for name, larger_is_tighter in COUNTS.items():
        values = [v for p in parts if (v := getattr(p, name)) is not None]
        if values:
            out.append((name, max(values) if larger_is_tighter else min(values)))
    return tuple(out)


def _properties(parts: list[Schema]) -> tuple[tuple[str, Schema], ...]:
    merged: dict[str, Schema] = {}
    for part in parts:
        for name, sub in part.properties:
            merged.setdefault(name, sub)
    return tuple(merged.items())


def _variants(api: Api, parts: list[Schema]) -> tuple[Schema, ...]:
    for part in parts:
        branches = part.one_of or part.any_of
        if branches:
            return tuple(b for b in branches if not _is_null(api, b))
    return ()


def _docs(chain: list[Schema], name: str) -> Noted:
    found = next((s for s in chain if getattr(s, name) not in (None, ())), chain[-1])
    return getattr(found, name), found.pointer


def flatten(api: Api, schema: Schema) -> Flat:
    """The effective view of ``schema`` in ``api``."""
    chain, nullable_at = _chain(api, schema)
    parts = _parts(api, chain[-1])
    enum = _enum(parts)
    return Flat(
        pointer=chain[-1].pointer,
        outer=schema.pointer,
        types=_types(parts, enum),
        nullable=nullable_at is not None,
        nullable_at=nullable_at or schema.pointer,
        enum=enum,
        lower=_bound(parts, lower=True),
        upper=_bound(parts, lower=False),
        counts=_counts(parts),
        multiple_of=_first(parts, "multiple_of"),
        unique_items=any(p.unique_items for p in parts),
        patterns=tuple(sorted({p.pattern.source for p in parts if p.pattern is not None})),
        format=_first(parts, "format"),
        properties=_properties(parts),
        required=frozenset(name for p in parts for name in p.required),
        additional=_first(parts, "additional_properties")
        or _first(parts, "unevaluated_properties"),
        items=_first(parts, "items"),
        variants=_variants(api, parts),
        discriminator=_first(parts, "discriminator"),
        title=_docs(chain, "title"),
        description=_docs(chain, "description"),
        examples=_docs(chain, "examples"),
        default=_docs(chain, "default"),
        deprecated_at=next((s.pointer for s in chain if s.deprecated), None),
        read_only=any(s.read_only for s in chain),
        write_only=any(s.write_only for s in chain),
    )


def is_closed(api: Api, schema: Schema | None) -> bool:
    """Whether ``additionalProperties`` (or the like) forbids every further property."""
    return schema is not None and api.target(schema).boolean is False
