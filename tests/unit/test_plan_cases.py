"""Unit tests of ``generator.plan.cases``: the data of the generated schema tests, planned
from a spec without rendering anything."""

from __future__ import annotations

from typing import Any

from generator.plan import PackagePlan
from tests.unit.plan_support import document, package_of

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
    values = [case["value"] for case in cases["examples"]]
    assert values == [same, other]  # 15 response examples, 2 distinct values
    assert cases["examples"][0]["pointer"].startswith("#/paths/~1items~10/get/responses/400")


def test_violations_name_their_shared_target_by_index() -> None:
    cases = _cases(package_of(_spec(1, [{"error": "x"}])))
    targets, violations = cases["targets"], cases["violations"]
    assert targets == [
        {"schema": "Error", "check": "_error.check", "decoder": {"class": "Error"}}
    ]
    assert {(v["path"], v["keyword"]) for v in violations} >= {
        ("$", "required"),
        ("$.error", "maxLength"),
        ("$.error", "type"),
    }
    assert all(v["target"] == 0 and "schema" not in v for v in violations)
