"""Operation-level comparison for ``gen diff``: matching, parameters, bodies, responses, security.

Operations are matched by ``operationId`` (when both documents give one), then by method and
path with the names of path variables ignored (``/pets/{id}`` is ``/pets/{petId}``). A pair
matched by id whose method or path differs is ``operation-moved`` (the URL changes); a pair
matched by method and path whose id differs is ``operation-renamed`` (the generated client
exposes operationIds and may name the method after it). Both break clients, as does a removed
operation; a new one is compatible. The generated client names a method after a short
``summary`` and groups methods by their first tag (:mod:`generator.client_names`, without a
generator config): when that ``client.<group>.<method>`` changes, that is
``client-method-renamed`` (breaking) even if only a summary or a tag was edited.

Within a matched pair:

* parameters are matched by location and name; removed, renamed (the only one removed and the
  only one added in a location, for path parameters or when their schemas are equivalent),
  newly required, new and required, or serialised differently (``style``/``explode``/
  ``content``) break; new optional ones do not;
* the request body breaks when removed, added as required, made required, or when one of its
  media types is removed;
* a removed response status breaks when it had a body (``response-removed``); a removed media
  type or header of a response breaks; new statuses, media types and headers are compatible;
* security breaks when authentication becomes required where none was, or when an accepted
  alternative is removed.

Schemas of parameters and request bodies are compared with request semantics, those of
responses and response headers with response semantics. For webhooks the API sends the request
and the client answers, so the two are swapped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..ir.nodes import Api, Example, Header, MediaType, Operation, Param, RequestBody, Response
from ..naming.client import method_candidates, namespace_of
from ..pointers import child
from .changes import Side
from .schemas import SchemaDiff, any_schema

__all__ = ["diff_operations", "match_operations"]

_VARIABLE = re.compile(r"\{[^{}]*\}")
Pairs = list[tuple[Operation, Operation]]


def _label(op: Operation) -> str:
    kind = "webhook" if op.webhook else "operation"
    return f"{kind} {op.operation_id!r} ({op.method.upper()} {op.path})"


def _route(op: Operation) -> tuple[bool, str, str]:
    return op.webhook, op.method, _VARIABLE.sub("{}", op.path)


def match_operations(
    old: Sequence[Operation], new: Sequence[Operation]
) -> tuple[Pairs, list[Operation], list[Operation]]:
    """(matched pairs, removed, added), in document order."""
    by_id = {(op.webhook, op.operation_id): op for op in new if op.has_operation_id}
    pairs: Pairs = []
    for op in old:
        match = by_id.get((op.webhook, op.operation_id)) if op.has_operation_id else None
        if match is not None:
            pairs.append((op, match))
    taken_old = {id(a) for a, _ in pairs}
    taken_new = {id(b) for _, b in pairs}
    by_route = {_route(op): op for op in new if id(op) not in taken_new}
    for op in old:
        match = by_route.pop(_route(op), None) if id(op) not in taken_old else None
        if match is not None:
            pairs.append((op, match))
    taken_old = {id(a) for a, _ in pairs}
    taken_new = {id(b) for _, b in pairs}
    removed = [op for op in old if id(op) not in taken_old]
    added = [op for op in new if id(op) not in taken_new]
    return pairs, removed, added


def diff_operations(d: SchemaDiff) -> None:
    pairs, removed, added = match_operations(d.old.operations, d.new.operations)
    for op in removed:
        d.out.add("operation-removed", op.pointer, f"{_label(op)} removed", "operation")
    for op in added:
        d.out.add("operation-added", op.pointer, f"{_label(op)} added", "operation")
    for old, new in pairs:
        _operation(d, old, new)


def _operation(d: SchemaDiff, old: Operation, new: Operation) -> None:
    if _route(old) != _route(new):
        message = f"{_label(new)} moved from {old.method.upper()} {old.path}"
        d.out.add("operation-moved", new.pointer, message, "operation")
    if old.operation_id != new.operation_id:
        message = f"operationId {old.operation_id!r} -> {new.operation_id!r}"
        d.out.add("operation-renamed", child(new.pointer, "operationId"), message, "operation")
    if not new.webhook and _client_name(old) != _client_name(new):
        message = f"client method {_client_name(old)} -> {_client_name(new)}"
        d.out.add("client-method-renamed", new.pointer, message, "operation")
    if new.deprecated and not old.deprecated:
        d.out.add("operation-deprecated", new.pointer, f"{_label(new)} deprecated", "operation")
    _docs(d, old, new)
    _security(d, old, new)
    request, response = _sides(new)
    _params(d, old, new, request)
    _body(d, old.body, new, request)
    _responses(d, old, new, response)


def _client_name(op: Operation) -> str:
    """``client.<group>.<method>`` as the generated client names it (with no generator config)."""
    return f"client.{namespace_of(op, {})}.{method_candidates(op, {})[0]}"


def _sides(op: Operation) -> tuple[Side, Side]:
    """(the side of what the client sends, of what it receives): swapped for webhooks."""
    return ("response", "request") if op.webhook else ("request", "response")


def _text_change(d: SchemaDiff, before: object, after: object, at: str, name: str) -> None:
    if before != after:
        d.out.add(f"{name}-changed", child(at, name), f"{name} changed", "docs")


def _docs(d: SchemaDiff, old: Operation, new: Operation) -> None:
    _text_change(d, old.summary, new.summary, new.pointer, "summary")
    _text_change(d, old.description, new.description, new.pointer, "description")
    _text_change(d, sorted(old.tags), sorted(new.tags), new.pointer, "tags")


# ---------------------------------------------------------------- security
def _alternatives(api: Api, op: Operation) -> set[frozenset[str]]:
    security = op.security if op.security is not None else api.security
    return {frozenset(requirement) for requirement in security}


def _names(requirement: frozenset[str]) -> str:
    return " + ".join(sorted(requirement)) or "anonymous"


def _security(d: SchemaDiff, old: Operation, new: Operation) -> None:
    before, after = _alternatives(d.old, old), _alternatives(d.new, new)
    open_before = not before or frozenset() in before
    open_after = not after or frozenset() in after
    at = child(new.pointer, "security")
    if open_before and not open_after:
        needed = " or ".join(sorted(_names(r) for r in after))
        d.out.add("security-added", at, f"authentication now required ({needed})", "operation")
    elif open_after and not open_before:
        d.out.add("security-removed", at, "authentication no longer required", "operation")
    elif not open_before:
        for requirement in sorted(before - after, key=_names):
            message = f"security requirement {_names(requirement)} no longer accepted"
            d.out.add("security-requirement-removed", at, message, "operation")
        for requirement in sorted(after - before, key=_names):
            message = f"security requirement {_names(requirement)} now accepted"
            d.out.add("security-requirement-added", at, message, "operation")


# ---------------------------------------------------------------- parameters
def _param_label(p: Param, op: Operation) -> str:
    return f"{p.location} parameter {p.name!r} of {op.operation_id!r}"


def _params(d: SchemaDiff, old: Operation, new: Operation, side: Side) -> None:
    before = {(p.location, p.name): p for p in old.params}
    after = {(p.location, p.name): p for p in new.params}
    removed = [p for key, p in before.items() if key not in after]
    added = [p for key, p in after.items() if key not in before]
    for a, b in _renames(d, removed, added):
        message = f"{_param_label(a, old)} renamed to {b.name!r}"
        d.out.add("parameter-renamed", b.pointer, message, side)
        _param_schema(d, a, b, side)
    for p in removed:
        at = child(new.pointer, "parameters")
        d.out.add("parameter-removed", at, f"{_param_label(p, old)} removed", side)
    for p in added:
        kind = "parameter-added-required" if p.required else "parameter-added"
        label = "required " if p.required else ""
        d.out.add(kind, p.pointer, f"{label}{_param_label(p, new)} added", side)
    for key, p in after.items():
        if key in before:
            _param(d, before[key], p, new, side)


def _renames(d: SchemaDiff, removed: list[Param], added: list[Param]) -> list[tuple[Param, Param]]:
    """Pairs of parameters taken as renamed; they are taken out of ``removed`` and ``added``."""
    pairs = []
    for location in ("path", "query", "header", "cookie"):
        gone = [p for p in removed if p.location == location]
        new = [p for p in added if p.location == location]
        if len(gone) == 1 and len(new) == 1 and (location == "path" or _same(d, gone[0], new[0])):
            pairs.append((gone[0], new[0]))
            removed.remove(gone[0])
            added.remove(new[0])
    return pairs


def _same(d: SchemaDiff, a: Param, b: Param) -> bool:
    if a.schema is None or b.schema is None:
        return a.schema is b.schema
    return d.equivalent(a.schema, b.schema)


def _param_schema(d: SchemaDiff, a: Param, b: Param, side: Side) -> None:
    at = child(b.pointer, "schema")
    d.compare(a.schema or any_schema(at), b.schema or any_schema(at), side)


def _param(d: SchemaDiff, a: Param, b: Param, op: Operation, side: Side) -> None:
    if a.required != b.required:
        kind = "parameter-required" if b.required else "parameter-optional"
        became = "required" if b.required else "optional"
        d.out.add(kind, b.pointer, f"{_param_label(b, op)} became {became}", side)
    style = (a.style, a.explode, a.content_type), (b.style, b.explode, b.content_type)
    if style[0] != style[1]:
        message = f"{_param_label(b, op)} is serialised differently ({style[0]} -> {style[1]})"
        d.out.add("parameter-style-changed", b.pointer, message, side)
    if b.deprecated and not a.deprecated:
        d.out.add("parameter-deprecated", b.pointer, f"{_param_label(b, op)} deprecated", side)
    _text_change(d, a.description, b.description, b.pointer, "description")
    _examples(d, a.examples, b.examples, b.pointer)
    _param_schema(d, a, b, side)


def _examples(d: SchemaDiff, old: Iterable[Example], new: Iterable[Example], at: str) -> None:
    if [(e.name, e.value) for e in old] != [(e.name, e.value) for e in new]:
        d.out.add("example-changed", at, "examples changed", "docs")


# ---------------------------------------------------------------- request bodies
def _body(d: SchemaDiff, old: RequestBody | None, op: Operation, side: Side) -> None:
    new = op.body
    if old is None or new is None:
        if new is not None:
            kind = "request-body-added-required" if new.required else "request-body-added"
            d.out.add(kind, new.pointer, f"request body of {op.operation_id!r} added", side)
        elif old is not None:
            message = f"request body of {op.operation_id!r} removed"
            d.out.add("request-body-removed", child(op.pointer, "requestBody"), message, side)
        return
    if old.required != new.required:
        kind = "request-body-required" if new.required else "request-body-optional"
        became = "required" if new.required else "optional"
        message = f"request body of {op.operation_id!r} became {became}"
        d.out.add(kind, new.pointer, message, side)
    _text_change(d, old.description, new.description, new.pointer, "description")
    _contents(d, old.contents, new.contents, new.pointer, "request", side)


def _contents(
    d: SchemaDiff,
    old: Sequence[MediaType],
    new: Sequence[MediaType],
    owner: str,
    part: str,
    side: Side,
) -> None:
    """Media types of a request body (``part="request"``) or a response, and their schemas."""
    before = {m.content_type: m for m in old}
    kept = {m.content_type for m in new}
    for name in (name for name in before if name not in kept):
        at = child(owner, "content", name)
        d.out.add(f"{part}-media-type-removed", at, f"{part} media type {name} removed", side)
    for media in new:
        was = before.get(media.content_type)
        if was is None:
            message = f"{part} media type {media.content_type} added"
            d.out.add(f"{part}-media-type-added", media.pointer, message, side)
            continue
        _examples(d, was.examples, media.examples, media.pointer)
        if was.schema is not None or media.schema is not None:
            at = child(media.pointer, "schema")
            d.compare(was.schema or any_schema(at), media.schema or any_schema(at), side)


# ---------------------------------------------------------------- responses
def _has_body(response: Response) -> bool:
    return any(m.schema is not None for m in response.contents)


def _responses(d: SchemaDiff, old: Operation, new: Operation, side: Side) -> None:
    before = {r.status: r for r in old.responses}
    after = {r.status: r for r in new.responses}
    for status, response in before.items():
        if status not in after:
            kind = "response-removed" if _has_body(response) else "response-without-body-removed"
            message = f"response {status} of {old.operation_id!r} removed"
            d.out.add(kind, child(new.pointer, "responses", status), message, side)
    for status, response in after.items():
        was = before.get(status)
        if was is None:
            message = f"response {status} of {new.operation_id!r} added"
            d.out.add("response-added", response.pointer, message, side)
            continue
        _text_change(d, was.description, response.description, response.pointer, "description")
        _contents(d, was.contents, response.contents, response.pointer, "response", side)
        _headers(d, was.headers, response.headers, response.pointer, side)


def _headers(
    d: SchemaDiff, old: Sequence[Header], new: Sequence[Header], owner: str, side: Side
) -> None:
    """Response headers, matched by name whatever its case."""
    before = {h.name.lower(): h for h in old}
    kept = {h.name.lower() for h in new}
    for name, header in before.items():
        if name not in kept:
            at = child(owner, "headers", header.name)
            d.out.add("response-header-removed", at, f"header {header.name} removed", side)
    for header in new:
        was = before.get(header.name.lower())
        if was is None:
            d.out.add("response-header-added", header.pointer, f"header {header.name} added", side)
            continue
        _text_change(d, was.description, header.description, header.pointer, "description")
        if was.schema is not None or header.schema is not None:
            at = child(header.pointer, "schema")
            d.compare(was.schema or any_schema(at), header.schema or any_schema(at), side)
