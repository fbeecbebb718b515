"""A reference evaluator: the schema IR applied to a value at generation time.

It gives the same verdicts as the generated validators (JSON Schema 2020-12, with OpenAPI
discriminators dispatching on their tag and ``nullable`` letting null through), but walks the
IR instead of running generated code. The generator uses it to check the spec's own examples
(a wrong example is a warning, not a broken test) and to verify the sample values it writes
into the generated tests; the test suite compares it with the compiled validators.

``problems(api, schema, value)`` returns ``(json_path, keyword)`` pairs; empty means valid.
Past :data:`MAX_DEPTH` nested checks (a very long ``$ref`` chain) the verdict is the problem
``(path, TOO_DEEP)``: such a value counts as unchecked, never as valid.
"""

from __future__ import annotations

import ipaddress
import json
import operator
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import Any

from .discriminators import dispatch_targets
from .nodes import Api, Schema

__all__ = ["MAX_DEPTH", "TOO_DEEP", "has_problem", "is_valid", "problems"]

Problem = tuple[str, str]
MAX_DEPTH = 200
#: the keyword of the problem "the evaluator gave up" (no generated validator reports it)
TOO_DEEP = "(too deep to evaluate)"


def problems(api: Api, schema: Schema, value: Any, path: str = "$") -> list[Problem]:
    return list(_check(api, schema, value, path, 0))


def has_problem(api: Api, schema: Schema, value: Any, problem: Problem) -> bool:
    """Is ``problem`` one of ``problems(api, schema, value)``? (Stops looking once found.)"""
    return any(found == problem for found in _check(api, schema, value, "$", 0))


def is_valid(api: Api, schema: Schema, value: Any) -> bool:
    return next(_check(api, schema, value, "$", 0), None) is None


@lru_cache(maxsize=4096)
def _regex(python: str) -> re.Pattern[str]:
    return re.compile(python)


def _kind(value: Any) -> str:
    kind = type(value)
    if kind is float:
        return "integer" if value.is_integer() else "number"
    found = _KINDS.get(kind)
    if found is not None:
        return found
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    kinds = ((float, "number"), (str, "string"), (list, "array"), (dict, "object"))
    return next((name for t, name in kinds if isinstance(value, t)), "other")


#: the JSON type of a value of exactly these Python types (subclasses take the long way)
_KINDS = {
    type(None): "null", bool: "boolean", int: "integer", str: "string", list: "array",
    dict: "object",
}  # fmt: skip


def _key(base: str, key: str) -> str:
    if key.isascii() and key.isidentifier():
        return f"{base}.{key}"
    return f"{base}[{json.dumps(key, ensure_ascii=False)}]"


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def _check(api: Api, s: Schema, v: Any, path: str, depth: int) -> Iterator[Problem]:
    if depth > MAX_DEPTH:
        yield path, TOO_DEEP
        return
    if s.boolean is False:
        yield path, "false"
        return
    if s.nullable and v is None:
        return
    # the checks in this order, each only where it can find something (a check is a
    # generator: starting every one per node just to return was most of the evaluator's time)
    if s.ref is not None:
        yield from _ref(api, s, v, path, depth)
    if s.types is not None and not _of_types(s.types, v):
        yield path, "type"
    if s.const is not None or s.enum is not None:
        yield from _enum(api, s, v, path, depth)
    kind = type(v)
    by_kind = _BY_KIND.get(kind)
    if by_kind is not None:
        check, applies = by_kind
        if applies(s):
            yield from check(api, s, v, path, depth)
    elif kind not in _LEAVES:  # not a plain JSON value: each check decides for itself
        for check in (_string, _number, _object, _array):
            yield from check(api, s, v, path, depth)
    if s.all_of or s.any_of or s.one_of or s.not_ is not None or s.if_ is not None:
        yield from _applicators(api, s, v, path, depth)
    if s.unevaluated_properties is not None:
        yield from _unevaluated(api, s, v, path, depth)


_LEAVES = frozenset({bool, type(None)})


Check = Callable[[Api, Schema, Any, str, int], Iterator[Problem]]


def _ref(api: Api, s: Schema, v: Any, path: str, depth: int) -> Iterator[Problem]:
    if s.ref is not None and s.ref in api.schemas:
        yield from _check(api, api.schemas[s.ref], v, path, depth + 1)


def _enum(api: Api, s: Schema, v: Any, path: str, depth: int) -> Iterator[Problem]:
    if s.const is not None and not _equal(v, s.const.value):
        yield path, "const"
    if s.enum is not None and not any(_equal(v, e.value) for e in s.enum):
        yield path, "enum"


def _of_types(types: tuple[str, ...], v: Any) -> bool:
    """Is ``v`` of one of the JSON ``types`` (an integer is a number)? (Not a generator:
    most nodes have a type and few values break it.)"""
    kind = _kind(v)
    return kind in types or (kind == "integer" and "number" in types)


def _has_string_keywords(s: Schema) -> bool:
    return (
        s.min_length is not None
        or s.max_length is not None
        or s.pattern is not None
        or s.format in _FORMATS
    )


def _has_number_keywords(s: Schema) -> bool:
    return (
        s.minimum is not None
        or s.maximum is not None
        or s.exclusive_minimum is not None
        or s.exclusive_maximum is not None
        or s.multiple_of is not None
    )


def _string(api: Api, s: Schema, v: Any, path: str, depth: int) -> Iterator[Problem]:
    if not isinstance(v, str):
        return
    if s.min_length is not None and len(v) < s.min_length:
        yield path, "minLength"
    if s.max_length is not None and len(v) > s.max_length:
        yield path, "maxLength"
    if s.pattern is not None and _regex(s.pattern.python).search(v) is None:
        yield path, "pattern"
    if s.format in _FORMATS and not _FORMATS[s.format](v):
        yield path, "format"


def _multiple(v: int | float, m: int | float) -> bool:
    if isinstance(v, int) and isinstance(m, int):
        return v % m == 0
    from decimal import Decimal, InvalidOperation, localcontext  # noqa: PLC0415 (rarely needed)

    try:
        with localcontext() as ctx:
            ctx.prec = 800
            return Decimal(repr(v)) % Decimal(repr(m)) == 0
    except (InvalidOperation, ValueError, OverflowError):
        return False


def _number(api: Api, s: Schema, v: Any, path: str, depth: int) -> Iterator[Problem]:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return
    bounds = (
        (s.minimum, "minimum", operator.lt),
        (s.maximum, "maximum", operator.gt),
        (s.exclusive_minimum, "exclusiveMinimum", operator.le),
        (s.exclusive_maximum, "exclusiveMaximum", operator.ge),
    )
    for bound, keyword, fails in bounds:
        if bound is not None and fails(v, bound):
            yield path, keyword
    if s.multiple_of is not None and not _multiple(v, s.multiple_of):
        yield path, "multipleOf"


def _object(api: Api, s: Schema, v: Any, path: str, depth: int) -> Iterator[Problem]:
    if not isinstance(v, dict):
        return
    for name in s.required:
        if name not in v:
            yield path, "required"
    for name, sub in s.properties:
        if name in v:
            yield from _check(api, sub, v[name], _key(path, name), depth + 1)
    extra = s.additional_properties
    if extra is None and not s.pattern_properties:
        yield from _object_rest(api, s, v, path, depth)
        return
    known = {name for name, _ in s.properties}
    for key, item in v.items():
        matched = False
        for pattern, sub in s.pattern_properties:
            if isinstance(key, str) and _regex(pattern.python).search(key):
                matched = True
                yield from _check(api, sub, item, _key(path, key), depth + 1)
        if extra is not None and not matched and key not in known:
            if extra.boolean is False:
                yield _key(path, key), "additionalProperties"
            else:
                yield from _check(api, extra, item, _key(path, key), depth + 1)
    yield from _object_rest(api, s, v, path, depth)


def _object_rest(
    api: Api, s: Schema, v: dict[str, Any], path: str, depth: int
) -> Iterator[Problem]:
    if s.property_names is not None:
        for key in v:
            yield from _check(api, s.property_names, key, _key(path, key), depth + 1)
    if s.min_properties is not None and len(v) < s.min_properties:
        yield path, "minProperties"
    if s.max_properties is not None and len(v) > s.max_properties:
        yield path, "maxProperties"
    for name, needs in s.dependent_required:
        if name in v:
            yield from ((path, "dependentRequired") for n in needs if n not in v)
    for name, sub in s.dependent_schemas:
        if name in v:
            yield from _check(api, sub, v, path, depth + 1)


def _array(api: Api, s: Schema, v: Any, path: str, depth: int) -> Iterator[Problem]:
    if not isinstance(v, list):
        return
    for i, sub in enumerate(s.prefix_items[: len(v)]):
        yield from _check(api, sub, v[i], f"{path}[{i}]", depth + 1)
    if s.items is not None and s.items.boolean is False:
        if len(v) > len(s.prefix_items):
            yield path, "items"
    elif s.items is not None:
        for i in range(len(s.prefix_items), len(v)):
            yield from _check(api, s.items, v[i], f"{path}[{i}]", depth + 1)
    if s.contains is not None:
        count = sum(1 for item in v if is_valid(api, s.contains, item))
        if count < (1 if s.min_contains is None else s.min_contains):
            yield path, "contains"
        if s.max_contains is not None and count > s.max_contains:
            yield path, "maxContains"
    if s.min_items is not None and len(v) < s.min_items:
        yield path, "minItems"
    if s.max_items is not None and len(v) > s.max_items:
        yield path, "maxItems"
    if s.unique_items and any(
        _equal(v[i], v[j]) for i in range(len(v)) for j in range(i + 1, len(v))
    ):
        yield path, "uniqueItems"


def _valid(api: Api, s: Schema, v: Any, depth: int) -> bool:
    return next(_check(api, s, v, "$", depth + 1), None) is None


def _applicators(api: Api, s: Schema, v: Any, path: str, depth: int) -> Iterator[Problem]:
    for sub in s.all_of:
        yield from _check(api, sub, v, path, depth + 1)
    targets = dispatch_targets(api, s)
    if targets and s.discriminator is not None:
        yield from _dispatch(api, dict(targets), s.discriminator.property_name, v, path, depth)
    else:
        if s.any_of and not any(_valid(api, b, v, depth) for b in s.any_of):
            yield path, "anyOf"
        if s.one_of and sum(_valid(api, b, v, depth) for b in s.one_of) != 1:
            yield path, "oneOf"
    if s.not_ is not None and _valid(api, s.not_, v, depth):
        yield path, "not"
    if s.if_ is not None:
        branch = s.then if _valid(api, s.if_, v, depth) else s.else_
        if branch is not None:
            yield from _check(api, branch, v, path, depth + 1)


def _dispatch(
    api: Api, targets: dict[str, Schema], prop: str, v: Any, path: str, depth: int
) -> Iterator[Problem]:
    if not isinstance(v, dict):
        yield path, "type"
        return
    tag = v.get(prop)
    target = targets.get(tag) if isinstance(tag, str) else None
    if target is None:
        yield (_key(path, prop) if tag is not None else path), "discriminator"
        return
    yield from _check(api, target, v, path, depth + 1)


def _unevaluated(api: Api, s: Schema, v: Any, path: str, depth: int) -> Iterator[Problem]:
    if s.unevaluated_properties is None or not isinstance(v, dict):
        return
    seen = _evaluated(api, s, v, depth, root=True)
    if seen is None:
        return
    for key, item in v.items():
        if key in seen:
            continue
        if s.unevaluated_properties.boolean is False:
            yield _key(path, key), "unevaluatedProperties"
        else:
            yield from _check(api, s.unevaluated_properties, item, _key(path, key), depth + 1)


def _evaluated(
    api: Api, s: Schema, v: dict[str, Any], depth: int, *, root: bool = False
) -> set[str] | None:
    """Keys evaluated by ``s`` and its successful in-place subschemas (None: all of them)."""
    if depth > MAX_DEPTH:
        return set()
    if s.additional_properties is not None or (not root and s.unevaluated_properties):
        return None
    keys = {name for name, _ in s.properties if name in v}
    keys |= {k for k in v for p, _ in s.pattern_properties if _regex(p.python).search(k)}
    parts = list(s.all_of)
    if s.ref is not None and s.ref in api.schemas:
        parts.append(api.schemas[s.ref])
    parts += [b for b in (*s.any_of, *s.one_of) if _valid(api, b, v, depth)]
    if s.if_ is not None:
        passed = _valid(api, s.if_, v, depth)
        parts += [s.if_] if passed else []
        parts += [b for b in ((s.then,) if passed else (s.else_,)) if b is not None]
    parts += [sub for name, sub in s.dependent_schemas if name in v]
    for part in parts:
        more = _evaluated(api, part, v, depth + 1)
        if more is None:
            return None
        keys |= more
    return keys


def _always(s: Schema) -> bool:
    return True


#: the check of each kind of JSON value (others are checked by all four), and whether it can
#: find anything in a node (when not, no generator is started: most strings and numbers)
_BY_KIND: dict[type, tuple[Check, Callable[[Schema], bool]]] = {
    str: (_string, _has_string_keywords),
    int: (_number, _has_number_keywords),
    float: (_number, _has_number_keywords),
    dict: (_object, _always),
    list: (_array, _always),
}


def _date(text: str) -> bool:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m is None:
        return False
    year, month, day = (int(g) for g in m.groups())
    days = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ]
    return 1 <= month <= 12 and 1 <= day <= days[month - 1]


_TIME = r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
_FORMATS: dict[str, Callable[[str], bool]] = {
    "date": _date,
    "time": lambda t: re.fullmatch(_TIME, t) is not None,
    "date-time": lambda t: (
        len(t) > 10 and t[10] in "Tt" and _date(t[:10]) and re.fullmatch(_TIME, t[11:]) is not None
    ),
    "uuid": lambda t: (
        re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", t) is not None
    ),
}


def _ip(version: int) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        try:
            return ipaddress.ip_address(text).version == version and "%" not in text
        except ValueError:
            return False

    return check


_FORMATS["ipv4"] = _ip(4)
_FORMATS["ipv6"] = _ip(6)
