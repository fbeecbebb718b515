"""Plan the data of the generated tests: examples, and values that must be rejected.

For every component schema (and every example the spec attaches to a request or response):

* each example is checked with the reference evaluator; a valid one must validate and
  round-trip through its model, an invalid one is reported as a warning (the spec contradicts
  itself) and its exact problems are recorded, so the test documents them; an example longer
  than :data:`MAX_EXAMPLE_CHARS` as JSON text is checked (and warned about) the same way but
  not written: the data file lists it under ``skipped`` with its length;
* a valid base value (an example, else a synthesized sample) is broken once per kind of
  constraint (pattern, bounds, required, const, enum, type, discriminator...; at most
  :data:`.broken.MAX_PER_SCHEMA` per schema, :data:`MAX_TOTAL` in all, see :mod:`.broken`),
  and the test asserts the validator reports that keyword at that JSON path, and that decoding
  rejects it too unless decoding tolerates it on purpose (unknown enum values, undeclared
  properties).

The result is plain JSON data, written to ``tests/schema_cases.json`` in the output, as tables
of rows (lists, not objects: the file stays small): ``targets`` (schema, check function,
decoder), ``values`` (every example and base, each once), ``examples`` and ``violations``
(rows naming a target and a value by index), ``round_trips`` (the bases each decoder must
give back unchanged), ``fillers`` and ``skipped``. The generated
``tests/test_schemas.py`` documents each row's layout.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ...diagnostics import Reporter
from ...ir.evaluate import MAX_DEPTH, TOO_DEEP, problems
from ...ir.nodes import Api, Json, Schema
from .. import types as t
from ..models import ModelPlan
from ..validators.checks import ValidatorModule
from ..validators.relax import schemas_at
from .broken import MAX_PER_SCHEMA, MAX_VALUE_CHARS, schema_rows, tolerated
from .samples import FILLERS, Memo

__all__ = ["MAX_EXAMPLE_CHARS", "MAX_TOTAL", "plan_cases"]

MAX_TOTAL = 1000  # violation rows in all (the first schemas' first)
MAX_EXAMPLE_CHARS = 8_000  # longer examples are checked, not written

#: a target row: component schema name ("" for the schema of a request or response), check
#: function, decoder (null, a class name, or the names of a decode and an encode function)
Target = tuple[str, str, "str | tuple[str, str] | None"]


def _decoder(decl: t.Declaration | None) -> str | tuple[str, str] | None:
    if isinstance(decl, t.ModelClass):
        return decl.name
    codec = getattr(decl, "codec", None)
    if codec is not None and codec.decode_fn:
        return (codec.decode_fn, codec.encode_fn)
    return None


@dataclass(slots=True)
class _Tables:
    """Targets and values, each written once and named by index."""

    targets: list[Target] = field(default_factory=list)
    target_index: dict[Target, int] = field(default_factory=dict)
    values: list[Any] = field(default_factory=list)
    value_index: dict[str, int] = field(default_factory=dict)

    def target(self, target: Target) -> int:
        if target not in self.target_index:
            self.target_index[target] = len(self.targets)
            self.targets.append(target)
        return self.target_index[target]

    def value(self, value: Any, key: str | None = None) -> int:
        key = _canonical(value) if key is None else key
        if key not in self.value_index:
            self.value_index[key] = len(self.values)
            self.values.append(value)
        return self.value_index[key]


def _media_examples(api: Api) -> Iterator[tuple[Schema, str, Json]]:
    """(schema, pointer, value) of every request/response example, each media type once."""
    seen: set[str] = set()
    for op in api.operations:
        medias = [m for r in op.responses for m in r.contents]
        medias += list(op.body.contents) if op.body else []
        for media in medias:
            if media.schema is None or media.pointer in seen:
                continue
            seen.add(media.pointer)
            yield from ((media.schema, ex.pointer, ex.value) for ex in media.examples)


def _check_functions(validators: ValidatorModule) -> dict[str, str]:
    """Schema pointer -> its ``check`` function, as ``<module>.<function>`` (``ref_for``)."""
    return {key: ref for (key, mode), ref in validators.refs.items() if mode == "check"}


@dataclass(frozen=True, slots=True)
class _Targets:
    """The target of a component or media schema (memoised: many media share a schema)."""

    api: Api
    models: ModelPlan
    checks: dict[str, str]
    names: dict[str, str]
    known: dict[str, Target | None] = field(default_factory=dict)

    def of_component(self, name: str, schema: Schema) -> Target | None:
        check = self.checks.get(schema.pointer)
        if check is None:
            return None
        return (name, check, _decoder(self.models.components.get(name)))

    def of_media(self, schema: Schema) -> Target | None:
        target = self.api.target(schema)
        if target.pointer not in self.known:
            self.known[target.pointer] = self._media(target)
        return self.known[target.pointer]

    def _media(self, target: Schema) -> Target | None:
        check = self.checks.get(target.pointer)
        if check is None:
            return None
        named = self.models.types.get(target.pointer)
        decl = None
        if target.pointer in self.names and isinstance(named, t.TNamed):
            decl = next((d for d in self.models.components.values() if d.name == named.name), None)
        decoder = _decoder(decl)
        if decl is None and isinstance(named, t.TNamed) and named.kind == "class":
            decoder = named.name
        return (self.names.get(target.pointer, ""), check, decoder)  # "": not a component


def _holds_non_object(api: Api, schema: Schema, value: Any, depth: int) -> bool:
    """Does ``value`` put a non-object where a schema with ``properties`` but no ``type`` is?

    Such a value is valid, but the schema is a class, which holds objects only: the decoder
    rejects it. Followed through properties, items and additional properties.
    """
    s = api.target(schema)
    if depth > _MAX_WALK:
        return False
    if s.properties and s.types is None and not isinstance(value, dict):
        return True
    if isinstance(value, dict):
        named = dict(s.properties)
        return any(
            _holds_non_object(api, sub, value[k], depth + 1)
            for k, sub in ((k, named.get(k, s.additional_properties)) for k in value)
            if sub is not None
        )
    if isinstance(value, list) and s.items is not None:
        return any(_holds_non_object(api, s.items, item, depth + 1) for item in value)
    return False


_MAX_WALK = 100


@dataclass(frozen=True, slots=True)
class _Verdict:
    """What the reference evaluator says about one example (its problems, sorted)."""

    found: list[tuple[str, str]]
    too_deep: bool
    decodes: bool


@dataclass(slots=True)
class _Examples:
    """The example rows; an example is evaluated once however often the spec repeats it."""

    api: Api
    reporter: Reporter
    relaxed: frozenset[str]
    tables: _Tables
    rows: list[list[Any]] = field(default_factory=list)
    skipped: list[list[Any]] = field(default_factory=list)
    tested: set[tuple[int, str]] = field(default_factory=set)
    verdicts: dict[tuple[str, str, bool], _Verdict] = field(default_factory=dict)
    valid: dict[int, list[Any]] = field(default_factory=dict)  # target -> valid examples
    #: example text -> its value and canonical text (an example is often repeated: a shared
    #: error body under every response; values are read, never changed, so they are shared)
    parsed: dict[str, tuple[Any, str]] = field(default_factory=dict)

    def add(self, target: Target, pointer: str, schema: Schema, example: Json) -> None:
        found = self.parsed.get(example.text)
        if found is None:
            value = example.value
            found = self.parsed[example.text] = (value, _canonical(value))
        value, text = found
        index = self.tables.target(target)
        verdict = self._verdict(schema, value, text, target[2] is not None)
        if verdict.too_deep:
            self.reporter.warning(
                pointer,
                f"the example is not tested: its schema nests more than {MAX_DEPTH} levels "
                "deep (with $ref) for gen to check it",
                hint="shorten the chain of $ref",
            )
            return
        if verdict.found:
            shown = "; ".join(f"{p}: {k}" for p, k in verdict.found[:5])
            self.reporter.warning(
                pointer,
                f"the example does not match its schema ({shown})",
                hint="fix the example or the schema; validators follow the schema",
            )
        if (index, text) in self.tested:
            return  # an example repeated under many responses (a shared error body)
        self.tested.add((index, text))
        if len(text) > MAX_EXAMPLE_CHARS:
            self.skipped.append([pointer, len(text)])
            return
        if not verdict.found:
            self.valid.setdefault(index, []).append(value)
        problem_rows = [list(p) for p in verdict.found]
        value_at = self.tables.value(value, text)
        self.rows.append([index, value_at, pointer, problem_rows, int(verdict.decodes)])

    def _verdict(self, schema: Schema, value: Any, text: str, decoded: bool) -> _Verdict:
        key = (schema.pointer, text, decoded)
        if key not in self.verdicts:
            self.verdicts[key] = self._evaluate(schema, value, decoded)
        return self.verdicts[key]

    def _evaluate(self, schema: Schema, value: Any, decoded: bool) -> _Verdict:
        api = self.api
        everything = sorted(set(problems(api, schema, value)))
        if any(keyword == TOO_DEEP for _, keyword in everything):
            return _Verdict([], too_deep=True, decodes=False)
        found = [
            (path, keyword)
            for path, keyword in everything
            if keyword != "format"
            or not any(s.pointer in self.relaxed for s in schemas_at(api, schema, path))
        ]
        strict_only = all(tolerated(k, schema) or k == "enum" for _, k in found)
        unrepresentable = decoded and _holds_non_object(api, schema, value, 0)
        return _Verdict(found, False, (not found or strict_only) and not unrepresentable)


def plan_cases(
    api: Api,
    models: ModelPlan,
    validators: ValidatorModule,
    reporter: Reporter,
    relaxed: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    tables = _Tables()
    names = {s.pointer: n for n, s in api.components}
    targets = _Targets(api, models, _check_functions(validators), names)
    examples = _Examples(api, reporter, relaxed, tables)
    for name, schema in api.components:
        target = targets.of_component(name, schema)
        for i, example in enumerate(schema.examples if target is not None else ()):
            where = schema.example_pointers[i] if i < len(schema.example_pointers) else ""
            pointer = f"{schema.pointer}/{where or f'examples/{i}'}"
            assert target is not None
            examples.add(target, pointer, schema, example)
    for schema, pointer, example in _media_examples(api):
        media_target = targets.of_media(schema)
        if media_target is not None:
            examples.add(media_target, pointer, api.target(schema), example)
    violations: list[list[Any]] = []
    round_trips: list[list[int]] = []
    memo = Memo()
    for name, schema in api.components:
        target = targets.of_component(name, schema)
        left = min(MAX_PER_SCHEMA, MAX_TOTAL - len(violations))
        if target is not None and left > 0:
            index = tables.target(target)
            valid = examples.valid.get(index, [])
            rows = schema_rows(api, schema, index, valid, tables.value, left, memo)
            violations += rows
            if target[2] is not None:
                round_trips += _round_trips(api, schema, rows, tables.values)
    return {
        "limits": [
            ["characters of JSON text of an example written", MAX_EXAMPLE_CHARS],
            ["characters of JSON text of a base value", MAX_VALUE_CHARS],
            ["violations per schema", MAX_PER_SCHEMA],
            ["violations in all (the first schemas' first)", MAX_TOTAL],
        ],
        "fillers": [[keyword, value] for keyword, value in FILLERS.items()],
        "targets": [list(target) for target in tables.targets],
        "values": tables.values,
        "examples": examples.rows,
        "violations": violations,
        "round_trips": round_trips,
        "skipped": examples.skipped,
    }


def _round_trips(
    api: Api, schema: Schema, rows: list[list[Any]], values: list[Any]
) -> list[list[int]]:
    """[target, value] of each base of ``rows`` its decoder must decode and encode back
    unchanged (all but those that put a non-object where a class is, see
    :func:`_holds_non_object`). A base fills in every property it can: each field of the
    model is read and written once, also where no violation is tested."""
    bases = dict.fromkeys((row[0], row[1]) for row in rows)
    return [
        [target, base]
        for target, base in bases
        if not _holds_non_object(api, schema, values[base], 0)
    ]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
