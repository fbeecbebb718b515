"""Objects become dataclasses: properties merged over allOf parts, attribute names, fields with
their codecs, undeclared properties, and the one-pass decoder plan.
"""

from __future__ import annotations

from functools import partial

from ...ir.nodes import Schema
from ...naming.models import NameContext, stem
from ...naming.words import (
    Scope,
    identifier,
)
from .. import types as t
from .state import FIELD_RESERVED, Planner, component, declare_named, merged, pinned

__all__ = []


def shape_object(pl: Planner, s: Schema, ctx: NameContext) -> t.TypeExpr | None:
    parts = list(merged(pl, s))
    if not any(p.properties for p in parts):
        return None
    one_pass = _plain_object(s)
    named = declare_named(pl, s, pl.name(ctx, "Object"), "class", True, one_pass)
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
            schema_name=component(pl, s),
            description=s.description,
            fields=fields,
            extras=_extras(pl, parts, stems[0]),
            extras_attr="additional_properties",
            build_fn=named.builder,
            decode_fn=named.decoder,
            decoder=_class_decoder(pl, s, fields) if one_pass else None,
            objects_only=any(p.types is not None and set(p.types) <= _OBJECT for p in parts),
            check_fn=pl.checks.function(s, "check"),
            loose_fn=pl.checks.function(s, "loose"),
            deprecated=s.deprecated,
        ),
    )
    return named


_OBJECT = frozenset({"object", "null"})
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


def _class_decoder(pl: Planner, s: Schema, fields: tuple[t.Field, ...]) -> t.ClassDecoder:
    subs = dict(s.properties)
    return t.ClassDecoder(fields=tuple(_field_decode(pl, f, subs[f.wire]) for f in fields))


def _field_decode(pl: Planner, f: t.Field, sub: Schema) -> t.FieldDecode:
    rest, nullable = t.strip_none(f.type)
    make = partial(t.FieldDecode, attr=f.attr, wire=f.wire, type=f.type, required=f.required)
    if isinstance(rest, t.TNamed) and decoded_by(pl, sub, rest):
        return make(kind="child", decoder=rest, nullable=nullable)
    if isinstance(rest, t.TList) and isinstance(rest.item, t.TNamed):
        if items_decoded_by(pl, sub, rest.item, {"array", "null"}):
            return make(kind="children", decoder=rest.item, nullable=nullable)
    return make(kind="plain", checks=pl.checks.inline(sub, "x"))


def items_decoded_by(pl: Planner, sub: Schema, item: t.TNamed, types: set[str]) -> bool:
    """Whether ``sub`` is an array (of one of ``types``) whose items ``item``'s decoder checks
    exactly, with nothing else to check."""
    target = pl.api.target(sub)
    return (
        target.items is not None
        and target.keywords() <= {"types", "items", "nullable"}
        and target.types is not None
        and set(target.types) <= types
        and decoded_by(pl, target.items, item)
    )


def decoded_by(pl: Planner, sub: Schema, named: t.TNamed) -> bool:
    """Whether ``named``'s decoder checks exactly what ``sub`` says (but ``null``): ``sub`` is
    its schema, a reference to it, or ``allOf: [<it>]``."""
    if not named.decoder:
        return False
    target = pl.api.target(sub)
    if len(target.all_of) == 1 and target.keywords() <= {"all_of", "nullable"}:
        target = pl.api.target(target.all_of[0])
    elif target.any_of or target.one_of:  # (without either, nothing to unwrap)
        keywords = target.keywords()
        if keywords <= {"any_of", "nullable"} or keywords <= {"one_of", "nullable"}:
            target = _or_null(pl, target.any_of or target.one_of) or target
    declared = pl.named_at.get(named.name)
    return declared is not None and (
        declared.pointer == target.pointer or pl.exact(declared) == pl.exact(target)
    )


def _or_null(pl: Planner, options: tuple[Schema, ...]) -> Schema | None:
    """The other option of ``[<schema>, {type: null}]`` (either order)."""
    if len(options) != 2:
        return None
    nulls = [o for o in options if _only_null(pl.api.target(o))]
    others = [o for o in options if o not in nulls]
    return pl.api.target(others[0]) if len(nulls) == 1 and len(others) == 1 else None


def _only_null(s: Schema) -> bool:
    return s.keywords() == {"types"} and s.types == ("null",)


def _properties(parts: list[Schema]) -> dict[str, tuple[Schema, bool]]:
    """Merged properties in order of first appearance; the last definition's schema wins."""
    required = {name for p in parts for name in p.required}
    out: dict[str, tuple[Schema, bool]] = {}
    for part in parts:
        for wire, sub in part.properties:
            out[wire] = (sub, wire in required)
    return out


def _stems(pl: Planner, s: Schema, name: str) -> tuple[str, str]:
    """The short stem children are named from, and the class name itself as a longer one."""
    original = pl.components.get(s.pointer)
    return stem(original if original and "." in original else name), name


def _attribute_names(properties: dict[str, tuple[Schema, bool]]) -> dict[str, str]:
    """Python names of the properties: wire names that already are identifiers keep them
    (``foo_bar``), the others get theirs after (``foo-bar`` -> ``foo_bar_2``)."""
    scope = Scope(FIELD_RESERVED)
    wanted = {wire: identifier(wire, FIELD_RESERVED) for wire in properties}
    names = {}
    for wire in sorted(properties, key=lambda w: wanted[w] != w):
        names[wire] = scope.claim(wanted[wire])
    return names


def _field(
    pl: Planner, wire: str, sub: Schema, required: bool, stems: tuple[str, str], attr: str
) -> t.Field:
    target = pl.api.target(sub)
    const = pinned(target)
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


def _extras(pl: Planner, parts: list[Schema], class_stem: str) -> t.TypeExpr | None:
    extra = next(
        (p.additional_properties for p in reversed(parts) if p.additional_properties is not None),
        None,
    )
    if extra is None or extra.boolean is not None:
        return t.TAny()  # also for ``false``: what a newer server adds is kept, not lost
    return pl.type_of(extra, NameContext.at("value", "extra", class_stem))
