"""Which schemas a client sends: those reachable from request bodies and parameters.

The rest are only received (responses, webhook payloads): their string enums are typed open
(a newer server may send a value the spec does not list yet), while what the client sends
stays a closed ``Literal`` (a typo is caught by the type checker).
"""

from __future__ import annotations

from collections.abc import Iterator

from .nodes import Api, Schema

__all__ = ["request_side"]


def request_side(api: Api) -> frozenset[str]:
    """Pointers of every schema reachable (through ``$ref`` too) from what the client sends."""
    stack: list[Schema] = []
    for op in api.operations:
        if op.webhook:
            continue  # the API sends webhook payloads: the client receives them
        stack += [p.schema for p in op.params if p.schema is not None]
        if op.body is not None:
            stack += [m.schema for m in op.body.contents if m.schema is not None]
    seen: set[str] = set()
    while stack:
        schema = stack.pop()
        if schema.pointer in seen:
            continue
        seen.add(schema.pointer)
        if schema.ref is not None and schema.ref in api.schemas:
            stack.append(api.schemas[schema.ref])
        stack.extend(_children(schema))
    return frozenset(seen)


def _children(s: Schema) -> Iterator[Schema]:
    singles = (
        s.items,
        s.contains,
        s.additional_properties,
        s.unevaluated_properties,
        s.property_names,
        s.not_,
        s.if_,
        s.then,
        s.else_,
    )
    yield from (child for child in singles if child is not None)
    yield from s.prefix_items
    yield from s.all_of
    yield from s.any_of
    yield from s.one_of
    yield from (child for _, child in s.properties)
    yield from (child for _, child in s.pattern_properties)
    yield from (child for _, child in s.dependent_schemas)
