"""The violation cases of one schema: a valid base value broken at one place, as compact rows.

Which violations: :func:`.samples.violations` proposes one per constraint of every node the
base value reaches; of those, a schema keeps at most one per *kind* (:func:`kind`): the
keyword, the JSON types of the node it belongs to, the shape of the JSON path (root, property,
quoted property, array item, and how deep) and whether the node is the schema's own or one of
another component it refers to; and at most :data:`MAX_PER_SCHEMA` in all. Two ``type``
problems of two string properties exercise the same generated code; a ``type`` problem of an
integer, a property with a name that needs quoting, or a constraint inside a referenced
component (another function, called with a longer path) exercise different code. A candidate
whose kind is already covered is dropped before the reference evaluator verifies it, which
is most of the saving in planning time.

A row is ``[target, base, keyword, at, rejects]`` plus, for some keywords, one more item
(:func:`row`): what the generated test needs to rebuild the broken value; the JSON path the
validator must report is derived from ``at``. See ``templates/tests/test_schemas.py.jinja``,
which reads the rows back.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from typing import Any

from ...ir.evaluate import problems
from ...ir.nodes import Api, Schema
from .samples import DELETE, FILLERS, Memo, Violation, apply, samples, violations

__all__ = ["MAX_PER_SCHEMA", "MAX_VALUE_CHARS", "json_path", "kind", "row", "schema_rows"]

MAX_PER_SCHEMA = 16
MAX_VALUE_CHARS = 4_000  # bases larger than this (as JSON text) are not used
CHOICES = 3  # bases per schema: each takes a different alternative of its unions
TOLERATED = frozenset({"additionalProperties", "unevaluatedProperties"})

Kind = tuple[str, tuple[str, ...], tuple[str, ...], bool]


def tolerated(keyword: str, node: Schema) -> bool:
    """Does decoding accept a value that breaks only this (on purpose)?"""
    if keyword in TOLERATED:
        return True
    return (
        keyword == "enum"
        and node.enum is not None
        and all(isinstance(v.value, str) or v.value is None for v in node.enum)
    )


def json_path(at: tuple[str | int, ...] | list[str | int]) -> str:
    """The JSON path of the place ``at`` names, as validators write it."""
    path = "$"
    for token in at:
        if isinstance(token, int):
            path += f"[{token}]"
        elif token.isascii() and token.isidentifier():
            path += f".{token}"
        else:
            path += f"[{json.dumps(token, ensure_ascii=False)}]"
    return path


def _token(token: str | int) -> str:
    if isinstance(token, int):
        return "i"
    return "k" if token.isascii() and token.isidentifier() else "q"


def _place(v: Violation) -> tuple[str | int, ...]:
    """The tokens of the place the problem is reported at (``required``: the object)."""
    return v.at[:-1] if v.keyword == "required" else v.at


def kind(owner: str, v: Violation) -> Kind:
    """What a violation exercises in the generated code (see the module docstring)."""
    node = v.schema.pointer
    own = node == owner or node.startswith(f"{owner}/")
    shape = tuple(_token(t) for t in _place(v))
    return (v.keyword, v.schema.types or (), shape, own)


#: keyword -> how the broken value is rebuilt from the one item a row carries and the value
#: the base has at that place; the keywords of :data:`.samples.FILLERS` and ``required``
#: carry nothing (a constant, a deletion)
_STORED: dict[str, Callable[[Any], Any]] = {
    "minLength": len,
    "maxLength": len,
    "minItems": len,
    "maxItems": len,
}
_DERIVED = frozenset({"required", "uniqueItems", *FILLERS})


def rebuilt(keyword: str, rest: list[Any], old: Any) -> Any:
    """The broken value from a row's last items, as the generated test rebuilds it."""
    if keyword in FILLERS:
        return FILLERS[keyword]
    if keyword in ("minLength", "maxLength"):
        return "x" * rest[0]
    if keyword == "minItems":
        return old[: rest[0]]
    if keyword == "maxItems":
        return (old * rest[0])[: rest[0]] or [None] * rest[0]
    if keyword == "uniqueItems":
        return [old[0], old[0]]
    return rest[0]


def row(target: int, base: int, v: Violation, rejects: bool) -> list[Any]:
    """The compact row of ``v`` (see the module docstring)."""
    out: list[Any] = [target, base, v.keyword, list(v.at), int(rejects)]
    if v.keyword in _DERIVED:
        return out
    stored = _STORED.get(v.keyword)
    return [*out, stored(v.value) if stored is not None else v.value]


def _describable(v: Violation, base: Any, rest: list[Any]) -> bool:
    """Do the row's items give back exactly the broken value and the path of ``v``?"""
    if json_path(_place(v)) != v.path or (v.value is DELETE) != (v.keyword == "required"):
        return False
    if v.value is DELETE:
        return True
    return _same(rebuilt(v.keyword, rest, _at(base, v.at)), v.value)


def _at(value: Any, at: tuple[str | int, ...]) -> Any:
    """The part of ``value`` at ``at`` (None where there is none)."""
    for token in at:
        if isinstance(value, list) and isinstance(token, int) and 0 <= token < len(value):
            value = value[token]
        elif isinstance(value, dict) and token in value:
            value = value[token]
        else:
            return None
    return value


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def _rejects(api: Api, schema: Schema, base: Any, v: Violation) -> bool:
    """Does the decoder reject the broken value? Not when it breaks only what decoding
    tolerates (an unknown enum string); but a value that also breaks another keyword
    (``NOT_A_VALID_VALUE`` where ``maxLength: 2``) is rejected for that one."""
    if not tolerated(v.keyword, v.schema):
        return True
    broken = problems(api, schema, apply(base, v.at, v.value))
    return any(
        keyword != v.keyword and not tolerated(keyword, v.schema)
        for path, keyword in broken
        if path == v.path
    )


def _bases(api: Api, schema: Schema, valid: list[Any], memo: Memo) -> Iterator[Any]:
    """The first valid example, then samples taking each alternative of the unions in turn;
    a base too large to write is left out."""
    yielded: list[Any] = []
    made = (base for ok, base in samples(api, schema, CHOICES, full=True, memo=memo) if ok)
    for base in itertools.chain(valid[:1], made):  # a sample is made only when needed
        if base in yielded or len(json.dumps(base, default=str)) > MAX_VALUE_CHARS:
            continue
        yielded.append(base)
        yield base


def schema_rows(
    api: Api,
    schema: Schema,
    target: int,
    valid: list[Any],
    value_index: Callable[[Any], int],
    limit: int = MAX_PER_SCHEMA,
    memo: Memo | None = None,
) -> list[list[Any]]:
    """The violation rows of one schema, at most ``limit`` (``value_index`` stores a base,
    giving its index; ``memo`` is shared by the schemas of one run, see :data:`.samples.Memo`)."""
    out: list[list[Any]] = []
    seen: set[Any] = set()

    def key(v: Violation) -> Kind:
        return kind(schema.pointer, v)

    for base in _bases(api, schema, valid, Memo() if memo is None else memo):
        if len(out) >= limit:
            break
        index = None  # the base's, stored with its first row
        for v in violations(api, schema, base, limit - len(out), key, frozenset(seen)):
            rejects = _rejects(api, schema, base, v)
            made = row(target, -1, v, rejects)
            if not _describable(v, base, made[5:]):
                continue  # a row could not describe it (samples.py never makes one)
            seen.add(key(v))
            made[1] = index = value_index(base) if index is None else index
            out.append(made)
    return out
