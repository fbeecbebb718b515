"""Keyword planners applied to every schema node, in order: $ref, the per-type switch, enum/const,
allOf, anyOf/oneOf (dispatched on a discriminator where there is one), not and if/then/else.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...ir.discriminators import dispatch_targets
from ...ir.nodes import Json, Schema
from . import checks as c
from .groups import GROUPS, key_text
from .state import INLINE_ENUM_MAX, At, Checks, NodePlan, Planner, digest, open_enum

__all__ = []


def _plan_ref(pl: Planner, s: Schema, at: At) -> Iterable[c.Check]:
    if s.ref is None or s.ref not in pl.api.schemas:
        return ()
    return [c.Call(var=at.var, path=at.path, function=pl.function(pl.api.schemas[s.ref], at.mode))]


def _plan_enum(pl: Planner, s: Schema, at: At) -> Iterable[c.Check]:
    out: Checks = []
    if s.const is not None:
        out.append(_enum_check(pl, (s.const,), "const", at))
    if s.enum is not None and not (at.mode == "loose" and open_enum(s)):
        out.append(_enum_check(pl, s.enum, "enum", at))
    return out


def _enum_check(pl: Planner, values: tuple[Json, ...], keyword: str, at: At) -> c.Check:
    if not values:
        return c.Fail(
            var=at.var, path=at.path, keyword="enum", message="no value is allowed (empty enum)"
        )
    raw = [v.value for v in values]
    strings = tuple(v for v in raw if isinstance(v, str))
    numbers = tuple(v for v in raw if isinstance(v, int | float) and not isinstance(v, bool))
    others = tuple(v for v, r in zip(values, raw, strict=True) if isinstance(r, list | dict))
    shown = ", ".join(v.text for v in values[:10]) + (", ..." if len(values) > 10 else "")
    message = (
        f"must be {values[0].text}"
        if keyword == "const"
        else f"must be one of: {shown}"
        if values
        else "no value is allowed (empty enum)"
    )
    return c.EnumIn(
        var=at.var,
        path=at.path,
        keyword="const" if keyword == "const" else "enum",
        strings=strings,
        strings_const=pl.string_set(strings) if len(strings) > INLINE_ENUM_MAX else None,
        null=None in raw,
        true=any(v is True for v in raw),
        false=any(v is False for v in raw),
        numbers=numbers,
        others_const=pl.json_set(others) if others else None,
        message=message,
    )


def _plan_switch(pl: Planner, s: Schema, at: At) -> Iterable[c.Check]:
    groups = {name: plan(pl, s, at) for name, plan in GROUPS.items()}
    allowed = None if _ref_tests_type(pl, s) else s.types
    branches = tuple(
        c.SwitchBranch(
            group=name,
            body=tuple(body),
            guaranteed=allowed is not None and _only_group(allowed) == name,
        )
        for name, body in groups.items()
        if body
    )
    if allowed is None and not branches:
        return ()
    message = "expected " + " or ".join(allowed or ()) if allowed is not None else ""
    return [c.Switch(var=at.var, path=at.path, allowed=allowed, message=message, branches=branches)]


def _ref_tests_type(pl: Planner, s: Schema) -> bool:
    """Whether the ``$ref`` target of ``s`` (applied first) tests exactly the ``type`` of ``s``,
    with the same message: ``s`` need not test it again (``{$ref: Enum, type: string}``)."""
    if s.types is None or s.ref is None or s.ref not in pl.api.schemas:
        return False
    target = pl.api.target(pl.api.schemas[s.ref])
    return target.types == s.types and not target.nullable and target.boolean is None


def _only_group(types: tuple[str, ...]) -> str | None:
    groups = {"integer": "number"}.get
    kinds = {groups(t, t) for t in types}
    return next(iter(kinds)) if len(kinds) == 1 else None


def _plan_all_of(pl: Planner, s: Schema, at: At) -> Iterable[c.Check]:
    out: Checks = []
    for member in s.all_of:
        out.extend(pl.checks(member, at))
    return out


def _branch_mode(at: At) -> c.Mode:
    return "loose" if at.mode == "loose" else "valid"


def _plan_any_one_of(pl: Planner, s: Schema, at: At) -> Iterable[c.Check]:
    if s.discriminator is not None:
        dispatch = _dispatch(pl, s, at)
        if dispatch is not None:
            return [dispatch]
    out: Checks = []
    if s.any_of:
        funcs = tuple(pl.function(b, _branch_mode(at)) for b in s.any_of)
        out.append(c.AnyOf(var=at.var, path=at.path, functions=funcs))
    if s.one_of:
        funcs = tuple(pl.function(b, "valid") for b in s.one_of)
        out.append(c.OneOf(var=at.var, path=at.path, functions=funcs, count_var=at.var_at("n")))
    return out


def _dispatch(pl: Planner, s: Schema, at: At) -> c.Dispatch | None:
    targets = dispatch_targets(pl.api, s)
    if not targets or s.discriminator is None:
        return None
    mode: c.Mode = "check" if at.mode == "check" else _branch_mode(at)
    entries = tuple((tag, pl.function(target, mode)) for tag, target in targets)
    name = "_TAGS_" + digest(mode + "\0" + "\0".join(f"{t}\0{f}" for t, f in entries))
    pl.tables[name] = c.DispatchTable(name=name, mode=mode, entries=entries)
    pl.constant(name)
    prop = s.discriminator.property_name
    return c.Dispatch(
        var=at.var,
        path=at.path,
        property_name=prop,
        tag_path=at.path.key(key_text(prop)),
        table=name,
        tags=tuple(t for t, _ in targets),
        tag_var=at.var_at("t"),
        function_var=at.var_at("f"),
    )


def _plan_not_if(pl: Planner, s: Schema, at: At) -> Iterable[c.Check]:
    out: Checks = []
    if s.not_ is not None:
        out.append(c.Not(var=at.var, path=at.path, function=pl.function(s.not_, "valid")))
    if s.if_ is not None and (s.then is not None or s.else_ is not None):
        then = tuple(pl.checks(s.then, at)) if s.then is not None else ()
        otherwise = tuple(pl.checks(s.else_, at)) if s.else_ is not None else ()
        if then or otherwise:
            out.append(
                c.IfThenElse(
                    var=at.var,
                    path=at.path,
                    condition=pl.function(s.if_, "valid"),
                    then=then,
                    otherwise=otherwise,
                )
            )
    return out


NODE_PLANS: tuple[NodePlan, ...] = (
    _plan_ref,
    _plan_switch,
    _plan_enum,
    _plan_all_of,
    _plan_any_one_of,
    _plan_not_if,
)
