"""Find schema cycles that never consume structure.

A schema may refer to itself through ``properties``, ``items`` and the like: each step goes one
level into the instance, so validation ends. A cycle made only of ``$ref``, ``allOf``, ``anyOf``,
``oneOf``, ``not``, ``if``/``then``/``else`` or ``dependentSchemas`` applies the same schema to
the same value forever (``A: {$ref: B}``, ``B: {allOf: [{$ref: A}]}``): such a spec has no
meaning and is reported as an error.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .ir import Schema

__all__ = ["same_instance_children", "structureless_cycles"]


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


def structureless_cycles(schemas: Mapping[str, Schema]) -> list[tuple[str, str]]:
    """``(pointer, message)`` for each cycle found, reported once at its first node."""
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    found: list[tuple[str, str]] = []
    for start in schemas.values():
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
                found.append(
                    (nxt.pointer, "schema cycle with no structure in it: " + " -> ".join(cycle))
                )
            elif not state.get(nxt.pointer):
                state[nxt.pointer] = 1
                path.append(nxt)
                stack.append(same_instance_children(nxt, schemas))
    return found


def _index(path: list[Schema], node: Schema) -> int:
    return next(i for i, s in enumerate(path) if s.pointer == node.pointer)
