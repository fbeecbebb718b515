"""Plan stage for validators: :class:`Schema` IR -> :class:`ValidatorModule` (see checks.py).

Every schema keyword maps to one small planning function; they are combined per node by
:func:`_Planner.checks`. Subschemas that are applied in place (``properties``, ``items``,
``allOf``...) are inlined into their parent's function with fresh, depth-numbered variables;
``$ref`` targets and the alternatives of ``anyOf``/``oneOf``/``not``/``if``/``contains`` get
functions of their own, created on demand per mode. Function names come from the schema's
pointer (``_check_pet__tags_item``), constants from a hash of their content, so a small change
in the spec changes few lines of output.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from ...ir.discriminators import dispatch_targets
from ...ir.fingerprint import Fingerprints
from ...ir.nodes import Api, Json, Pattern, Schema
from ...naming.words import MAX_NAME, Scope, identifier, snake
from ...pointers import longest_prefix, unescape_parts
from . import checks as c

__all__ = ["ASSERTED_FORMATS", "ValidatorPlanner", "owner_bases"]

ASSERTED_FORMATS = frozenset({"date-time", "date", "time", "uuid", "ipv4", "ipv6"})
_INLINE_ENUM_MAX = 4

Checks = list[c.Check]


RESERVED: frozenset[str] = frozenset(
    {
        "v",
        "p",
        "out",
        "re",
        "annotations",
        "ValidationIssue",
        "json_in",
        "is_unique",
        "is_multiple",
        "key_path",
        "FORMATS",
        "json_type",
        "SCHEMA_VALIDATORS",
    }
)


@dataclass(frozen=True, slots=True)
class _At:
    """The value being checked: its variable, its JSON path, the nesting depth, the mode."""

    var: str
    path: c.JsonPath
    depth: int
    mode: c.Mode

    def sub(self, var_prefix: str, path: c.JsonPath) -> _At:
        return _At(f"{var_prefix}{self.depth + 1}", path, self.depth + 1, self.mode)

    def var_at(self, prefix: str) -> str:
        return f"{prefix}{self.depth + 1}"


@dataclass(slots=True)
class _Planner:
    api: Api
    bases: Mapping[str, str]  # pointer prefix -> base name
    scope: Scope = field(default_factory=lambda: Scope(RESERVED))
    functions: dict[tuple[str, c.Mode], str] = field(default_factory=dict)
    shared: dict[tuple[str, c.Mode], str] = field(default_factory=dict)
    fingerprint: Fingerprints = field(default_factory=Fingerprints)
    bodies: dict[str, c.ValidatorFunction] = field(default_factory=dict)
    queue: deque[tuple[Schema, c.Mode, str]] = field(default_factory=deque)
    regexes: dict[str, Pattern] = field(default_factory=dict)
    string_sets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    json_sets: dict[str, tuple[Json, ...]] = field(default_factory=dict)
    tables: dict[str, c.DispatchTable] = field(default_factory=dict)

    # ------------------------------------------------------------ functions
    def function(self, schema: Schema, mode: c.Mode) -> str:
        """The function applying ``schema`` in ``mode``, queued for planning on first use.

        Nodes with the same structure share one function (see fingerprint.py).
        """
        schema = self.api.target(schema)
        if mode == "loose" and not _has_open_parts(self.api, schema, set()):
            mode = "valid"
        key = (schema.pointer, mode)
        name = self.functions.get(key)
        if name is None:
            shape = (self.fingerprint(schema), mode)
            name = self.shared.get(shape)
            if name is None:
                name = self.scope.claim(f"_{mode}_{self.base(schema.pointer)}")
                self.shared[shape] = name
                self.queue.append((schema, mode, name))
            self.functions[key] = name
        return name

    def nested(self, schema: Schema, at: _At) -> Checks:
        """Checks of a value inside the current one: inline when small, else a call."""
        if _is_leaf(schema):
            return self.checks(schema, at)
        return [c.Call(var=at.var, path=at.path, function=self.function(schema, at.mode))]

    def base(self, pointer: str) -> str:
        prefix = longest_prefix(pointer, self.bases) or ""
        head = self.bases.get(prefix, "schema")
        rest = pointer[len(prefix) :] if prefix else pointer.partition("#")[2]
        words = _pointer_words(rest)
        return head + ("__" + "_".join(words) if words else "")

    def drain(self) -> None:
        while self.queue:
            schema, mode, name = self.queue.popleft()
            at = _At("v", c.JsonPath("p"), 0, mode)
            body = tuple(self.checks(schema, at))
            self.bodies[name] = c.ValidatorFunction(
                name=name, mode=mode, pointer=schema.pointer, body=body
            )

    # ------------------------------------------------------------ constants
    def regex(self, pattern: Pattern) -> str:
        name = "_RE_" + _digest(pattern.python)
        self.regexes[name] = pattern
        return name

    def string_set(self, values: tuple[str, ...]) -> str:
        name = "_STRINGS_" + _digest("\0".join(values))
        self.string_sets[name] = values
        return name

    def json_set(self, values: tuple[Json, ...]) -> str:
        name = "_VALUES_" + _digest("\0".join(v.text for v in values))
        self.json_sets[name] = values
        return name

    # ------------------------------------------------------------ checks of one node
    def checks(self, schema: Schema, at: _At) -> Checks:
        if schema.boolean is False:
            return [
                c.Fail(
                    var=at.var, path=at.path, keyword="false", message="no value is allowed here"
                )
            ]
        out: Checks = []
        for plan in _NODE_PLANS:
            out.extend(plan(self, schema, at))
        if schema.nullable and out:
            return [c.Nullable(var=at.var, path=at.path, body=tuple(out))]
        return out


def _is_leaf(s: Schema) -> bool:
    """Small enough to inline into its parent: no properties or applicators of its own."""
    if s.properties or s.pattern_properties or s.all_of or s.any_of or s.one_of:
        return False
    if s.not_ is not None or s.if_ is not None or s.dependent_schemas:
        return False
    return s.items is None or (
        not s.items.properties and not s.items.all_of and not s.items.any_of and not s.items.one_of
    )


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10].upper()


_WORD_OF = {
    "items": "item",
    "additionalProperties": "value",
    "not": "not",
    "if": "if",
    "then": "then",
    "else": "else",
    "contains": "contains",
    "propertyNames": "key",
    "additionalItems": "item",
}
_INDEXED = {
    "allOf": "all",
    "anyOf": "any",
    "oneOf": "one",
    "prefixItems": "item",
    "parameters": "param",
    "responses": "response",
}
_SKIPPED = {"properties", "$defs", "definitions", "schema"}


def _pointer_words(rest: str) -> list[str]:
    tokens = unescape_parts(rest) if rest.startswith("/") else []
    words: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _INDEXED and i + 1 < len(tokens):
            words.append(f"{_INDEXED[token]}{tokens[i + 1]}")
            i += 2
            continue
        if token in ("patternProperties", "dependentSchemas", "content") and i + 1 < len(tokens):
            words += {"patternProperties": ["pattern"], "dependentSchemas": ["dep"]}.get(token, [])
            i += 2
            continue
        if token == "requestBody":
            words.append("body")
            i += 1
            continue
        if token not in _SKIPPED:
            words.append(_WORD_OF.get(token) or identifier(token))
        i += 1
    return words


def _has_open_parts(api: Api, schema: Schema, seen: set[str]) -> bool:
    """Whether ``loose`` differs from ``valid`` anywhere under ``schema`` (open enums etc.)."""
    if schema.pointer in seen:
        return False
    seen.add(schema.pointer)
    if _open_enum(schema) or (
        schema.additional_properties is not None and schema.additional_properties.boolean is False
    ):
        return True
    subs: list[Schema] = [s for _, s in schema.properties] + [
        s for _, s in schema.pattern_properties
    ]
    subs += [
        s
        for s in (schema.items, schema.additional_properties, schema.then, schema.else_)
        if s is not None
    ]
    subs += [*schema.prefix_items, *schema.all_of, *schema.any_of]
    if schema.ref is not None and schema.ref in api.schemas:
        subs.append(api.schemas[schema.ref])
    if schema.discriminator is not None:
        subs += [t for _, t in dispatch_targets(api, schema)]
    return any(_has_open_parts(api, s, seen) for s in subs)


def _open_enum(schema: Schema) -> bool:
    """A string enum (maybe with null): unknown strings are kept when decoding responses."""
    return (
        schema.enum is not None
        and len(schema.enum) > 0
        and all(isinstance(v.value, str) or v.value is None for v in schema.enum)
        and any(isinstance(v.value, str) for v in schema.enum)
    )


# ---------------------------------------------------------------- node plans
NodePlan = Callable[[_Planner, Schema, _At], Iterable[c.Check]]


def _plan_ref(pl: _Planner, s: Schema, at: _At) -> Iterable[c.Check]:
    if s.ref is None or s.ref not in pl.api.schemas:
        return ()
    return [c.Call(var=at.var, path=at.path, function=pl.function(pl.api.schemas[s.ref], at.mode))]


def _plan_enum(pl: _Planner, s: Schema, at: _At) -> Iterable[c.Check]:
    out: Checks = []
    if s.const is not None:
        out.append(_enum_check(pl, (s.const,), "const", at))
    if s.enum is not None and not (at.mode == "loose" and _open_enum(s)):
        out.append(_enum_check(pl, s.enum, "enum", at))
    return out


def _enum_check(pl: _Planner, values: tuple[Json, ...], keyword: str, at: _At) -> c.Check:
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
        strings_const=pl.string_set(strings) if len(strings) > _INLINE_ENUM_MAX else None,
        null=None in raw,
        true=any(v is True for v in raw),
        false=any(v is False for v in raw),
        numbers=numbers,
        others_const=pl.json_set(others) if others else None,
        message=message,
    )


def _plan_switch(pl: _Planner, s: Schema, at: _At) -> Iterable[c.Check]:
    groups = {name: list(plan(pl, s, at)) for name, plan in _GROUPS.items()}
    allowed = s.types
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


def _only_group(types: tuple[str, ...]) -> str | None:
    groups = {"integer": "number"}.get
    kinds = {groups(t, t) for t in types}
    return next(iter(kinds)) if len(kinds) == 1 else None


def _plan_all_of(pl: _Planner, s: Schema, at: _At) -> Iterable[c.Check]:
    out: Checks = []
    for member in s.all_of:
        out.extend(pl.checks(member, at))
    return out


def _branch_mode(at: _At) -> c.Mode:
    return "loose" if at.mode == "loose" else "valid"


def _plan_any_one_of(pl: _Planner, s: Schema, at: _At) -> Iterable[c.Check]:
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


def _dispatch(pl: _Planner, s: Schema, at: _At) -> c.Dispatch | None:
    targets = dispatch_targets(pl.api, s)
    if not targets or s.discriminator is None:
        return None
    mode: c.Mode = "check" if at.mode == "check" else _branch_mode(at)
    entries = tuple((tag, pl.function(target, mode)) for tag, target in targets)
    name = "_TAGS_" + _digest(mode + "\0" + "\0".join(f"{t}\0{f}" for t, f in entries))
    pl.tables[name] = c.DispatchTable(name=name, mode=mode, entries=entries)
    prop = s.discriminator.property_name
    return c.Dispatch(
        var=at.var,
        path=at.path,
        property_name=prop,
        tag_path=at.path.key(_key_text(prop)),
        table=name,
        tags=tuple(t for t, _ in targets),
        tag_var=at.var_at("t"),
        function_var=at.var_at("f"),
    )


def _plan_not_if(pl: _Planner, s: Schema, at: _At) -> Iterable[c.Check]:
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


_NODE_PLANS: tuple[NodePlan, ...] = (
    _plan_ref,
    _plan_switch,
    _plan_enum,
    _plan_all_of,
    _plan_any_one_of,
    _plan_not_if,
)


# ---------------------------------------------------------------- per-kind groups
def _compare(
    at: _At,
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


def _string_group(pl: _Planner, s: Schema, at: _At) -> Checks:
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
                var=at.var, path=at.path, regex=pl.regex(s.pattern), source=s.pattern.source
            )
        )
    if s.format in ASSERTED_FORMATS:
        out.append(c.FormatCheck(var=at.var, path=at.path, format=s.format))
    return out


def _number_group(pl: _Planner, s: Schema, at: _At) -> Checks:
    out = _compare(at, "value", "<", s.minimum, "minimum", "must be >= {}")
    out += _compare(at, "value", ">", s.maximum, "maximum", "must be <= {}")
    out += _compare(at, "value", "<=", s.exclusive_minimum, "exclusiveMinimum", "must be > {}")
    out += _compare(at, "value", ">=", s.exclusive_maximum, "exclusiveMaximum", "must be < {}")
    if s.multiple_of is not None:
        out.append(c.MultipleOf(var=at.var, path=at.path, divisor=s.multiple_of))
    return out


def _key_text(name: str) -> str:
    """The JSON-path text of an object key: ``.name`` or ``["odd name"]``."""
    if name.isascii() and name.isidentifier():
        return "." + name
    return "[" + json.dumps(name, ensure_ascii=False) + "]"


def _object_group(pl: _Planner, s: Schema, at: _At) -> Checks:
    out: Checks = []
    if s.required:
        out.append(c.Required(var=at.var, path=at.path, names=s.required))
    for name, sub in s.properties:
        inner = at.sub("v", at.path.key(_key_text(name)))
        body = tuple(pl.nested(sub, inner))
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
    out += _object_keys(pl, s, at)
    out += _unevaluated(pl, s, at)
    if s.property_names is not None:
        key_var = at.var_at("k")
        key_path = at.path.dynamic(key_var)
        body = tuple(pl.checks(s.property_names, _At(key_var, key_path, at.depth + 1, at.mode)))
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


def _object_keys(pl: _Planner, s: Schema, at: _At) -> Checks:
    key_var, value_var = at.var_at("k"), at.var_at("v")
    key_path = at.path.dynamic(key_var)
    inner = _At(value_var, key_path, at.depth + 1, at.mode)
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
            known_const=pl.string_set(known) if len(known) > _INLINE_ENUM_MAX else None,
            patterns=patterns,
            additional=additional,
            forbid=forbid,
        )
    ]


def _unevaluated(pl: _Planner, s: Schema, at: _At) -> Checks:
    extra = s.unevaluated_properties
    if extra is None or extra.boolean is True:
        return []
    forbid = extra.boolean is False
    if forbid and at.mode == "loose":
        return []
    key_var, value_var = at.var_at("k"), at.var_at("v")
    key_path = at.path.dynamic(key_var)
    body = tuple(pl.nested(extra, _At(value_var, key_path, at.depth + 1, at.mode)))
    if not body and not forbid:
        return []
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
    pl: _Planner,
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


def _array_group(pl: _Planner, s: Schema, at: _At) -> Checks:
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


def _items(pl: _Planner, s: Schema, at: _At) -> Checks:
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
_GROUPS: dict[Group, Callable[[_Planner, Schema, _At], Checks]] = {
    "string": _string_group,
    "number": _number_group,
    "object": _object_group,
    "array": _array_group,
}


# ---------------------------------------------------------------- module
class ValidatorPlanner:
    """Plans ``validators.py``; other planners ask it for functions, then :meth:`finish`."""

    def __init__(self, api: Api, bases: Mapping[str, str]) -> None:
        self._pl = _Planner(api, bases)

    def function(self, schema: Schema, mode: c.Mode) -> str:
        """The name of the function applying ``schema`` in ``mode`` (planned on demand)."""
        return self._pl.function(schema, mode)

    def inline(self, schema: Schema, var: str) -> tuple[c.Check, ...]:
        """The lenient checks of a value held in ``var`` (for the one-pass decoders): inline
        when the schema is small, else a call of its ``loose`` function."""
        return tuple(self._pl.nested(schema, _At(var, c.JsonPath("p"), 0, "loose")))

    def dispatches(self, schema: Schema) -> bool:
        """Whether the lenient checks of ``schema`` are only a dispatch on its tag."""
        at = _At("v", c.JsonPath("p"), 0, "loose")
        checks = self._pl.checks(self._pl.api.target(schema), at)
        return len(checks) == 1 and isinstance(checks[0], c.Dispatch)

    def _entry(self, names: Scope, public: str, key: str, schema: Schema) -> c.EntryPoint:
        return _entry_point(names.claim(public), key, schema, self._pl.function(schema, "check"))

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
            _entry_point(public[name], name, schema, pl.function(schema, "check"))
            for name, schema in pl.api.components
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
            regexes=tuple(sorted(pl.regexes.items())),
            string_sets=tuple(sorted(pl.string_sets.items())),
            json_sets=tuple(sorted(pl.json_sets.items())),
            tables=tuple(sorted(pl.tables.values(), key=lambda t: t.name)),
            index=tuple((key, mode, name) for (key, mode), name in pl.functions.items()),
        )


def _entry_point(name: str, key: str, schema: Schema, function: str) -> c.EntryPoint:
    return c.EntryPoint(name=name, schema_name=key, function=function, pointer=schema.pointer)


def _order_key(pl: _Planner, f: c.ValidatorFunction) -> tuple[str, int, str]:
    return (pl.base(f.pointer).split("__")[0], ("check", "valid", "loose").index(f.mode), f.name)


def owner_bases(api: Api) -> dict[str, str]:
    """Pointer prefix -> readable base name for the things that own schemas."""
    bases = {f"#/components/schemas/{_escape(name)}": snake(name) for name, _ in api.components}
    for schema in api.schemas.values():
        file_id = schema.pointer.partition("#")[0]
        if file_id:  # another document: name its schemas after the file
            bases.setdefault(file_id + "#", snake(file_id.rsplit("/", 1)[-1].rsplit(".", 1)[0]))
        parts = schema.pointer.split("/")
        if len(parts) > 4 and parts[1] == "components" and parts[2] != "schemas":
            kind = {
                "responses": "response",
                "requestBodies": "body",
                "parameters": "param",
                "headers": "header",
            }.get(parts[2], parts[2])
            bases.setdefault("/".join(parts[:4]), snake(parts[3]) + "_" + kind)
    for op in api.operations:
        bases[op.pointer] = snake(op.operation_id)
    return bases


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")
