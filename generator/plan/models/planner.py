"""Plan stage for models: :class:`Schema` IR -> typed declarations grouped into modules.

One small function per shape decides a schema's Python type (:data:`_SHAPES`, tried in order):
``const``/``enum`` become ``Literal`` (an alias when long), tagged ``oneOf``/``anyOf`` a union
alias decoded by its tag, objects with properties a dataclass (``allOf`` parts merged into one
class), other unions a union alias decoded by JSON kind or by trial, maps ``dict[str, T]``,
arrays ``list[T]``. Nullable schemas add ``| None``.

Each component schema gets a module of its own (``models/_<name>.py``) holding its declaration
and those of its inline schemas, so a big API imports only what a caller touches.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from ...ir.discriminators import dispatch_targets
from ...ir.fingerprint import Fingerprints
from ...ir.nodes import Api, Json, Schema
from ...naming.models import NameContext, claim_name, preferred_name, stem
from ...naming.words import (
    ANNOTATION_NAMES,
    BUILTINS,
    Scope,
    class_name,
    class_names,
    identifier,
    snake,
)
from ...pointers import escape, longest_prefix
from .. import types as t
from ..validators.checks import names_used
from ..validators.planner import ValidatorPlanner
from .imports import module_imports

__all__ = ["MODEL_RESERVED", "ModelPlan", "ModelPlanner", "plan_models"]

#: names a models module or the package uses itself: a schema class may not take them
MODEL_RESERVED = frozenset({
    # typing and dataclasses names used by models modules
    "Any", "Literal", "Mapping", "TypeAlias", "TYPE_CHECKING", "dataclass", "field",
    "annotations", "json", "Model",
    # the runtime's public names and those the operation modules import
    "UNSET", "Unset", "Client", "AsyncClient", "ValidationError", "ValidationIssue",
    "ApiError", "ApiClientError", "OPERATIONS", "SERVERS", "RetryPolicy", "RequestOptions",
    "Context", "Decoder", "RequestBuilder", "RequestSpec", "TaskHandle", "AsyncTaskHandle",
    "TaskResult", "TaskState", "validators", "models", "errors",
}) | BUILTINS  # fmt: skip
_INLINE_LITERAL_MAX = 3
_FIELD_RESERVED = ANNOTATION_NAMES | {"self", "cls"}


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelPlan:
    modules: tuple[t.ModelModule, ...]
    #: schema pointer -> its Python type (for operations and tests)
    types: dict[str, t.TypeExpr]
    #: public name -> module stem, for the lazy ``models/__init__.py``
    exports: tuple[tuple[str, str], ...]
    #: component name -> its declaration
    components: dict[str, t.Declaration]


@dataclass(slots=True)
class _Planner:
    api: Api
    checks: ValidatorPlanner
    scope: Scope = field(default_factory=lambda: Scope(MODEL_RESERVED))
    functions: Scope = field(default_factory=Scope)
    module_names: Scope = field(default_factory=lambda: Scope({"__init__"}))
    types: dict[str, t.TypeExpr] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    declarations: dict[str, t.Declaration] = field(default_factory=dict)
    owner_module: dict[str, str] = field(default_factory=dict)  # pointer prefix -> module
    components: dict[str, str] = field(default_factory=dict)  # pointer -> component name
    named_at: dict[str, Schema] = field(default_factory=dict)  # class/union name -> schema
    exact: Fingerprints = field(default_factory=lambda: Fingerprints(exact=True))
    private: dict[str, Scope] = field(default_factory=dict)  # module -> its private names
    #: component name -> its class name, claimed before anything else is named
    component_names: dict[str, str] = field(default_factory=dict)
    #: (exact fingerprint, preferred name) of an inline schema -> its type: the same inline
    #: schema written out again (in every request body that takes it) is one class
    inline: dict[tuple[str, str], t.TypeExpr] = field(default_factory=dict)

    def module_of(self, pointer: str) -> str:
        prefix = longest_prefix(pointer, self.owner_module)
        return self.owner_module[prefix] if prefix is not None else "_shared"

    def type_of(self, schema: Schema, ctx: NameContext) -> t.TypeExpr:
        """The Python type of ``schema``; declares classes and aliases on the way."""
        if schema.ref is not None and schema.keyword_count == 1 and schema.ref in self.api.schemas:
            target = self.api.schemas[schema.ref]
            return self.type_of(target, self.context_for(target, ctx))
        done = self.types.get(schema.pointer)
        if done is not None:
            return done
        if schema.boolean is not None:
            return t.TAny()
        if schema.pointer in self.pending:
            return t.TAny()  # a recursive map/list/union without a class in the loop
        key = self._inline_key(schema, ctx)
        if key is not None and key in self.inline:
            self.types[schema.pointer] = self.inline[key]
            return self.inline[key]
        self.pending.add(schema.pointer)
        base = next(
            (found for shape in _SHAPES if (found := shape(self, schema, ctx)) is not None),
            t.TAny(),
        )
        self.pending.discard(schema.pointer)
        if _nullable(schema) and base not in (t.NONE, t.TAny()):
            base = _union((base, t.NONE))
        self.types[schema.pointer] = base
        if key is not None and isinstance(t.strip_none(base)[0], t.TNamed):
            self.inline[key] = base
        return base

    def _inline_key(self, schema: Schema, ctx: NameContext) -> tuple[str, str] | None:
        if ctx.role in ("component", "named") or schema.pointer in self.components:
            return None
        return self.exact(schema), preferred_name(ctx, MODEL_RESERVED)

    def context_for(self, target: Schema, ctx: NameContext) -> NameContext:
        name = self.components.get(target.pointer) or self._definition(target)
        return NameContext(role="component", word=name) if name is not None else ctx

    def _definition(self, target: Schema) -> str | None:
        """A schema defined by name elsewhere (``defs.yaml#/Problem``, ``#/$defs/Tag``) is
        named and placed like a component."""
        match = _DEFINITION.fullmatch(target.pointer)
        if match is None:
            return None
        name = match.group("name").replace("~1", "/").replace("~0", "~")
        self.components[target.pointer] = name
        self.owner_module[target.pointer] = "_" + self.module_names.claim(identifier(name))
        return name

    def name(self, ctx: NameContext, kind: str = "") -> str:
        if ctx.role == "component":
            reserved = self.component_names.pop(ctx.word, None)
            return reserved or self.scope.claim(class_name(ctx.word, MODEL_RESERVED))
        return claim_name(ctx, self.scope, MODEL_RESERVED, kind)

    def function_name(self, prefix: str, name: str) -> str:
        """A public function of the models package (unique across its modules)."""
        return self.functions.claim(f"{prefix}{snake(name)}")

    def private_name(self, prefix: str, name: str, module: str) -> str:
        """A module's private helper (``_build_pet``): unique within its module only."""
        scope = self.private.setdefault(module, Scope({"_new", "_v"}))
        return scope.claim(f"{prefix}{snake(name)}")

    def codec(self, s: Schema, name: str) -> t.Codec | None:
        if s.pointer not in self.components:
            return None
        return t.Codec(
            decode_fn=self.function_name("decode_", name),
            encode_fn=self.function_name("encode_", name),
            check_fn=self.checks.function(s, "check"),
            loose_fn=self.checks.function(s, "loose"),
        )

    def declare(self, schema: Schema, decl: t.Declaration) -> None:
        self.declarations[schema.pointer] = decl


_DEFINITION = re.compile(r"[^#]*#/(?:(?:components/schemas|definitions|\$defs)/)?(?P<name>[^/]+)")


def _nullable(s: Schema) -> bool:
    return s.nullable or (s.types is not None and "null" in s.types and len(s.types) > 1)


def _union(options: tuple[t.TypeExpr, ...]) -> t.TypeExpr:
    flat: list[t.TypeExpr] = []
    for o in options:
        for x in o.options if isinstance(o, t.TUnion) else (o,):
            if x not in flat:
                flat.append(x)
    if any(isinstance(x, t.TAny) for x in flat):
        return t.TAny()
    return flat[0] if len(flat) == 1 else t.TUnion(tuple(flat))


def _literal_able(values: tuple[Json, ...]) -> bool:
    return bool(values) and all(
        v.value is None or isinstance(v.value, str | bool) or type(v.value) is int for v in values
    )


def _component(pl: _Planner, s: Schema) -> str | None:
    return pl.components.get(s.pointer)


# ---------------------------------------------------------------- shapes
Shape = Callable[[_Planner, Schema, NameContext], "t.TypeExpr | None"]


def _shape_const(pl: _Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    if s.const is not None and _literal_able((s.const,)):
        return t.TLiteral((s.const,))
    return None


def _shape_enum(pl: _Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    if s.enum is None or not _literal_able(s.enum):
        return None
    values = tuple(v for v in s.enum if v.value is not None)
    nullable = len(values) < len(s.enum)
    if not values:
        return t.NONE
    if len(values) <= _INLINE_LITERAL_MAX and ctx.role != "component":
        literal: t.TypeExpr = t.TLiteral(values)
    else:
        name = pl.name(ctx)
        module = pl.module_of(s.pointer)
        pl.declare(
            s,
            t.LiteralAlias(
                name=name,
                module=module,
                pointer=s.pointer,
                schema_name=_component(pl, s),
                description=s.description,
                values=values,
                nullable=nullable,
                open=all(isinstance(v.value, str) for v in values),
                codec=pl.codec(s, name),
            ),
        )
        strings = all(isinstance(v.value, str) for v in values)
        literal = t.TNamed(name, module, "literal", False, strings=strings)
    return _union((literal, t.NONE)) if nullable else literal


def _named(
    pl: _Planner, s: Schema, name: str, kind: Literal["class", "union"], build: bool
) -> t.TNamed:
    """The named type of a class or alias, registered before its parts (for recursion)."""
    classes_only = kind == "class" or _tagged_classes_only(pl, s)
    module = pl.module_of(s.pointer)
    named = t.TNamed(
        name,
        module,
        kind,
        build,
        builder=pl.private_name("_build_", name, module) if build else "",
        decoder=pl.private_name("_decode_", name, module) if build else "",
        to_dict=classes_only,
    )
    pl.types[s.pointer] = named
    pl.named_at[name] = s
    return named


def _tagged_classes_only(pl: _Planner, s: Schema) -> bool:
    """A tagged union whose alternatives are all objects with properties (classes)."""
    targets = dispatch_targets(pl.api, s)
    return bool(targets) and all(
        any(p.properties for p in _merged(pl, target)) for _, target in targets
    )


def _variant_base(ctx: NameContext, name: str) -> NameContext:
    if ctx.role == "place":
        return ctx
    return NameContext(role="place", word="", stem=name)


def _shape_tagged(pl: _Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    targets = dispatch_targets(pl.api, s)
    if not targets or s.properties or s.discriminator is None:
        return None
    name = pl.name(ctx, "Union")
    named = _named(pl, s, name, "union", True)
    base = _variant_base(ctx, name)
    dispatch = []
    for i, (tag, target) in enumerate(targets):
        vctx = base.variant(tag=tag, title=None, only_required=None, index=i)
        dispatch.append((tag, pl.type_of(target, pl.context_for(target, vctx))))
    options = tuple(dict.fromkeys(o for _, o in dispatch))
    _declare_union(pl, s, named, options, (s.discriminator.property_name, tuple(dispatch)), ())
    return named


def _declare_union(
    pl: _Planner,
    s: Schema,
    named: t.TNamed,
    options: tuple[t.TypeExpr, ...],
    tagged: tuple[str | None, tuple[tuple[str, t.TypeExpr], ...]],
    trials: tuple[tuple[str, t.TypeExpr], ...],
) -> None:
    decoders = _tag_decoders(pl, s, tagged[1])
    codec = pl.codec(s, named.name) or t.Codec(
        decode_fn="",
        encode_fn="",
        check_fn=pl.checks.function(s, "check"),
        loose_fn=pl.checks.function(s, "loose"),
    )
    pl.declare(
        s,
        t.UnionAlias(
            name=named.name,
            module=named.module,
            pointer=s.pointer,
            schema_name=_component(pl, s),
            description=s.description,
            options=options,
            tag_property=tagged[0],
            dispatch=tagged[1],
            objects=tuple((fn, o) for fn, o in trials if _json_kind(o) == "object"),
            arrays=tuple((fn, o) for fn, o in trials if _json_kind(o) == "array"),
            build_fn=named.builder,
            tags_table=pl.private_name("_BUILDERS_", named.name, named.module).upper(),
            codec=codec,
            decode_fn=named.decoder,
            decoders_table=(
                pl.private_name("_DECODERS_", named.name, named.module).upper() if decoders else ""
            ),
        ),
    )


def _tag_decoders(pl: _Planner, s: Schema, dispatch: tuple[tuple[str, t.TypeExpr], ...]) -> bool:
    """Whether a tagged union decodes by handing the value to its alternative's decoder: its
    lenient validation is the dispatch on the tag, and every alternative is a class."""
    if not dispatch or not all(isinstance(o, t.TNamed) and o.kind == "class" for _, o in dispatch):
        return False
    return pl.checks.dispatches(s)


def _json_kind(expr: t.TypeExpr) -> str:
    if (isinstance(expr, t.TNamed) and expr.kind == "class") or isinstance(expr, t.TMap):
        return "object"
    if isinstance(expr, t.TList):
        return "array"
    if isinstance(expr, t.TNamed) and expr.build:
        return "other"  # a nested union or alias: decoded by its own builder
    return "scalar"


def _shape_object(pl: _Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    parts = list(_merged(pl, s))
    if not any(p.properties for p in parts):
        return None
    named = _named(pl, s, pl.name(ctx, "Object"), "class", True)
    properties = _properties(parts)
    attrs = _attribute_names(properties)
    stems = _stems(pl, s, named.name)
    fields = tuple(
        _field(pl, wire, sub, required, stems, attrs[wire])
        for wire, (sub, required) in properties.items()
    )
    pl.declare(
        s,
        t.ModelClass(
            name=named.name,
            module=named.module,
            pointer=s.pointer,
            schema_name=_component(pl, s),
            description=s.description,
            fields=fields,
            extras=_extras(pl, parts, stems[0]),
            extras_attr="additional_properties",
            known_const=pl.private_name("_KNOWN_", named.name, named.module).upper(),
            build_fn=named.builder,
            decode_fn=named.decoder,
            decoder=_class_decoder(pl, s, fields) if _plain_object(s) else None,
            check_fn=pl.checks.function(s, "check"),
            loose_fn=pl.checks.function(s, "loose"),
            deprecated=s.deprecated,
        ),
    )
    return named


_PLAIN_OBJECT = frozenset({"types", "properties", "required", "additional_properties", "nullable"})


def _plain_object(s: Schema) -> bool:
    """An object schema a one-pass decoder can check: properties, required ones among them,
    a boolean (or no) ``additionalProperties`` (undeclared properties are kept anyway)."""
    if not s.keywords() <= _PLAIN_OBJECT or s.types is None or "object" not in s.types:
        return False
    if not set(s.types) <= {"object", "null"}:
        return False
    names = {name for name, _ in s.properties}
    extra = s.additional_properties
    return set(s.required) <= names and (extra is None or extra.boolean is not None)


def _class_decoder(pl: _Planner, s: Schema, fields: tuple[t.Field, ...]) -> t.ClassDecoder:
    subs = dict(s.properties)
    return t.ClassDecoder(fields=tuple(_field_decode(pl, f, subs[f.wire]) for f in fields))


def _field_decode(pl: _Planner, f: t.Field, sub: Schema) -> t.FieldDecode:
    rest, nullable = t.strip_none(f.type)
    make = partial(t.FieldDecode, attr=f.attr, wire=f.wire, type=f.type, required=f.required)
    if isinstance(rest, t.TNamed) and _decoded_by(pl, sub, rest):
        return make(kind="child", decoder=rest, nullable=nullable)
    target = pl.api.target(sub)
    if (
        isinstance(rest, t.TList)
        and isinstance(rest.item, t.TNamed)
        and target.items is not None
        and target.keywords() <= {"types", "items", "nullable"}
        and target.types is not None
        and set(target.types) <= {"array", "null"}
        and _decoded_by(pl, target.items, rest.item)
    ):
        return make(kind="children", decoder=rest.item, nullable=nullable)
    return make(kind="plain", checks=pl.checks.inline(sub, "x"))


def _decoded_by(pl: _Planner, sub: Schema, named: t.TNamed) -> bool:
    """Whether ``named``'s decoder checks exactly what ``sub`` says (but ``null``): ``sub`` is
    its schema, a reference to it, or ``allOf: [<it>]``."""
    if not named.decoder:
        return False
    target = pl.api.target(sub)
    if len(target.all_of) == 1 and target.keywords() <= {"all_of", "nullable"}:
        target = pl.api.target(target.all_of[0])
    declared = pl.named_at.get(named.name)
    return declared is not None and (
        declared.pointer == target.pointer or pl.exact(declared) == pl.exact(target)
    )


def _merged(pl: _Planner, s: Schema, seen: frozenset[str] = frozenset()) -> Iterator[Schema]:
    """The schemas ``allOf`` (and ``$ref``) merge into ``s``, innermost first, then ``s``."""
    if s.pointer in seen:
        return
    seen = seen | {s.pointer}
    parts = list(s.all_of)
    if s.ref is not None and s.ref in pl.api.schemas:
        parts.insert(0, pl.api.schemas[s.ref])
    for part in parts:
        yield from _merged(pl, part, seen)
    yield s


def _properties(parts: list[Schema]) -> dict[str, tuple[Schema, bool]]:
    """Merged properties in order of first appearance; the last definition's schema wins."""
    required = {name for p in parts for name in p.required}
    out: dict[str, tuple[Schema, bool]] = {}
    for part in parts:
        for wire, sub in part.properties:
            out[wire] = (sub, wire in required)
    return out


def _stems(pl: _Planner, s: Schema, name: str) -> tuple[str, str]:
    """The short stem children are named from, and the class name itself as a longer one."""
    original = pl.components.get(s.pointer)
    return stem(original if original and "." in original else name), name


def _attribute_names(properties: dict[str, tuple[Schema, bool]]) -> dict[str, str]:
    """Python names of the properties: wire names that already are identifiers keep them
    (``foo_bar``), the others get theirs after (``foo-bar`` -> ``foo_bar_2``)."""
    scope = Scope(_FIELD_RESERVED)
    names = {}
    for wire in sorted(properties, key=lambda w: identifier(w, _FIELD_RESERVED) != w):
        names[wire] = scope.claim(identifier(wire, _FIELD_RESERVED))
    return names


def _pinned(target: Schema) -> Json | None:
    """The one value a schema allows (``const``, or an ``enum`` of one), if literal-able."""
    if target.const is not None and _literal_able((target.const,)):
        return target.const
    if target.enum is not None and len(target.enum) == 1 and _literal_able(target.enum):
        return target.enum[0] if target.enum[0].value is not None else None
    return None


def _field(
    pl: _Planner, wire: str, sub: Schema, required: bool, stems: tuple[str, str], attr: str
) -> t.Field:
    target = pl.api.target(sub)
    const = _pinned(target)
    return t.Field(
        attr=attr,
        wire=wire,
        type=pl.type_of(sub, NameContext.at("property", wire, stems[0], stems[1])),
        required=required,
        const=const,
        default=sub.default if sub.default is not None else target.default,
        description=sub.description or target.description,
        deprecated=sub.deprecated or target.deprecated,
        read_only=target.read_only,
        write_only=target.write_only,
        pointer=sub.pointer,
    )


def _extras(pl: _Planner, parts: list[Schema], class_stem: str) -> t.TypeExpr | None:
    extra = next(
        (p.additional_properties for p in reversed(parts) if p.additional_properties is not None),
        None,
    )
    if extra is None or extra.boolean is not None:
        return t.TAny()  # also for ``false``: what a newer server adds is kept, not lost
    return pl.type_of(extra, NameContext.at("value", "extra", class_stem))


def _shape_union(pl: _Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    branches = s.one_of or s.any_of
    if not branches:
        return None
    options: list[t.TypeExpr] = []
    trials: list[tuple[str, t.TypeExpr]] = []
    early = _named(pl, s, pl.name(ctx, "Union"), "union", True) if ctx.role == "component" else None
    base = _variant_base(ctx, ctx.word if ctx.role == "component" else "")
    main = _main_branch(pl, branches)
    for i, branch in enumerate(branches):
        target = pl.api.target(branch)
        # ``oneOf: [X, {type: null}]``, ``anyOf: [{<object>}, {enum: [""]}]``: X is named as
        # the place itself; other alternatives by what sets them apart
        vctx = (
            ctx
            if early is None and i == main
            else base.variant(
                tag=None,
                title=target.title,
                index=i,
                only_required=_only_required(pl, target, branches),
                first_property=_distinct_property(pl, target, branches),
                pinned=_pinned_tag(pl, target, branches),
            )
        )
        option = pl.type_of(branch, pl.context_for(target, vctx))
        options.append(option)
        trials.append((pl.checks.function(branch, "loose"), option))
    union = _union(tuple(options))
    rest, _ = t.strip_none(union)
    if early is None and (not t.needs_build(union) or not isinstance(rest, t.TUnion)):
        return union  # no alias needed: plain values, or one type (maybe nullable)
    named = early or _named(pl, s, pl.name(ctx, "Union"), "union", True)
    flat = union.options if isinstance(union, t.TUnion) else (union,)
    _declare_union(pl, s, named, flat, (None, ()), tuple(trials))
    return named


def _main_branch(pl: _Planner, branches: tuple[Schema, ...]) -> int | None:
    """The one alternative that matters: the only one that is not ``null``, or the only
    object with properties beside alternatives that are never objects."""
    targets = [pl.api.target(b) for b in branches]
    rest = [i for i, s in enumerate(targets) if not _null_only(s)]
    if len(rest) == 1:
        return rest[0]
    objects = [i for i, s in enumerate(targets) if any(p.properties for p in _merged(pl, s))]
    if len(objects) == 1 and all(
        _never_object(s) for i, s in enumerate(targets) if i != objects[0]
    ):
        return objects[0]
    return None


def _null_only(s: Schema) -> bool:
    return s.types == ("null",) and s.keywords() == {"types"}


def _never_object(s: Schema) -> bool:
    if s.types is not None:
        return "object" not in s.types
    values = s.enum if s.enum is not None else (s.const,) if s.const is not None else None
    return values is not None and not any(isinstance(v.value, dict) for v in values)


def _pinned_tag(pl: _Planner, target: Schema, branches: tuple[Schema, ...]) -> str | None:
    """The one string this alternative allows for a property every alternative declares (an
    undeclared tag: ``type: {enum: [plain]}``), if no other alternative allows only that."""
    others = [pl.api.target(b) for b in branches if pl.api.target(b) is not target]
    for name, sub in target.properties:
        value = _pinned(pl.api.target(sub))
        if value is None or not isinstance(value.value, str) or not value.value:
            continue
        subs = [o.prop(name) for o in others]
        pins = [_pinned(pl.api.target(x)) for x in subs if x is not None]
        if len(pins) == len(others) and value not in pins:
            return str(value.value)
    return None


def _distinct_property(pl: _Planner, target: Schema, branches: tuple[Schema, ...]) -> str | None:
    """The first property of this alternative that no other alternative declares."""
    others = {
        name
        for b in branches
        if pl.api.target(b) is not target
        for name, _ in pl.api.target(b).properties
    }
    return next(
        (n for n, _ in target.properties if n not in others),
        target.properties[0][0] if target.properties else None,
    )


def _only_required(pl: _Planner, target: Schema, branches: tuple[Schema, ...]) -> str | None:
    others = [set(pl.api.target(b).required) for b in branches if pl.api.target(b) is not target]
    return next((n for n in target.required if not any(n in o for o in others)), None)


def _shape_all_of_wrapper(pl: _Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    """``allOf: [{$ref: X}]`` (a 3.0 way of annotating a reference) is just X."""
    if len(s.all_of) == 1 and s.keyword_count == 1 + s.nullable:
        member = s.all_of[0]
        return pl.type_of(member, pl.context_for(pl.api.target(member), ctx))
    return None


def _shape_types(pl: _Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    types = s.types or _implied_types(pl, s)
    if not types:
        return None
    kept = [name for name in types if name != "null"] or ["null"]
    return _union(tuple(_TYPE_OF[name](pl, s, ctx) for name in kept))


def _implied_types(pl: _Planner, s: Schema) -> tuple[str, ...]:
    for part in _merged(pl, s):
        if part.types:
            return tuple(x for x in part.types if x != "null") or ("null",)
    if s.additional_properties is not None or s.pattern_properties or s.required:
        return ("object",)
    if s.items is not None or s.prefix_items:
        return ("array",)
    return ()


def _object_type(pl: _Planner, s: Schema, ctx: NameContext) -> t.TypeExpr:
    extra = next(
        (p.additional_properties for p in _merged(pl, s) if p.additional_properties is not None),
        None,
    )
    if extra is None or extra.boolean is not None:
        return t.TMap(t.TAny())
    if ctx.role == "component":
        return t.TMap(pl.type_of(extra, NameContext.at("value", "value", stem(ctx.word))))
    word = ctx.word or "value"
    return t.TMap(pl.type_of(extra, NameContext.at("value", word, ctx.stem, ctx.alt_stem)))


def _array_type(pl: _Planner, s: Schema, ctx: NameContext) -> t.TypeExpr:
    items = next((p.items for p in _merged(pl, s) if p.items is not None), None)
    if items is None or s.prefix_items:
        return t.TList(t.TAny())
    if ctx.role == "component":
        return t.TList(pl.type_of(items, NameContext.at("item", "items", stem(ctx.word))))
    word = ctx.word or "items"
    return t.TList(pl.type_of(items, NameContext.at("item", word, ctx.stem, ctx.alt_stem)))


_TYPE_OF: dict[str, Callable[[_Planner, Schema, NameContext], t.TypeExpr]] = {
    "string": lambda pl, s, ctx: t.TPrim("str"),
    "integer": lambda pl, s, ctx: t.TPrim("int"),
    "number": lambda pl, s, ctx: t.TPrim("float"),
    "boolean": lambda pl, s, ctx: t.TPrim("bool"),
    "null": lambda pl, s, ctx: t.NONE,
    "object": _object_type,
    "array": _array_type,
}

_SHAPES: tuple[Shape, ...] = (
    _shape_const, _shape_enum, _shape_all_of_wrapper, _shape_tagged, _shape_object,
    _shape_union, _shape_types,
)  # fmt: skip


# ---------------------------------------------------------------- modules
class ModelPlanner:
    """Declares the models of every component schema; others ask it for more types.

    Usage: ``planner = ModelPlanner(api, checks)``, then :meth:`type_for` for the schemas of
    operations (request bodies, parameters, responses), then :meth:`finish`.
    """

    def __init__(self, api: Api, checks: ValidatorPlanner) -> None:
        pl = self._pl = _Planner(api, checks)
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
        if isinstance(expr, t.TNamed) and _decoded_by(self._pl, schema, expr):
            return expr
        return None

    def declaration(self, named: t.TypeExpr | None) -> t.Declaration | None:
        """The declaration behind a named type (None for anything else)."""
        if not isinstance(named, t.TNamed):
            return None
        return next((d for d in self._pl.declarations.values() if d.name == named.name), None)

    def finish(self) -> ModelPlan:
        return _modules(self._pl)


def _component_owner(pointer: str) -> tuple[str, str] | None:
    """``#/components/responses/Error/...`` -> (``#/components/responses/Error``, ``Error``)."""
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[0] == "#" and parts[1] in ("components", "webhooks"):
        if parts[1] == "webhooks":
            return "/".join(parts[:3]), parts[2].replace("~1", "/").replace("~0", "~")
        return "/".join(parts[:4]), parts[3].replace("~1", "/").replace("~0", "~")
    return None


def plan_models(api: Api, checks: ValidatorPlanner) -> ModelPlan:
    return ModelPlanner(api, checks).finish()


def _adopt_target(pl: _Planner, name: str, schema: Schema) -> None:
    """A component that is only ``$ref: other.yaml#/X`` gives its name and module to X."""
    target = pl.api.target(schema)
    if target.pointer != schema.pointer and target.pointer not in pl.components:
        pl.components[target.pointer] = name
        pl.owner_module[target.pointer] = pl.owner_module[f"#/components/schemas/{escape(name)}"]


def _declare_plain(pl: _Planner, schema: Schema, name: str, target: t.TypeExpr) -> None:
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


def _validator_names(decls: tuple[t.Declaration, ...]) -> tuple[str, ...]:
    found: set[str] = set()
    for d in decls:
        if isinstance(d, t.ModelClass) and d.decoder is not None:
            for f in d.decoder.fields:
                found |= names_used(f.checks)
    return tuple(sorted(found))


def _modules(pl: _Planner) -> ModelPlan:
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
                validator_names=_validator_names(decls),
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
