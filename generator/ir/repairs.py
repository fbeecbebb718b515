"""Workarounds for two defects of the schema graph, as patches to raw schemas.

The build stage builds once, asks :func:`graph_patches` what to change, and builds again with
the patches (:class:`~.schemas.SchemaBuilder` applies them by pointer key):

- a loop of schemas that never consumes structure (``A: {$ref: B}``, ``B: {$ref: A}``; ``A:
  allOf[B]``, ``B: oneOf[A, C]``) is broken at its back edge (:mod:`.cycles`): that ``$ref``
  reads as any value, or, as an alternative of ``oneOf``/``anyOf``, never matches (``false``),
  so the alternatives that reach a value decide;
- a name ``required`` lists that the object never declares (:func:`.lint.undeclared_required`)
  becomes a declared property of any value.

Each is reported as a workaround; a loop closed other than by a ``$ref`` stays an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..diagnostics import Reporter
from ..pointers import child
from .cycles import structureless_cycles
from .lint import undeclared_required
from .nodes import Api
from .schemas import Patch

__all__ = ["graph_patches"]

#: schema key -> (pointer, file) to report at
Place = Callable[[str], tuple[str, str]]


def graph_patches(api: Api, place: Place, reporter: Reporter) -> dict[str, Patch]:
    """The raw-schema patches that work around cycles without structure and undeclared
    ``required`` names (each reported), by schema key."""
    patches: dict[str, list[Patch]] = {}
    roots = [schema for _, schema in api.components]
    for cycle in structureless_cycles(api.schemas, roots):
        pointer, file = place(cycle.first)
        hint = (
            "recursion must pass through properties, items or the like; "
            "make one schema of the cycle a real schema"
        )
        if cycle.back_edge is None:
            reporter.error(pointer, cycle.message, file=file, hint=hint)
            continue
        edge, _ = place(cycle.back_edge)
        alternative = _ALTERNATIVE.search(edge) is not None
        instead = f"the $ref at {child(edge, '$ref')} " + (
            "never matches (that alternative is dropped)" if alternative else "reads as any value"
        )
        reporter.workaround(
            pointer, cycle.message, instead + ", which ends the loop", hint=hint, file=file
        )
        patches.setdefault(cycle.back_edge, []).append(_never if alternative else _without_ref)
    for key, names in undeclared_required(api).items():
        pointer, file = place(key)
        for name in names:
            reporter.workaround(
                child(pointer, "required"),
                f"'required' names {name!r}, which the object does not declare",
                f"{name!r} is kept as a required property of any value",
                file=file,
                hint=f"declare {name!r} under 'properties', or drop it from 'required'",
            )
        patches.setdefault(key, []).append(_declaring(names))
    return {key: _chain(fs) for key, fs in patches.items()}


#: a schema that is one alternative of a oneOf/anyOf
_ALTERNATIVE = re.compile(r"/(oneOf|anyOf)/\d+$")


def _never(raw: Any) -> Any:
    """An alternative that only leads back into its loop never reaches a value: ``false``."""
    return False


def _without_ref(raw: Any) -> Any:
    return {k: v for k, v in raw.items() if k != "$ref"} if isinstance(raw, dict) else raw


def _declaring(names: tuple[str, ...]) -> Patch:
    def patch(raw: Any) -> Any:
        if not isinstance(raw, dict) or not isinstance(raw.get("properties"), dict):
            return raw
        return {**raw, "properties": {**raw["properties"], **{name: {} for name in names}}}

    return patch


def _chain(patches: list[Patch]) -> Patch:
    def patch(raw: Any) -> Any:
        for one in patches:
            raw = one(raw)
        return raw

    return patch
