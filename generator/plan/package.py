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
from .cases.cases import plan_cases
from .client import ClientPlan, plan_client
from .client.imports import namespace_imports
from .client.pagination import paginated, plan_pagination, with_pagination
from .client.tasks import plan_tasks, with_tasks
from .files import PlannedFile
from .models import ModelPlan, ModelPlanner
from .readme import readme_context
from .validators import ValidatorPlanner, owner_bases
from .validators.checks import EntryPoint, ValidatorModule
from .validators.relax import relaxed_formats
from .webhooks import plan_webhook_payloads, plan_webhooks

__all__ = ["ApiInfo", "PackagePlan", "plan_package"]

_RUNTIME = (
    "_redact.py",
    "_tolerant.py",
    "_validation.py",
    "_unset.py",
    "_models.py",
    "_base.py",
    "_http.py",
    "_params.py",
    "_tasks.py",
    "_binary.py",
    "_files.py",
    "_streams.py",
    "_pagination.py",
    "_response.py",
    "_dates.py",
    "errors.py",
)
#: public names of the runtime, exported lazily by the package (name -> module)
_RUNTIME_EXPORTS = {
    "_client": ("AsyncClient", "Client", "SERVERS"),
    "_http": ("RetryPolicy",),
    "_base": ("RequestOptions",),
    "_binary": ("AsyncBinaryResponse", "BinaryResponse"),
    "_files": ("FileInput",),
    "_streams": ("AsyncStream", "ServerSentEvent", "Stream"),
    "_unset": ("UNSET", "Unset"),
    "_validation": ("ValidationError", "ValidationIssue"),
    "_tasks": ("AsyncTaskHandle", "TaskHandle", "TaskResult"),
    "_tolerant": ("problems",),
    "_models": ("UnknownValue",),
    "_pagination": ("AsyncPage", "PaginationError", "SyncPage"),
    "_response": ("RawResponse",),
    #: the typed error classes (``body`` typed per status; ``plan/client/errors.py``)
    "_errors": (
        "ApiError",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "NotFoundError",
        "PermissionDeniedError",
        "RateLimitError",
        "ServerError",
        "ServerValidationError",
        "UnprocessableEntityError",
    ),
    "errors": (
        "ApiClientError",
        "DecodeError",
        "RequestTimeoutError",
        "RequestValidationError",
        "TaskError",
        "TaskFailedError",
        "TaskTimeoutError",
        "TransportError",
        "StreamError",
        "WebhookError",
        "WebhookPayloadError",
        "WebhookVerificationError",
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
class Registry:
    """What the public ``validators.py`` lists: its context is this, not the whole validator
    plan, so that neither its input digest (:mod:`generator.render.inputs`) walks every check
    of the package nor a change to one check renders it again."""

    entry_points: tuple[EntryPoint, ...]
    webhook_entry_points: tuple[EntryPoint, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PackagePlan:
    """The whole package: every file to write, with the plans they came from."""

    package: str
    files: tuple[PlannedFile, ...]
    validators: ValidatorModule
    models: ModelPlan
    client: ClientPlan
    #: (operationId, ``group.method``, scheme) of each operation that pages
    paginated: tuple[tuple[str, str, str], ...] = ()


def _streams_used(client: ClientPlan) -> bool:
    """Whether an operation streams (SSE, NDJSON, a binary body read as it arrives): only then
    does the package need ``_streams.py``."""
    ops = (op for ns in client.namespaces for op in ns.operations)
    return any(op.streaming or op.names.stream_method for op in ops)


def _unused_runtime(client: ClientPlan) -> set[str]:
    """Runtime modules no operation needs (``_tasks`` without an async task operation), left
    out of the package and its exports."""
    ops = [op for ns in client.namespaces for op in ns.operations]
    unused = set() if _streams_used(client) else {"_streams"}
    if not any(op.task is not None for op in ops):
        unused.add("_tasks")
    return unused


def plan_package(
    api: Api, package: str, header: str, config: Config, reporter: Reporter
) -> PackagePlan:
    """Plan the whole package, in this order (each step may ask for more models/validators):

    0. formats the spec's own request examples break are relaxed (checked as annotations; a
       workaround, so an error under ``--strict``);
    1. the client: operations, groups, parameters, bodies, responses (their types and checks);
    2. asynchronous tasks, then pagination, attached to the operations they concern (they need
       the plans of the operations, so they come second);
    3. the models of webhook payloads (no client method);
    4. models and validators are finished: they hold everything requested so far;
    5. the generated tests' data, from the finished models and validators;
    6. the files, each with the small context its template needs.
    """
    relaxed = relaxed_formats(api, reporter)  # under --strict the workaround is an error
    checks = ValidatorPlanner(api, owner_bases(api), relaxed)
    model_planner = ModelPlanner(api, checks, native_dates=config.native_dates)
    client = plan_client(api, model_planner, checks, config)
    ops = [op for ns in client.namespaces for op in ns.operations]
    client = with_tasks(client, plan_tasks(ops, model_planner, dict(config.tasks)))
    ops = [op for ns in client.namespaces for op in ns.operations]
    paging = plan_pagination(ops, api, model_planner, config.pagination, reporter)
    client = with_pagination(client, paging)
    payloads = plan_webhook_payloads(api, model_planner)
    webhooks = plan_webhooks(api, payloads, model_planner, config.webhook_signature)
    models = model_planner.finish()
    validators = checks.finish()
    common = {
        "api": ApiInfo.of(api),
        "package": package,
        "header": header,
        "client": client,
        "base_url_env": env_var_name(api.title, "BASE_URL"),
        "log_env": env_var_name(api.title, "LOG"),
        "readme": readme_context(api, client),
        "webhooks": webhooks,
    }
    skipped = _unused_runtime(client)
    exports = tuple(
        (name, module)
        for module, names in _RUNTIME_EXPORTS.items()
        if module not in skipped
        for name in names
    ) + tuple(  # the typed TaskFailedError of each task operation
        (op.task.failed_class, f"_ops.{ns.module}")
        for ns in client.namespaces
        for op in ns.operations
        if op.task is not None and op.task.error_type is not None
    )
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
            template="validators/public.py.jinja",
            context={
                **common,
                "module": Registry(
                    entry_points=validators.entry_points,
                    webhook_entry_points=validators.webhook_entry_points,
                ),
            },
        ),
        PlannedFile(
            path=f"{package}/_validators/__init__.py",
            template="validators/package.py.jinja",
            context=common,
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
            path=f"{package}/_errors.py", template="client/errors.py.jinja", context=common
        ),
        PlannedFile(
            path=f"{package}/_ops/__init__.py", template="client/ops_init.py.jinja", context=common
        ),
        PlannedFile(path=f"{package}/py.typed", template="package/py.typed.jinja", context=common),
        PlannedFile(path="pyproject.toml", template="package/pyproject.toml.jinja", context=common),
        PlannedFile(path="README.md", template="package/README.md.jinja", context=common),
    ]
    files += [
        PlannedFile(
            path=f"{package}/_validators/{file.name}.py",
            template="validators/module.py.jinja",
            context={**common, "file": file},
        )
        for file in validators.files
    ]
    files += [
        PlannedFile(path=f"{package}/{name}", runtime=name)
        for name in _RUNTIME
        if name.removesuffix(".py") not in skipped
    ]
    if webhooks is not None:
        files += [
            PlannedFile(
                path=f"{package}/webhooks.py", template="package/webhooks.py.jinja", context=common
            ),
            PlannedFile(path=f"{package}/_webhooks.py", runtime="_webhooks.py"),
        ]
    cases = plan_cases(api, models, validators, reporter, relaxed)
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
        package=package,
        files=tuple(files),
        validators=validators,
        models=models,
        client=client,
        paginated=tuple(paginated(client)),
    )
