"""Checks of one JSON type at a time (string, number, object, array): bounds, patterns, formats,
properties, items, and unevaluated properties and items.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Literal

from ...ir.nodes import Schema
from . import checks as c
from .state import ASSERTED_FORMATS, INLINE_ENUM_MAX, INLINE_REQUIRED_MAX, At, Checks, Planner

__all__ = []


def _compare(
    at: At,
    subject: Literal["value", "len"],
    op: Literal["<", "<=", ">", ">="],
    bound: int | float | None,
    keyword: str,
    message: str,
) -> Checks:
    if bound is None:
        return []
    return [
        c.Compare(
            var=at.var,
            path=at.path,
            subject=subject,
            op=op,
            bound=bound,
            keyword=keyword,
            message=message.format(_number_text(bound)),
        )
    ]


def _number_text(value: int | float) -> str:
    return json.dumps(value)


def _plural(n: int | float, word: str) -> str:
    return f"{word}" if n == 1 else f"{word}s"


def _string_group(pl: Planner, s: Schema, at: At) -> Checks:
    out: Checks = []
    if s.min_length is not None:
        out += _compare(
            at,
            "len",
            "<",
            s.min_length,
            "minLength",
            "must be at least {} " + _plural(s.min_length, "character") + " long",
        )
    if s.max_length is not None:
        out += _compare(
            at,
            "len",
            ">",
            s.max_length,
            "maxLength",
            "must be at most {} " + _plural(s.max_length, "character") + " long",
        )
    if s.pattern is not None:
        out.append(
            c.PatternSearch(
                var=at.var,
                path=at.path,
                regex=(regex := pl.regex(s.pattern)),
                seen=pl.memo(regex),
                source=s.pattern.source,
            )
        )
    if s.format in ASSERTED_FORMATS and s.pointer not in pl.relaxed_formats:
        out.append(c.FormatCheck(var=at.var, path=at.path, format=s.format))
    return out


def _number_group(pl: Planner, s: Schema, at: At) -> Checks:
    if (
        s.minimum is None
        and s.maximum is None
        and s.exclusive_minimum is None
        and s.exclusive_maximum is None
        and s.multiple_of is None
    ):
        return []
    out = _compare(at, "value", "<", s.minimum, "minimum", "must be >= {}")
    out += _compare(at, "value", ">", s.maximum, "maximum", "must be <= {}")
    out += _compare(at, "value", "<=", s.exclusive_minimum, "exclusiveMinimum", "must be > {}")
    out += _compare(at, "value", ">=", s.exclusive_maximum, "exclusiveMaximum", "must be < {}")
    if s.multiple_of is not None:
        out.append(c.MultipleOf(var=at.var, path=at.path, divisor=s.multiple_of))
    return out


def key_text(name: str) -> str:
    """The JSON-path text of an object key: ``.name`` or ``["odd name"]``."""
    if name.isascii() and name.isidentifier():
        return "." + name
    return "[" + json.dumps(name, ensure_ascii=False) + "]"


def _object_group(pl: Planner, s: Schema, at: At) -> Checks:
    if not _has_object_keywords(s):
        return []  # what follows would find nothing (most nodes: strings, numbers...)
    out: Checks = []
    if s.required:
        inline = len(s.required) <= INLINE_REQUIRED_MAX
        names = None if inline else pl.name_list(s.required)
        out.append(c.Required(var=at.var, path=at.path, names=s.required, names_const=names))
    rows: list[c.TypedRow] = []  # the properties only type-tested, tested together
    slot = 0  # where their test goes: in the place of the first of them
    for name, sub in s.properties:
        inner = at.sub("v", at.path.key(key_text(name)))
        body = tuple(pl.nested(sub, inner))
        test, body = _type_test(body, at.mode)
        if test is not None:
            slot = slot if rows else len(out)
            fmt, body = _format_only(body) if at.mode == "check" else ("", body)
            rows.append(c.TypedRow(name=name, test=test, required=name in s.required, format=fmt))
        if body:
            out.append(
                c.Property(
                    var=at.var,
                    path=at.path,
                    name=name,
                    sub_var=inner.var,
                    body=body,
                    required=name in s.required,
                )
            )
    if rows:
        out.insert(slot, c.Typed(var=at.var, path=at.path, rows=tuple(rows)))
    out += _object_keys(pl, s, at)
    out += _unevaluated(pl, s, at)
    if s.property_names is not None:
        key_var = at.var_at("k")
        key_path = at.path.dynamic(key_var)
        body = tuple(pl.checks(s.property_names, At(key_var, key_path, at.depth + 1, at.mode)))
        if body:
            out.append(
                c.PropertyNames(
                    var=at.var, path=at.path, key_var=key_var, key_path=key_path, body=body
                )
            )
    out += _compare(
        at, "len", "<", s.min_properties, "minProperties", "must have at least {} properties"
    )
    out += _compare(
        at, "len", ">", s.max_properties, "maxProperties", "must have at most {} properties"
    )
    for name, requires in s.dependent_required:
        if requires:
            out.append(c.DependentRequired(var=at.var, path=at.path, name=name, requires=requires))
    for name, sub in s.dependent_schemas:
        body = tuple(pl.checks(sub, at))
        if body:
            out.append(c.DependentSchema(var=at.var, path=at.path, name=name, body=body))
    return out


def _has_object_keywords(s: Schema) -> bool:
    return bool(
        s.required
        or s.properties
        or s.pattern_properties
        or s.additional_properties is not None
        or s.unevaluated_properties is not None
        or s.property_names is not None
        or s.min_properties is not None
        or s.max_properties is not None
        or s.dependent_required
        or s.dependent_schemas
    )


def _type_test(
    body: tuple[c.Check, ...], mode: c.Mode
) -> tuple[c.Switch | c.Call | None, tuple[c.Check, ...]]:
    """The ``type`` test of a property that can join the others' (see ``Typed``), and the rest
    of its checks: in ``check`` mode any ``type`` test (the rest guards itself by type), in
    the other modes a ``type`` test or a call that is all there is (more in one condition
    costs more bytes than the separate tests it saves)."""
    first = body[0] if body else None
    if isinstance(first, c.Switch) and first.allowed is not None:
        if not first.branches and len(body) == 1:
            return first, ()
        if mode == "check":
            rest = c.Switch(
                var=first.var, path=first.path, allowed=None, message="", branches=first.branches
            )
            return first, ((rest,) if rest.branches else ()) + body[1:]
    if isinstance(first, c.Call) and len(body) == 1 and mode != "check":
        return first, ()
    return None, body


def _format_only(body: tuple[c.Check, ...]) -> tuple[str, tuple[c.Check, ...]]:
    """The format of a string when it is all the rest of a property's checks, and what is left
    (nothing then)."""
    if len(body) != 1 or not isinstance(body[0], c.Switch) or len(body[0].branches) != 1:
        return "", body
    (branch,) = body[0].branches
    (check,) = branch.body if len(branch.body) == 1 else (None,)
    if branch.group != "string" or not isinstance(check, c.FormatCheck):
        return "", body
    return check.format, ()


def _object_keys(pl: Planner, s: Schema, at: At) -> Checks:
    key_var, value_var = at.var_at("k"), at.var_at("v")
    key_path = at.path.dynamic(key_var)
    inner = At(value_var, key_path, at.depth + 1, at.mode)
    patterns = tuple(
        c.PatternProperty(regex=pl.regex(p), body=tuple(pl.nested(sub, inner)))
        for p, sub in s.pattern_properties
    )
    extra = s.additional_properties
    forbid = extra is not None and extra.boolean is False
    additional: tuple[c.Check, ...] | None = None
    if extra is not None and not forbid:
        additional = tuple(pl.nested(extra, inner))
    if forbid and at.mode == "loose":
        forbid = False
    patterns = tuple(p for p in patterns if p.body or forbid or additional)
    if not patterns and not additional and not forbid:
        return []
    known = tuple(name for name, _ in s.properties)
    return [
        c.ObjectKeys(
            var=at.var,
            path=at.path,
            key_var=key_var,
            value_var=value_var,
            match_var=at.var_at("m"),
            key_path=key_path,
            known=known,
            known_const=pl.string_set(known) if len(known) > INLINE_ENUM_MAX else None,
            patterns=patterns,
            additional=additional,
            forbid=forbid,
        )
    ]


def _unevaluated(pl: Planner, s: Schema, at: At) -> Checks:
    extra = s.unevaluated_properties
    if extra is None or extra.boolean is True:
        return []
    forbid = extra.boolean is False
    if forbid and at.mode == "loose":
        return []
    key_var, value_var = at.var_at("k"), at.var_at("v")
    key_path = at.path.dynamic(key_var)
    body = tuple(pl.nested(extra, At(value_var, key_path, at.depth + 1, at.mode)))
    if not body and not forbid:
        return []
    pl.place_bound()  # what is evaluated is found by pointer (cycles end where they began)
    parts = _evaluated(pl, s, (), (), frozenset(), root=True)
    base = [p for p in parts if not p.conditions and not p.present]
    merged = c.Evaluated(
        conditions=(),
        present=(),
        names=tuple(dict.fromkeys(n for p in base for n in p.names)),
        regexes=tuple(dict.fromkeys(r for p in base for r in p.regexes)),
        everything=any(p.everything for p in base),
    )
    return [
        c.Unevaluated(
            var=at.var,
            path=at.path,
            base=merged,
            conditional=tuple(p for p in parts if p.conditions or p.present),
            names_var=at.var_at("e"),
            regexes_var=at.var_at("r"),
            all_var=at.var_at("a"),
            key_var=key_var,
            value_var=value_var,
            key_path=key_path,
            body=body,
            forbid=forbid,
        )
    ]


def _evaluated(
    pl: Planner,
    s: Schema,
    conditions: tuple[tuple[str, bool], ...],
    present: tuple[str, ...],
    seen: frozenset[str],
    *,
    root: bool = False,
) -> list[c.Evaluated]:
    """What ``s`` evaluates, as annotation parts with the conditions they depend on."""
    if s.pointer in seen:
        return []
    seen = seen | {s.pointer}
    everything = s.additional_properties is not None or (
        not root and s.unevaluated_properties is not None
    )
    parts = [
        c.Evaluated(
            conditions=conditions,
            present=present,
            names=tuple(n for n, _ in s.properties),
            regexes=tuple(pl.regex(p) for p, _ in s.pattern_properties),
            everything=everything,
        )
    ]
    always = list(s.all_of)
    if s.ref is not None and s.ref in pl.api.schemas:
        always.append(pl.api.schemas[s.ref])
    for member in always:
        parts += _evaluated(pl, member, conditions, present, seen)
    for member in (*s.any_of, *s.one_of):
        cond = (*conditions, (pl.function(member, "valid"), False))
        parts += _evaluated(pl, member, cond, present, seen)
    if s.if_ is not None:
        test = pl.function(s.if_, "valid")
        parts += _evaluated(pl, s.if_, (*conditions, (test, False)), present, seen)
        for branch, negate in ((s.then, False), (s.else_, True)):
            if branch is not None:
                parts += _evaluated(pl, branch, (*conditions, (test, negate)), present, seen)
    for name, member in s.dependent_schemas:
        parts += _evaluated(pl, member, conditions, (*present, name), seen)
    return [p for p in parts if p.names or p.regexes or p.everything]


def _array_group(pl: Planner, s: Schema, at: At) -> Checks:
    if not (
        s.prefix_items
        or s.items is not None
        or s.contains is not None
        or s.min_items is not None
        or s.max_items is not None
        or s.unique_items
    ):
        return []  # what follows would find nothing
    out: Checks = []
    for index, sub in enumerate(s.prefix_items):
        inner = at.sub("v", at.path.literal_index(index))
        body = tuple(pl.nested(sub, inner))
        if body:
            out.append(
                c.PrefixItem(var=at.var, path=at.path, index=index, item_var=inner.var, body=body)
            )
    out += _items(pl, s, at)
    if s.contains is not None:
        out.append(
            c.Contains(
                var=at.var,
                path=at.path,
                function=pl.function(s.contains, "valid"),
                minimum=1 if s.min_contains is None else s.min_contains,
                maximum=s.max_contains,
                item_var=at.var_at("x"),
            )
        )
    out += _compare(at, "len", "<", s.min_items, "minItems", "must have at least {} items")
    out += _compare(at, "len", ">", s.max_items, "maxItems", "must have at most {} items")
    if s.unique_items:
        out.append(c.Unique(var=at.var, path=at.path))
    return out


def _items(pl: Planner, s: Schema, at: At) -> Checks:
    if s.items is None:
        return []
    start = len(s.prefix_items)
    if s.items.boolean is False:
        return _compare(
            at,
            "len",
            ">",
            start,
            "items",
            "must have at most {} items" if start else "must be empty",
        )
    index_var = at.var_at("i")
    inner = at.sub("v", at.path.index(index_var))
    body = tuple(pl.nested(s.items, inner))
    if not body:
        return []
    return [
        c.Items(
            var=at.var,
            path=at.path,
            start=start,
            index_var=index_var,
            item_var=inner.var,
            body=body,
        )
    ]


Group = Literal["string", "number", "object", "array"]


GROUPS: dict[Group, Callable[[Planner, Schema, At], Checks]] = {
    "string": _string_group,
    "number": _number_group,
    "object": _object_group,
    "array": _array_group,
}
