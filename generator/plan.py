"""Plan stage: the IR plus options -> the list of files to render, each with its context.

This is where the package's parts are decided (validators, models, client, tests, docs); each
part's own planner lives in its module. Templates receive plain frozen data only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .checks import ValidatorModule
from .ir import Api
from .models import ModelPlan, plan_models
from .render import PlannedFile
from .validation import ValidatorPlanner, owner_bases

__all__ = ["PackagePlan", "plan_package"]

_RUNTIME = ("_validation.py", "_unset.py", "_models.py")


@dataclass(frozen=True, slots=True, kw_only=True)
class PackagePlan:
    package: str
    files: tuple[PlannedFile, ...]
    validators: ValidatorModule
    models: ModelPlan


def plan_package(api: Api, package: str, header: str) -> PackagePlan:
    checks = ValidatorPlanner(api, owner_bases(api))
    models = plan_models(api, checks)
    validators = checks.finish()
    common = {"api": api, "package": package, "header": header}
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
            path=f"{package}/__init__.py", template="package/init.py.jinja", context=common
        ),
        PlannedFile(path=f"{package}/py.typed", template="package/py.typed.jinja", context=common),
        PlannedFile(path="pyproject.toml", template="package/pyproject.toml.jinja", context=common),
        PlannedFile(path="README.md", template="package/README.md.jinja", context=common),
    ]
    files += [PlannedFile(path=f"{package}/{name}", runtime=name) for name in _RUNTIME]
    return PackagePlan(package=package, files=tuple(files), validators=validators, models=models)
