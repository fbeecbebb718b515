"""The names the validator plan's checks refer to (their fields marked ``ref``): listed, for
the constants and tables a module defines, and renamed, for code outside ``_validators``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import TypeVar

__all__ = ["nameless", "names_used", "renamed"]

_FIELDS: dict[type, tuple[tuple[str, bool], ...]] = {}


def _fields(item: object) -> tuple[tuple[str, bool], ...]:
    """(name, holds names) of each field of a plan dataclass; () for anything else."""
    kind = type(item)
    found = _FIELDS.get(kind)
    if found is None:
        found = _FIELDS[kind] = (
            tuple((f.name, bool(f.metadata.get("ref"))) for f in fields(item))
            if is_dataclass(item) and not isinstance(item, type)
            else ()
        )
    return found


def names_used(checks: tuple[object, ...]) -> set[str]:
    """The module-level names of ``validators.py`` that ``checks`` refer to (their REF fields)."""
    found: set[str] = set()
    stack: list[object] = list(checks)
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif not isinstance(item, str | int | float | bool | None):
            for name, ref in _fields(item):
                value = getattr(item, name)
                if ref:
                    found.update(_names(value))
                else:
                    stack.append(value)
    return found


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, tuple):
        return [n for v in value for n in _names(v[0] if isinstance(v, tuple) else v)]
    return []


T = TypeVar("T")

#: types whose values never hold names: returned as they are without a look inside
_PLAIN: set[type] = {str, int, float, bool, type(None)}


def nameless(*kinds: type) -> None:
    """Declare plan types that never hold names (neither they nor anything inside them), so
    :func:`renamed` passes them by without looking inside (``JsonPath``, its parts)."""
    _PLAIN.update(kinds)


def renamed(item: T, rename: Callable[[str], str]) -> T:
    """``item`` (checks, tuples of them) with every name its REF fields hold passed through
    ``rename``; parts without names are returned as they are (not copied)."""
    kind = type(item)
    if kind in _PLAIN:
        return item
    if isinstance(item, tuple):
        return _renamed_tuple(item, rename)  # type: ignore[return-value]
    if isinstance(item, str | int | float | bool | None):
        return item
    changes: dict[str, object] = {}
    for name, ref in _fields(item):
        value = getattr(item, name)
        if ref:
            new = _renamed_ref(value, rename)
        elif type(value) in _PLAIN:
            continue
        else:
            new = renamed(value, rename)
        if new is not value and new != value:
            changes[name] = new
    return replace(item, **changes) if changes else item  # type: ignore[type-var]


def _renamed_tuple(items: tuple[object, ...], rename: Callable[[str], str]) -> tuple[object, ...]:
    parts = [x if type(x) in _PLAIN else renamed(x, rename) for x in items]
    same = all(a is b for a, b in zip(parts, items, strict=True))
    return items if same else tuple(parts)


def _renamed_ref(value: object, rename: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return rename(value) if value else value
    if isinstance(value, tuple):
        return tuple(_renamed_part(v, rename) for v in value)
    return value


def _renamed_part(value: object, rename: Callable[[str], str]) -> object:
    if isinstance(value, tuple):  # a (name, flag) pair
        return (_renamed_ref(value[0], rename), *value[1:])
    return _renamed_ref(value, rename)
