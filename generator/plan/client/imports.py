"""What a client operation-group module imports from the models.

Names used in annotations and ``isinstance`` checks are imported from the module that
defines them; models modules whose builders decode responses are imported as ``_m_<module>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import types as t
from ..models.imports import type_parts
from .plans import NamespacePlan, OperationPlan, TaskPlan

__all__ = ["namespace_imports"]


def _task_types(task: TaskPlan) -> Iterator[t.TypeExpr]:
    yield task.status_type
    yield from task.completed
    yield from (f for f, _ in task.failed)
    yield from task.ok_types
    yield from task.fail_types
    if task.warning_type is not None:
        yield task.warning_type


def _op_types(op: OperationPlan) -> Iterator[t.TypeExpr]:
    yield from (p.type for p in op.params)
    if op.body is not None:
        yield op.body.type
    yield from (r.type for r in (*op.success, *op.errors) if r.type is not None)
    if op.stream_switch is not None and op.stream_switch.response.type is not None:
        yield op.stream_switch.response.type
    if op.task is not None:
        yield from _task_types(op.task)
    if op.paging is not None:
        yield op.paging.item_type


def namespace_imports(
    ns: NamespacePlan,
) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """(``(module, names)`` to import, models modules used at run time by builders)."""
    names: dict[str, set[str]] = {}
    modules: set[str] = set()
    for op in ns.operations:
        for expr in _op_types(op):
            for named in type_parts(expr):
                names.setdefault(named.module, set()).add(named.name)
                if named.build:
                    modules.add(named.module)
    return (
        tuple((m, tuple(sorted(n))) for m, n in sorted(names.items())),
        tuple(sorted(modules)),
    )
