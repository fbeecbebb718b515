"""Small spec builders for the ``gen diff`` tests (plain dicts, written out as JSON files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.diff.run import run_diff

Spec = dict[str, Any]
Found = set[tuple[str, str, bool]]

REQ = "#/paths/~1pets/post/requestBody/content/application~1json/schema"
RESP = "#/paths/~1pets/get/responses/200/content/application~1json/schema"
PARAMS = "#/paths/~1pets/get/parameters"


def doc(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None, openapi: str = "3.1.0", **top: Any
) -> Spec:
    spec: Spec = {"openapi": openapi, "info": {"title": "Pets", "version": "1"}, "paths": paths}
    if schemas is not None:
        spec.setdefault("components", {})["schemas"] = schemas
    for key, value in top.items():
        if key == "schemes":
            spec.setdefault("components", {})["securitySchemes"] = value
        else:
            spec[key] = value
    return spec


def json_content(schema: Any) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def ok(schema: Any = None, **extra: Any) -> dict[str, Any]:
    response: dict[str, Any] = {"description": "ok", **extra}
    if schema is not None:
        response["content"] = json_content(schema)
    return {"200": response}


def get(
    op_id: str = "listPets", *, params: Any = None, responses: Any = None, **extra: Any
) -> Spec:
    operation: Spec = {"operationId": op_id, "responses": responses or ok(), **extra}
    if params is not None:
        operation["parameters"] = params
    return operation


def req_doc(schema: Any, openapi: str = "3.1.0", schemas: Any = None) -> Spec:
    """POST /pets with ``schema`` as its (required) JSON request body."""
    body = {"required": True, "content": json_content(schema)}
    operation = {
        "operationId": "createPet",
        "requestBody": body,
        "responses": {"201": {"description": "created"}},
    }
    return doc({"/pets": {"post": operation}}, schemas, openapi)


def resp_doc(schema: Any, openapi: str = "3.1.0", schemas: Any = None) -> Spec:
    """GET /pets answering 200 with ``schema``."""
    return doc({"/pets": {"get": get(responses=ok(schema))}}, schemas, openapi)


def param_doc(*params: Any, openapi: str = "3.1.0") -> Spec:
    """GET /pets with ``params``."""
    return doc({"/pets": {"get": get(params=list(params))}}, openapi=openapi)


def query(name: str, schema: Any = None, **extra: Any) -> Spec:
    return {"name": name, "in": "query", "schema": schema or {"type": "integer"}, **extra}


def obj(props: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> Spec:
    schema: Spec = {"type": "object", "properties": props, **extra}
    if required:
        schema["required"] = list(required)
    return schema


def write(folder: Path, name: str, spec: Spec | str) -> Path:
    path = folder / name
    path.write_text(spec if isinstance(spec, str) else json.dumps(spec), encoding="utf-8")
    return path


def run(folder: Path, old: Spec | str, new: Spec | str, fmt: str = "json") -> tuple[int, str]:
    return run_diff(write(folder, "old.json", old), write(folder, "new.json", new), fmt)


def report(folder: Path, old: Spec, new: Spec) -> dict[str, Any]:
    code, text = run(folder, old, new)
    result: dict[str, Any] = json.loads(text)
    assert code == (1 if result["breaking"] else 0), text
    return result


def found(folder: Path, old: Spec, new: Spec) -> Found:
    """``(kind, pointer, breaking)`` of every change from ``old`` to ``new``."""
    result = report(folder, old, new)
    return {(c["kind"], c["pointer"], True) for c in result["breaking"]} | {
        (c["kind"], c["pointer"], False) for c in result["compatible"]
    }


NAME = obj({"name": {"type": "string"}}, ("name",))
NAME_TAG = obj({"name": {"type": "string"}, "tag": {"type": "string"}}, ("name",))
