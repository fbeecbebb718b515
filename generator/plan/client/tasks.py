"""Recognise asynchronous-task operations and plan their handles.

The shape (Kombo's, and common elsewhere): a ``POST`` on ``P`` answers with a ``task_id``
(top level or under ``data``); a ``GET`` on ``P/{id}`` answers with a status, given as a union
tagged by ``status`` whose alternatives are pending, completed or failed (top level or under
``data``). A completed alternative may list per-item outcomes (items tagged by ``status`` as
succeeded or failed, keyed by ``origin_id`` or ``id``); a failed one carries an ``error``.
The generator configuration can pair operations explicitly (``tasks: {submitId: statusId}``).
Status values are matched by meaning (``PENDING``/``RUNNING``..., ``COMPLETED``/``DONE``...,
``FAILED``/``ERROR``...); an unknown value counts as still running.
"""

from __future__ import annotations

from dataclasses import replace

from ...naming.client import task_handle_names
from ...naming.words import Scope
from .. import types as t
from ..models import ModelPlanner
from .plans import ClientPlan, OperationPlan, TaskPlan

__all__ = ["plan_tasks", "with_tasks"]

_COMPLETED = {"completed", "complete", "succeeded", "success", "successful", "done", "finished"}
_FAILED = {"failed", "failure", "error", "errored", "cancelled", "canceled", "aborted"}
_ITEM_OK = {"succeeded", "success", "successful", "ok", "done", "completed", "created", "updated"}
_KEYS = ("origin_id", "originId", "id", "key")


def plan_tasks(
    ops: list[OperationPlan], models: ModelPlanner, configured: dict[str, str]
) -> dict[str, TaskPlan]:
    """Submit operationId -> its task plan, for every operation recognised as a task."""
    out = {}
    # a group module declares the handles beside the models it imports: none may share a name
    scopes: dict[str, Scope] = {}
    items = _item_gets(ops)
    for op in ops:
        status = _status_op(op, ops, configured, items)
        if status is None:
            continue
        scope = scopes.setdefault(op.namespace, Scope(models.declared_names()))
        plan = _plan(op, status, models, scope)
        if plan is not None:
            out[op.operation_id] = plan
    return out


def _item_gets(ops: list[OperationPlan]) -> dict[str, OperationPlan]:
    """Path -> the first GET operation of one of its items (``<path>/{id}``)."""
    out: dict[str, OperationPlan] = {}
    for op in ops:
        parent, _, last = op.path.rpartition("/")
        if op.method == "GET" and last.startswith("{") and last.endswith("}"):
            if "{" not in last[1:]:
                out.setdefault(parent, op)
    return out


def _status_op(
    op: OperationPlan,
    ops: list[OperationPlan],
    configured: dict[str, str],
    items: dict[str, OperationPlan],
) -> OperationPlan | None:
    if op.operation_id in configured:
        return next((o for o in ops if o.operation_id == configured[op.operation_id]), None)
    if op.method != "POST":
        return None
    return items.get(op.path)


def _fields(models: ModelPlanner, expr: t.TypeExpr | None) -> dict[str, t.Field]:
    decl = models.declaration(expr)
    return {f.wire: f for f in decl.fields} if isinstance(decl, t.ModelClass) else {}


def _task_id_path(models: ModelPlanner, expr: t.TypeExpr | None) -> tuple[str, ...] | None:
    """Attributes leading to the task id: ``task_id``, or ``data.task_id``; each one required
    and never null (a response that may lack the id starts no task the client can follow)."""
    fields = _present(_fields(models, expr))
    if "task_id" in fields:
        return (fields["task_id"].attr,)
    if "data" in fields:
        inner = _present(_fields(models, fields["data"].type))
        if "task_id" in inner:
            return (fields["data"].attr, inner["task_id"].attr)
    return None


def _present(fields: dict[str, t.Field]) -> dict[str, t.Field]:
    """The fields a decoded value always has (required, not nullable)."""
    return {k: f for k, f in fields.items() if f.required and not t.strip_none(f.type)[1]}


def _tagged(models: ModelPlanner, expr: t.TypeExpr | None) -> t.UnionAlias | None:
    decl = models.declaration(expr)
    if isinstance(decl, t.UnionAlias) and decl.tag_property is not None and decl.dispatch:
        return decl
    return None


def _plan(
    submit: OperationPlan, status: OperationPlan, models: ModelPlanner, scope: Scope
) -> TaskPlan | None:
    submit_type = submit.success[0].type if submit.success else None
    status_type = status.success[0].type if status.success else None
    task_id_path = _task_id_path(models, submit_type)
    if task_id_path is None or status_type is None:
        return None
    union_attr, union = "", _tagged(models, status_type)
    if union is None and "data" in _fields(models, status_type):
        union_attr = _fields(models, status_type)["data"].attr
        union = _tagged(models, _fields(models, status_type)["data"].type)
    if union is None or union.tag_property is None:
        return None
    completed = _by_meaning(union, _COMPLETED)
    failed = _by_meaning(union, _FAILED)
    if not completed:
        return None
    items_attr, ok_types, fail_types, key = _items(models, completed[0])
    key_attr, key_wire = key if key is not None else (None, None)
    path_params = [p for p in status.params if p.location == "path"]
    if len(path_params) != 1:
        return None
    handles = tuple(scope.claim(name) for name in task_handle_names(submit.name))
    polled = {q.attr: q.type for q in status.params if q.location != "path"}
    shared = tuple(p.attr for p in submit.params if p.attr in polled)
    return TaskPlan(
        handle_class=handles[0],
        async_handle_class=handles[1],
        status_method=status.name,
        status_param=path_params[0].attr,
        shared_params=shared,
        shared_types=tuple(polled[attr] for attr in shared),
        task_id_path=task_id_path,
        warnings_attr=_attr(_fields(models, submit_type).get("warnings")),
        warning_type=_item_type(_fields(models, submit_type).get("warnings")),
        status_type=status_type,
        union_attr=union_attr,
        tag_attr=_tag_attr(models, union),
        tag_wire=union.tag_property,
        completed=completed,
        failed=tuple((f, _error_attr(models, f)) for f in failed),
        items_attr=items_attr,
        ok_types=ok_types,
        fail_types=fail_types,
        key_attr=key_attr,
        key_wire=key_wire,
        fail_error_attr=_error_attr(models, fail_types[0]) if len(fail_types) == 1 else None,
        interpret_fn=submit.names.interpret_fn,
        failed_class=handles[2],
        error_type=_error_type(models, failed),
    )


def _by_meaning(union: t.UnionAlias, meaning: set[str]) -> tuple[t.TNamed, ...]:
    return tuple(
        dict.fromkeys(
            o for tag, o in union.dispatch if tag.lower() in meaning and isinstance(o, t.TNamed)
        )
    )


def _tag_attr(models: ModelPlanner, union: t.UnionAlias) -> str:
    first = union.dispatch[0][1]
    field = _fields(models, first).get(union.tag_property or "")
    return field.attr if field is not None else "status"


def _error_attr(models: ModelPlanner, failed: t.TNamed) -> str | None:
    field = _fields(models, failed).get("error")
    return field.attr if field is not None else None


def _error_type(models: ModelPlanner, failed: tuple[t.TNamed, ...]) -> t.TypeExpr | None:
    """What ``TaskFailedError.error`` holds: the failed variants' ``error`` field (the variant
    itself when it has none)."""
    found: dict[t.TypeExpr, None] = {}
    for f in failed:
        field = _fields(models, f).get("error")
        found[field.type if field is not None else f] = None
    types = tuple(found)
    return None if not types else types[0] if len(types) == 1 else t.TUnion(types)


def _items(
    models: ModelPlanner, completed: t.TNamed
) -> tuple[str | None, tuple[t.TNamed, ...], tuple[t.TNamed, ...], tuple[str, str] | None]:
    for field in _fields(models, completed).values():
        list_type, _ = t.strip_none(field.type)
        if not isinstance(list_type, t.TList):
            continue
        union = _tagged(models, list_type.item)
        if union is None:
            continue
        ok = tuple(
            o for tag, o in union.dispatch if tag.lower() in _ITEM_OK and isinstance(o, t.TNamed)
        )
        bad = tuple(
            o
            for tag, o in union.dispatch
            if tag.lower() not in _ITEM_OK and isinstance(o, t.TNamed)
        )
        fields = _fields(models, union.dispatch[0][1])
        key = next(((fields[k].attr, k) for k in _KEYS if k in fields), None)
        return field.attr, ok, bad, key
    return None, (), (), None


def _item_type(field: t.Field | None) -> t.TypeExpr | None:
    listed = t.strip_none(field.type)[0] if field is not None else None
    return listed.item if isinstance(listed, t.TList) else None


def _attr(field: t.Field | None) -> str | None:
    return field.attr if field is not None else None


def with_tasks(client: ClientPlan, tasks: dict[str, TaskPlan]) -> ClientPlan:
    """The client plan with each task operation's plan attached."""
    namespaces = tuple(
        replace(
            ns,
            operations=tuple(replace(op, task=tasks.get(op.operation_id)) for op in ns.operations),
        )
        for ns in client.namespaces
    )
    return replace(client, namespaces=namespaces)
