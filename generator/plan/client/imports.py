"""What a client operation-group module imports from the models.

Names used at run time (task handles' type arguments, ``isinstance`` checks) are imported
from the module that defines them when the group loads; names used only in annotations are
imported for type checkers only; models modules whose builders decode responses are reached
as ``_m_<module>``, loaded on first use (so the first access to a group does not load every
model of its operations).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import types as t
from ..models.imports import type_parts
from .plans import NamespacePlan, OperationPlan, TaskPlan

__all__ = ["NamespaceImports", "namespace_imports"]


@dataclass(frozen=True, slots=True)
class NamespaceImports:
    """What an operation group's module imports, by when it needs it."""

    #: (module, names) used only in annotations: imported under ``TYPE_CHECKING``
    typing: tuple[tuple[str, tuple[str, ...]], ...]
    #: (module, names) used at run time (``isinstance``)
    runtime: tuple[tuple[str, tuple[str, ...]], ...]
    #: models modules whose builders the group calls (lazily loaded)
    modules: tuple[str, ...]

    @property
    def lazy_lines(self) -> tuple[str, ...]:
        """``modules`` as space-separated runs of at most ~80 characters: the lines of the one
        string handed to ``lazy_models`` (each run after the first starts with its space)."""
        return t.word_runs(self.modules, 80)


def _checked_types(task: TaskPlan) -> Iterator[t.TNamed]:
    """The classes a task's code needs at run time: its handle classes' type arguments and
    what its state function tests with ``isinstance``."""
    yield from type_parts(task.status_type)
    yield from task.completed
    yield from (f for f, _ in task.failed)
    yield from task.ok_types
    yield from task.fail_types
    if task.warning_type is not None:  # the handles' fourth type argument
        yield from type_parts(task.warning_type)


def _task_types(task: TaskPlan) -> Iterator[t.TypeExpr]:
    yield task.status_type
    yield from task.completed
    yield from (f for f, _ in task.failed)
    yield from task.ok_types
    yield from task.fail_types
    if task.warning_type is not None:
        yield task.warning_type
    if task.error_type is not None:
        yield task.error_type


def _op_types(op: OperationPlan) -> Iterator[t.TypeExpr]:
    """The types the module's annotations name for an operation: its parameters, body and
    result (and pages), and the bodies read by a decode function of the module's own (a
    ``def`` annotated with the type: not those a model's decoder reads)."""
    yield from (p.type for p in op.params)
    if op.body is not None:
        yield op.body.type
    if op.paging is not None:
        yield op.paging.item_type
        yield op.paging.response_type
    if op.return_type is not None:
        yield op.return_type
    switch = op.stream_switch
    responses = (*op.success, *op.errors, *((switch.response,) if switch is not None else ()))
    yield from (r.type for r in responses if r.type is not None and r.model_decoder is None)
    if switch is not None:
        yield switch.item_type
    if op.task is not None:
        yield from _task_types(op.task)


def _decoded_types(op: OperationPlan) -> Iterator[t.TypeExpr]:
    """The types an operation's responses decode to (their models' builders are called)."""
    yield from (r.type for r in (*op.success, *op.errors) if r.type is not None)
    if op.stream_switch is not None and op.stream_switch.response.type is not None:
        yield op.stream_switch.response.type
    if op.task is not None:
        yield from _task_types(op.task)


def _grouped(pairs: set[tuple[str, str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    by_module: dict[str, set[str]] = {}
    for module, name in pairs:
        by_module.setdefault(module, set()).add(name)
    return tuple((m, tuple(sorted(n))) for m, n in sorted(by_module.items()))


def namespace_imports(ns: NamespacePlan) -> NamespaceImports:
    """What the group's module imports, and when (see the module docstring)."""
    names: set[tuple[str, str]] = set()
    checked: set[tuple[str, str]] = set()
    modules: set[str] = set()
    for op in ns.operations:
        for expr in _op_types(op):
            names.update((named.module, named.name) for named in type_parts(expr))
        for expr in _decoded_types(op):
            modules.update(named.module for named in type_parts(expr) if named.build)
        if op.task is not None:
            checked.update((n.module, n.name) for n in _checked_types(op.task))
    return NamespaceImports(_grouped(names - checked), _grouped(checked), tuple(sorted(modules)))
