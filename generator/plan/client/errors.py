"""The package's typed error classes: one per class of the runtime's exception tree
(``errors.py``), whose ``body`` is typed as the error models the spec gives for the statuses
that class is raised for.

A status the spec names exactly (``404``) types the class raised for it (``NotFoundError``);
``4XX`` every class of a 4xx status, ``5XX`` ``ServerError``, ``default`` every class. A class
that stands for several others (``ServerValidationError``, ``ApiError``) has the union of
theirs. The runtime raises these subclasses (``Context.error_classes``), so
``except NotFoundError as e`` gives ``e.body`` the type ``Error | None`` and any ``except``
of the runtime's classes still catches them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import types as t
from ..models.imports import type_parts
from .plans import NamespacePlan

__all__ = ["ErrorClassPlan", "ErrorsPlan", "plan_errors"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorClassPlan:
    """One error class of the package: what it extends and when it is raised."""

    name: str  # the runtime class it extends, and its own name
    parent: str | None  # the typed class it also extends (``None`` for ``ApiError``)
    statuses: str  # what it is raised for, for its docstring
    types: tuple[t.TypeExpr, ...]  # the error models its ``body`` may hold


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorsPlan:
    """The error classes of the package and the models their annotations name."""

    classes: tuple[ErrorClassPlan, ...]
    #: (module, names) of the models the annotations name (imported for type checkers)
    imports: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def example(self) -> ErrorClassPlan | None:
        """The class the README shows: ``NotFoundError`` when it has a model, else the first
        class raised for one status that has one."""
        leaves = [c for c in self.classes if c.name not in ("ApiError", "ServerValidationError")]
        typed = sorted((c for c in leaves if c.types), key=lambda c: c.name != "NotFoundError")
        return typed[0] if typed else None


#: leaf classes: (name, parent, statuses it is raised for, what a ``4XX`` range reaches)
_LEAVES: tuple[tuple[str, str, str], ...] = (
    ("BadRequestError", "ServerValidationError", "400"),
    ("UnprocessableEntityError", "ServerValidationError", "422"),
    ("AuthenticationError", "ApiError", "401"),
    ("PermissionDeniedError", "ApiError", "403"),
    ("NotFoundError", "ApiError", "404"),
    ("ConflictError", "ApiError", "409"),
    ("RateLimitError", "ApiError", "429"),
)
_OWN_CODES = {code: name for name, _, code in _LEAVES}


def _classes_of(status: str) -> tuple[str, ...]:
    """The classes a response declared for ``status`` (``404``, ``4XX``, ``default``) can be
    raised as; ``ApiError`` itself stands for the statuses without a class of their own."""
    upper = status.upper()
    if upper == "DEFAULT":
        return (*_OWN_CODES.values(), "ServerError", "ApiError")
    if upper == "4XX":
        return (*_OWN_CODES.values(), "ApiError")
    if upper == "5XX" or upper.startswith("5"):
        return ("ServerError",)
    return (_OWN_CODES.get(status, "ApiError"),)


def _add(found: dict[str, dict[t.TypeExpr, None]], names: Iterable[str], type_: t.TypeExpr) -> None:
    for name in names:
        found.setdefault(name, {})[type_] = None


def _union(
    found: dict[str, dict[t.TypeExpr, None]], names: Iterable[str]
) -> tuple[t.TypeExpr, ...]:
    merged: dict[t.TypeExpr, None] = {}
    for name in names:
        merged.update(found.get(name, {}))
    return tuple(merged)


def plan_errors(namespaces: tuple[NamespacePlan, ...]) -> ErrorsPlan:
    """The typed classes, in the runtime's order (each after the class it extends)."""
    found: dict[str, dict[t.TypeExpr, None]] = {}
    for ns in namespaces:
        for op in ns.operations:
            for r in op.errors:
                if r.type is not None and r.decoder:
                    _add(found, _classes_of(r.status), r.type)
    leaves = [name for name, _, _ in _LEAVES]
    classes = [
        ErrorClassPlan(
            name="ApiError",
            parent=None,
            statuses="any error status",
            types=_union(found, [*leaves, "ServerError", "ApiError"]),
        ),
        ErrorClassPlan(
            name="ServerValidationError",
            parent="ApiError",
            statuses="400 and 422",
            types=_union(found, ["BadRequestError", "UnprocessableEntityError"]),
        ),
    ]
    classes += [
        ErrorClassPlan(name=name, parent=parent, statuses=code, types=_union(found, [name]))
        for name, parent, code in _LEAVES
    ]
    classes.append(
        ErrorClassPlan(
            name="ServerError",
            parent="ApiError",
            statuses="5xx",
            types=_union(found, ["ServerError"]),
        )
    )
    return ErrorsPlan(classes=tuple(classes), imports=_imports(classes))


def _imports(classes: Iterable[ErrorClassPlan]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    by_module: dict[str, set[str]] = {}
    for c in classes:
        for type_ in c.types:
            for named in type_parts(type_):
                by_module.setdefault(named.module, set()).add(named.name)
    return tuple((m, tuple(sorted(n))) for m, n in sorted(by_module.items()))
