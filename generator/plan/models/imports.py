"""What a models module imports from the others: modules at run time, names for annotations.

Builders of classes and unions in another module are reached through that module
(``from . import _pet as _m_pet``) so import cycles between recursive schemas are harmless;
annotations name classes directly, imported under ``TYPE_CHECKING`` only.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import types as t

__all__ = ["module_imports", "type_parts"]


def type_parts(expr: t.TypeExpr) -> Iterator[t.TNamed]:
    """Every named type inside ``expr``."""
    if isinstance(expr, t.TNamed):
        yield expr
    elif isinstance(expr, t.TList):
        yield from type_parts(expr.item)
    elif isinstance(expr, t.TMap):
        yield from type_parts(expr.value)
    elif isinstance(expr, t.TUnion):
        for option in expr.options:
            yield from type_parts(option)


def _declared_types(decl: t.Declaration) -> Iterator[t.TypeExpr]:
    if isinstance(decl, t.ModelClass):
        yield from (f.type for f in decl.fields)
        if decl.extras is not None:
            yield decl.extras
    elif isinstance(decl, t.UnionAlias):
        yield from decl.options
        yield from (option for _, option in (*decl.dispatch, *decl.objects, *decl.arrays))
    elif isinstance(decl, t.PlainAlias):
        yield decl.type


def module_imports(
    module: str, decls: tuple[t.Declaration, ...]
) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    runtime: set[str] = set()
    typing: set[tuple[str, str]] = set()
    for decl in decls:
        for expr in _declared_types(decl):
            for named in type_parts(expr):
                if named.module == module:
                    continue
                typing.add((named.module, named.name))
                if named.build:
                    runtime.add(named.module)
    return tuple(sorted(runtime)), tuple(sorted(typing))
