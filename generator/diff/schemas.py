"""Structural comparison of two schemas for ``gen diff``, with request or response semantics.

Both schemas are read through :func:`~generator.diff_flat.flatten` (refs followed, null and
``allOf`` normalised) and compared aspect by aspect, one small function per aspect in
:data:`_ASPECTS`. Each finding is a *narrowing* (the new schema accepts less), a *widening*
(it accepts more) or a change both ways; :data:`~generator.diff_changes.RULES` then says
whether it breaks clients on the side (request or response) the schema was reached from:

* types: ``integer`` -> ``string`` changes both ways; removing a type from a type array
  narrows, adding one widens (``number`` covers ``integer``); null is compared separately
  (``nullable-added`` / ``nullable-removed``);
* ``enum``/``const``: a removed value breaks both ways (a client matching on it breaks); an
  added value never breaks (clients keep unknown values from servers); a new restriction
  narrows;
* bounds, lengths, counts, ``multipleOf``, ``uniqueItems``, ``pattern``, ``format``:
  tighter narrows, looser widens (a lower ``maxLength``, a higher ``minimum``, ``minimum`` ->
  ``exclusiveMinimum`` at the same value, a new ``pattern``); a changed pattern changes both
  ways;
* properties: removed breaks; added is compatible unless required in a request; becoming
  required narrows, becoming optional widens. ``readOnly`` properties are ignored in requests
  and ``writeOnly`` ones in responses; ``additionalProperties`` ``true`` -> ``false``
  narrows, the reverse is compatible everywhere (responses tolerate unknown properties);
* ``anyOf``/``oneOf`` variants (paired by target, else by position, else by equivalence):
  removed narrows, added widens; the discriminator's property or mapping changing breaks.

Recursion (``properties``, ``items``, ``additionalProperties``, variants) is guarded by the
pairs of nodes already compared on each side, which also keeps a shared schema from being
reported once per use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..ir.nodes import Api, Json, Schema
from ..pointers import child, unescape
from .changes import Collector, Side
from .flat import COUNTS, Bound, Flat, flatten, is_closed

__all__ = ["SchemaDiff", "any_schema"]

_CAMEL = {
    "min_length": "minLength",
    "max_length": "maxLength",
    "min_items": "minItems",
    "max_items": "maxItems",
    "min_properties": "minProperties",
    "max_properties": "maxProperties",
    "min_contains": "minContains",
    "max_contains": "maxContains",
}


def any_schema(pointer: str) -> Schema:
    """A stand-in for an absent schema: accepts anything."""
    return Schema(pointer=pointer)


@dataclass(slots=True)
class SchemaDiff:
    """Compares schema pairs from an old and a new API into one :class:`Collector`."""

    old: Api
    new: Api
    out: Collector = field(default_factory=Collector)
    _visited: set[tuple[str, str, str]] = field(default_factory=set)
    _flat: dict[tuple[bool, str], Flat] = field(default_factory=dict)
    _equivalent: dict[tuple[str, str], bool] = field(default_factory=dict)
    _cores: set[tuple[str, str]] = field(default_factory=set)

    def compare(self, old: Schema, new: Schema, side: Side) -> None:
        key = (old.pointer, new.pointer, side)
        if key in self._visited:
            return
        self._visited.add(key)
        o, n = self.flat(old, new_api=False), self.flat(new, new_api=True)
        self._cores.add((o.pointer, n.pointer))
        for aspect in _ASPECTS:
            aspect(self, o, n, side)

    def reached(self, old: Schema, new: Schema) -> bool:
        """Whether the two have been compared (on any side, through any reference)."""
        o, n = self.flat(old, new_api=False), self.flat(new, new_api=True)
        return (o.pointer, n.pointer) in self._cores

    def flat(self, schema: Schema, *, new_api: bool) -> Flat:
        key = (new_api, schema.pointer)
        found = self._flat.get(key)
        if found is None:
            found = self._flat[key] = flatten(self.new if new_api else self.old, schema)
        return found

    def equivalent(self, old: Schema, new: Schema) -> bool:
        """Whether the two accept the same values on both sides (docs aside)."""
        key = (old.pointer, new.pointer)
        if key not in self._equivalent:
            self._equivalent[key] = True  # assumed while being decided (recursion)
            scratch = SchemaDiff(self.old, self.new, _flat=self._flat)
            scratch._equivalent = self._equivalent
            scratch.compare(old, new, "request")
            scratch.compare(old, new, "response")
            same = all(c.side == "docs" for c in scratch.out.changes())
            self._equivalent[key] = same
        return self._equivalent[key]


Aspect = Callable[[SchemaDiff, Flat, Flat, Side], None]


# ---------------------------------------------------------------- types and values
def _covers(types: frozenset[str] | None, name: str) -> bool:
    return types is None or name in types or (name == "integer" and "number" in types)


def _type_text(types: frozenset[str] | None) -> str:
    return " | ".join(sorted(types)) if types is not None else "any"


def _within(outer: frozenset[str] | None, inner: frozenset[str] | None) -> bool:
    """Whether ``outer`` accepts every type ``inner`` does."""
    if outer is None or inner is None:
        return outer is None
    return all(_covers(outer, t) for t in inner)


_TYPE_KINDS = {
    (True, True): "type-changed",
    (True, False): "type-narrowed",
    (False, True): "type-widened",
}


def _types(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    narrowed, widened = not _within(n.types, o.types), not _within(o.types, n.types)
    kind = _TYPE_KINDS.get((narrowed, widened))
    if kind is not None:
        message = f"type {_type_text(o.types)} -> {_type_text(n.types)}"
        d.out.add(kind, n.pointer, message, side)


def _nullable(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    if o.nullable == n.nullable:
        return
    if n.nullable:
        d.out.add("nullable-added", n.nullable_at, "null is now accepted", side)
        return
    at = n.pointer if o.nullable_at == o.pointer else n.outer
    d.out.add("nullable-removed", at, "null is no longer accepted", side)


def _enum(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    if o.enum == n.enum:
        return
    if o.enum is None:
        values = ", ".join(v.text for v in n.enum or ())
        d.out.add("enum-added", n.pointer, f"now restricted to {values}", side)
        return
    if n.enum is None:
        d.out.add("enum-removed", n.pointer, "no longer restricted to listed values", side)
        return
    for value in o.enum:
        if value not in n.enum:
            d.out.add("enum-value-removed", n.pointer, f"enum value {value.text} removed", side)
    for value in n.enum:
        if value not in o.enum:
            d.out.add("enum-value-added", n.pointer, f"enum value {value.text} added", side)


# ---------------------------------------------------------------- constraints
def _tightness(d: SchemaDiff, n: Flat, side: Side, tighter: bool, what: str) -> None:
    d.out.add("constraint-tightened" if tighter else "constraint-relaxed", n.pointer, what, side)


def _bound_change(old: Bound | None, new: Bound | None, lower: bool) -> str:
    """``maximum 100 -> 50``, ``minimum 0 -> exclusiveMinimum 0``, ``maximum 5 -> none``."""
    if old is None or new is None:
        return f"{old.text(lower) if old else 'no bound'} -> {new.text(lower) if new else 'none'}"
    before, after = old.text(lower), new.text(lower)
    if old.exclusive == new.exclusive:
        after = after.rpartition(" ")[2]
    return f"{before} -> {after}"


def _bound_key(bound: Bound, lower: bool) -> tuple[float, bool]:
    """Larger is tighter: a higher minimum, a lower maximum, exclusive at the same value."""
    return (bound.value, bound.exclusive) if lower else (-bound.value, bound.exclusive)


def _bounds(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    for lower, old, new in ((True, o.lower, n.lower), (False, o.upper, n.upper)):
        if old == new:
            continue
        if old is None or new is None:
            tighter = old is None
        else:
            tighter = _bound_key(new, lower) > _bound_key(old, lower)
        _tightness(d, n, side, tighter, _bound_change(old, new, lower))


def _counts(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    old, new = dict(o.counts), dict(n.counts)
    for name, larger_is_tighter in COUNTS.items():
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if before is None or after is None:
            tighter = before is None
        else:
            tighter = (after > before) == larger_is_tighter
        what = f"{_CAMEL[name]} {_or_none(before)} -> {_or_none(after)}"
        _tightness(d, n, side, tighter, what)


def _or_none(value: object) -> str:
    return "none" if value is None else f"{value}"


def _multiple_of(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    before, after = o.multiple_of, n.multiple_of
    if before != after:
        what = f"multipleOf {_or_none(before)} -> {_or_none(after)}"
        if before is None or (after is not None and (after / before).is_integer()):
            _tightness(d, n, side, True, what)
        elif after is None or (before / after).is_integer():
            _tightness(d, n, side, False, what)
        else:
            d.out.add("constraint-changed", n.pointer, what, side)


def _unique_items(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    if o.unique_items != n.unique_items:
        what = f"uniqueItems {o.unique_items} -> {n.unique_items}".lower()
        _tightness(d, n, side, n.unique_items, what)


def _patterns(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    if o.patterns == n.patterns:
        return
    what = f"pattern {_listing(o.patterns)} -> {_listing(n.patterns)}"
    if set(o.patterns) <= set(n.patterns) or set(n.patterns) <= set(o.patterns):
        _tightness(d, n, side, set(o.patterns) < set(n.patterns), what)
    else:
        d.out.add("constraint-changed", n.pointer, what, side)


def _listing(values: tuple[str, ...]) -> str:
    return " and ".join(repr(v) for v in values) or "none"


def _format(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    if o.format == n.format:
        return
    if o.format is None:
        d.out.add("format-added", n.pointer, f"format {n.format!r} added", side)
    elif n.format is None:
        d.out.add("format-removed", n.pointer, f"format {o.format!r} removed", side)
    else:
        d.out.add("format-changed", n.pointer, f"format {o.format!r} -> {n.format!r}", side)


# ---------------------------------------------------------------- objects
_HIDDEN: dict[Side, str] = {"request": "read_only", "response": "write_only"}


def _visible(d: SchemaDiff, flat: Flat, side: Side, new_api: bool) -> dict[str, Schema]:
    hidden = _HIDDEN.get(side)
    return {
        name: sub
        for name, sub in flat.properties
        if hidden is None or not getattr(d.flat(sub, new_api=new_api), hidden)
    }


def _properties(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    old, new = _visible(d, o, side, False), _visible(d, n, side, True)
    for name in old:
        if name not in new:
            at = child(n.pointer, "properties", name)
            d.out.add("property-removed", at, f"property {name!r} removed", side)
    for name, sub in new.items():
        if name not in old:
            required = name in n.required
            kind = "required-property-added" if required else "property-added"
            label = "required property" if required else "property"
            d.out.add(kind, sub.pointer, f"{label} {name!r} added", side)
            continue
        before, after = name in o.required, name in n.required
        if before != after:
            kind = "property-required" if after else "property-optional"
            message = f"property {name!r} became {'required' if after else 'optional'}"
            d.out.add(kind, sub.pointer, message, side)
        d.compare(old[name], sub, side)


def _additional(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    old_closed, new_closed = is_closed(d.old, o.additional), is_closed(d.new, n.additional)
    if old_closed != new_closed:
        kind = "additional-properties-restricted" if new_closed else "additional-properties-allowed"
        message = f"additionalProperties {not old_closed} -> {not new_closed}".lower()
        d.out.add(kind, n.pointer, message, side)
    elif not new_closed and (o.additional is not None or n.additional is not None):
        at = child(n.pointer, "additionalProperties")
        d.compare(o.additional or any_schema(at), n.additional or any_schema(at), side)


def _items(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    if o.items is not None or n.items is not None:
        at = child(n.pointer, "items")
        d.compare(o.items or any_schema(at), n.items or any_schema(at), side)


# ---------------------------------------------------------------- unions
def _pairs(
    d: SchemaDiff, old: tuple[Schema, ...], new: tuple[Schema, ...]
) -> tuple[list[tuple[Schema, Schema]], list[Schema], list[Schema]]:
    """Variants paired by target pointer, then by position (same count) or by equivalence."""
    new_by_target = {d.new.target(s).pointer: s for s in new}
    pairs = [
        (s, new_by_target[d.old.target(s).pointer])
        for s in old
        if d.old.target(s).pointer in new_by_target
    ]
    paired_old = {id(a) for a, _ in pairs}
    paired_new = {id(b) for _, b in pairs}
    rest_old = [s for s in old if id(s) not in paired_old]
    rest_new = [s for s in new if id(s) not in paired_new]
    if len(rest_old) == len(rest_new):
        return pairs + list(zip(rest_old, rest_new, strict=True)), [], []
    for a in list(rest_old):
        match = next((b for b in rest_new if d.equivalent(a, b)), None)
        if match is not None:
            pairs.append((a, match))
            rest_old.remove(a)
            rest_new.remove(match)
    return pairs, rest_old, rest_new


def _variants(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    pairs, removed, added = _pairs(d, o.variants, n.variants)
    for sub in removed:
        message = f"alternative {_short(d.old.target(sub).pointer)} removed"
        d.out.add("variant-removed", n.pointer, message, side)
    for sub in added:
        d.out.add("variant-added", sub.pointer, "alternative added", side)
    for a, b in pairs:
        d.compare(a, b, side)


def _discriminator(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    before, after = o.discriminator, n.discriminator
    if before is None or after is None:
        if before is not after:
            kind = "discriminator-added" if before is None else "discriminator-removed"
            d.out.add(kind, after.pointer if after else n.pointer, kind.replace("-", " "), side)
        return
    if before.property_name != after.property_name:
        message = f"discriminator property {before.property_name!r} -> {after.property_name!r}"
        d.out.add("discriminator-property-changed", after.pointer, message, side)
    _mapping(d, dict(before.mapping), dict(after.mapping), after.pointer, side)


def _mapping(d: SchemaDiff, old: dict[str, str], new: dict[str, str], at: str, side: Side) -> None:
    at = child(at, "mapping")
    for tag, key in old.items():
        if tag not in new:
            d.out.add("discriminator-mapping-removed", at, f"tag {tag!r} removed", side)
        elif key != new[tag] and not _same_target(d, key, new[tag]):
            message = f"tag {tag!r} now selects {_short(new[tag])} instead of {_short(key)}"
            d.out.add("discriminator-mapping-changed", at, message, side)
    for tag in new:
        if tag not in old:
            d.out.add("discriminator-mapping-added", at, f"tag {tag!r} added", side)


def _short(pointer: str) -> str:
    """A component's name, else the last two tokens of the pointer (``oneOf/1``)."""
    head, _, name = pointer.rpartition("/")
    if head.endswith("#/components/schemas"):
        return repr(unescape(name))
    return "/".join(pointer.split("/")[-2:])


def _same_target(d: SchemaDiff, old_key: str, new_key: str) -> bool:
    old, new = d.old.schemas.get(old_key), d.new.schemas.get(new_key)
    return old is not None and new is not None and d.equivalent(old, new)


# ---------------------------------------------------------------- annotations
_DOCS = (("title", "title-changed"), ("description", "description-changed"))


def _docs(d: SchemaDiff, o: Flat, n: Flat, side: Side) -> None:
    for name, kind in _DOCS:
        (before, _), (after, at) = getattr(o, name), getattr(n, name)
        if before != after:
            d.out.add(kind, child(at, name), f"{name} changed", side)
    if o.examples[0] != n.examples[0]:
        d.out.add("example-changed", n.examples[1], "examples changed", side)
    if o.default[0] != n.default[0]:
        message = f"default {_json_text(o.default[0])} -> {_json_text(n.default[0])}"
        d.out.add("default-changed", child(n.default[1], "default"), message, side)
    if n.deprecated_at is not None and o.deprecated_at is None:
        d.out.add("schema-deprecated", n.deprecated_at, "deprecated", side)


def _json_text(value: object) -> str:
    return value.text if isinstance(value, Json) else "none"


_ASPECTS: tuple[Aspect, ...] = (
    _types,
    _nullable,
    _enum,
    _bounds,
    _counts,
    _multiple_of,
    _unique_items,
    _patterns,
    _format,
    _properties,
    _additional,
    _items,
    _variants,
    _discriminator,
    _docs,
)
