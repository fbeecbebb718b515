"""Unit tests of ``generator.plan.package``: the files of the package and what their templates
receive, planned without rendering anything."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from generator import ir
from generator.plan import PackagePlan
from generator.plan import types as t
from tests.unit.plan_support import document, package_of

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "runtime"

PET = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}


def _spec() -> dict[str, Any]:
    listing = {
        "200": {
            "description": "ok",
            "content": {
                "application/json": {
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
                }
            },
        }
    }
    return document(
        {"Pet": PET, "Color": {"type": "string", "enum": ["red", "green"]}},
        {
            "/pets": {"get": {"operationId": "listPets", "tags": ["pets"], "responses": listing}},
            "/stores": {"get": {"operationId": "listStores", "responses": listing}},
        },
        webhooks={
            "pet-adopted": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"pet_id": {"type": "string"}},
                                }
                            }
                        }
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    )


def test_files_of_the_package() -> None:
    plan = package_of(_spec())
    paths = [f.path for f in plan.files]
    assert len(paths) == len(set(paths))
    # one models module per component and per operation with inline schemas (the webhook,
    # whose operationId is made from its method and name); one module per group
    assert {p for p in paths if p.startswith("unit_api/models/")} == {
        "unit_api/models/__init__.py",
        "unit_api/models/_color.py",
        "unit_api/models/_pet.py",
        "unit_api/models/_post_pet_adopted.py",
    }
    assert {p for p in paths if p.startswith("unit_api/_ops/")} == {
        "unit_api/_ops/__init__.py",
        "unit_api/_ops/pets.py",
        "unit_api/_ops/stores.py",
    }
    for expected in ("unit_api/validators.py", "unit_api/_client.py", "pyproject.toml"):
        assert expected in paths
    # runtime modules are copied, not rendered, and exist under templates/runtime
    runtime = [f for f in plan.files if f.runtime is not None]
    assert runtime and all(f.template is None and f.context is None for f in runtime)
    assert all((RUNTIME_DIR / f.runtime).is_file() for f in runtime if f.runtime)
    assert all(f.template is not None for f in plan.files if f.runtime is None)


def test_webhook_payload_gets_a_model_and_a_validator() -> None:
    plan = package_of(_spec())
    (entry,) = plan.validators.webhook_entry_points
    assert entry.name == "validate_pet_adopted_payload"
    assert entry.schema_name == "pet-adopted"
    module = next(m for m in plan.models.modules if m.name == "_post_pet_adopted")
    (payload,) = module.declarations
    assert isinstance(payload, t.ModelClass) and payload.name == "PetAdoptedPayload"
    # a webhook is not a method of the client
    assert dict(plan.client.operations).keys() == {"listPets", "listStores"}


def _values(value: Any, depth: int = 0) -> Iterator[Any]:
    """Every value reachable from a template context (dataclass fields, mappings, sequences)."""
    yield value
    if depth > 40:
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _values(getattr(value, f.name), depth + 1)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _values(key, depth + 1)
            yield from _values(item, depth + 1)
    elif isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _values(item, depth + 1)


def test_templates_never_receive_the_ir() -> None:
    """Only plain plan data reaches a template: no IR node (a JSON value or a regex the plan
    holds as a constant is data, not a node)."""
    plan: PackagePlan = package_of(_spec())
    values = (ir.Json, ir.Pattern)
    ir_types = tuple(
        kind
        for name in ir.__all__
        if isinstance(kind := getattr(ir, name), type) and kind not in values
    )
    assert ir.Api in ir_types and ir.Schema in ir_types and ir.Operation in ir_types
    for planned in plan.files:
        leaks = {type(v).__name__ for v in _values(planned.context) if isinstance(v, ir_types)}
        assert not leaks, f"{planned.path}: {sorted(leaks)}"


def test_planning_is_deterministic() -> None:
    first, second = package_of(_spec()), package_of(_spec())
    assert first.models == second.models
    assert first.validators == second.validators
    assert first.client == second.client
