"""Recognise list operations that page, and plan their page objects.

A ``GET`` whose success response holds a list of items (the body itself, or a list property
such as ``data``, ``results`` or ``items``, at the top level or inside one required object
such as Kombo's ``data``) pages by the first scheme that fits, in this order:

* ``link``: the response declares a ``Link`` header;
* ``cursor``: a cursor query parameter (``cursor``, ``page_token``, ``after``...) and a next
  cursor in the body (``next``, ``next_cursor``, ``nextPageToken``, ``last_id``...), with an
  optional ``has_more``;
* ``next_url``: the body names the next page's URL (``next_page_url``, ``next_url``...);
* ``after_id``: ``starting_after``/``after``/``since_id`` and items with an ``id``;
* ``page``: ``page``/``page_number`` (with ``per_page``/``page_size``/``limit`` and totals);
* ``offset``: ``offset``/``skip`` (with ``limit``... and totals).

Names compare in snake case (``nextPageToken`` is ``next_page_token``). ``pagination:`` in
``gen.yaml`` declares or overrides a scheme per operation, per tag or for all, or turns
detection off (:mod:`generator.config_pagination`); a declared rule that does not fit the
operation is an error. Only properties that can be read without a type test (every object on
the way required and not nullable) are used, so the generated accessors type-check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from ...config import PaginationConfig, PagingRule
from ...diagnostics import Reporter
from ...ir.nodes import Api, Json, Operation
from ...naming.words import snake
from .. import types as t
from ..models.planner import ModelPlanner
from .plans import ClientPlan, OperationPlan, PagingPlan, ParamPlan

__all__ = ["PagingPlan", "paginated", "plan_pagination", "with_pagination"]

_CURSOR_PARAMS = ("cursor", "page_token", "next_token", "continuation_token", "page_cursor")
_CURSOR_PARAMS_AFTER = ("after", "starting_after", "starting_token")
_CURSOR_FIELDS = (
    "next_cursor", "next", "cursor", "next_page_token", "next_token", "continuation_token",
    "end_cursor", "next_page_cursor", "next_page", "last_id", "after",
)  # fmt: skip
_AFTER_PARAMS = ("starting_after", "after", "after_id", "since_id")
_HAS_MORE = ("has_more", "has_next", "has_next_page", "has_more_items", "more")
_PAGE_PARAMS = ("page", "page_number", "page_no", "page_num", "page_index")
_OFFSET_PARAMS = ("offset", "skip", "start")
_SIZE_PARAMS = (
    "page_size", "per_page", "limit", "size", "count", "max_results", "take", "max", "top",
)  # fmt: skip
_ITEM_FIELDS = ("data", "results", "items", "entries", "records", "values", "elements", "list")
_NEXT_URL_FIELDS = ("next_page_url", "next_url", "next_link", "next_page_link", "next_href")
_TOTAL_ITEMS = ("total", "total_count", "total_results", "total_items", "total_size")
_TOTAL_PAGES = ("total_pages", "page_count", "pages", "num_pages", "last_page")


@dataclass(frozen=True, slots=True)
class _Spot:
    """A property of the response reachable through required, non-null objects."""

    attrs: tuple[str, ...]
    wires: tuple[str, ...]
    type: t.TypeExpr

    @property
    def key(self) -> str:
        return snake(self.wires[-1])


@dataclass(slots=True)
class _Op:
    """An operation being checked for paging: its plan, its IR, where its cursor may sit."""

    plan: OperationPlan
    ir: Operation
    models: ModelPlanner
    spots: tuple[_Spot, ...]
    items: _Spot | None  # a spot whose type is the list; () attrs: the body
    item_type: t.TypeExpr | None


def _strip(expr: t.TypeExpr) -> t.TypeExpr:
    """The type without ``None`` (a nullable value)."""
    if isinstance(expr, t.TUnion):
        rest = tuple(o for o in expr.options if o != t.NONE)
        return rest[0] if len(rest) == 1 else t.TUnion(rest)
    return expr


def _spots(models: ModelPlanner, expr: t.TypeExpr | None) -> tuple[_Spot, ...]:
    decl = models.declaration(expr)
    if not isinstance(decl, t.ModelClass):
        return ()
    out = [_Spot((f.attr,), (f.wire,), f.type) for f in decl.fields]
    for f in decl.fields:
        inner = models.declaration(f.type) if f.required else None
        if isinstance(inner, t.ModelClass):
            out += [_Spot((f.attr, g.attr), (f.wire, g.wire), g.type) for g in inner.fields]
    return tuple(out)


def _find(
    spots: tuple[_Spot, ...], names: tuple[str, ...], fits: Callable[[_Spot], bool]
) -> _Spot | None:
    for name in names:
        found = next((s for s in spots if s.key == name and fits(s)), None)
        if found is not None:
            return found
    return None


def _by_path(spots: tuple[_Spot, ...], path: str) -> _Spot | None:
    wires = tuple(path.split("."))
    return next((s for s in spots if s.wires == wires), None)


def _is_list(spot: _Spot) -> bool:
    return isinstance(_strip(spot.type), t.TList)


def _scalar(spot: _Spot) -> bool:
    return isinstance(_strip(spot.type), t.TPrim | t.TAny | t.TLiteral)


def _integer(spot: _Spot) -> bool:
    return _strip(spot.type) == t.TPrim("int")


def _items(op: _Op, rule: PagingRule | None) -> tuple[_Spot | None, t.TypeExpr | None]:
    response = op.plan.success[0].type if op.plan.success else None
    if isinstance(response, t.TList) and (rule is None or rule.items in ("", ".")):
        return _Spot((), (), response), response.item
    if rule is not None and rule.items:
        spot = _by_path(op.spots, rule.items)
    else:
        spot = _find(op.spots, _ITEM_FIELDS, _is_list)
        lists = [s for s in op.spots if _is_list(s)]
        spot = spot or (lists[0] if len(lists) == 1 else None)
    if spot is None or not _is_list(spot):
        return None, None
    kind = _strip(spot.type)
    return spot, kind.item if isinstance(kind, t.TList) else None


def _query(
    op: _Op, names: tuple[str, ...], wire: str = "", kind: t.TypeExpr | None = None
) -> ParamPlan | None:
    """The query parameter named ``wire``, else the first of ``names`` (of type ``kind``)."""
    params = [p for p in op.plan.params if p.location == "query"]
    if wire:
        return next((p for p in params if p.wire == wire), None)
    if kind is not None:
        params = [p for p in params if _strip(p.type) == kind]
    for name in names:
        found = next((p for p in params if snake(p.wire) == name), None)
        if found is not None:
            return found
    return None


def _spot(
    op: _Op, path: str, names: tuple[str, ...], fits: Callable[[_Spot], bool]
) -> _Spot | None:
    spot = _by_path(op.spots, path) if path else _find(op.spots, names, fits)
    return spot if spot is not None and fits(spot) else None


def _param_int(op: _Op, param: ParamPlan | None, what: str) -> int | None:
    if param is None:
        return None
    ir = next((p for p in op.ir.params if p.name == param.wire and p.location == "query"), None)
    schema = ir.schema if ir is not None else None
    value = getattr(schema, what, None) if schema is not None else None
    value = value.value if isinstance(value, Json) else value
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# --------------------------------------------------------------------------- schemes
# Each returns the scheme-specific fields of the plan, or None when the scheme does not fit.

Fields = dict[str, object]


def _link(op: _Op, rule: PagingRule) -> Fields | None:
    declared = any(
        h.name.lower() == "link"
        for r in op.ir.responses
        if r.status.startswith("2")
        for h in r.headers
    )
    return {} if declared or rule.scheme == "link" else None


def _cursor(op: _Op, rule: PagingRule) -> Fields | None:
    cursor = _spot(op, rule.cursor, _CURSOR_FIELDS, _scalar)
    param = _query(op, _CURSOR_PARAMS + _CURSOR_PARAMS_AFTER, rule.param)
    param = param or _query(op, _PAGE_PARAMS, rule.param, t.TPrim("str"))  # a page token
    if cursor is None or param is None:
        return None
    more = _spot(op, rule.has_more, _HAS_MORE, _scalar)
    fields: Fields = {"param": param.attr, "param_wire": param.wire, "cursor": cursor.attrs}
    return fields | ({"has_more": more.attrs} if more is not None else {})


def _after_id(op: _Op, rule: PagingRule) -> Fields | None:
    param = _query(op, _AFTER_PARAMS, rule.param)
    decl = op.models.declaration(op.item_type)
    if param is None or not isinstance(decl, t.ModelClass):
        return None
    ident = next((f for f in decl.fields if f.wire == (rule.id or "id")), None)
    if ident is None:
        return None
    more = _spot(op, rule.has_more, _HAS_MORE, _scalar)
    size = _query(op, _SIZE_PARAMS, rule.size)
    fields: Fields = {"param": param.attr, "param_wire": param.wire, "item_id": ident.attr}
    fields |= {"has_more": more.attrs} if more is not None else {}
    return fields | _size(op, size)


def _size(op: _Op, size: ParamPlan | None) -> Fields:
    if size is None:
        return {}
    return {"size_param": size.attr, "default_size": _param_int(op, size, "default")}


def _numbered(names: tuple[str, ...], first: int) -> Callable[[_Op, PagingRule], Fields | None]:
    def plan(op: _Op, rule: PagingRule) -> Fields | None:
        param = _query(op, names, rule.param, None if rule.param else t.TPrim("int"))
        if param is None:
            return None
        start = _param_int(op, param, "minimum")
        start = first if start is None else start
        fields: Fields = {"param": param.attr, "param_wire": param.wire, "first": start}
        fields |= _size(op, _query(op, _SIZE_PARAMS, rule.size))
        total = _spot(op, rule.total, _TOTAL_ITEMS, _integer)
        pages = _spot(op, rule.total_pages, _TOTAL_PAGES, _integer)
        fields |= {"total_items": total.attrs} if total is not None else {}
        return fields | ({"total_pages": pages.attrs} if pages is not None else {})

    return plan


def _next_url(op: _Op, rule: PagingRule) -> Fields | None:
    url = _spot(op, rule.cursor, _NEXT_URL_FIELDS, _scalar)
    if url is None:
        return None
    more = _spot(op, rule.has_more, _HAS_MORE, _scalar)
    fields: Fields = {"cursor": url.attrs}
    return fields | ({"has_more": more.attrs} if more is not None else {})


_SCHEMES: dict[str, Callable[[_Op, PagingRule], Fields | None]] = {
    "link": _link,
    "cursor": _cursor,
    "next_url": _next_url,
    "after_id": _after_id,
    "page": _numbered(_PAGE_PARAMS, 1),
    "offset": _numbered(_OFFSET_PARAMS, 0),
}


# --------------------------------------------------------------------------- choosing

#: the rule detection uses: nothing declared
_DETECTING = PagingRule(scheme="detect")


def _rule_for(op: Operation, config: PaginationConfig) -> PagingRule | None:
    by_op = dict(config.operations)
    if op.operation_id in by_op:
        return by_op[op.operation_id]
    tags = dict(config.tags)
    return next((tags[tag] for tag in op.tags if tag in tags), config.all)


def _candidate(plan: OperationPlan, ir: Operation, models: ModelPlanner) -> _Op | None:
    if plan.task is not None or not plan.success or plan.success[0].kind != "json":
        return None
    op = _Op(plan, ir, models, _spots(models, plan.success[0].type), None, None)
    return op


def _plan_one(op: _Op, rule: PagingRule | None, detect: bool) -> PagingPlan | str | None:
    """The plan, None (not paginated), or a problem with a declared rule."""
    if rule is not None and rule.scheme == "none":
        return None
    if rule is None and (not detect or op.plan.method != "GET"):
        return None
    op.items, op.item_type = _items(op, rule)
    if op.items is None or op.item_type is None:
        return "its response has no list of items (set 'items:')" if rule is not None else None
    schemes = (rule.scheme,) if rule is not None else tuple(_SCHEMES)
    for scheme in schemes:
        fields = _SCHEMES[scheme](op, rule or _DETECTING)
        if fields is not None:
            return _plan(op, scheme, fields, "gen.yaml" if rule is not None else "detected")
    return f"it does not fit the {rule.scheme!r} scheme" if rule is not None else None


def _plan(op: _Op, scheme: str, fields: Fields, source: str) -> PagingPlan:
    assert op.items is not None and op.item_type is not None and op.plan.success[0].type
    base = PagingPlan(
        scheme=scheme,
        source=source,
        constant=op.plan.names.paging,
        response_type=op.plan.success[0].type,
        item_type=op.item_type,
        items=op.items.attrs,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def plan_pagination(
    ops: list[OperationPlan],
    api: Api,
    models: ModelPlanner,
    config: PaginationConfig,
    reporter: Reporter,
) -> dict[str, PagingPlan]:
    """operationId -> its paging plan, for every operation that pages."""
    by_id = {op.operation_id: op for op in api.operations}
    out: dict[str, PagingPlan] = {}
    for plan in ops:
        ir = by_id[plan.operation_id]
        op = _candidate(plan, ir, models)
        rule = _rule_for(ir, config)
        result: PagingPlan | str | None = None
        if op is not None:
            result = _plan_one(op, rule, config.detect)
        elif rule is not None and rule.scheme != "none":
            result = "it has no JSON success response (or it starts a task)"
        if isinstance(result, PagingPlan):
            out[plan.operation_id] = result
        elif isinstance(result, str) and plan.operation_id in dict(config.operations):
            reporter.error(ir.pointer, f"pagination for {plan.operation_id}: {result}")
    return out


def with_pagination(client: ClientPlan, paging: dict[str, PagingPlan]) -> ClientPlan:
    """The client plan with each paginated operation's plan attached."""
    namespaces = tuple(
        replace(
            ns,
            operations=tuple(
                replace(op, paging=paging.get(op.operation_id)) for op in ns.operations
            ),
        )
        for ns in client.namespaces
    )
    return replace(client, namespaces=namespaces)


def paginated(client: ClientPlan) -> Iterator[tuple[str, str, str]]:
    """(operationId, ``group.method``, scheme) of every paginated operation, in order."""
    for ns in client.namespaces:
        for op in ns.operations:
            if isinstance(op.paging, PagingPlan):
                yield op.operation_id, f"{ns.name}.{op.name}", op.paging.scheme
