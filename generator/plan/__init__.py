"""Stage 3, plan: decide everything the output holds, as plain frozen data.

In: the IR and the configuration. Out: a :class:`PackagePlan`, the list of files to render
with their template and context. ``models/`` plans dataclasses and their codecs,
``validators/`` the straight-line JSON Schema checks, ``client/`` the operations, groups,
tasks and their imports, ``cases/`` the generated test data; ``package`` puts them together.
"""

from .files import PlannedFile
from .package import PackagePlan, plan_package

__all__ = ["PackagePlan", "PlannedFile", "plan_package"]
