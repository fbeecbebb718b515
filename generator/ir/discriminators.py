"""Discriminators: which tag value selects which alternative of a ``oneOf``/``anyOf``.

Tag values come, in this order of precedence, from the explicit ``mapping``; from the ``const``
(or single-value ``enum``) that an alternative gives the tag property (looking through ``$ref``
and ``allOf``); and, for an alternative that is a ``$ref`` to a component, from the component's
name (the OpenAPI default). A union is dispatched on its tag only when every alternative can be
reached by some tag; otherwise it keeps plain JSON Schema semantics.
"""

from __future__ import annotations

from ..pointers import unescape
from .nodes import Api, Schema

__all__ = ["dispatch_targets", "tag_values"]


def tag_values(
    api: Api, schema: Schema, prop: str, seen: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """The tag values ``schema`` pins ``prop`` to (through ``$ref`` and ``allOf``)."""
    if schema.pointer in seen:
        return ()
    seen = seen | {schema.pointer}
    sub = schema.prop(prop)
    if sub is not None:
        sub = api.target(sub)
        if sub.const is not None and isinstance(sub.const.value, str):
            return (sub.const.value,)
        if sub.enum is not None and all(isinstance(v.value, str) for v in sub.enum):
            return tuple(v.value for v in sub.enum)
    parts = list(schema.all_of)
    if schema.ref is not None and schema.ref in api.schemas:
        parts.append(api.schemas[schema.ref])
    for part in parts:
        found = tag_values(api, part, prop, seen)
        if found:
            return found
    return ()


def dispatch_targets(api: Api, schema: Schema) -> tuple[tuple[str, Schema], ...]:
    """``(tag, alternative)`` pairs, or ``()`` when the union cannot be dispatched on a tag."""
    d = schema.discriminator
    branches = schema.one_of or schema.any_of
    if d is None or not branches:
        return ()
    found: dict[str, Schema] = {}
    mapped = set()
    for tag, key in d.mapping:
        if key in api.schemas:
            target = api.target(api.schemas[key])
            found.setdefault(tag, target)
            mapped.add(target.pointer)
    for branch in branches:
        target = api.target(branch)
        if target.pointer in mapped:
            continue
        tags = tag_values(api, target, d.property_name)
        if not tags and branch.ref is not None:
            tags = (_component_name(branch.ref),)
        if not tags:
            return ()
        for tag in tags:
            found.setdefault(tag, target)
    return tuple(found.items())


def _component_name(ref: str) -> str:
    return unescape(ref.rpartition("/")[2])
