"""``gen diff`` as a whole: output formats, version bump, exit codes, equivalences, recursion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from diff_helpers import (
    NAME,
    NAME_TAG,
    RESP,
    doc,
    found,
    get,
    obj,
    ok,
    report,
    req_doc,
    resp_doc,
    run,
    write,
)

from generator.cli import cli

BASE = resp_doc(NAME_TAG)


def _cli(folder: Path, old: Any, new: Any, *extra: str) -> Any:
    old_path = write(folder, "old.json", old) if not isinstance(old, Path) else old
    new_path = write(folder, "new.json", new) if not isinstance(new, Path) else new
    return CliRunner().invoke(cli, ["diff", str(old_path), str(new_path), *extra])


# ---------------------------------------------------------------- text and json output
def test_identical_specs(tmp_path: Path) -> None:
    assert run(tmp_path, BASE, BASE, "text") == (
        0,
        "no changes; suggested version bump: none\n",
    )


def test_text_lists_breaking_first_then_summary(tmp_path: Path) -> None:
    new = resp_doc(obj({"name": {"type": "string"}, "age": {"type": "integer"}}, ("name",)))
    new["paths"]["/pets"]["get"]["summary"] = "List pets"
    code, text = run(tmp_path, BASE, new, "text")
    assert code == 1
    assert text.splitlines() == [
        f"BREAKING   {RESP}/properties/tag: property 'tag' removed [response]",
        f"compatible {RESP}/properties/age: property 'age' added [response]",
        "compatible #/paths/~1pets/get/summary: summary changed [docs]",
        "1 breaking, 2 compatible changes; suggested version bump: major",
    ]


def test_json_shape_and_order(tmp_path: Path) -> None:
    new = resp_doc(obj({"name": {"type": "integer"}, "b": {}, "a": {}}, ("name",)))
    new["paths"]["/users"] = {"get": get("listUsers")}
    result = report(tmp_path, BASE, new)
    assert set(result) == {"breaking", "compatible", "bump"}
    assert result["bump"] == "major"
    for entries in (result["breaking"], result["compatible"]):
        for entry in entries:
            assert set(entry) == {"pointer", "kind", "message", "side"}
            assert entry["side"] in {"request", "response", "operation", "schema", "docs"}
        keys = [(e["pointer"], e["kind"]) for e in entries]
        assert keys == sorted(keys)
    assert result["breaking"] == [
        {
            "pointer": f"{RESP}/properties/name",
            "kind": "type-changed",
            "message": "type string -> integer",
            "side": "response",
        },
        {
            "pointer": f"{RESP}/properties/tag",
            "kind": "property-removed",
            "message": "property 'tag' removed",
            "side": "response",
        },
    ]
    assert [(e["kind"], e["pointer"]) for e in result["compatible"]] == [
        ("property-added", f"{RESP}/properties/a"),
        ("property-added", f"{RESP}/properties/b"),
        ("operation-added", "#/paths/~1users/get"),
    ]


def test_output_is_the_same_under_any_hash_seed(tmp_path: Path) -> None:
    new = resp_doc(obj({f"p{i}": {"enum": ["a", "b"][: i % 2 + 1]} for i in range(20)}))
    new["security"] = [{"b": [], "a": []}]
    new["components"] = {"securitySchemes": {k: {"type": "http", "scheme": "basic"} for k in "ab"}}
    old_path, new_path = write(tmp_path, "old.json", BASE), write(tmp_path, "new.json", new)
    outputs = {
        subprocess.run(
            [sys.executable, "-m", "generator", "diff", str(old_path), str(new_path)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1
    assert "suggested version bump: major" in outputs.pop()


# ---------------------------------------------------------------- version bump
def _with_description(spec: dict[str, Any]) -> dict[str, Any]:
    changed = json.loads(json.dumps(spec))
    changed["paths"]["/pets"]["get"]["description"] = "Every pet, oldest first."
    return changed


@pytest.mark.parametrize(
    ("new", "bump"),
    [
        pytest.param(resp_doc(NAME), "major", id="field-removed"),
        pytest.param(
            resp_doc(obj({**NAME_TAG["properties"], "age": {"type": "integer"}}, ("name",))),
            "minor",
            id="field-added",
        ),
        pytest.param(_with_description(BASE), "patch", id="docs-only"),
        pytest.param(BASE, "none", id="identical"),
    ],
)
def test_bump(tmp_path: Path, new: dict[str, Any], bump: str) -> None:
    assert report(tmp_path, BASE, new)["bump"] == bump
    summary = run(tmp_path, BASE, new, "text")[1].splitlines()[-1]
    assert summary.endswith(f"suggested version bump: {bump}")


# ---------------------------------------------------------------- exit codes through the CLI
def test_cli_exit_codes(tmp_path: Path) -> None:
    same = _cli(tmp_path, BASE, BASE)
    assert (same.exit_code, same.output) == (0, "no changes; suggested version bump: none\n")
    compatible = _cli(tmp_path, BASE, _with_description(BASE))
    assert compatible.exit_code == 0
    breaking = _cli(tmp_path, BASE, resp_doc(NAME), "--format", "json")
    assert breaking.exit_code == 1
    assert json.loads(breaking.output)["bump"] == "major"


def test_cli_missing_file_exits_2(tmp_path: Path) -> None:
    result = _cli(tmp_path, BASE, tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "no such file" in result.output
    assert "missing.yaml" in result.output


def test_cli_invalid_spec_exits_2_with_located_diagnostics(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n"
        "            application/json:\n              schema: {$ref: '../x.yaml#/A'}\n",
        encoding="utf-8",
    )
    result = _cli(tmp_path, BASE, bad)
    assert result.exit_code == 2
    assert f"{bad}:11:" in result.output
    assert "it leaves the folder of the entry document" in result.output
    assert result.output.rstrip().endswith("nothing was compared.")


def test_unknown_format_exits_2(tmp_path: Path) -> None:
    assert run(tmp_path, BASE, BASE, "xml")[0] == 2


# ---------------------------------------------------------------- equivalent spellings
SAME_MEANING = [
    pytest.param(
        ("3.0.3", {"type": "string", "nullable": True}),
        ("3.1.0", {"type": ["string", "null"]}),
        id="nullable-vs-type-array",
    ),
    pytest.param(
        ("3.0.3", {"type": "string", "enum": ["a", "b"], "nullable": True}),
        ("3.1.0", {"type": ["string", "null"], "enum": ["a", "b", None]}),
        id="nullable-enum-vs-type-array",
    ),
    pytest.param(
        ("3.0.3", {"$ref": "#/components/schemas/Tag", "nullable": True}),
        ("3.1.0", {"anyOf": [{"$ref": "#/components/schemas/Tag"}, {"type": "null"}]}),
        id="nullable-ref-vs-anyOf-null",
    ),
    pytest.param(
        ("3.0.3", {"allOf": [{"$ref": "#/components/schemas/Tag"}], "nullable": True}),
        ("3.1.0", {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Tag"}]}),
        id="nullable-allOf-vs-oneOf-null",
    ),
    pytest.param(
        ("3.0.3", {"type": "integer", "minimum": 0, "exclusiveMinimum": True}),
        ("3.1.0", {"type": "integer", "exclusiveMinimum": 0}),
        id="boolean-vs-numeric-exclusive-minimum",
    ),
    pytest.param(
        ("3.1.0", {"const": "a"}),
        ("3.1.0", {"enum": ["a"]}),
        id="const-vs-single-enum",
    ),
    pytest.param(
        ("3.1.0", {"enum": ["a", "b"]}),
        ("3.1.0", {"type": "string", "enum": ["a", "b"]}),
        id="enum-implies-its-type",
    ),
    pytest.param(
        ("3.1.0", {"$ref": "#/components/schemas/Tag", "description": "the tag"}),
        ("3.1.0", {"allOf": [{"$ref": "#/components/schemas/Tag"}], "description": "the tag"}),
        id="ref-vs-single-allOf",
    ),
]
TAG = {"Tag": {"type": "object", "properties": {"label": {"type": "string"}}}}


@pytest.mark.parametrize(("old", "new"), SAME_MEANING)
@pytest.mark.parametrize("builder", [req_doc, resp_doc], ids=["request", "response"])
def test_same_meaning_compares_equal(
    tmp_path: Path, builder: Any, old: tuple[str, Any], new: tuple[str, Any]
) -> None:
    old_spec = builder(obj({"n": old[1]}), openapi=old[0], schemas=TAG)
    new_spec = builder(obj({"n": new[1]}), openapi=new[0], schemas=TAG)
    assert found(tmp_path, old_spec, new_spec) == set()


def test_fields_moved_into_an_allof_base_are_no_change(tmp_path: Path) -> None:
    base = {"Base": obj({"name": {"type": "string"}}, ("name",))}
    merged = {
        "allOf": [
            {"$ref": "#/components/schemas/Base"},
            obj({"tag": {"type": "string"}}),
        ]
    }
    assert (
        found(tmp_path, resp_doc(NAME_TAG, schemas=base), resp_doc(merged, schemas=base)) == set()
    )


# ---------------------------------------------------------------- sharing and recursion
def test_shared_component_change_is_reported_once(tmp_path: Path) -> None:
    def spec(pet: dict[str, Any]) -> dict[str, Any]:
        ref = {"$ref": "#/components/schemas/Pet"}
        paths = {
            "/pets": {"get": get(responses=ok({"type": "array", "items": ref}))},
            "/pets/{id}": {
                "get": get(
                    "getPet",
                    params=[{"name": "id", "in": "path", "required": True, "schema": {}}],
                    responses=ok(ref),
                )
            },
        }
        return doc(paths, {"Pet": pet})

    assert found(tmp_path, spec(NAME_TAG), spec(NAME)) == {
        ("property-removed", "#/components/schemas/Pet/properties/tag", True)
    }


def test_component_used_both_ways_is_classified_per_side(tmp_path: Path) -> None:
    def spec(pet: dict[str, Any]) -> dict[str, Any]:
        ref = {"$ref": "#/components/schemas/Pet"}
        operation = {
            "operationId": "createPet",
            "requestBody": {"content": {"application/json": {"schema": ref}}},
            "responses": ok(ref),
        }
        return doc({"/pets": {"post": operation}}, {"Pet": pet})

    new = obj(NAME_TAG["properties"], ("name", "tag"))
    result = report(tmp_path, spec(NAME_TAG), spec(new))
    pointer = "#/components/schemas/Pet/properties/tag"
    assert [(e["kind"], e["side"]) for e in result["breaking"]] == [
        ("property-required", "request")
    ]
    assert [(e["kind"], e["side"]) for e in result["compatible"]] == [
        ("property-required", "response")
    ]
    assert {e["pointer"] for e in result["breaking"] + result["compatible"]} == {pointer}


def _tree(extra: dict[str, Any]) -> dict[str, Any]:
    node = obj(
        {
            "value": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
            **extra,
        }
    )
    return resp_doc({"$ref": "#/components/schemas/Node"}, schemas={"Node": node})


def test_recursive_schemas_terminate(tmp_path: Path) -> None:
    assert found(tmp_path, _tree({}), _tree({})) == set()
    assert found(tmp_path, _tree({}), _tree({"size": {"type": "integer"}})) == {
        ("property-added", "#/components/schemas/Node/properties/size", False)
    }


def test_mutually_recursive_schemas_terminate(tmp_path: Path) -> None:
    def spec(extra: dict[str, Any]) -> dict[str, Any]:
        schemas = {
            "A": obj({"b": {"$ref": "#/components/schemas/B"}}),
            "B": obj({"a": {"$ref": "#/components/schemas/A"}, **extra}),
        }
        return req_doc({"$ref": "#/components/schemas/A"}, schemas=schemas)

    assert found(tmp_path, spec({}), spec({"x": {"type": "string"}})) == {
        ("property-added", "#/components/schemas/B/properties/x", False)
    }


# ---------------------------------------------------------------- webhooks
def test_webhook_payloads_are_received_by_the_client(tmp_path: Path) -> None:
    def spec(payload: dict[str, Any]) -> dict[str, Any]:
        hook = {
            "post": {
                "operationId": "petAdopted",
                "requestBody": {"content": {"application/json": {"schema": payload}}},
                "responses": {"200": {"description": "ok"}},
            }
        }
        return doc({}, webhooks={"adopted": hook})

    body = "#/webhooks/adopted/post/requestBody/content/application~1json/schema"
    assert found(tmp_path, spec(NAME), spec(obj(NAME["properties"]))) == {
        ("property-optional", f"{body}/properties/name", True)
    }
    assert found(tmp_path, spec(NAME), spec(NAME_TAG)) == {
        ("property-added", f"{body}/properties/tag", False)
    }


# ---------------------------------------------------------------- components no operation uses
def test_unused_component_change_is_classified_both_ways(tmp_path: Path) -> None:
    def spec(unused: dict[str, Any]) -> dict[str, Any]:
        return resp_doc(NAME, schemas={"Unused": unused})

    pointer = "#/components/schemas/Unused/properties"
    optional = report(tmp_path, spec(NAME_TAG), spec(obj(NAME_TAG["properties"])))
    assert [(e["kind"], e["pointer"], e["side"]) for e in optional["breaking"]] == [
        ("property-optional", f"{pointer}/name", "schema")
    ]
    added = report(tmp_path, spec(NAME), spec(NAME_TAG))
    assert [(e["kind"], e["pointer"], e["side"]) for e in added["compatible"]] == [
        ("property-added", f"{pointer}/tag", "schema")
    ]
    assert added["breaking"] == []


def test_used_component_is_not_compared_again_on_the_schema_side(tmp_path: Path) -> None:
    def spec(pet: dict[str, Any]) -> dict[str, Any]:
        return resp_doc({"$ref": "#/components/schemas/Pet"}, schemas={"Pet": pet})

    result = report(tmp_path, spec(NAME_TAG), spec(NAME))
    assert [e["side"] for e in result["breaking"] + result["compatible"]] == ["response"]
