"""Compare two :class:`~generator.ir.Api` values: every change a client user should know about.

Operations are compared by :mod:`generator.diff_operations`, which walks into the schemas they
use (:mod:`generator.diff_schemas`); a change inside a component schema is reported once, at the
component's pointer, however many operations use it. Besides that:

* component schemas are matched by name: a removed one breaks code importing its model class
  (``schema-removed``), a new one is compatible (``schema-added``), and a removed one that is
  structurally equivalent to an added one is reported once as ``schema-renamed`` (breaking).
  A component no operation reaches is compared on its own, on the ``schema`` side (a change
  breaks when it would break either a request or a response);
* security schemes: removed or changed (kind, location, parameter name) break, new ones do not;
* ``info.title`` and ``info.description`` changes are documentation; ``info.version`` is
  expected to change and is not reported. Servers are not compared.
"""

from __future__ import annotations

from ..ir.nodes import Api, Schema, SecurityScheme
from .changes import Change
from .operations import diff_operations
from .schemas import SchemaDiff

__all__ = ["diff_apis"]

#: beyond this many (removed x added) component pairs, renames are not looked for
_RENAME_BUDGET = 10_000


def diff_apis(old: Api, new: Api) -> tuple[Change, ...]:
    """Every change from ``old`` to ``new``, sorted by pointer, then kind."""
    d = SchemaDiff(old, new)
    diff_operations(d)
    _components(d)
    _security_schemes(d)
    _info(d)
    return d.out.changes()


def _components(d: SchemaDiff) -> None:
    before, after = dict(d.old.components), dict(d.new.components)
    removed = {name: s for name, s in before.items() if name not in after}
    added = {name: s for name, s in after.items() if name not in before}
    for old_name, new_name in _renames(d, removed, added):
        message = f"schema {old_name!r} renamed to {new_name!r}"
        d.out.add("schema-renamed", added.pop(new_name).pointer, message, "schema")
        del removed[old_name]
    for name, schema in removed.items():
        d.out.add("schema-removed", schema.pointer, f"schema {name!r} removed", "schema")
    for name, schema in added.items():
        d.out.add("schema-added", schema.pointer, f"schema {name!r} added", "schema")
    for name, schema in before.items():
        if name in after and not d.reached(schema, after[name]):
            d.compare(schema, after[name], "schema")


def _renames(
    d: SchemaDiff, removed: dict[str, Schema], added: dict[str, Schema]
) -> list[tuple[str, str]]:
    if len(removed) * len(added) > _RENAME_BUDGET:
        return []
    pairs: list[tuple[str, str]] = []
    taken: set[str] = set()
    for old_name, old in removed.items():
        match = next((n for n, s in added.items() if n not in taken and d.equivalent(old, s)), None)
        if match is not None:
            taken.add(match)
            pairs.append((old_name, match))
    return pairs


def _scheme_shape(scheme: SecurityScheme) -> tuple[str, str | None, str | None]:
    return scheme.kind, scheme.location, scheme.param_name


def _security_schemes(d: SchemaDiff) -> None:
    before = {s.key: s for s in d.old.security_schemes}
    after = {s.key: s for s in d.new.security_schemes}
    for key, scheme in before.items():
        if key not in after:
            message = f"security scheme {key!r} removed"
            d.out.add("security-scheme-removed", scheme.pointer, message, "operation")
        elif _scheme_shape(scheme) != _scheme_shape(after[key]):
            message = f"security scheme {key!r} changed: {_scheme_shape(scheme)} -> "
            message += str(_scheme_shape(after[key]))
            d.out.add("security-scheme-changed", after[key].pointer, message, "operation")
    for key, scheme in after.items():
        if key not in before:
            message = f"security scheme {key!r} added"
            d.out.add("security-scheme-added", scheme.pointer, message, "operation")


def _info(d: SchemaDiff) -> None:
    if d.old.title != d.new.title:
        message = f"API title {d.old.title!r} -> {d.new.title!r}"
        d.out.add("title-changed", "#/info/title", message, "docs")
    if d.old.description != d.new.description:
        d.out.add("description-changed", "#/info/description", "API description changed", "docs")
