"""Plan stage for models: :class:`Schema` IR -> typed declarations grouped into modules.

One small function per shape decides a schema's Python type (``shapes.SHAPES``, tried in order):
``const``/``enum`` become ``Literal`` (an alias when long), tagged ``oneOf``/``anyOf`` a union
alias decoded by its tag, objects with properties a dataclass (``allOf`` parts merged into one
class), other unions a union alias decoded by JSON kind or by trial, maps ``dict[str, T]``,
arrays ``list[T]``. Nullable schemas add ``| None``.

Each component schema gets a module of its own (``models/_<name>.py``) holding its declaration
and those of its inline schemas, so a big API imports only what a caller touches.
"""

from __future__ import annotations

from ...ir.nodes import Api, Schema
from ...ir.usage import request_side
from ...naming.models import NameContext
from ...naming.words import (
    class_names,
    identifier,
)
from ...pointers import escape, section_entry
from .. import types as t
from ..validators.planner import ValidatorPlanner
from .imports import module_imports
from .objects import decoded_by, items_decoded_by
from .shapes import SHAPES
from .state import MODEL_RESERVED, ModelPlan, Planner

__all__ = ["ModelPlanner", "plan_models"]


class ModelPlanner:
    """Declares the models of every component schema; others ask it for more types.

    Usage: ``planner = ModelPlanner(api, checks)``, then :meth:`type_for` for the schemas of
    operations (request bodies, parameters, responses), then :meth:`finish`.
    """

    def __init__(self, api: Api, checks: ValidatorPlanner, *, native_dates: bool = True) -> None:
        pl = self._pl = Planner(
            api, checks, SHAPES, sent=request_side(api), native_dates=native_dates
        )
        # components keep their own names: claimed first (names that need no cut before
        # long ones, which have other cuts to fall back on)
        wanted = {name: class_names(name, MODEL_RESERVED) for name, _ in api.components}
        for name in sorted(wanted, key=lambda n: len(wanted[n]) > 1):
            cuts = wanted[name]
            pl.component_names[name] = pl.scope.first_free(cuts) or pl.scope.claim(cuts[0])
        for name, schema in api.components:
            pl.components[schema.pointer] = name
            module = "_" + pl.module_names.claim(identifier(name))
            pl.owner_module[f"#/components/schemas/{escape(name)}"] = module
        for name, schema in api.components:
            _adopt_target(pl, name, schema)
        for op in api.operations:
            module = "_" + pl.module_names.claim(identifier(op.operation_id))
            pl.owner_module[op.pointer] = module
        for name, schema in api.components:
            found = pl.type_of(schema, NameContext(role="component", word=name))
            _declare_plain(pl, schema, name, found)

    def type_for(self, schema: Schema, ctx: NameContext) -> t.TypeExpr:
        """The type of a schema outside ``components`` (named from ``ctx`` where needed)."""
        pl = self._pl
        owner = _component_owner(schema.pointer)
        if owner is not None and owner[0] not in pl.owner_module:
            pl.owner_module[owner[0]] = "_" + pl.module_names.claim(identifier(owner[1]))
        return pl.type_of(schema, ctx)

    def decoder_of(self, schema: Schema, expr: t.TypeExpr) -> t.TNamed | None:
        """The class or union whose one-pass decoder decodes ``schema`` (of type ``expr``)
        exactly, if there is one (not for ``null``-able schemas)."""
        if isinstance(expr, t.TNamed) and decoded_by(self._pl, schema, expr):
            return expr
        return None

    def items_decoder_of(self, schema: Schema, expr: t.TypeExpr) -> t.TNamed | None:
        """The class or union whose one-pass decoder decodes each item of ``schema``, an array
        (of type ``expr``) with nothing else to check, if there is one."""
        if (
            isinstance(expr, t.TList)
            and isinstance(expr.item, t.TNamed)
            and items_decoded_by(self._pl, schema, expr.item, {"array"})
        ):
            return expr.item
        return None

    def declaration(self, named: t.TypeExpr | None) -> t.Declaration | None:
        """The declaration behind a named type (None for anything else)."""
        if not isinstance(named, t.TNamed):
            return None
        pointer = self._pl.declared.get(named.name)
        return None if pointer is None else self._pl.declarations[pointer]

    def declared_names(self) -> frozenset[str]:
        """The names of the classes and aliases declared so far (for names beside them)."""
        return frozenset(self._pl.declared)

    def finish(self) -> ModelPlan:
        return _modules(self._pl)


def _component_owner(pointer: str) -> tuple[str, str] | None:
    """``#/components/responses/Error/...`` -> (``#/components/responses/Error``, ``Error``)."""
    entry = section_entry(pointer) if pointer.startswith("#/") else None
    if entry is None or pointer.count("/") < 3:
        return None
    return entry[2], entry[1]


def plan_models(api: Api, checks: ValidatorPlanner) -> ModelPlan:
    return ModelPlanner(api, checks).finish()


def _adopt_target(pl: Planner, name: str, schema: Schema) -> None:
    """A component that is only ``$ref: other.yaml#/X`` gives its name and module to X."""
    target = pl.api.target(schema)
    if target.pointer != schema.pointer and target.pointer not in pl.components:
        pl.components[target.pointer] = name
        pl.owner_module[target.pointer] = pl.owner_module[f"#/components/schemas/{escape(name)}"]


def _declare_plain(pl: Planner, schema: Schema, name: str, target: t.TypeExpr) -> None:
    """A component that is neither a class nor an alias still gets a name (``X = str``)."""
    if schema.pointer in pl.declarations:
        return
    adopted = pl.api.target(schema).pointer
    if adopted != schema.pointer and pl.components.get(adopted) == name:
        if adopted in pl.declarations:
            return  # its target carries the component's name
    alias = pl.name(NameContext(role="component", word=name))
    build = t.needs_build(target)
    codec = pl.codec(schema, alias)
    assert codec is not None
    pl.declare(
        schema,
        t.PlainAlias(
            name=alias,
            module=pl.module_of(schema.pointer),
            pointer=schema.pointer,
            schema_name=name,
            description=schema.description,
            type=target,
            build_fn=pl.private_name("_build_", alias, pl.module_of(schema.pointer))
            if build
            else "",
            codec=codec,
        ),
    )


def _modules(pl: Planner) -> ModelPlan:
    by_module: dict[str, list[t.Declaration]] = {}
    for decl in pl.declarations.values():
        by_module.setdefault(decl.module, []).append(decl)
    modules = []
    exports: list[tuple[str, str]] = []
    for name in sorted(by_module):
        decls = tuple(by_module[name])
        runtime, typing = module_imports(name, decls)
        modules.append(
            t.ModelModule(
                name=name,
                declarations=decls,
                runtime_imports=runtime,
                typing_imports=typing,
            )
        )
        for d in decls:
            exports.append((d.name, name))
            codec = getattr(d, "codec", None)
            if codec is not None and codec.decode_fn:
                exports += [(codec.decode_fn, name), (codec.encode_fn, name)]
    components = {}
    for name, schema in pl.api.components:
        for pointer in (schema.pointer, pl.api.target(schema).pointer):
            if pointer in pl.declarations:
                components[name] = pl.declarations[pointer]
                break
    return ModelPlan(
        modules=tuple(modules), types=dict(pl.types), exports=tuple(exports), components=components
    )
