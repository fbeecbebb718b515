"""Find schema cycles that never consume structure.

A schema may refer to itself through ``properties``, ``items`` and the like: each step goes one
level into the instance, so validation ends. A cycle made only of ``$ref``, ``allOf``, ``anyOf``,
``oneOf``, ``not``, ``if``/``then``/``else`` or ``dependentSchemas`` applies the same schema to
the same value forever (``A: {$ref: B}``, ``B: {allOf: [{$ref: A}]}``): such a spec has no
meaning. Each cycle is found with its back edge, the ``$ref`` that closes it; the build stage
reads that reference as any value (a workaround), which leaves no such cycle.

:func:`too_deep` guards the later stages, which follow references recursively: a chain of
schemas that refer to one another (through any keyword) deeper than :data:`MAX_REF_DEPTH` is an
error (real APIs stay under 100; Stripe's reaches 57).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from .nodes import Schema

__all__ = ["MAX_REF_DEPTH", "Cycle", "same_instance_children", "structureless_cycles", "too_deep"]

#: The longest chain of schemas (each one a subschema or $ref target of the one before) that a
#: depth-first walk may meet. Later stages recurse along such chains.
MAX_REF_DEPTH = 1000


def same_instance_children(schema: Schema, schemas: Mapping[str, Schema]) -> Iterator[Schema]:
    """The subschemas applied to the very value ``schema`` is applied to."""
    if schema.ref is not None and schema.ref in schemas:
        yield schemas[schema.ref]
    yield from schema.all_of
    yield from schema.any_of
    yield from schema.one_of
    for sub in (schema.not_, schema.if_, schema.then, schema.else_):
        if sub is not None:
            yield sub
    for _, sub in schema.dependent_schemas:
        yield sub


@dataclass(frozen=True, slots=True)
class Cycle:
    """A loop of schemas that never consumes structure, found at its ``first`` node.

    ``back_edge`` is the schema whose ``$ref`` closes the loop (None if it closes otherwise).
    """

    first: str
    message: str
    back_edge: str | None


def structureless_cycles(
    schemas: Mapping[str, Schema], roots: Iterable[Schema] = ()
) -> list[Cycle]:
    """Each cycle found, reported once at its first node (searched from ``roots`` first, then
    from every other schema). Without the back edges found the graph has no such cycle."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    found: list[Cycle] = []
    for start in (*roots, *schemas.values()):
        if state.get(start.pointer):
            continue
        path: list[Schema] = [start]
        stack = [same_instance_children(start, schemas)]
        state[start.pointer] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop().pointer] = 2
                stack.pop()
            elif state.get(nxt.pointer) == 1:
                cycle = [s.pointer for s in path[_index(path, nxt) :]] + [nxt.pointer]
                last = path[-1]
                back = last.pointer if last.ref == nxt.pointer else None
                found.append(Cycle(nxt.pointer, _CYCLE + " -> ".join(cycle), back))
            elif not state.get(nxt.pointer):
                state[nxt.pointer] = 1
                path.append(nxt)
                stack.append(same_instance_children(nxt, schemas))
    return found


_CYCLE = "schemas refer to each other in a loop that never reaches a value: "


def _index(path: list[Schema], node: Schema) -> int:
    return next(i for i, s in enumerate(path) if s.pointer == node.pointer)


def all_children(schema: Schema, schemas: Mapping[str, Schema]) -> Iterator[Schema]:
    """Every subschema of ``schema``, and its ``$ref`` target."""
    yield from same_instance_children(schema, schemas)
    for sub in (
        schema.items,
        schema.contains,
        schema.additional_properties,
        schema.unevaluated_properties,
        schema.property_names,
    ):
        if sub is not None:
            yield sub
    yield from schema.prefix_items
    for _, sub in schema.properties:
        yield sub
    for _, pattern_sub in schema.pattern_properties:
        yield pattern_sub


def too_deep(
    schemas: Mapping[str, Schema], roots: Iterable[Schema] = (), limit: int = MAX_REF_DEPTH
) -> tuple[str, str] | None:
    """``(first, last)`` pointers of a chain deeper than ``limit``, found depth-first from
    ``roots`` then from every other schema; None if there is none."""
    seen: set[str] = set()
    for start in (*roots, *schemas.values()):
        if start.pointer in seen:
            continue
        seen.add(start.pointer)
        path = [start]
        stack = [all_children(start, schemas)]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                path.pop()
            elif nxt.pointer not in seen:
                seen.add(nxt.pointer)
                path.append(nxt)
                stack.append(all_children(nxt, schemas))
                if len(path) > limit:
                    return path[0].pointer, nxt.pointer
    return None
