"""Lint over the built IR: what is valid OpenAPI but cannot be what the author meant.

Each finding is a warning (an error under ``--strict``) at the keyword's pointer:
a ``default`` its own schema rejects (``format: uuid, default: notauuid``; ``const: a, default:
b``): gen documents defaults and never sends them, so nothing else changes. (``enum`` values
the declared ``type`` excludes are worked around where the enum is read, in :mod:`.keywords`.)

:func:`undeclared_required` finds the names a ``required`` lists that the object never declares
(not in its ``properties``, nor in those of the schemas it is composed with); the build stage
keeps each as a required property of any value (a workaround).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..pointers import child
from .evaluate import problems
from .nodes import Api, Schema

__all__ = ["lint_schemas", "undeclared_required"]

#: (schema key, message, hint) -> None
Report = Callable[[str, str, str], None]


def lint_schemas(api: Api, report: Report) -> None:
    """Report defaults that do not match their own schema."""
    for schema in api.schemas.values():
        _default(api, schema, report)


def _default(api: Api, schema: Schema, report: Report) -> None:
    if schema.default is None:
        return
    found = problems(api, schema, schema.default.value)
    if not found:
        return
    keywords = ", ".join(dict.fromkeys(keyword for _, keyword in found))
    report(
        child(schema.pointer, "default"),
        f"the default {_show(schema.default.value)} does not match its own schema ({keywords})",
        "fix the default or the schema; gen documents the default and never sends it",
    )


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------- required, undeclared


def undeclared_required(api: Api) -> dict[str, tuple[str, ...]]:
    """Schema key -> the names its ``required`` lists that nothing declares.

    Only objects that declare ``properties`` are considered (a bare ``required`` is a
    constraint on properties declared elsewhere); a name counts as declared when the schema,
    any schema it is composed with (``allOf``/``anyOf``/``oneOf`` through ``$ref``, both ways)
    declares it, or when ``patternProperties`` or an ``additionalProperties`` schema covers it.
    """
    family = _family_names(api)
    out: dict[str, tuple[str, ...]] = {}
    for key, schema in api.schemas.items():
        if not schema.properties or not schema.required or _open(schema):
            continue
        known = _declared(api, schema, set()) | family.get(key, frozenset())
        missing = tuple(name for name in schema.required if name not in known)
        if missing:
            out[key] = missing
    return out


def _open(schema: Schema) -> bool:
    extra = schema.additional_properties
    return bool(schema.pattern_properties) or (extra is not None and extra.boolean is None)


def _parts(api: Api, schema: Schema) -> Iterator[Schema]:
    if schema.ref is not None and schema.ref in api.schemas:
        yield api.schemas[schema.ref]
    yield from (*schema.all_of, *schema.any_of, *schema.one_of)


def _declared(api: Api, schema: Schema, seen: set[str]) -> set[str]:
    """The property names ``schema`` and the schemas it is composed of declare."""
    if schema.pointer in seen:
        return set()
    seen.add(schema.pointer)
    names = {name for name, _ in schema.properties}
    for part in _parts(api, schema):
        names |= _declared(api, part, seen)
    return names


def _family_names(api: Api) -> Mapping[str, frozenset[str]]:
    """Schema key -> the names declared by the compositions it is a part of."""
    family: dict[str, set[str]] = {}
    for schema in api.schemas.values():
        parts = list(_parts(api, schema))
        if not parts:
            continue
        names = _declared(api, schema, set())
        for part in parts:
            family.setdefault(part.pointer, set()).update(names)
            if part.ref is not None:
                family.setdefault(part.ref, set()).update(names)
    return {key: frozenset(names) for key, names in family.items()}
