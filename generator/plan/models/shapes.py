"""One function per schema shape (const, enum, tagged union, object, other union, plain types),
tried in order; each returns the schema's Python type or None.
"""

from __future__ import annotations

from collections.abc import Callable

from ...ir.discriminators import dispatch_targets
from ...ir.nodes import Schema
from ...naming.models import NameContext, stem
from .. import types as t
from .objects import shape_object
from .state import (
    INLINE_LITERAL_MAX,
    Planner,
    Shape,
    component,
    declare_named,
    literal_able,
    merged,
    pinned,
    union_of,
)

__all__ = []


def _shape_const(pl: Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    if s.const is not None and literal_able((s.const,)):
        return t.TLiteral((s.const,))
    return None


def _shape_enum(pl: Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    if s.enum is None or not literal_able(s.enum):
        return None
    values = tuple(v for v in s.enum if v.value is not None)
    nullable = len(values) < len(s.enum)
    if not values:
        return t.NONE
    strings = all(isinstance(v.value, str) for v in values)
    received = strings and s.pointer not in pl.sent
    if len(values) <= INLINE_LITERAL_MAX and ctx.role != "component":
        literal: t.TypeExpr = t.TLiteral(values, open=received)
    else:
        name = pl.name(ctx)
        module = pl.module_of(s.pointer)
        pl.declare(
            s,
            t.LiteralAlias(
                name=name,
                module=module,
                pointer=s.pointer,
                schema_name=component(pl, s),
                description=s.description,
                values=values,
                nullable=nullable,
                open=strings,
                open_type=received,
                codec=pl.codec(s, name),
            ),
        )
        literal = t.TNamed(name, module, "literal", False, strings=strings)
    return union_of((literal, t.NONE)) if nullable else literal


def _variant_base(ctx: NameContext, name: str) -> NameContext:
    if ctx.role == "place":
        return ctx
    return NameContext(role="place", word="", stem=name)


def _shape_tagged(pl: Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    if s.properties or s.discriminator is None:
        return None
    targets = dispatch_targets(pl.api, s)
    if not targets:
        return None
    name = pl.name(ctx, "Union")
    named = declare_named(pl, s, name, "union", True)
    base = _variant_base(ctx, name)
    dispatch = []
    for i, (tag, target) in enumerate(targets):
        vctx = base.variant(tag=tag, title=None, only_required=None, index=i)
        dispatch.append((tag, pl.type_of(target, pl.context_for(target, vctx))))
    options = tuple(dict.fromkeys(o for _, o in dispatch))
    _declare_union(pl, s, named, options, (s.discriminator.property_name, tuple(dispatch)), ())
    return named


def _declare_union(
    pl: Planner,
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
            schema_name=component(pl, s),
            description=s.description,
            options=options,
            tag_property=tagged[0],
            dispatch=tagged[1],
            objects=tuple((fn, o) for fn, o in trials if t.json_kind(o) == "object"),
            arrays=tuple((fn, o) for fn, o in trials if t.json_kind(o) == "array"),
            build_fn=named.builder,
            tags_table=pl.private_name("_BUILDERS_", named.name, named.module).upper(),
            codec=codec,
            decode_fn=named.decoder,
            shape=named.shape,
            decoders_table=(
                pl.private_name("_DECODERS_", named.name, named.module).upper() if decoders else ""
            ),
        ),
    )


def _tag_decoders(pl: Planner, s: Schema, dispatch: tuple[tuple[str, t.TypeExpr], ...]) -> bool:
    """Whether a tagged union decodes by handing the value to its alternative's decoder: its
    lenient validation is the dispatch on the tag, and every alternative is a class."""
    if not dispatch or not all(isinstance(o, t.TNamed) and o.kind == "class" for _, o in dispatch):
        return False
    return pl.checks.dispatches(s)


def _shape_union(pl: Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    branches = s.one_of or s.any_of
    if not branches:
        return None
    options: list[t.TypeExpr] = []
    trials: list[tuple[str, t.TypeExpr]] = []
    early = (
        declare_named(pl, s, pl.name(ctx, "Union"), "union", True)
        if ctx.role == "component"
        else None
    )
    base = _variant_base(ctx, ctx.word if ctx.role == "component" else "")
    targets = tuple(pl.api.target(b) for b in branches)
    main = _main_branch(pl, targets)
    for i, (branch, target) in enumerate(zip(branches, targets, strict=True)):
        # ``oneOf: [X, {type: null}]``, ``anyOf: [{<object>}, {enum: [""]}]``: X is named as
        # the place itself; other alternatives by what sets them apart
        vctx = (
            ctx
            if early is None and i == main
            else base.variant(
                tag=None,
                title=target.title,
                index=i,
                only_required=_only_required(target, targets),
                first_property=_distinct_property(target, targets),
                pinned=_pinned_tag(pl, target, targets),
            )
        )
        option = pl.type_of(branch, pl.context_for(target, vctx))
        options.append(option)
        trials.append((pl.checks.function(branch, "loose"), option))
    union = union_of(tuple(options))
    rest, _ = t.strip_none(union)
    if early is None and (not t.needs_build(union) or not isinstance(rest, t.TUnion)):
        return union  # no alias needed: plain values, or one type (maybe nullable)
    named = early or declare_named(pl, s, pl.name(ctx, "Union"), "union", True)
    flat = union.options if isinstance(union, t.TUnion) else (union,)
    _declare_union(pl, s, named, flat, (None, ()), tuple(trials))
    return named


def _main_branch(pl: Planner, targets: tuple[Schema, ...]) -> int | None:
    """The one alternative that matters (of the targets of a union's alternatives): the only
    one that is not ``null``, or the only object with properties beside alternatives that
    are never objects."""
    rest = [i for i, s in enumerate(targets) if not _null_only(s)]
    if len(rest) == 1:
        return rest[0]
    objects = [i for i, s in enumerate(targets) if any(p.properties for p in merged(pl, s))]
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


def _pinned_tag(pl: Planner, target: Schema, targets: tuple[Schema, ...]) -> str | None:
    """The one string this alternative allows for a property every alternative declares (an
    undeclared tag: ``type: {enum: [plain]}``), if no other alternative allows only that
    (``targets``: those of every alternative)."""
    others = [o for o in targets if o is not target]
    for name, sub in target.properties:
        value = pinned(pl.api.target(sub))
        if value is None or not isinstance(value.value, str) or not value.value:
            continue
        subs = [o.prop(name) for o in others]
        pins = [pinned(pl.api.target(x)) for x in subs if x is not None]
        if len(pins) == len(others) and value not in pins:
            return str(value.value)
    return None


def _distinct_property(target: Schema, targets: tuple[Schema, ...]) -> str | None:
    """The first property of this alternative that no other alternative declares."""
    others = {name for o in targets if o is not target for name, _ in o.properties}
    return next(
        (n for n, _ in target.properties if n not in others),
        target.properties[0][0] if target.properties else None,
    )


def _only_required(target: Schema, targets: tuple[Schema, ...]) -> str | None:
    others = [set(o.required) for o in targets if o is not target]
    return next((n for n in target.required if not any(n in o for o in others)), None)


def _shape_all_of_wrapper(pl: Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    """``allOf: [{$ref: X}]`` (a 3.0 way of annotating a reference) is just X."""
    if len(s.all_of) == 1 and s.keyword_count == 1 + s.nullable:
        member = s.all_of[0]
        return pl.type_of(member, pl.context_for(pl.api.target(member), ctx))
    return None


def _shape_types(pl: Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    types = s.types or _implied_types(pl, s)
    if not types:
        return None
    kept = [name for name in types if name != "null"] or ["null"]
    return union_of(tuple(_TYPE_OF[name](pl, s, ctx) for name in kept))


def _implied_types(pl: Planner, s: Schema) -> tuple[str, ...]:
    for part in merged(pl, s):
        if part.types:
            return tuple(x for x in part.types if x != "null") or ("null",)
    if s.additional_properties is not None or s.pattern_properties or s.required:
        return ("object",)
    if s.items is not None or s.prefix_items:
        return ("array",)
    return ()


def _object_type(pl: Planner, s: Schema, ctx: NameContext) -> t.TypeExpr:
    extra = next(
        (p.additional_properties for p in merged(pl, s) if p.additional_properties is not None),
        None,
    )
    if extra is None or extra.boolean is not None:
        return t.TMap(t.TAny())
    if ctx.role == "component":
        return t.TMap(pl.type_of(extra, NameContext.at("value", "value", stem(ctx.word))))
    word = ctx.word or "value"
    return t.TMap(pl.type_of(extra, NameContext.at("value", word, ctx.stem, ctx.alt_stem)))


def _array_type(pl: Planner, s: Schema, ctx: NameContext) -> t.TypeExpr:
    items = next((p.items for p in merged(pl, s) if p.items is not None), None)
    if items is None or s.prefix_items:
        return t.TList(t.TAny())
    if ctx.role == "component":
        return t.TList(pl.type_of(items, NameContext.at("item", "items", stem(ctx.word))))
    word = ctx.word or "items"
    return t.TList(pl.type_of(items, NameContext.at("item", word, ctx.stem, ctx.alt_stem)))


_TEMPORAL_FORMATS = {"date-time": t.DATETIME, "date": t.DATE}


def _string_type(pl: Planner, s: Schema) -> t.TypeExpr:
    """``str``, or ``datetime``/``date`` for a plain string (or null) with a date format that
    is asserted (a relaxed format stays a string: the spec's own examples break it)."""
    plain = set(s.types or ("string",)) <= {"string", "null"}
    plain = plain and not pl.checks.format_relaxed(s.pointer)
    found = _TEMPORAL_FORMATS.get(s.format or "") if pl.native_dates and plain else None
    return found or t.TPrim("str")


_TYPE_OF: dict[str, Callable[[Planner, Schema, NameContext], t.TypeExpr]] = {
    "string": lambda pl, s, ctx: _string_type(pl, s),
    "integer": lambda pl, s, ctx: t.TPrim("int"),
    "number": lambda pl, s, ctx: t.TPrim("float"),
    "boolean": lambda pl, s, ctx: t.TPrim("bool"),
    "null": lambda pl, s, ctx: t.NONE,
    "object": _object_type,
    "array": _array_type,
}


SHAPES: tuple[Shape, ...] = (
    _shape_const, _shape_enum, _shape_all_of_wrapper, _shape_tagged, shape_object,
    _shape_union, _shape_types,
)  # fmt: skip
