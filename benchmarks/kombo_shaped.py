"""A large spec in the shape of the complete Kombo API, built from ``specs/kombo.yaml``.

The complete Kombo spec (121 operations) is not ours to commit, so this script writes one of
the same shape deterministically: per resource of the HRIS, ATS and LMS domains a paginated
list (``GET``, cursor and filters, an inline ``{status, data: {next, results[]}, warnings}``
envelope whose items are inline objects with nullable fields, enums, date-times, nested
objects and arrays), a create (``POST``, inline body), a get-by-id and a delete; per domain an
async bulk upsert and its task status copied from the Kombo spec's own pair (schemas renamed);
every operation takes ``X-Integration-Id`` and answers errors with the spec's shared error
response. No randomness: the same bytes every time.

    python benchmarks/kombo_shaped.py OUT.json [--resources 30]
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOMAINS = ("hris", "ats", "lms")
RESOURCES = (
    "employees", "absences", "teams", "locations", "legal-entities", "time-off-balances",
    "employments", "work-locations", "absence-types", "timesheets", "performance-reviews",
    "candidates", "applications", "jobs", "interviews", "offers", "tags", "users",
    "application-stages", "rejection-reasons", "courses", "course-progressions", "skills",
    "assignments", "completions", "groups", "departments", "cost-centers", "payrolls",
    "contracts", "benefits", "documents", "positions", "schedules", "shifts", "trainings",
)  # fmt: skip
_ENUMS = (
    ("ACTIVE", "PENDING", "INACTIVE", "LEAVE"),
    ("FULL_TIME", "PART_TIME", "CONTRACT", "INTERNSHIP", "FREELANCE", "TEMPORARY"),
    ("APPROVED", "DECLINED", "CANCELLED", "REQUESTED"),
    ("MALE", "FEMALE", "NON_BINARY", "NOT_SPECIFIED"),
)
_WORDS = (
    "name", "first_name", "last_name", "display_name", "email", "job_title", "description",
    "remote_url", "phone", "note", "reason", "category", "currency", "amount", "unit",
)  # fmt: skip


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def _field(i: int, seed: int) -> tuple[str, dict[str, Any]]:
    """The i-th field of a resource: the kinds cycle the way Kombo's models mix them."""
    word = _WORDS[(i + seed) % len(_WORDS)]
    kinds = (
        lambda: (word, _nullable("string", description=f"The {word.replace('_', ' ')}.")),
        lambda: (f"{word}_at", _nullable("string", format="date-time")),
        lambda: (
            f"{word}_status",
            _nullable("string", enum=[*_ENUMS[(i + seed) % len(_ENUMS)], None]),
        ),
        lambda: (f"{word}_count", _nullable("integer", format="int64", minimum=0)),
        lambda: (f"{word}_ids", {"type": "array", "items": {"type": "string"}}),
        lambda: (
            f"{word}_info",
            {
                "type": ["object", "null"],
                "properties": {
                    "id": {"type": "string"},
                    "name": _nullable("string"),
                    "remote_id": _nullable("string"),
                },
                "required": ["id", "name", "remote_id"],
            },
        ),
        lambda: (f"is_{word}", _nullable("boolean")),
        lambda: (f"{word}_amount", _nullable("number", minimum=0)),
    )
    return kinds[i % len(kinds)]()


def _item(seed: int) -> dict[str, Any]:
    fields = dict(_field(i, seed) for i in range(10 + seed % 9))
    props: dict[str, Any] = {
        "id": {"type": "string", "description": "The globally unique ID of this object."},
        "remote_id": _nullable("string", description="The raw ID of the object in the remote."),
        **fields,
        "changed_at": {"type": "string", "format": "date-time"},
        "remote_deleted_at": _nullable("string", format="date-time"),
        "custom_fields": _nullable("object", additionalProperties=True),
        "integration_fields": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "key": {"type": "string"},
                    "type": {"type": "string", "enum": ["DEFAULT", "CUSTOM"]},
                    "value": {},
                    "label": _nullable("string"),
                },
                "required": ["id", "key", "type", "label"],
            },
        },
    }
    return {"type": "object", "properties": props, "required": list(props)[:4]}


def _envelope(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "status": {"type": "string", "const": "success"},
            "data": data,
            "warnings": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"message": {"type": "string"}},
                    "required": ["message"],
                },
            },
        },
        "required": ["status", "data", "warnings"],
    }


_HEADER = {
    "in": "header",
    "name": "X-Integration-Id",
    "required": True,
    "schema": {"type": "string"},
    "description": "ID of the integration you want to interact with.",
    "example": "bombohr:HWUTwvyx2wLoSUHphiWVrp28",
}
_ERRORS = {"default": {"$ref": "#/components/responses/ErrorResponseGeneral"}}


def _camel(*words: str) -> str:
    return "".join(p.capitalize() for w in words for p in w.replace("-", "_").split("_"))


def _list(domain: str, resource: str, seed: int) -> dict[str, Any]:
    query = [
        {"in": "query", "name": "cursor", "schema": {"type": "string"}},
        {"in": "query", "name": "page_size", "schema": {"type": "integer", "minimum": 1,
                                                        "maximum": 250, "default": 100}},
        {"in": "query", "name": "updated_after", "schema": {"type": "string",
                                                            "format": "date-time"}},
        {"in": "query", "name": "include_deleted", "schema": {"type": "boolean",
                                                              "default": False}},
        {"in": "query", "name": "ids", "schema": {"type": "string"}},
    ]  # fmt: skip
    data = {
        "type": "object",
        "properties": {"next": _nullable("string"), "results": {"type": "array",
                                                                "items": _item(seed)}},
        "required": ["next", "results"],
    }  # fmt: skip
    return {
        "operationId": f"Get{_camel(domain, resource)}",
        "tags": [f"Unified {domain.upper()} API"],
        "summary": f"Get {resource.replace('-', ' ')}",
        "parameters": [_HEADER, *query],
        "responses": {"200": _ok(_envelope(data)), **_ERRORS},
    }


def _ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "OK", "content": {"application/json": {"schema": schema}}}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _create(domain: str, resource: str, seed: int) -> dict[str, Any]:
    item = _item(seed + 1)
    writable = {k: v for k, v in item["properties"].items() if k not in ("id", "changed_at")}
    body = {"type": "object", "properties": writable, "required": ["remote_id"]}
    return {
        "operationId": f"Post{_camel(domain, resource)}",
        "tags": [f"Unified {domain.upper()} API"],
        "summary": f"Create {resource.replace('-', ' ')}",
        "parameters": [_HEADER],
        "requestBody": _body(body),
        "responses": {"200": _ok(_envelope(item)), **_ERRORS},
    }


def _by_id(domain: str, resource: str, seed: int, method: str) -> dict[str, Any]:
    name = "Get" if method == "get" else "Delete"
    data = _item(seed) if method == "get" else {"type": "object", "properties": {
        "id": {"type": "string"}}, "required": ["id"]}  # fmt: skip
    return {
        "operationId": f"{name}{_camel(domain, resource)}Id",
        "tags": [f"Unified {domain.upper()} API"],
        "parameters": [
            _HEADER,
            {"in": "path", "name": "id", "required": True, "schema": {"type": "string"}},
        ],
        "responses": {"200": _ok(_envelope(data)), **_ERRORS},
    }


def _renamed(value: Any, old: str, new: str) -> Any:
    return json.loads(json.dumps(value).replace(old, new))


def build(resources: int) -> dict[str, Any]:
    kombo = yaml.safe_load((ROOT / "specs" / "kombo.yaml").read_text(encoding="utf-8"))
    spec: dict[str, Any] = {
        "openapi": kombo["openapi"],
        "info": {"title": "Kombo API", "version": "1.0.0"},
        "servers": kombo["servers"],
        "security": kombo["security"],
        "tags": kombo["tags"],
        "paths": {},
        "components": {"schemas": {}, "responses": kombo["components"]["responses"],
                       "securitySchemes": kombo["components"]["securitySchemes"]},
    }  # fmt: skip
    for n in range(resources):
        domain, resource = DOMAINS[n % len(DOMAINS)], RESOURCES[n % len(RESOURCES)]
        spec["paths"][f"/{domain}/{resource}"] = {
            "get": _list(domain, resource, n),
            "post": _create(domain, resource, n),
        }
        spec["paths"][f"/{domain}/{resource}/{{id}}"] = {
            "get": _by_id(domain, resource, n, "get"),
            "delete": _by_id(domain, resource, n, "delete"),
        }
    for domain in DOMAINS:  # the async bulk pair, per domain
        for path, item in kombo["paths"].items():
            new_path = path.replace("/lms/courses", f"/{domain}/bulk-items")
            spec["paths"][new_path] = _renamed(copy.deepcopy(item), "LmsCourses",
                                               _camel(domain, "bulk_items"))  # fmt: skip
        for name, schema in kombo["components"]["schemas"].items():
            new = name.replace("LmsCourses", _camel(domain, "bulk_items"))
            spec["components"]["schemas"][new] = _renamed(schema, "LmsCourses",
                                                          _camel(domain, "bulk_items"))  # fmt: skip
    return spec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--resources", type=int, default=30)
    args = parser.parse_args()
    spec = build(args.resources)
    args.out.write_text(json.dumps(spec, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    count = sum(len(item) for item in spec["paths"].values())
    print(f"{args.out}: {count} operations, {len(spec['components']['schemas'])} schemas")


if __name__ == "__main__":
    main()
