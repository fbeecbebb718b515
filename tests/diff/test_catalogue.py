"""One small spec pair per classification rule of ``gen diff``: exact kind, pointer, verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from diff_helpers import (
    NAME,
    NAME_TAG,
    PARAMS,
    REQ,
    RESP,
    Found,
    doc,
    found,
    get,
    json_content,
    obj,
    ok,
    param_doc,
    query,
    req_doc,
    resp_doc,
)

from generator.diff.changes import RULES

B, C = True, False  # breaking, compatible


def prop(schema: Any, **extra: Any) -> dict[str, Any]:
    """An object with one property ``n`` of ``schema``."""
    return obj({"n": schema}, **extra)


# ---------------------------------------------------------------- request bodies
REQUEST_CASES = [
    pytest.param(
        NAME_TAG, NAME, {("property-removed", f"{REQ}/properties/tag", B)}, id="field-removed"
    ),
    pytest.param(
        NAME,
        obj({"name": {"type": "string"}, "age": {"type": "integer"}}, ("name", "age")),
        {("required-property-added", f"{REQ}/properties/age", B)},
        id="required-field-added",
    ),
    pytest.param(
        NAME, NAME_TAG, {("property-added", f"{REQ}/properties/tag", C)}, id="optional-field-added"
    ),
    pytest.param(
        NAME_TAG,
        obj(NAME_TAG["properties"], ("name", "tag")),
        {("property-required", f"{REQ}/properties/tag", B)},
        id="field-became-required",
    ),
    pytest.param(
        NAME_TAG,
        obj(NAME_TAG["properties"]),
        {("property-optional", f"{REQ}/properties/name", C)},
        id="field-became-optional",
    ),
    pytest.param(
        prop({"type": "integer"}),
        prop({"type": "string"}),
        {("type-changed", f"{REQ}/properties/n", B)},
        id="integer-to-string",
    ),
    pytest.param(
        prop({"type": ["string", "integer"]}),
        prop({"type": "string"}),
        {("type-narrowed", f"{REQ}/properties/n", B)},
        id="type-removed-from-array",
    ),
    pytest.param(
        prop({"type": "number"}),
        prop({"type": "integer"}),
        {("type-narrowed", f"{REQ}/properties/n", B)},
        id="number-to-integer",
    ),
    pytest.param(
        prop({"type": "string"}),
        prop({"type": ["string", "integer"]}),
        {("type-widened", f"{REQ}/properties/n", C)},
        id="type-added-to-array",
    ),
    pytest.param(
        prop({"type": "integer"}),
        prop({"type": "number"}),
        {("type-widened", f"{REQ}/properties/n", C)},
        id="integer-to-number",
    ),
    pytest.param(
        prop({"type": ["string", "null"]}),
        prop({"type": "string"}),
        {("nullable-removed", f"{REQ}/properties/n", B)},
        id="null-removed",
    ),
    pytest.param(
        prop({"type": "string"}),
        prop({"type": ["string", "null"]}),
        {("nullable-added", f"{REQ}/properties/n", C)},
        id="null-added",
    ),
    pytest.param(
        prop({"type": "string"}),
        prop({"type": "string", "enum": ["a", "b"]}),
        {("enum-added", f"{REQ}/properties/n", B)},
        id="enum-restriction-added",
    ),
    pytest.param(
        prop({"enum": ["a", "b"]}),
        prop({"enum": ["a"]}),
        {("enum-value-removed", f"{REQ}/properties/n", B)},
        id="enum-value-removed",
    ),
    pytest.param(
        prop({"enum": ["a"]}),
        prop({"enum": ["a", "b"]}),
        {("enum-value-added", f"{REQ}/properties/n", C)},
        id="enum-value-added",
    ),
    pytest.param(
        prop({"const": "a"}),
        prop({"const": "b"}),
        {
            ("enum-value-removed", f"{REQ}/properties/n", B),
            ("enum-value-added", f"{REQ}/properties/n", C),
        },
        id="const-changed",
    ),
    pytest.param(
        prop({"type": "string"}),
        prop({"type": "string"}, additionalProperties=False),
        {("additional-properties-restricted", REQ, B)},
        id="additional-properties-true-to-false",
    ),
    pytest.param(
        prop({"type": "string"}, additionalProperties=False),
        prop({"type": "string"}, additionalProperties=True),
        {("additional-properties-allowed", REQ, C)},
        id="additional-properties-false-to-true",
    ),
    pytest.param(
        prop({"type": "string"}),
        prop({"type": "string"}, additionalProperties={"type": "integer"}),
        {("type-narrowed", f"{REQ}/additionalProperties", B)},
        id="additional-properties-typed",
    ),
    pytest.param(
        prop({"type": "string", "readOnly": True}),
        obj({}),
        set(),
        id="read-only-field-ignored-in-requests",
    ),
    pytest.param(
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"oneOf": [{"type": "string"}]},
        {("variant-removed", REQ, B)},
        id="alternative-removed",
    ),
    pytest.param(
        {"type": "array", "items": {"type": "string"}},
        {"type": "array", "items": False},
        {("type-narrowed", f"{REQ}/items", B)},
        id="items-false",
    ),
]

# constraints: (old, new) keyword sets on a property; tighter first
CONSTRAINTS = [
    ({"type": "string", "maxLength": 10}, {"type": "string", "maxLength": 5}),
    ({"type": "string", "minLength": 1}, {"type": "string", "minLength": 3}),
    ({"type": "string"}, {"type": "string", "maxLength": 5}),
    ({"type": "integer", "maximum": 100}, {"type": "integer", "maximum": 50}),
    ({"type": "integer", "minimum": 0}, {"type": "integer", "minimum": 1}),
    ({"type": "integer", "minimum": 0}, {"type": "integer", "exclusiveMinimum": 0}),
    ({"type": "integer", "exclusiveMaximum": 10}, {"type": "integer", "exclusiveMaximum": 9}),
    ({"type": "integer", "maximum": 10}, {"type": "integer", "exclusiveMaximum": 10}),
    ({"type": "integer", "multipleOf": 2}, {"type": "integer", "multipleOf": 4}),
    ({"type": "array", "maxItems": 10}, {"type": "array", "maxItems": 5}),
    ({"type": "array", "minItems": 0}, {"type": "array", "minItems": 1}),
    ({"type": "array"}, {"type": "array", "uniqueItems": True}),
    ({"type": "object", "maxProperties": 5}, {"type": "object", "maxProperties": 2}),
    ({"type": "string"}, {"type": "string", "pattern": "^[a-z]+$"}),
    ({"type": "string"}, {"type": "string", "format": "email"}),
]
CONSTRAINT_IDS = [
    "maxLength-lowered",
    "minLength-raised",
    "maxLength-added",
    "maximum-lowered",
    "minimum-raised",
    "minimum-made-exclusive",
    "exclusiveMaximum-lowered",
    "maximum-made-exclusive",
    "multipleOf-multiplied",
    "maxItems-lowered",
    "minItems-raised",
    "uniqueItems-added",
    "maxProperties-lowered",
    "pattern-added",
    "format-added",
]


def _tighter_kind(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, str]:
    if "format" in new and "format" not in old:
        return "format-added", "format-removed"
    return "constraint-tightened", "constraint-relaxed"


@pytest.mark.parametrize(("old", "new", "expected"), REQUEST_CASES)
def test_request_body(tmp_path: Path, old: Any, new: Any, expected: Found) -> None:
    assert found(tmp_path, req_doc(old), req_doc(new)) == expected


@pytest.mark.parametrize(("tight", "loose"), [(b, a) for a, b in CONSTRAINTS], ids=CONSTRAINT_IDS)
def test_tighter_request_constraint_breaks(tmp_path: Path, tight: Any, loose: Any) -> None:
    kind, _ = _tighter_kind(loose, tight)
    assert found(tmp_path, req_doc(prop(loose)), req_doc(prop(tight))) == {
        (kind, f"{REQ}/properties/n", B)
    }


@pytest.mark.parametrize(("tight", "loose"), [(b, a) for a, b in CONSTRAINTS], ids=CONSTRAINT_IDS)
def test_looser_request_constraint_is_compatible(tmp_path: Path, tight: Any, loose: Any) -> None:
    _, kind = _tighter_kind(loose, tight)
    assert found(tmp_path, req_doc(prop(tight)), req_doc(prop(loose))) == {
        (kind, f"{REQ}/properties/n", C)
    }


@pytest.mark.parametrize(("tight", "loose"), [(b, a) for a, b in CONSTRAINTS], ids=CONSTRAINT_IDS)
def test_looser_response_constraint_breaks(tmp_path: Path, tight: Any, loose: Any) -> None:
    """Generated clients validate responses: a value the old bound rejected fails decoding."""
    _, kind = _tighter_kind(loose, tight)
    assert found(tmp_path, resp_doc(prop(tight)), resp_doc(prop(loose))) == {
        (kind, f"{RESP}/properties/n", B)
    }


def test_openapi_30_boolean_exclusive_minimum_tightens(tmp_path: Path) -> None:
    old = req_doc(prop({"type": "integer", "minimum": 0}), openapi="3.0.3")
    new = req_doc(prop({"type": "integer", "minimum": 0, "exclusiveMinimum": True}), "3.0.3")
    assert found(tmp_path, old, new) == {("constraint-tightened", f"{REQ}/properties/n", B)}


def test_changed_pattern_breaks_both_ways(tmp_path: Path) -> None:
    old, new = prop({"type": "string", "pattern": "^a"}), prop({"type": "string", "pattern": "^b"})
    assert found(tmp_path, req_doc(old), req_doc(new)) == {
        ("constraint-changed", f"{REQ}/properties/n", B)
    }
    assert found(tmp_path, resp_doc(old), resp_doc(new)) == {
        ("constraint-changed", f"{RESP}/properties/n", B)
    }


def test_nullable_30_removed_from_request(tmp_path: Path) -> None:
    old = req_doc(prop({"type": "string", "nullable": True}), openapi="3.0.3")
    new = req_doc(prop({"type": "string"}), openapi="3.0.3")
    assert found(tmp_path, old, new) == {("nullable-removed", f"{REQ}/properties/n", B)}


# ---------------------------------------------------------------- discriminators
def _pets(mapping: dict[str, str], prop_name: str = "petType") -> dict[str, Any]:
    tagged = {"type": "object", "properties": {prop_name: {"type": "string"}}}
    return {
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {
                "propertyName": prop_name,
                "mapping": {k: f"#/components/schemas/{v}" for k, v in mapping.items()},
            },
        },
        "Cat": {**tagged, "properties": {**tagged["properties"], "meows": {"type": "boolean"}}},
        "Dog": {**tagged, "properties": {**tagged["properties"], "barks": {"type": "boolean"}}},
    }


PET_REF = {"$ref": "#/components/schemas/Pet"}
DISCRIMINATOR = "#/components/schemas/Pet/discriminator"
BOTH = {"cat": "Cat", "dog": "Dog"}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            _pets(BOTH),
            _pets({"cat": "Cat"}),
            {("discriminator-mapping-removed", f"{DISCRIMINATOR}/mapping", B)},
            id="mapping-value-removed",
        ),
        pytest.param(
            _pets(BOTH),
            _pets({"cat": "Cat", "dog": "Cat"}),
            {("discriminator-mapping-changed", f"{DISCRIMINATOR}/mapping", B)},
            id="mapping-value-changed",
        ),
        pytest.param(
            _pets({"cat": "Cat"}),
            _pets(BOTH),
            {("discriminator-mapping-added", f"{DISCRIMINATOR}/mapping", C)},
            id="mapping-value-added",
        ),
    ],
)
def test_discriminator_mapping(tmp_path: Path, old: Any, new: Any, expected: Found) -> None:
    assert found(tmp_path, req_doc(PET_REF, schemas=old), req_doc(PET_REF, schemas=new)) == expected


def test_discriminator_property_renamed(tmp_path: Path) -> None:
    old = req_doc(PET_REF, schemas=_pets(BOTH))
    new = req_doc(PET_REF, schemas=_pets(BOTH, "kind"))
    changes = found(tmp_path, old, new)
    assert ("discriminator-property-changed", DISCRIMINATOR, B) in changes


# ---------------------------------------------------------------- request body as a whole
FORM = "application/x-www-form-urlencoded"


def _body_doc(body: dict[str, Any] | None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": "createPet",
        "responses": {"201": {"description": "created"}},
    }
    if body is not None:
        operation["requestBody"] = body
    return doc({"/pets": {"post": operation}})


BODY = "#/paths/~1pets/post/requestBody"
JSON_BODY = {"content": json_content(NAME)}
BOTH_BODY = {"content": {**json_content(NAME), FORM: {"schema": NAME}}}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            JSON_BODY,
            {**JSON_BODY, "required": True},
            {("request-body-required", BODY, B)},
            id="became-required",
        ),
        pytest.param(
            {**JSON_BODY, "required": True},
            JSON_BODY,
            {("request-body-optional", BODY, C)},
            id="became-optional",
        ),
        pytest.param(
            BOTH_BODY,
            JSON_BODY,
            {
                (
                    "request-media-type-removed",
                    f"{BODY}/content/application~1x-www-form-urlencoded",
                    B,
                )
            },
            id="media-type-removed",
        ),
        pytest.param(
            JSON_BODY,
            BOTH_BODY,
            {("request-media-type-added", f"{BODY}/content/application~1x-www-form-urlencoded", C)},
            id="media-type-added",
        ),
        pytest.param(JSON_BODY, None, {("request-body-removed", BODY, B)}, id="removed"),
        pytest.param(None, JSON_BODY, {("request-body-added", BODY, C)}, id="added-optional"),
        pytest.param(
            None,
            {**JSON_BODY, "required": True},
            {("request-body-added-required", BODY, B)},
            id="added-required",
        ),
    ],
)
def test_request_body_as_a_whole(tmp_path: Path, old: Any, new: Any, expected: Found) -> None:
    assert found(tmp_path, _body_doc(old), _body_doc(new)) == expected


# ---------------------------------------------------------------- responses
RESPONSE_CASES = [
    pytest.param(
        NAME_TAG, NAME, {("property-removed", f"{RESP}/properties/tag", B)}, id="field-removed"
    ),
    pytest.param(
        NAME, NAME_TAG, {("property-added", f"{RESP}/properties/tag", C)}, id="field-added"
    ),
    pytest.param(
        NAME,
        obj({"name": {"type": "string"}, "age": {"type": "integer"}}, ("name", "age")),
        {("required-property-added", f"{RESP}/properties/age", C)},
        id="required-field-added",
    ),
    pytest.param(
        NAME,
        obj(NAME["properties"]),
        {("property-optional", f"{RESP}/properties/name", B)},
        id="field-became-optional",
    ),
    pytest.param(
        NAME_TAG,
        obj(NAME_TAG["properties"], ("name", "tag")),
        {("property-required", f"{RESP}/properties/tag", C)},
        id="field-became-required",
    ),
    pytest.param(
        prop({"type": "string"}),
        prop({"type": ["string", "null"]}),
        {("nullable-added", f"{RESP}/properties/n", B)},
        id="field-became-nullable",
    ),
    pytest.param(
        prop({"type": ["string", "null"]}),
        prop({"type": "string"}),
        {("nullable-removed", f"{RESP}/properties/n", C)},
        id="field-no-longer-nullable",
    ),
    pytest.param(
        prop({"type": "integer"}),
        prop({"type": "string"}),
        {("type-changed", f"{RESP}/properties/n", B)},
        id="type-changed",
    ),
    pytest.param(
        prop({"type": "integer"}),
        prop({"type": ["integer", "string"]}),
        {("type-widened", f"{RESP}/properties/n", B)},
        id="type-widened",
    ),
    pytest.param(
        prop({"type": ["integer", "string"]}),
        prop({"type": "integer"}),
        {("type-narrowed", f"{RESP}/properties/n", C)},
        id="type-narrowed",
    ),
    pytest.param(
        prop({"enum": ["a", "b"]}),
        prop({"enum": ["a"]}),
        {("enum-value-removed", f"{RESP}/properties/n", B)},
        id="enum-value-removed",
    ),
    pytest.param(
        prop({"enum": ["a"]}),
        prop({"enum": ["a", "b"]}),
        {("enum-value-added", f"{RESP}/properties/n", C)},
        id="enum-value-added",
    ),
    pytest.param(
        prop({"type": "string"}, additionalProperties=False),
        prop({"type": "string"}),
        {("additional-properties-allowed", RESP, C)},
        id="additional-properties-allowed",
    ),
    pytest.param(
        {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]},
        {("variant-added", f"{RESP}/oneOf/2", B)},
        id="alternative-added",
    ),
    pytest.param(
        prop({"type": "string", "writeOnly": True}),
        obj({}),
        set(),
        id="write-only-field-ignored-in-responses",
    ),
    pytest.param(
        {"type": "array", "items": NAME_TAG},
        {"type": "array", "items": NAME},
        {("property-removed", f"{RESP}/items/properties/tag", B)},
        id="array-item-field-removed",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), RESPONSE_CASES)
def test_response_body(tmp_path: Path, old: Any, new: Any, expected: Found) -> None:
    assert found(tmp_path, resp_doc(old), resp_doc(new)) == expected


def test_response_became_nullable_in_openapi_30(tmp_path: Path) -> None:
    old = resp_doc(prop({"type": "string"}), openapi="3.0.3")
    new = resp_doc(prop({"type": "string", "nullable": True}), openapi="3.0.3")
    assert found(tmp_path, old, new) == {("nullable-added", f"{RESP}/properties/n", B)}


OP = "#/paths/~1pets/get"
NOT_FOUND = {"404": {"description": "missing"}}
XML = {"application/xml": {"schema": NAME}}


def _responses(responses: dict[str, Any]) -> dict[str, Any]:
    return doc({"/pets": {"get": get(responses=responses)}})


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            {**ok(NAME), **NOT_FOUND},
            NOT_FOUND,
            {("response-removed", f"{OP}/responses/200", B)},
            id="200-removed",
        ),
        pytest.param(
            {**ok(NAME), **NOT_FOUND},
            ok(NAME),
            {("response-without-body-removed", f"{OP}/responses/404", C)},
            id="404-removed",
        ),
        pytest.param(
            ok(NAME),
            {**ok(NAME), **NOT_FOUND},
            {("response-added", f"{OP}/responses/404", C)},
            id="status-added",
        ),
        pytest.param(
            {"200": {"description": "ok", "content": {**json_content(NAME), **XML}}},
            ok(NAME),
            {("response-media-type-removed", f"{OP}/responses/200/content/application~1xml", B)},
            id="media-type-removed",
        ),
        pytest.param(
            ok(NAME),
            {"200": {"description": "ok", "content": {**json_content(NAME), **XML}}},
            {("response-media-type-added", f"{OP}/responses/200/content/application~1xml", C)},
            id="media-type-added",
        ),
        pytest.param(
            ok(NAME, headers={"X-Rate": {"schema": {"type": "integer"}}}),
            ok(NAME),
            {("response-header-removed", f"{OP}/responses/200/headers/X-Rate", B)},
            id="header-removed",
        ),
        pytest.param(
            ok(NAME),
            ok(NAME, headers={"X-Rate": {"schema": {"type": "integer"}}}),
            {("response-header-added", f"{OP}/responses/200/headers/X-Rate", C)},
            id="header-added",
        ),
    ],
)
def test_response_statuses(tmp_path: Path, old: Any, new: Any, expected: Found) -> None:
    assert found(tmp_path, _responses(old), _responses(new)) == expected


# ---------------------------------------------------------------- parameters
PARAMETER_CASES = [
    pytest.param(
        [query("limit"), query("offset")],
        [query("limit")],
        {("parameter-removed", PARAMS, B)},
        id="removed",
    ),
    pytest.param(
        [query("limit")], [query("max")], {("parameter-renamed", f"{PARAMS}/0", B)}, id="renamed"
    ),
    pytest.param(
        [query("limit")],
        [query("limit", required=True)],
        {("parameter-required", f"{PARAMS}/0", B)},
        id="became-required",
    ),
    pytest.param(
        [query("limit", required=True)],
        [query("limit")],
        {("parameter-optional", f"{PARAMS}/0", C)},
        id="became-optional",
    ),
    pytest.param(
        [query("limit")],
        [query("limit"), query("q", {"type": "string"}, required=True)],
        {("parameter-added-required", f"{PARAMS}/1", B)},
        id="required-added",
    ),
    pytest.param(
        [query("limit")],
        [query("limit"), query("q", {"type": "string"})],
        {("parameter-added", f"{PARAMS}/1", C)},
        id="optional-added",
    ),
    pytest.param(
        [query("limit", {"type": "integer", "maximum": 100})],
        [query("limit", {"type": "integer", "maximum": 10})],
        {("constraint-tightened", f"{PARAMS}/0/schema", B)},
        id="maximum-lowered",
    ),
    pytest.param(
        [query("sort", {"enum": ["asc", "desc"]})],
        [query("sort", {"enum": ["asc"]})],
        {("enum-value-removed", f"{PARAMS}/0/schema", B)},
        id="enum-value-removed",
    ),
    pytest.param(
        [query("ids", {"type": "array", "items": {"type": "integer"}})],
        [query("ids", {"type": "array", "items": {"type": "integer"}}, explode=False)],
        {("parameter-style-changed", f"{PARAMS}/0", B)},
        id="explode-changed",
    ),
    pytest.param(
        [query("limit")],
        [query("limit", deprecated=True)],
        {("parameter-deprecated", f"{PARAMS}/0", C)},
        id="deprecated",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), PARAMETER_CASES)
def test_parameters(tmp_path: Path, old: Any, new: Any, expected: Found) -> None:
    assert found(tmp_path, param_doc(*old), param_doc(*new)) == expected


def test_path_parameter_renamed(tmp_path: Path) -> None:
    def spec(name: str) -> dict[str, Any]:
        param = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        return doc({f"/pets/{{{name}}}": {"get": get("getPet", params=[param])}})

    assert found(tmp_path, spec("id"), spec("petId")) == {
        ("parameter-renamed", "#/paths/~1pets~1{petId}/get/parameters/0", B)
    }


# ---------------------------------------------------------------- operations
def _ops(**paths: dict[str, Any]) -> dict[str, Any]:
    return doc({"/" + name: item for name, item in paths.items()})


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            _ops(pets={"get": get()}, users={"get": get("listUsers")}),
            _ops(pets={"get": get()}),
            {("operation-removed", "#/paths/~1users/get", B)},
            id="removed",
        ),
        pytest.param(
            _ops(pets={"get": get()}),
            _ops(pets={"get": get(), "post": get("createPet")}),
            {("operation-added", "#/paths/~1pets/post", C)},
            id="added",
        ),
        pytest.param(
            _ops(pets={"get": get()}),
            _ops(animals={"get": get()}),
            {
                ("operation-moved", "#/paths/~1animals/get", B),
                ("client-method-renamed", "#/paths/~1animals/get", B),  # client.animals...
            },
            id="path-changed",
        ),
        pytest.param(
            _ops(pets={"get": get()}),
            _ops(pets={"post": get()}),
            {("operation-moved", "#/paths/~1pets/post", B)},
            id="method-changed",
        ),
        pytest.param(
            _ops(pets={"get": get()}),
            _ops(pets={"get": get("getPets")}),
            {
                ("operation-renamed", "#/paths/~1pets/get/operationId", B),
                ("client-method-renamed", "#/paths/~1pets/get", B),  # get_pets
            },
            id="operation-id-renamed",
        ),
        pytest.param(
            _ops(pets={"get": get(summary="List pets")}),
            _ops(pets={"get": get("findPets", summary="List pets")}),
            {("operation-renamed", "#/paths/~1pets/get/operationId", B)},
            id="operation-id-renamed-method-named-by-summary",
        ),
        pytest.param(
            _ops(pets={"get": get(summary="List pets")}),
            _ops(pets={"get": get(summary="Find pets")}),
            {
                ("summary-changed", "#/paths/~1pets/get/summary", C),
                ("client-method-renamed", "#/paths/~1pets/get", B),  # find_pets
            },
            id="summary-renames-client-method",
        ),
        pytest.param(
            _ops(pets={"get": get(tags=["pets"])}),
            _ops(pets={"get": get(tags=["animals"])}),
            {
                ("tags-changed", "#/paths/~1pets/get/tags", C),
                ("client-method-renamed", "#/paths/~1pets/get", B),  # client.animals
            },
            id="first-tag-regroups-client-method",
        ),
        pytest.param(
            _ops(pets={"get": get()}),
            _ops(pets={"get": get(deprecated=True)}),
            {("operation-deprecated", "#/paths/~1pets/get", C)},
            id="deprecated",
        ),
    ],
)
def test_operations(tmp_path: Path, old: Any, new: Any, expected: Found) -> None:
    assert found(tmp_path, old, new) == expected


def test_operations_without_ids_match_by_method_and_path(tmp_path: Path) -> None:
    old = doc({"/pets": {"get": {"responses": ok()}}})
    new = doc({"/pets": {"get": {"responses": ok(), "deprecated": True}}})
    assert found(tmp_path, old, new) == {("operation-deprecated", "#/paths/~1pets/get", C)}


# ---------------------------------------------------------------- security
BEARER = {"bearer": {"type": "http", "scheme": "bearer"}}
KEY = {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
SECURITY = "#/paths/~1pets/get/security"


def _secured(
    security: list[dict[str, list[str]]] | None, schemes: dict[str, Any]
) -> dict[str, Any]:
    extra: dict[str, Any] = {"schemes": schemes}
    if security is not None:
        extra["security"] = security
    return doc({"/pets": {"get": get()}}, **extra)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            _secured(None, BEARER),
            _secured([{"bearer": []}], BEARER),
            {("security-added", SECURITY, B)},
            id="required-where-none-was",
        ),
        pytest.param(
            _secured([{"bearer": []}], BEARER),
            _secured([{"bearer": []}, {}], BEARER),
            {("security-removed", SECURITY, C)},
            id="made-optional",
        ),
        pytest.param(
            _secured([{"bearer": []}, {"key": []}], {**BEARER, **KEY}),
            _secured([{"bearer": []}], {**BEARER, **KEY}),
            {("security-requirement-removed", SECURITY, B)},
            id="alternative-removed",
        ),
        pytest.param(
            _secured([{"bearer": []}], {**BEARER, **KEY}),
            _secured([{"bearer": []}, {"key": []}], {**BEARER, **KEY}),
            {("security-requirement-added", SECURITY, C)},
            id="alternative-added",
        ),
        pytest.param(
            _secured(None, KEY),
            _secured(None, {"key": {**KEY["key"], "name": "X-Token"}}),
            {("security-scheme-changed", "#/components/securitySchemes/key", B)},
            id="scheme-header-renamed",
        ),
        pytest.param(
            _secured(None, {**BEARER, **KEY}),
            _secured(None, BEARER),
            {("security-scheme-removed", "#/components/securitySchemes/key", B)},
            id="scheme-removed",
        ),
        pytest.param(
            _secured(None, BEARER),
            _secured(None, {**BEARER, **KEY}),
            {("security-scheme-added", "#/components/securitySchemes/key", C)},
            id="scheme-added",
        ),
    ],
)
def test_security(tmp_path: Path, old: Any, new: Any, expected: Found) -> None:
    assert found(tmp_path, old, new) == expected


# ---------------------------------------------------------------- component schemas
def _components(schemas: dict[str, Any], ref: str = "Pet") -> dict[str, Any]:
    return resp_doc({"$ref": f"#/components/schemas/{ref}"}, schemas=schemas)


def test_unused_component_removed_breaks(tmp_path: Path) -> None:
    old = _components({"Pet": NAME, "Unused": NAME_TAG})
    assert found(tmp_path, old, _components({"Pet": NAME})) == {
        ("schema-removed", "#/components/schemas/Unused", B)
    }


def test_component_added_is_compatible(tmp_path: Path) -> None:
    new = _components({"Pet": NAME, "Owner": NAME_TAG})
    assert found(tmp_path, _components({"Pet": NAME}), new) == {
        ("schema-added", "#/components/schemas/Owner", C)
    }


def test_renamed_identical_component_is_one_change(tmp_path: Path) -> None:
    old = _components({"Pet": NAME_TAG, "Owner": NAME})
    new = _components({"Animal": NAME_TAG, "Owner": NAME}, ref="Animal")
    assert found(tmp_path, old, new) == {("schema-renamed", "#/components/schemas/Animal", B)}


def test_renamed_and_changed_component(tmp_path: Path) -> None:
    old = _components({"Pet": NAME_TAG})
    new = _components({"Animal": NAME}, ref="Animal")
    assert found(tmp_path, old, new) == {
        ("schema-removed", "#/components/schemas/Pet", B),
        ("schema-added", "#/components/schemas/Animal", C),
        ("property-removed", "#/components/schemas/Animal/properties/tag", B),
    }


# ---------------------------------------------------------------- documentation
def test_docs_changes_are_compatible_and_marked_docs(tmp_path: Path) -> None:
    old_schema = obj({"name": {"type": "string", "description": "Name", "example": "Rex"}})
    new_schema = obj({"name": {"type": "string", "description": "The name", "example": "Tom"}})
    old = resp_doc(old_schema)
    new = resp_doc(new_schema)
    new["info"]["title"] = "Pet store"
    operation = new["paths"]["/pets"]["get"]
    operation.update(summary="List pets", tags=["pets"])
    result = (tmp_path, old, new)
    assert found(*result) == {
        ("description-changed", f"{RESP}/properties/name/description", C),
        ("example-changed", f"{RESP}/properties/name", C),
        ("title-changed", "#/info/title", C),
        ("summary-changed", "#/paths/~1pets/get/summary", C),
        ("tags-changed", "#/paths/~1pets/get/tags", C),
    }


# ---------------------------------------------------------------- the table itself
def test_every_kind_is_kebab_case() -> None:
    assert all(kind == kind.lower() and " " not in kind for kind in RULES)


def test_direction_free_kinds_agree_on_both_sides() -> None:
    directional = {k for k, r in RULES.items() if r.request != r.response}
    assert directional == {
        "type-narrowed",
        "type-widened",
        "nullable-removed",
        "nullable-added",
        "enum-added",
        "constraint-tightened",
        "constraint-relaxed",
        "format-added",
        "format-removed",
        "required-property-added",
        "property-required",
        "property-optional",
        "additional-properties-restricted",
        "variant-removed",
        "variant-added",
        "discriminator-mapping-added",
    }
