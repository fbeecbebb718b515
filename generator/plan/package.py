"""Plan stage: the IR plus options -> the list of files to render, each with its context.

This is where the package's parts are decided (validators, models, client, tests, docs); each
part's own planner lives in its module. Templates receive plain frozen data only.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..diagnostics import Reporter
from ..ir.nodes import Api
from ..naming.client import env_var_name
from ..naming.models import NameContext
from ..naming.words import pascal
from .cases.cases import plan_cases
from .client import ClientPlan, plan_client
from .client.imports import namespace_imports
from .client.tasks import plan_tasks, with_tasks
from .files import PlannedFile
from .models import ModelPlan, ModelPlanner
from .readme import readme_context
from .validators import ValidatorPlanner, owner_bases
from .validators.checks import ValidatorModule

__all__ = ["ApiInfo", "PackagePlan", "plan_package"]

_RUNTIME = (
    "_validation.py",
    "_unset.py",
    "_models.py",
    "_base.py",
    "_http.py",
    "_params.py",
    "_tasks.py",
    "errors.py",
)
#: public names of the runtime, exported lazily by the package (name -> module)
_RUNTIME_EXPORTS = {
    "_client": ("AsyncClient", "Client", "SERVERS"),
    "_http": ("RetryPolicy",),
    "_base": ("RequestOptions",),
    "_unset": ("UNSET", "Unset"),
    "_validation": ("ValidationError", "ValidationIssue"),
    "_tasks": ("AsyncTaskHandle", "TaskHandle", "TaskResult"),
    "errors": (
        "ApiClientError",
        "ApiError",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "DecodeError",
        "NotFoundError",
        "PermissionDeniedError",
        "RateLimitError",
        "RequestTimeoutError",
        "RequestValidationError",
        "ServerError",
        "ServerValidationError",
        "TaskError",
        "TaskFailedError",
        "TaskTimeoutError",
        "TransportError",
        "UnprocessableEntityError",
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiInfo:
    """What templates may know of the API itself (they never see the IR)."""

    title: str
    version: str
    description: str | None
    component_names: tuple[str, ...]

    @staticmethod
    def of(api: Api) -> ApiInfo:
        names = tuple(name for name, _ in api.components)
        return ApiInfo(
            title=api.title, version=api.version, description=api.description, component_names=names
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PackagePlan:
    package: str
    files: tuple[PlannedFile, ...]
    validators: ValidatorModule
    models: ModelPlan
    client: ClientPlan


def _plan_webhook_payloads(api: Api, models: ModelPlanner) -> None:
    """Webhooks get models for their payloads (the API sends them; no client method)."""
    for op in api.operations:
        if op.webhook and op.body is not None:
            for media in op.body.contents[:1]:
                if media.schema is not None:
                    word = pascal(op.path) + "Payload"
                    models.type_for(media.schema, NameContext(role="place", stem="", word=word))


def plan_package(
    api: Api, package: str, header: str, config: Config, reporter: Reporter
) -> PackagePlan:
    """Plan the whole package, in this order (each step may ask for more models/validators):

    1. the client: operations, groups, parameters, bodies, responses (their types and checks);
    2. asynchronous tasks, attached to the operations that start them (they need the plans of
       both the submit and the status operation, so they come second);
    3. the models of webhook payloads (no client method);
    4. models and validators are finished: they hold everything requested so far;
    5. the generated tests' data, from the finished models and validators;
    6. the files, each with the small context its template needs.
    """
    checks = ValidatorPlanner(api, owner_bases(api))
    model_planner = ModelPlanner(api, checks)
    client = plan_client(api, model_planner, checks, config)
    ops = [op for ns in client.namespaces for op in ns.operations]
    client = with_tasks(client, plan_tasks(ops, model_planner, dict(config.tasks)))
    _plan_webhook_payloads(api, model_planner)
    models = model_planner.finish()
    validators = checks.finish()
    common = {
        "api": ApiInfo.of(api),
        "package": package,
        "header": header,
        "client": client,
        "base_url_env": env_var_name(api.title, "BASE_URL"),
        "readme": readme_context(api, client),
    }
    exports = tuple((name, module) for module, names in _RUNTIME_EXPORTS.items() for name in names)
    files = [
        PlannedFile(
            path=f"{package}/models/__init__.py",
            template="models/init.py.jinja",
            context={**common, "exports": models.exports},
        ),
    ]
    files += [
        PlannedFile(
            path=f"{package}/models/{mod.name}.py",
            template="models/module.py.jinja",
            context={**common, "mod": mod, "title": api.title},
        )
        for mod in models.modules
    ]
    files += [
        PlannedFile(
            path=f"{package}/validators.py",
            template="validators/module.py.jinja",
            context={**common, "module": validators},
        ),
        PlannedFile(
            path=f"{package}/__init__.py",
            template="package/init.py.jinja",
            context={**common, "exports": exports},
        ),
        PlannedFile(
            path=f"{package}/_client.py", template="client/client.py.jinja", context=common
        ),
        PlannedFile(
            path=f"{package}/_ops/__init__.py", template="client/ops_init.py.jinja", context=common
        ),
        PlannedFile(path=f"{package}/py.typed", template="package/py.typed.jinja", context=common),
        PlannedFile(path="pyproject.toml", template="package/pyproject.toml.jinja", context=common),
        PlannedFile(path="README.md", template="package/README.md.jinja", context=common),
    ]
    files += [PlannedFile(path=f"{package}/{name}", runtime=name) for name in _RUNTIME]
    cases = plan_cases(api, models, validators, reporter)
    files += [
        PlannedFile(
            path="tests/schema_cases.json",
            template="tests/cases.json.jinja",
            context={**common, "cases": cases},
        ),
        PlannedFile(
            path="tests/test_schemas.py",
            template="tests/test_schemas.py.jinja",
            context={**common, "cases": cases},
        ),
        PlannedFile(
            path="tests/test_client.py", template="tests/test_client.py.jinja", context=common
        ),
        PlannedFile(path="tests/__init__.py", template="tests/init.py.jinja", context=common),
    ]
    for ns in client.namespaces:
        imports = namespace_imports(ns)
        files.append(
            PlannedFile(
                path=f"{package}/_ops/{ns.module}.py",
                template="client/namespace.py.jinja",
                context={**common, "ns": ns, "imports": imports},
            )
        )
    return PackagePlan(
        package=package, files=tuple(files), validators=validators, models=models, client=client
    )
