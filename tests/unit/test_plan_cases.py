"""Unit tests of ``generator.plan.cases``: the data of the generated schema tests, planned
from a spec without rendering anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.config import Config
from generator.diagnostics import Reporter
from generator.plan import PackagePlan, plan_package
from generator.plan.cases.broken import MAX_PER_SCHEMA, json_path
from generator.plan.cases.cases import MAX_EXAMPLE_CHARS
from generator.plan.cases.samples import Memo, samples
from tests.unit.plan_support import build, document, package_of

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string", "maxLength": 40}},
}


def _response(example: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": "an error",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Error"},
                "example": example,
            }
        },
    }


def _cases(plan: PackagePlan) -> dict[str, Any]:
    [cases] = [f.context["cases"] for f in plan.files if f.path == "tests/schema_cases.json"]
    assert isinstance(cases, dict)
    return cases


def _spec(operations: int, examples: list[dict[str, Any]]) -> dict[str, Any]:
    paths = {
        f"/items/{i}": {
            "get": {
                "operationId": f"getItem{i}",
                "responses": {
                    str(400 + n): _response(example) for n, example in enumerate(examples)
                },
            }
        }
        for i in range(operations)
    }
    return document({"Error": ERROR}, paths)


def test_an_example_repeated_under_many_responses_is_tested_once() -> None:
    same = {"error": "Record not found"}
    other = {"error": "Too many requests"}
    cases = _cases(package_of(_spec(5, [same, other, same])))
    values = [cases["values"][row[1]] for row in cases["examples"]]
    assert values == [same, other]  # 15 response examples, 2 distinct values
    assert cases["examples"][0][2].startswith("#/paths/~1items~10/get/responses/400")


def test_violations_name_their_shared_target_and_base_by_index() -> None:
    cases = _cases(package_of(_spec(1, [{"error": "x"}])))
    targets, violations = cases["targets"], cases["violations"]
    assert targets == [["Error", "_error.check", "Error"]]
    # [target, base, keyword, at, decoder rejects, item]; required: the key is deleted
    assert violations == [
        [0, 0, "required", ["error"], 1],
        [0, 0, "type", ["error"], 1, 12345],
        [0, 0, "maxLength", ["error"], 1, 41],  # the length of the breaking "x" * 41
    ]
    assert cases["values"][0] == {"error": "x"}  # the example is the base, written once
    assert cases["round_trips"] == [[0, 0]]  # which the model class decodes and encodes back


def _rows(schemas: dict[str, Any]) -> list[list[Any]]:
    return list(_cases(package_of(document(schemas)))["violations"])


def test_one_violation_per_kind_of_constraint() -> None:
    strings = {f"s{i}": {"type": "string", "maxLength": 3} for i in range(6)}
    rows = _rows(
        {
            "Thing": {
                "type": "object",
                "properties": {
                    **strings,
                    "count": {"type": "integer", "maximum": 9},
                    "odd-name": {"type": "string", "maxLength": 3},
                    "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}},
                },
            }
        }
    )
    kinds = [(row[2], json_path(row[3])) for row in rows]
    # six string properties run the same code: one of them is tested; an integer, a quoted
    # name and an array item run other code
    assert kinds == [  # (the root is never replaced: the value is the root)
        ("type", "$.s0"),
        ("maxLength", "$.s0"),
        ("type", "$.count"),
        ("maximum", "$.count"),
        ("type", '$["odd-name"]'),
        ("maxLength", '$["odd-name"]'),
        ("type", "$.tags"),
        ("type", "$.tags[0]"),
        ("maxLength", "$.tags[0]"),
    ]


def test_a_constraint_of_a_referenced_component_is_its_own_kind() -> None:
    rows = _rows(
        {
            "Inner": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Outer": {
                "type": "object",
                "properties": {
                    "label": {"type": "object", "properties": {"text": {"type": "string"}}},
                    "inner": {"$ref": "#/components/schemas/Inner"},
                },
            },
        }
    )
    outer = [json_path(row[3]) for row in rows if row[0] == 1 and row[2] == "type"]
    assert outer == ["$.label", "$.label.text", "$.inner", "$.inner.name"]


def test_violations_per_schema_are_bounded() -> None:
    properties = {f"p{i}": {"type": "object", "properties": {}} for i in range(3)}
    for i in range(3):  # each nesting level is a new shape of path
        properties = {f"p{i}": {"type": "object", "properties": properties}}
    deep = {
        "type": "object",
        "properties": {
            **properties,
            "ni": {"type": "integer", "enum": [1, 2]},
            "ns": {"type": "string", "enum": ["a", "b"]},
            "nums": {"type": "array", "items": {"type": "number", "minimum": 0}, "maxItems": 2},
            "big": {"type": "integer", "minimum": 1, "maximum": 5, "multipleOf": 1},
            "s": {"type": "string", "pattern": "^a+$", "maxLength": 4},
            "t": {"type": "string", "minLength": 2},
        },
    }
    rows = _rows({"Deep": deep})
    assert len(rows) == MAX_PER_SCHEMA


def test_a_long_example_is_checked_and_listed_not_written() -> None:
    long_text = "x" * MAX_EXAMPLE_CHARS
    schema = {**ERROR, "example": {"error": long_text}}  # breaks maxLength: 40
    reporter = Reporter()
    api = build(document({"Error": schema}))
    plan = plan_package(api, "unit_api", "header", Config(spec=Path("spec.json")), reporter)
    cases = _cases(plan)
    assert cases["examples"] == []
    assert cases["skipped"] == [["#/components/schemas/Error/example", MAX_EXAMPLE_CHARS + 13]]
    assert long_text not in str(cases["values"])
    [warning] = [d.message for d in reporter.items()]
    assert warning == "the example does not match its schema ($.error: maxLength)"


def test_samples_made_with_a_shared_memo_are_those_made_alone() -> None:
    item = {"type": "object", "properties": {"n": {"type": "integer", "minimum": 3}}}
    union = {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Item"}]}
    tree = {  # recursive: its full samples are cut short (null) at some depth
        "type": ["object", "null"],
        "required": ["children"],
        "properties": {
            "name": {"type": "string", "minLength": 2},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}},
        },
    }
    api = build(
        document(
            {
                "Item": item,
                "A": {"type": "object", "properties": {"x": union, "y": {"items": union}}},
                "Tree": tree,
                "B": {"type": "object", "properties": {"z": union, "t": tree}, "required": ["z"]},
                "C": {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
            }
        )
    )
    memo = Memo()
    for _, schema in api.components:
        shared = list(samples(api, schema, 3, full=True, memo=memo))
        assert shared == list(samples(api, schema, 3, full=True))
    assert memo.values and memo.valid
