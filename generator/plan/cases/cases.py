"""Plan the data of the generated tests: examples, and values that must be rejected.

For every component schema (and every example the spec attaches to a request or response):

* each example is checked with the reference evaluator; a valid one must validate and
  round-trip through its model, an invalid one is reported as a warning (the spec contradicts
  itself) and its exact problems are recorded, so the test documents them;
* a valid base value (an example, else a synthesized sample) is broken once per constraint
  (pattern, bounds, required, const, enum, type, discriminator...), and the test asserts the
  validator reports that keyword at that JSON path, and that decoding rejects it too unless
  decoding tolerates it on purpose (unknown enum values, undeclared properties).

The result is plain JSON data, written to ``tests/schema_cases.json`` in the output.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ...diagnostics import Reporter
from ...ir.evaluate import MAX_DEPTH, TOO_DEEP, problems
from ...ir.nodes import Api, Json, Schema
from .. import types as t
from ..models import ModelPlan
from ..validators.checks import ValidatorModule
from ..validators.relax import schemas_at
from .samples import DELETE, Violation, apply, samples, violations

__all__ = ["plan_cases"]

MAX_PER_SCHEMA = 25
MAX_TOTAL = 1500
MAX_VALUE_CHARS = 4_000
_CHOICES = 3  # bases per schema: each takes a different alternative of its unions
_TOLERATED = {"additionalProperties", "unevaluatedProperties"}


def _decoder(decl: t.Declaration | None) -> dict[str, str] | None:
    if isinstance(decl, t.ModelClass):
        return {"class": decl.name}
    codec = getattr(decl, "codec", None)
    if codec is not None and codec.decode_fn:
        return {"decode": codec.decode_fn, "encode": codec.encode_fn}
    return None


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


def _media_target(
    api: Api, models: ModelPlan, checks: dict[str, str], names: dict[str, str], schema: Schema
) -> dict[str, Any] | None:
    target = api.target(schema)
    check = checks.get(target.pointer)
    if check is None:
        return None
    named = models.types.get(target.pointer)
    decl = (
        next(
            (
                d
                for d in models.components.values()
                if isinstance(named, t.TNamed) and d.name == named.name
            ),
            None,
        )
        if target.pointer in names
        else None
    )
    if decl is None and isinstance(named, t.TNamed) and named.kind == "class":
        decoder: dict[str, str] | None = {"class": named.name}
    else:
        decoder = _decoder(decl)
    return {"schema": names.get(target.pointer, target.pointer), "check": check, "decoder": decoder}


def _tolerated(api: Api, keyword: str, node: Schema) -> bool:
    if keyword in _TOLERATED:
        return True
    return (
        keyword == "enum"
        and node.enum is not None
        and all(isinstance(v.value, str) or v.value is None for v in node.enum)
    )


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


def _example_case(
    api: Api,
    reporter: Reporter,
    target: dict[str, Any],
    pointer: str,
    schema: Schema,
    value: Any,
    relaxed: frozenset[str],
) -> dict[str, Any] | None:
    everything = sorted(set(problems(api, schema, value)))
    if any(keyword == TOO_DEEP for _, keyword in everything):
        reporter.warning(
            pointer,
            f"the example is not tested: its schema nests more than {MAX_DEPTH} levels deep "
            "(with $ref) for gen to check it",
            hint="shorten the chain of $ref",
        )
        return None
    found = [
        (path, keyword)
        for path, keyword in everything
        if keyword != "format"
        or not any(s.pointer in relaxed for s in schemas_at(api, schema, path))
    ]
    if found:
        shown = "; ".join(f"{p}: {k}" for p, k in found[:5])
        reporter.warning(
            pointer,
            f"the example does not match its schema ({shown})",
            hint="fix the example or the schema; validators follow the schema",
        )
    strict_only = all(_tolerated(api, k, schema) or k == "enum" for _, k in found)
    unrepresentable = target["decoder"] is not None and _holds_non_object(api, schema, value, 0)
    return {
        **target,
        "pointer": pointer,
        "value": value,
        "problems": [list(p) for p in found],
        "decodes": (not found or strict_only) and not unrepresentable,
    }


def plan_cases(
    api: Api,
    models: ModelPlan,
    validators: ValidatorModule,
    reporter: Reporter,
    relaxed: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    examples: list[dict[str, Any]] = []
    broken: list[dict[str, Any]] = []
    checks = _check_functions(validators)
    names = {s.pointer: n for n, s in api.components}
    for name, schema in api.components:
        check = checks.get(schema.pointer)
        if check is None:
            continue
        target = {"schema": name, "check": check, "decoder": _decoder(models.components.get(name))}
        for i, example in enumerate(schema.examples):
            where = schema.example_pointers[i] if i < len(schema.example_pointers) else ""
            pointer = f"{schema.pointer}/{where or f'examples/{i}'}"
            case = _example_case(api, reporter, target, pointer, schema, example.value, relaxed)
            examples += [case] if case is not None else []
    # an example repeated under many responses (a shared error body) is tested once
    tested = {(case["check"], _canonical(case["value"])) for case in examples}
    for schema, pointer, example in _media_examples(api):
        media_target = _media_target(api, models, checks, names, schema)
        if media_target is not None:
            case = _example_case(
                api, reporter, media_target, pointer, api.target(schema), example.value, relaxed
            )
            if case is None:
                continue
            key = (case["check"], _canonical(case["value"]))
            if key not in tested:
                tested.add(key)
                examples.append(case)
    bases: list[Any] = []
    valid: dict[str, list[Any]] = {}
    for case in examples:
        if not case["problems"]:
            valid.setdefault(case["check"], []).append(case["value"])
    for name, schema in api.components:
        check = checks.get(schema.pointer)
        if check is not None and len(broken) < MAX_TOTAL:
            target = {
                "schema": name,
                "check": check,
                "decoder": _decoder(models.components.get(name)),
            }
            broken += _violations(api, schema, target, valid.get(check, []), bases)
    targets, violations = _by_target(broken[:MAX_TOTAL])
    return {"bases": bases, "examples": examples, "targets": targets, "violations": violations}


_TARGET_KEYS = ("schema", "check", "decoder")


def _by_target(cases: list[dict[str, Any]]) -> tuple[list[Any], list[dict[str, Any]]]:
    """The schema, check and decoder that many cases share, written once (``targets``); each
    case names its target by index."""
    targets: list[Any] = []
    index: dict[str, int] = {}
    out: list[dict[str, Any]] = []
    for case in cases:
        target = {k: case[k] for k in _TARGET_KEYS}
        key = _canonical(target)
        if key not in index:
            index[key] = len(targets)
            targets.append(target)
        rest = {k: v for k, v in case.items() if k not in _TARGET_KEYS}
        out.append({"target": index[key], **rest})
    return targets, out


def _decode_rejects(api: Api, schema: Schema, base: Any, v: Violation) -> bool:
    """Does the decoder reject the broken value? Not when it breaks only what decoding
    tolerates (an unknown enum string); but a value that also breaks another keyword
    (``NOT_A_VALID_VALUE`` where ``maxLength: 2``) is rejected for that one."""
    if not _tolerated(api, v.keyword, v.schema):
        return True
    broken = problems(api, schema, apply(base, v.at, v.value))
    return any(
        keyword != v.keyword and not _tolerated(api, keyword, v.schema)
        for path, keyword in broken
        if path == v.path
    )


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _base_index(table: list[Any], base: Any) -> int:
    for i, known in enumerate(table[-_CHOICES - 1 :], start=max(0, len(table) - _CHOICES - 1)):
        if known == base:
            return i
    table.append(base)
    return len(table) - 1


def _violations(
    api: Api, schema: Schema, target: dict[str, Any], valid: list[Any], bases_table: list[Any]
) -> list[dict[str, Any]]:
    bases = list(valid[:1])
    for ok, base in samples(api, schema, _CHOICES, full=True):
        if ok and base not in bases:
            bases.append(base)
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for base in bases:
        if len(json.dumps(base, default=str)) > MAX_VALUE_CHARS:
            continue
        for v in violations(api, schema, base, MAX_PER_SCHEMA - len(out), frozenset(seen)):
            seen.add((v.path, v.keyword))
            out.append(
                {
                    **target,
                    "base": _base_index(bases_table, base),
                    "what": f"{v.path} {v.what}",
                    "at": list(v.at),
                    "value": None if v.value is DELETE else v.value,
                    "delete": v.value is DELETE,
                    "path": v.path,
                    "keyword": v.keyword,
                    "decode_rejects": _decode_rejects(api, schema, base, v),
                }
            )
    return out
