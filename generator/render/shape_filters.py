"""Jinja filters that print tolerant-decoding shapes (``templates/runtime/_tolerant.py``).

A shape says how to decode a value that broke its schema: ``_t.plain`` (the JSON value as
it is), ``_t.model(lambda: Pet)`` (a class, built field by field), ``_t.list_of(...)``,
``_t.map_of(...)``, ``_t.date_time``/``_t.date`` (parsed when the text allows, else kept)
and ``_t.ref(lambda: _shape_pet_or_error)`` (a union's shape, declared beside it); ``_t`` is
the runtime module ``_tolerant`` (no name a schema could take).
Classes and shapes are reached lazily (``lambda``): they may be defined later or live in a
models module that is not loaded yet.
"""

from __future__ import annotations

from collections.abc import Callable

from ..plan import types as t
from .filters import pyq

__all__ = ["SHAPE_FILTERS", "shape_expr", "shaped"]


def _where(named: t.TNamed, module: str) -> str:
    return "" if named.module == module else f"_m{named.module}."


def class_ref(named: t.TNamed, module: str) -> str:
    """A class, from the models module ``module`` (``""``: from an operations module)."""
    return f"{_where(named, module)}{named.name}"


_TEMPORAL_SHAPES: dict[t.TypeExpr, str] = {t.DATETIME: "_t.date_time", t.DATE: "_t.date"}


def shape_expr(expr: t.TypeExpr, module: str, lazy: bool = True) -> str:
    """The shape of values of type ``expr``; not ``lazy``: classes and union shapes named
    directly (in a function that runs once everything is defined, a class's ``_shapes()``)."""
    if not t.needs_build(expr):
        return "_t.plain"
    if expr in _TEMPORAL_SHAPES:
        return _TEMPORAL_SHAPES[expr]
    if isinstance(expr, t.TNamed):
        if expr.kind == "class":
            ref = class_ref(expr, module)
            return f"_t.model(lambda: {ref})" if lazy else f"_t.model({ref})"
        if expr.shape:
            ref = f"{_where(expr, module)}{expr.shape}"
            return f"_t.ref(lambda: {ref})" if lazy else ref
        return "_t.plain"
    if isinstance(expr, t.TList):
        return f"_t.list_of({shape_expr(expr.item, module, lazy)})"
    if isinstance(expr, t.TMap):
        return f"_t.map_of({shape_expr(expr.value, module, lazy)})"
    if isinstance(expr, t.TUnion):
        rest, _ = t.strip_none(expr)
        if not isinstance(rest, t.TUnion):
            return shape_expr(rest, module, lazy)  # None passes through every shape unchanged
    return "_t.plain"


def shaped(fields: tuple[t.Field, ...]) -> list[t.Field]:
    """The fields whose shape is not ``_t.plain`` (a model class's ``_shapes()`` lists them)."""
    return [f for f in fields if shape_expr(f.type, "") != "_t.plain"]


def class_options(options: tuple[t.TypeExpr, ...], module: str) -> str:
    """``(A, B)``: the class alternatives of a union, as a tuple expression."""
    classes = [
        class_ref(o, module) for o in options if isinstance(o, t.TNamed) and o.kind == "class"
    ]
    return "(" + "".join(f"{c}, " for c in classes) + ")"


def class_dispatch(dispatch: tuple[tuple[str, t.TypeExpr], ...], module: str) -> str:
    """``{"tag": A, ...}``: tag -> class of a tagged union (tags as Python literals)."""
    pairs = [
        f"{pyq(tag)}: {class_ref(o, module)}"
        for tag, o in dispatch
        if isinstance(o, t.TNamed) and o.kind == "class"
    ]
    return "{" + ", ".join(pairs) + "}"


SHAPE_FILTERS: dict[str, Callable[..., object]] = {
    "class_ref": class_ref,
    "shape_expr": shape_expr,
    "shaped": shaped,
    "class_options": class_options,
    "class_dispatch": class_dispatch,
}
