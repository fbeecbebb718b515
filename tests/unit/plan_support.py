"""Helpers for the planning unit tests: a spec written as a Python dict in, plans out.

Nothing here renders a template or runs a formatter: a spec goes through the real load and IR
stages (so the tests see the same nodes the generator does) and then through one planner.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.config import Config
from generator.diagnostics import Level, Reporter
from generator.ir import Api, build_api
from generator.load import load
from generator.plan import PackagePlan, plan_package
from generator.plan.client import ClientPlan, OperationPlan, plan_client, plan_tasks
from generator.plan.client.tasks import with_tasks
from generator.plan.models import ModelPlan, ModelPlanner
from generator.plan.validators import ValidatorPlanner, owner_bases
from generator.plan.validators.checks import ValidatorModule

__all__ = [
    "build",
    "client_of",
    "document",
    "models_of",
    "operation",
    "package_of",
    "validators_of",
]


def document(
    schemas: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
    *,
    openapi: str = "3.1.0",
    **top: Any,
) -> dict[str, Any]:
    """A minimal OpenAPI document with these component schemas and paths."""
    doc: dict[str, Any] = {
        "openapi": openapi,
        "info": {"title": "Unit API", "version": "1"},
        "paths": paths or {},
    }
    if schemas is not None:
        doc["components"] = {"schemas": schemas}
    doc.update(top)
    return doc


def build(spec: dict[str, Any]) -> Api:
    """The IR of ``spec`` (written to a temporary JSON file and loaded like any spec);
    fails the test if loading or building reports an error."""
    reporter = Reporter()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "spec.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        sources = load(path, reporter)
        api = build_api(sources, reporter) if sources is not None else None
    errors = [d.format() for d in reporter.items() if d.level is Level.ERROR]
    assert not errors, "\n".join(errors)
    assert api is not None
    return api


def models_of(spec: dict[str, Any]) -> ModelPlan:
    """The model plan of the component schemas (and of nothing else)."""
    api = build(spec)
    return ModelPlanner(api, ValidatorPlanner(api, owner_bases(api))).finish()


def validators_of(
    spec: dict[str, Any], *, loose: Iterable[str] = ()
) -> tuple[Api, ValidatorModule]:
    """The validator module of a spec's component schemas (``check`` entry points, plus the
    ``loose`` functions of the components named in ``loose``)."""
    api = build(spec)
    planner = ValidatorPlanner(api, owner_bases(api))
    wanted = set(loose)
    for name, schema in api.components:
        if name in wanted:
            planner.function(schema, "loose")
    return api, planner.finish()


def client_of(spec: dict[str, Any], config: Config | None = None) -> tuple[ClientPlan, ModelPlan]:
    """The client plan (with tasks attached) and the model plan of a spec, the way
    :func:`generator.plan.plan_package` orders them, without planning files or test cases."""
    api = build(spec)
    config = config or Config(spec=Path("spec.json"))
    checks = ValidatorPlanner(api, owner_bases(api))
    models = ModelPlanner(api, checks)
    client = plan_client(api, models, checks, config)
    ops = [op for ns in client.namespaces for op in ns.operations]
    client = with_tasks(client, plan_tasks(ops, models, dict(config.tasks)))
    return client, models.finish()


def package_of(spec: dict[str, Any], config: Config | None = None) -> PackagePlan:
    """The whole package plan (files and their contexts), still without rendering."""
    api = build(spec)
    config = config or Config(spec=Path("spec.json"))
    return plan_package(api, "unit_api", "header", config, Reporter())


def operation(client: ClientPlan, operation_id: str) -> OperationPlan:
    found = [
        op for ns in client.namespaces for op in ns.operations if op.operation_id == operation_id
    ]
    assert len(found) == 1, f"{operation_id}: {len(found)} plans"
    return found[0]
