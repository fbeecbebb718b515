"""Plan stage for validators: :class:`Schema` IR -> :class:`ValidatorModule` (see checks.py).

Every schema keyword maps to one small planning function; they are combined per node by
:func:`Planner.checks`. Subschemas that are applied in place (``properties``, ``items``,
``allOf``...) are inlined into their parent's function with fresh, depth-numbered variables;
``$ref`` targets and the alternatives of ``anyOf``/``oneOf``/``not``/``if``/``contains`` get
functions of their own, created on demand per mode. Function names come from the schema's
pointer (``check_tags_item`` in the module ``_pet``), constants from a hash of their content,
so a small change in the spec changes few lines of output.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...ir.nodes import Api, Schema
from ...naming.words import MAX_NAME, Scope, snake
from ...pointers import escape, section_entry
from . import checks as c
from .nodes import NODE_PLANS
from .state import RESERVED, At, Planner

__all__ = ["ValidatorPlanner", "owner_bases"]


class ValidatorPlanner:
    """Plans ``validators.py``; other planners ask it for functions, then :meth:`finish`."""

    def __init__(
        self, api: Api, bases: Mapping[str, str], relaxed: frozenset[str] = frozenset()
    ) -> None:
        self._pl = Planner(api, bases, NODE_PLANS, relaxed_formats=relaxed)

    def format_relaxed(self, pointer: str) -> bool:
        """Whether the ``format`` of the schema at ``pointer`` is only an annotation."""
        return pointer in self._pl.relaxed_formats

    def function(self, schema: Schema, mode: c.Mode) -> str:
        """The function applying ``schema`` in ``mode`` (planned on demand), as
        ``<module>.<name>`` under the package ``_validators`` (code writes ``_v.`` before it)."""
        return self._pl.function(schema, mode)

    def inline(self, schema: Schema, var: str) -> tuple[c.Check, ...]:
        """The lenient checks of a value held in ``var`` (for the one-pass decoders): inline
        when the schema is small, else a call of its ``loose`` function; every name they use
        is reached through ``_v`` (``_v.<module>.<name>``)."""
        return self._pl.inline(schema, var)

    def dispatches(self, schema: Schema) -> bool:
        """Whether the lenient checks of ``schema`` are only a dispatch on its tag."""
        at = At("v", c.JsonPath("p"), 0, "loose")
        checks = self._pl.checks(self._pl.api.target(schema), at)
        return len(checks) == 1 and isinstance(checks[0], c.Dispatch)

    def _entry(self, names: Scope, public: str, key: str, schema: Schema) -> c.EntryPoint:
        return self._entry_point(names.claim(public), key, schema)

    def _entry_point(self, name: str, key: str, schema: Schema) -> c.EntryPoint:
        module, _, function = self._pl.function(schema, "check").partition(".")
        return c.EntryPoint(
            name=name, schema_name=key, function=function, pointer=schema.pointer, module=module
        )

    def finish(self) -> c.ValidatorModule:
        """A ``check`` function and a ``validate_<name>`` entry point per component schema,
        and one per webhook payload (``validate_<webhook>_payload``)."""
        pl = self._pl
        names = Scope(RESERVED)
        wanted = {name: "validate_" + snake(name) for name, _ in pl.api.components}
        public: dict[str, str] = {}  # names that fit are claimed first: long ones are cut
        for name in sorted(wanted, key=lambda n: len(wanted[n]) > MAX_NAME):
            public[name] = names.claim(wanted[name])
        entries = [
            self._entry_point(public[name], name, schema) for name, schema in pl.api.components
        ]
        webhooks = [
            self._entry(names, f"validate_{snake(op.path)}_payload", op.path, media.schema)
            for op in pl.api.operations
            if op.webhook and op.body is not None
            for media in op.body.contents[:1]
            if media.schema is not None
        ]
        pl.drain()
        ordered = sorted(pl.bodies.values(), key=lambda f: _order_key(pl, f))
        return c.ValidatorModule(
            functions=tuple(ordered),
            entry_points=tuple(entries),
            webhook_entry_points=tuple(webhooks),
            regexes=tuple((name, pl.memo(name), p) for name, p in sorted(pl.regexes.items())),
            string_sets=tuple(sorted(pl.string_sets.items())),
            json_sets=tuple(sorted(pl.json_sets.items())),
            tables=tuple(sorted(pl.tables.values(), key=lambda t: t.name)),
            index=tuple((key, mode, name) for (key, mode), name in pl.functions.items()),
            files=_files(pl, ordered),
            modules=tuple(sorted(pl.module_of.items())),
            refs=dict(pl.functions),
        )


def _files(pl: Planner, ordered: list[c.ValidatorFunction]) -> tuple[c.ValidatorFile, ...]:
    """The functions split by module: each with the constants and tables it uses (a constant
    used by several modules is defined in each), calls into other modules through ``_v``."""
    by_module: dict[str, list[c.ValidatorFunction]] = {m: [] for m in pl.extras}
    for f in ordered:
        by_module.setdefault(f.module, []).append(f)
    return tuple(_file(pl, module, by_module[module]) for module in sorted(by_module))


def _file(pl: Planner, module: str, functions: list[c.ValidatorFunction]) -> c.ValidatorFile:
    used = set(pl.extras.get(module, ()))
    for f in functions:
        used |= pl.used[f"{module}.{f.name}"]
    names = sorted(used)  # each kind of constant by name (looked up: a module uses few)
    seen = pl.memo("")  # a regex is defined where it or its memo of answers is used
    regexes = {n for n in used if n in pl.regexes}
    regexes |= {n[: -len(seen)] for n in used if n.endswith(seen) and n[: -len(seen)] in pl.regexes}
    tables = tuple(
        (t.name, t.mode, tuple(_table_entry(tag, fn, t.mode, module) for tag, fn in t.entries))
        for t in (pl.tables[name] for name in names if name in pl.tables)
    )
    return c.ValidatorFile(
        name=module,
        functions=tuple(functions),
        regexes=tuple((name, pl.memo(name), pl.regexes[name]) for name in sorted(regexes)),
        string_sets=tuple((n, pl.string_sets[n]) for n in names if n in pl.string_sets),
        name_lists=tuple((n, pl.name_lists[n]) for n in names if n in pl.name_lists),
        json_sets=tuple((n, pl.json_sets[n]) for n in names if n in pl.json_sets),
        tables=tables,
    )


def _table_entry(tag: str, function: str, mode: c.Mode, module: str) -> c.TableEntry:
    """A table entry; one of another module is a call deferred to first use (``lambda``), so
    that loading a module never loads the modules its tables name. ``function`` is a name
    planned in ``module`` (plain or ``_v.<module>.<name>``) or an id (``<module>.<name>``,
    planned for the models' inline checks)."""
    ref = function
    if not function.startswith("_v.") and "." in function:
        home, _, name = function.partition(".")
        ref = name if home == module else f"_v.{function}"
    signature = "" if "." not in ref else ("v, p, out" if mode == "check" else "v")
    return c.TableEntry(tag=tag, function=ref, signature=signature)


def _order_key(pl: Planner, f: c.ValidatorFunction) -> tuple[str, int, str]:
    return (pl.base(f.pointer).split("__")[0], ("check", "valid", "loose").index(f.mode), f.name)


def owner_bases(api: Api) -> dict[str, str]:
    """Pointer prefix -> readable base name for the things that own schemas."""
    bases = {f"#/components/schemas/{escape(name)}": snake(name) for name, _ in api.components}
    for schema in api.schemas.values():
        file_id = schema.pointer.partition("#")[0]
        if file_id:  # another document: name its schemas after the file
            bases.setdefault(file_id + "#", snake(file_id.rsplit("/", 1)[-1].rsplit(".", 1)[0]))
        entry = section_entry(schema.pointer)
        if entry is not None and entry[0] not in ("schemas", "webhooks"):
            section, name, prefix = entry
            if schema.pointer != prefix:
                kind = _SECTION_KINDS.get(section, section)
                bases.setdefault(prefix, snake(name) + "_" + kind)
    for op in api.operations:
        bases[op.pointer] = snake(op.operation_id)
    return bases


_SECTION_KINDS = {
    "responses": "response",
    "requestBodies": "body",
    "parameters": "param",
    "headers": "header",
}
