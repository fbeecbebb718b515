"""Sample values for the generated tests: a valid instance of a schema, and ways to break it.

:func:`sample` builds a value from the schema alone (``const``, first ``enum`` value, format-
and pattern-aware strings, numbers inside their bounds, required and then optional
properties); :func:`violations` walks a valid instance with its schema and proposes one
mutation per constraint (a pattern-breaking string, a number past its bound, a missing
required property, an unknown tag...). Every sample and every mutation is checked with the
reference evaluator before it is used, so a generated test never asserts something false.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...ir.discriminators import dispatch_targets
from ...ir.ecma_regex import example
from ...ir.evaluate import has_problem, is_valid
from ...ir.nodes import Api, Schema

__all__ = ["DELETE", "FILLERS", "Violation", "apply", "sample", "samples", "violations"]

_MAX_DEPTH = 12
_FULL_DEPTH = 4  # optional properties are filled in down to this depth
_FORMAT_SAMPLES = {
    "date-time": "2024-01-02T03:04:05Z", "date": "2024-01-02", "time": "03:04:05Z",
    "uuid": "123e4567-e89b-12d3-a456-426614174000", "email": "user@example.com",
    "uri": "https://example.com/", "url": "https://example.com/", "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1", "hostname": "example.com", "uri-reference": "/path",
}  # fmt: skip
DELETE = object()
#: keyword -> the value that breaks it wherever it is (the generated tests read these back)
FILLERS: dict[str, Any] = {
    "enum": "NOT_A_VALID_VALUE",
    "pattern": "!not matching!",
    "discriminator": "UNKNOWN_TAG",
    "additionalProperties": 1,
}


# ---------------------------------------------------------------- valid samples
_Key = tuple[bool, int, int, int]  # full, choice, id of a schema node, depth


@dataclass(frozen=True, slots=True)
class Memo:
    """What samples made, for the next ones of the same run (the same ``api``).

    A node sampled at the same depth with the same settings gives the same value, so schemas
    that share a component (most do) make it, and check a union's alternative, once. Values
    are never changed once made, so they are shared.
    """

    #: the value made at a key, and the numbers of alternatives of the unions met on the way
    #: (see :attr:`_Sampler.choices`)
    values: dict[_Key, tuple[Any, tuple[int, ...]]] = field(default_factory=dict)
    #: does the value made at a key satisfy its node?
    valid: dict[_Key, bool] = field(default_factory=dict)
    #: (id of a node, id of a value kept in ``values``) -> does the value satisfy the node?
    #: (the same value is often made at several keys: other choices, other depths)
    checked: dict[tuple[int, int], bool] = field(default_factory=dict)


def sample(
    api: Api, schema: Schema, *, full: bool = False, choice: int = 0, memo: Memo | None = None
) -> tuple[bool, Any]:
    """``(True, value)`` with a value the schema accepts, or ``(False, None)``.

    ``choice`` picks which alternative of each union to take (modulo their number); ``memo``
    keeps what was made for the next call (only with the same ``api``).
    """
    return _sample(api, schema, full, choice, [], Memo() if memo is None else memo)


def samples(
    api: Api, schema: Schema, count: int, *, full: bool = False, memo: Memo | None = None
) -> Iterator[tuple[bool, Any]]:
    """:func:`sample` for each ``choice`` below ``count``, made as they are asked for; only the
    first when no union of the schema had alternatives to choose from (the others would be
    the same)."""
    memo = Memo() if memo is None else memo
    for choice in range(count):
        choices: list[int] = []
        yield _sample(api, schema, full, choice, choices, memo)
        if not choices:
            return


def _sample(
    api: Api, schema: Schema, full: bool, choice: int, choices: list[int], memo: Memo
) -> tuple[bool, Any]:
    try:
        value = _Sampler(api, full, choice, choices, memo, []).value(schema, 0)
    except RecursionError:
        return False, None
    if is_valid(api, schema, value):
        return True, value
    if full:
        return _sample(api, schema, False, choice, choices, memo)
    return False, None


@dataclass(frozen=True, slots=True)
class _Sampler:
    """Makes sample values of schemas, for one choice of union alternatives."""

    api: Api
    full: bool  # optional properties too (so that deep constraints are reachable)
    choice: int  # which alternative of each union
    #: the number of alternatives of each union that had more than one (``choice`` mattered)
    choices: list[int]
    memo: Memo
    #: the depths at which a value was cut short (past ``_MAX_DEPTH``)
    cuts: list[int]

    def _key(self, s: Schema, depth: int) -> _Key:
        # below _FULL_DEPTH the value of a node no longer depends on its depth, unless it was
        # cut short somewhere: such values are not kept
        return (self.full, self.choice, id(s), min(depth, _FULL_DEPTH))

    def value(self, s: Schema, depth: int) -> Any:
        key = self._key(s, depth)
        known = self.memo.values.get(key)
        if known is not None:
            self.choices.extend(known[1])
            return known[0]
        mark, cut = len(self.choices), len(self.cuts)
        made = self._value(s, depth)
        if len(self.cuts) == cut:
            self.memo.values[key] = (made, tuple(self.choices[mark:]))
        return made

    def valid(self, s: Schema, depth: int) -> tuple[bool, Any]:
        """:meth:`value` of ``s`` at ``depth``, and whether ``s`` accepts it."""
        made = self.value(s, depth)
        key = self._key(s, depth)
        if key not in self.memo.values:
            return is_valid(self.api, s, made), made
        if key not in self.memo.valid:
            pair = (id(s), id(made))  # both kept alive (by the api, by ``values``)
            verdict = self.memo.checked.get(pair)
            if verdict is None:
                verdict = self.memo.checked[pair] = is_valid(self.api, s, made)
            self.memo.valid[key] = verdict
        return self.memo.valid[key], made

    def _value(self, s: Schema, depth: int) -> Any:
        api = self.api
        if depth > _MAX_DEPTH:
            self.cuts.append(depth)
            return None
        if s.ref is not None and s.ref in api.schemas and s.keyword_count == 1:
            return self.value(api.schemas[s.ref], depth + 1)
        if s.const is not None:
            return s.const.value
        if s.enum:
            return next((e.value for e in s.enum if e.value is not None), s.enum[0].value)
        targets = dispatch_targets(api, s)
        if targets:
            if len(targets) > 1:
                self.choices.append(len(targets))
            return self.value(targets[self.choice % len(targets)][1], depth + 1)
        if s.all_of or (s.ref is not None and s.ref in api.schemas):
            return self.merged(s, depth)
        branches = s.one_of or s.any_of
        if branches and not s.properties:
            return self.first_valid(branches, depth)
        return self.typed(s, depth)

    def merged(self, s: Schema, depth: int) -> Any:
        parts = [*s.all_of]
        if s.ref is not None and s.ref in self.api.schemas:
            parts.append(self.api.schemas[s.ref])
        values = [self.value(p, depth + 1) for p in parts]
        values.append(self.typed(s, depth) if (s.types or s.properties) else None)
        dicts = [v for v in values if isinstance(v, dict)]
        if dicts:
            merged: dict[str, Any] = {}
            for d in dicts:
                merged.update(d)
            return merged
        return next((v for v in values if v is not None), None)

    def first_valid(self, branches: tuple[Schema, ...], depth: int) -> Any:
        if len(branches) > 1:
            self.choices.append(len(branches))
        start = self.choice % len(branches)
        for branch in branches[start:] + branches[:start]:
            ok, value = self.valid(branch, depth + 1)
            if ok:
                return value
        return self.value(branches[start], depth + 1)

    def typed(self, s: Schema, depth: int) -> Any:
        types = [t for t in (s.types or _implied(s)) if t != "null"] or list(s.types or [])
        kind = types[0] if types else "any"
        return _BY_TYPE.get(kind, _BY_TYPE["any"])(self, s, depth)

    def object(self, s: Schema, depth: int) -> Any:
        out: dict[str, Any] = {}
        for name, sub in s.properties:
            if name in s.required or (self.full and depth < _FULL_DEPTH):
                out[name] = self.value(sub, depth + 1)
        for name in s.required:
            out.setdefault(name, "text")
        while s.min_properties is not None and len(out) < s.min_properties:
            out[f"extra{len(out)}"] = "text"
        return out

    def array(self, s: Schema, depth: int) -> Any:
        items = [self.value(p, depth + 1) for p in s.prefix_items]
        count = max(s.min_items or 0, 1 if self.full and s.items is not None else 0)
        if s.items is not None and s.items.boolean is None:
            while len(items) < count:
                items.append(self.value(s.items, depth + 1))
        return items


def _implied(s: Schema) -> tuple[str, ...]:
    if s.properties or s.required or s.additional_properties is not None:
        return ("object",)
    if s.items is not None or s.prefix_items:
        return ("array",)
    if s.pattern or s.min_length is not None or s.format:
        return ("string",)
    return ()


def _string(sampler: _Sampler, s: Schema, depth: int) -> Any:
    if s.pattern is not None:
        found = example(s.pattern.source)
        if found is not None:
            return found
    text = _FORMAT_SAMPLES.get(s.format or "", "text")
    low = s.min_length or 0
    if len(text) < low:
        text = text + "x" * (low - len(text))
    if s.max_length is not None and len(text) > s.max_length:
        text = text[: s.max_length]
    return text


def _number(sampler: _Sampler, s: Schema, depth: int, integer: bool = False) -> Any:
    low = s.minimum if s.minimum is not None else None
    if s.exclusive_minimum is not None:
        low = s.exclusive_minimum + 1 if integer else s.exclusive_minimum + 0.5
    high = (
        s.maximum
        if s.maximum is not None
        else (s.exclusive_maximum - 1 if s.exclusive_maximum is not None else None)
    )
    value = low if low is not None else (min(high, 1) if high is not None else 1)
    if s.multiple_of:
        step = s.multiple_of
        value = (int(value / step) + (1 if value % step else 0)) * step
    if integer:
        value = int(value) if float(value).is_integer() else int(value) + 1
    return value


_BY_TYPE: dict[str, Callable[[_Sampler, Schema, int], Any]] = {
    "string": _string,
    "integer": lambda sampler, s, depth: _number(sampler, s, depth, integer=True),
    "number": _number,
    "boolean": lambda sampler, s, depth: True,
    "null": lambda sampler, s, depth: None,
    "object": _Sampler.object,
    "array": _Sampler.array,
    "any": lambda sampler, s, depth: {} if s.properties else "text",
}


# ---------------------------------------------------------------- violations
@dataclass(frozen=True, slots=True)
class Violation:
    """Setting ``at`` (path tokens into the value) to ``value`` must fail ``keyword``
    at the JSON path ``path``."""

    at: tuple[str | int, ...]
    value: Any
    path: str
    keyword: str
    schema: Schema  # the schema node the constraint belongs to


def apply(base: Any, at: tuple[str | int, ...], value: Any) -> Any:
    """``base`` with ``value`` at ``at`` (or the item there deleted); ``base`` is unchanged:
    the containers on the way are copied, everything else is shared with it."""
    out = _copy(base)
    node = out
    for token in at[:-1]:
        node[token] = _copy(node[token])
        node = node[token]
    if value is DELETE:
        del node[at[-1]]
    else:
        node[at[-1]] = value
    return out


def _copy(container: Any) -> Any:
    return list(container) if isinstance(container, list) else dict(container)


def _place_and_keyword(v: Violation) -> Hashable:
    return (v.path, v.keyword)


def violations(
    api: Api,
    schema: Schema,
    base: Any,
    limit: int,
    key: Callable[[Violation], Hashable] = _place_and_keyword,
    skip: frozenset[Hashable] = frozenset(),
) -> list[Violation]:
    """Up to ``limit`` verified mutations of the valid value ``base``, one per ``key`` (by
    default one per constraint: place and keyword); those whose key is in ``skip``, or is
    taken by an earlier one, are dropped before they are verified."""
    found: list[Violation] = []
    seen: set[Hashable] = set(skip)
    for v in _walk(api, schema, base, (), "$", 0, set()):
        if len(found) >= limit:
            break
        if not v.at:
            continue
        kind = key(v)
        if kind in seen:
            continue
        changed = apply(base, v.at, v.value)
        if has_problem(api, schema, changed, (v.path, v.keyword)):
            seen.add(kind)
            found.append(v)
    return found


def _walk(
    api: Api,
    s: Schema,
    value: Any,
    at: tuple[str | int, ...],
    path: str,
    depth: int,
    components: set[str],
) -> Iterator[Violation]:
    if depth > _MAX_DEPTH:
        return
    if s.ref is not None and s.ref in api.schemas:
        target = api.schemas[s.ref]
        if target.pointer.startswith("#/components/schemas/") and depth > 0:
            if target.pointer in components:
                return
            components = components | {target.pointer}
        yield from _walk(api, target, value, at, path, depth + 1, components)
    yield from _here(s, value, at, path)
    for member in s.all_of:
        yield from _walk(api, member, value, at, path, depth + 1, components)
    targets = dict(dispatch_targets(api, s))
    if targets and isinstance(value, dict) and s.discriminator is not None:
        prop = s.discriminator.property_name
        yield Violation((*at, prop), FILLERS["discriminator"], _key(path, prop), "discriminator", s)
        chosen = targets.get(value.get(prop, ""))
        if chosen is not None:
            yield from _walk(api, chosen, value, at, path, depth + 1, components)
    yield from _children(api, s, value, at, path, depth, components)


def _key(base: str, key: str) -> str:
    if key.isascii() and key.isidentifier():
        return f"{base}.{key}"
    return f"{base}[{json.dumps(key, ensure_ascii=False)}]"


def _children(
    api: Api,
    s: Schema,
    value: Any,
    at: tuple[str | int, ...],
    path: str,
    depth: int,
    components: set[str],
) -> Iterator[Violation]:
    if isinstance(value, dict):
        for name in s.required:
            if name in value:
                yield Violation((*at, name), DELETE, path, "required", s)
        if s.additional_properties is not None and s.additional_properties.boolean is False:
            yield Violation(
                (*at, "unexpected_property"),
                FILLERS["additionalProperties"],
                _key(path, "unexpected_property"),
                "additionalProperties",
                s,
            )
        for name, sub in s.properties:
            if name in value:
                yield from _walk(
                    api, sub, value[name], (*at, name), _key(path, name), depth + 1, components
                )
    if isinstance(value, list) and value and s.items is not None:
        yield from _walk(api, s.items, value[0], (*at, 0), f"{path}[0]", depth + 1, components)


def _here(s: Schema, value: Any, at: tuple[str | int, ...], path: str) -> Iterator[Violation]:
    for keyword, bad in _breakers(s, value):
        yield Violation(at, bad, path, keyword, s)


def _breakers(s: Schema, value: Any) -> Iterator[tuple[str, Any]]:  # noqa: PLR0912
    if s.const is not None:
        yield "const", "not-the-const" if s.const.value != "not-the-const" else "other"
    if s.enum is not None:
        yield "enum", FILLERS["enum"]
    if s.types is not None:
        allowed = set(s.types) | ({"integer"} if "number" in s.types else set())
        wrong = next((w for kind, w in _WRONG if kind not in allowed), None)
        if wrong is not None:
            yield "type", wrong
    if isinstance(value, str):
        if s.pattern is not None:
            yield "pattern", FILLERS["pattern"]
        if s.min_length:
            yield "minLength", "x" * (s.min_length - 1)
        if s.max_length is not None:
            yield "maxLength", "x" * (s.max_length + 1)
    if isinstance(value, int | float) and not isinstance(value, bool):
        yield from _numeric_breakers(s)
    if isinstance(value, list):
        if s.max_items is not None:
            yield (
                "maxItems",
                (value * (s.max_items + 1))[: s.max_items + 1] or [None] * (s.max_items + 1),
            )
        if s.min_items:
            yield "minItems", value[: s.min_items - 1]
        if s.unique_items and value:
            yield "uniqueItems", [value[0], value[0]]


#: (JSON type of the value, value): a value of a type the schema does not allow
_WRONG: tuple[tuple[str, Any], ...] = (
    ("integer", 12345),
    ("string", "text"),
    ("boolean", True),
    ("object", {}),
    ("array", []),
    ("null", None),
)


def _numeric_breakers(s: Schema) -> Iterator[tuple[str, Any]]:
    if s.minimum is not None:
        yield "minimum", s.minimum - 1
    if s.maximum is not None:
        yield "maximum", s.maximum + 1
    if s.exclusive_minimum is not None:
        yield "exclusiveMinimum", s.exclusive_minimum
    if s.exclusive_maximum is not None:
        yield "exclusiveMaximum", s.exclusive_maximum
    if s.multiple_of is not None:
        yield "multipleOf", s.multiple_of * 1.5 if s.multiple_of != 0 else 1
