"""Build stage for operations: ``paths`` (and 3.1 ``webhooks``) -> :class:`Operation` IR.

Parameters, request bodies, responses, headers and examples may be ``$ref``s into
``components``; they are followed here so that later stages only see resolved objects. Schemas
inside them go through :class:`~generator.schemas.SchemaBuilder` with their own pointers.

Defects with a plain reading are workarounds (warnings saying what was done instead): an object
that is not one, or a ``$ref`` loop, is left out; an undeclared path-template parameter becomes a
required string parameter; a duplicate operationId gets a free one; a security requirement that
names an undefined scheme is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal, cast

from ..diagnostics import Reporter
from ..load.loader import SourceSet
from ..pointers import child
from .nodes import Example, Header, Json, MediaType, Operation, Param, RequestBody, Response
from .schemas import SchemaBuilder

__all__ = ["METHODS", "RawNode", "build_operations", "security_requirements"]

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOCATIONS = ("path", "query", "header", "cookie")
_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
_TEMPLATE_VAR = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class _Node:
    """A raw object with the file and pointer it was found at (after following $refs)."""

    raw: Any
    file_id: str
    pointer: str

    def at(self, *tokens: str | int) -> _Node:
        value = self.raw
        for t in tokens:
            value = value[t]
        return _Node(value, self.file_id, child(self.pointer, *tokens))

    def items(self, key: str) -> Iterator[tuple[str, _Node]]:
        value = self.raw.get(key) if isinstance(self.raw, dict) else None
        if isinstance(value, dict):
            for name in value:
                yield str(name), self.at(key, name)


@dataclass(slots=True)
class _Ctx:
    """What building the operations shares: the documents, the reporter, the schema builder."""

    sources: SourceSet
    reporter: Reporter
    schemas: SchemaBuilder
    security_schemes: frozenset[str] = frozenset()
    #: file + pointer of a shared example (``$ref`` to ``components/examples``) -> its value,
    #: made once however many responses repeat it
    example_values: dict[str, Json] = field(default_factory=dict)

    def where(self, node: _Node) -> dict[str, Any]:
        return {"file": self.sources.display(node.file_id)}

    def warning(self, node: _Node, message: str, hint: str | None = None) -> None:
        self.reporter.warning(node.pointer, message, hint=hint, **self.where(node))

    def workaround(self, node: _Node, message: str, instead: str, hint: str | None = None) -> None:
        self.reporter.workaround(node.pointer, message, instead, hint=hint, **self.where(node))

    def follow(self, node: _Node) -> _Node | None:
        """Follow ``$ref`` (chains too) for a non-schema object; None if it cannot."""
        seen: set[str] = set()
        while isinstance(node.raw, dict) and isinstance(node.raw.get("$ref"), str):
            at = child(node.pointer, "$ref")
            found = self.sources.resolve(node.raw["$ref"], node.file_id, at, _LEFT_OUT)
            if found is None:
                return None
            file_id, fragment, value = found
            if file_id + fragment in seen:
                self.workaround(
                    node,
                    "$ref cycle: following the references leads back here",
                    _LEFT_OUT,
                    "point the $ref at the object itself, not at another reference to it",
                )
                return None
            seen.add(file_id + fragment)
            node = _Node(value, file_id, fragment)
        if not isinstance(node.raw, dict):
            self.workaround(node, f"expected an object here, not {_kind(node.raw)}", _LEFT_OUT)
            return None
        return node

    def schema(self, node: _Node) -> Any:
        return self.schemas.build(node.raw, node.file_id, node.pointer)


_LEFT_OUT = "left out, as if it were not there"


def build_operations(
    sources: SourceSet,
    reporter: Reporter,
    schemas: SchemaBuilder,
    security_schemes: frozenset[str] = frozenset(),
) -> tuple[Operation, ...]:
    """The operations of ``paths`` and ``webhooks``; ``security_schemes`` are the names that
    ``components/securitySchemes`` defines."""
    ctx = _Ctx(sources, reporter, schemas, security_schemes)
    root = _Node(sources.entry.root, "", "#")
    ops: list[tuple[Operation, _Node]] = []
    for section, webhook in (("paths", False), ("webhooks", True)):
        for path, item in root.items(section):
            resolved = ctx.follow(item)
            if resolved is not None:
                ops.extend(_path_item(ctx, path, resolved, webhook))
    return _unique_ids(ctx, ops)


def _unique_ids(ctx: _Ctx, ops: list[tuple[Operation, _Node]]) -> tuple[Operation, ...]:
    """The operations, a taken operationId replaced by a free one (a workaround)."""
    taken = {op.operation_id for op, _ in ops}
    first: dict[str, Operation] = {}
    out: list[Operation] = []
    for op, node in ops:
        other = first.setdefault(op.operation_id, op)
        if other is op:
            out.append(op)
            continue
        free = _free_id(op, taken)
        taken.add(free)
        _report_taken_id(ctx, op, node, other, free)
        out.append(replace(op, operation_id=free))
    return tuple(out)


def _free_id(op: Operation, taken: set[str]) -> str:
    """The id made from the method and path if free, else the first free ``<id>_<n>``."""
    derived = _derived_id(op.method, op.path)
    if derived not in taken:
        return derived
    return next(f"{derived}_{n}" for n in range(2, len(taken) + 3) if f"{derived}_{n}" not in taken)


def _report_taken_id(ctx: _Ctx, op: Operation, node: _Node, other: Operation, free: str) -> None:
    used = f"{other.method.upper()} {other.path} uses it too"
    instead = f"this operation is named {free!r}"
    if op.has_operation_id:
        ctx.workaround(
            node.at("operationId"),
            f"duplicate operationId {op.operation_id!r}: {used}",
            instead,
            "operationIds name the client's methods and must be unique; rename one",
        )
    else:
        message = (
            f"this operation has no operationId, and the one made from its method and "
            f"path, {op.operation_id!r}, is taken: {used}"
        )
        ctx.workaround(node, message, instead, "give this operation an operationId")


def _path_item(
    ctx: _Ctx, path: str, item: _Node, webhook: bool
) -> Iterator[tuple[Operation, _Node]]:
    shared = _params(ctx, item)
    for method in METHODS:
        if method in item.raw:
            op = ctx.follow(item.at(method))
            if op is not None:
                yield _operation(ctx, path, method, op, shared, webhook), op


def _operation(
    ctx: _Ctx,
    path: str,
    method: str,
    node: _Node,
    shared: dict[tuple[str, str], Param],
    webhook: bool,
) -> Operation:
    raw = node.raw
    params = {**shared, **_params(ctx, node)}
    if not webhook:
        params = _path_params(ctx, node, path, params)
    op_id = raw.get("operationId")
    body = _request_body(ctx, node.at("requestBody")) if "requestBody" in raw else None
    return Operation(
        operation_id=op_id if isinstance(op_id, str) and op_id else _derived_id(method, path),
        has_operation_id=isinstance(op_id, str) and bool(op_id),
        method=method,
        path=path,
        summary=_text(raw.get("summary")),
        description=_text(raw.get("description")),
        tags=_tags(ctx, node),
        params=tuple(params.values()),
        body=body,
        responses=tuple(_responses(ctx, node)),
        deprecated=raw.get("deprecated") is True,
        security=_security(ctx, node),
        webhook=webhook,
        extensions=_extensions(raw),
        pointer=node.pointer,
    )


def _tags(ctx: _Ctx, op: _Node) -> tuple[str, ...]:
    tags = op.raw.get("tags")
    if tags is None:
        return ()
    if not isinstance(tags, list):
        ctx.warning(op.at("tags"), f"'tags' must be a list of names, not {_kind(tags)}; ignored")
        return ()
    return tuple(str(t) for t in tags if isinstance(t, str | int))


def _kind(value: Any) -> str:
    kinds = ((bool, "a boolean"), (int | float, "a number"), (str, "a string"), (list, "an array"))
    if value is None:
        return "null"
    return next((name for kind, name in kinds if isinstance(value, kind)), "an object")


def _derived_id(method: str, path: str) -> str:
    words = re.sub(r"[^0-9A-Za-z]+", "_", path).strip("_")
    return f"{method}_{words}" if words else method


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _extensions(raw: dict[str, Any]) -> tuple[tuple[str, Json], ...]:
    return tuple((k, Json.of(v)) for k, v in raw.items() if k.startswith("x-"))


def _security(ctx: _Ctx, op: _Node) -> tuple[tuple[str, ...], ...] | None:
    if not isinstance(op.raw.get("security"), list):
        return None
    return security_requirements(op.at("security"), ctx.security_schemes, ctx.workaround)


def security_requirements(
    node: _Node, schemes: frozenset[str], workaround: Callable[[_Node, str, str, str], None]
) -> tuple[tuple[str, ...], ...]:
    """The requirements of a ``security`` list (alternatives of scheme names); one that names
    a scheme ``schemes`` does not hold is ignored (a workaround)."""
    out = []
    for index, req in enumerate(node.raw):
        if not isinstance(req, dict):
            continue
        names = tuple(str(k) for k in req)
        missing = [name for name in names if name not in schemes]
        for name in missing:
            workaround(
                node.at(index, name),
                f"the security requirement names {name!r}, a scheme that "
                "components/securitySchemes does not define",
                "this requirement is ignored: requests send no credentials for it",
                f"define {name!r} under components/securitySchemes, or fix the name",
            )
        if not missing:
            out.append(names)
    return tuple(out)


def _params(ctx: _Ctx, owner: _Node) -> dict[tuple[str, str], Param]:
    out: dict[tuple[str, str], Param] = {}
    raw_list = owner.raw.get("parameters")
    if raw_list is None:
        return out
    if not isinstance(raw_list, list):
        ctx.workaround(owner.at("parameters"), "'parameters' must be an array", "ignored")
        return out
    for index in range(len(raw_list)):
        node = ctx.follow(owner.at("parameters", index))
        param = _param(ctx, node) if node is not None else None
        if param is not None:
            out[(param.location, param.name)] = param
    return out


def _param(ctx: _Ctx, node: _Node) -> Param | None:
    raw = node.raw
    name, location = raw.get("name"), raw.get("in")
    if not isinstance(name, str) or location not in _LOCATIONS:
        ctx.workaround(
            node, "a parameter needs a 'name' and 'in' (path, query, header or cookie)", _LEFT_OUT
        )
        return None
    if location == "path" and raw.get("required") is not True:
        ctx.workaround(
            node,
            f"path parameter {name!r} is not marked 'required: true'",
            "read as required, as every path parameter is",
            "add 'required: true': a path parameter is always required",
        )
    schema, content_type = None, None
    if "schema" in raw:
        schema = ctx.schema(node.at("schema"))
    elif isinstance(raw.get("content"), dict) and raw["content"]:
        content_type = next(iter(raw["content"]))
        media = node.at("content", content_type)
        if isinstance(media.raw, dict) and "schema" in media.raw:
            schema = ctx.schema(media.at("schema"))
    loc = cast(Literal["path", "query", "header", "cookie"], location)
    style = raw.get("style") if isinstance(raw.get("style"), str) else _DEFAULT_STYLE[loc]
    explode = raw.get("explode")
    return Param(
        name=name,
        location=loc,
        required=loc == "path" or raw.get("required") is True,
        schema=schema,
        style=style,
        explode=explode if isinstance(explode, bool) else style == "form",
        allow_reserved=raw.get("allowReserved") is True,
        content_type=content_type,
        description=_text(raw.get("description")),
        deprecated=raw.get("deprecated") is True,
        examples=tuple(_examples(ctx, node)),
        pointer=node.pointer,
    )


def _path_params(
    ctx: _Ctx, node: _Node, path: str, params: dict[tuple[str, str], Param]
) -> dict[tuple[str, str], Param]:
    """``params`` with a required string parameter for each undeclared one of the template."""
    declared = {name for (loc, name) in params if loc == "path"}
    out = dict(params)
    for name in dict.fromkeys(_TEMPLATE_VAR.findall(path)):
        if name not in declared:
            ctx.workaround(
                node,
                f"path parameter '{name}' of {path!r} is not declared",
                f"read as {{name: {name}, in: path, required: true, schema: {{type: string}}}}",
                hint=f"add {{name: {name}, in: path, required: true, schema: {{type: string}}}} "
                "to the parameters of the operation or of the path",
            )
            out[("path", name)] = _undeclared(ctx, node, name)
    for name in sorted(declared - set(_TEMPLATE_VAR.findall(path))):
        ctx.warning(node, f"path parameter '{name}' does not appear in the path {path!r}")
    return out


def _undeclared(ctx: _Ctx, node: _Node, name: str) -> Param:
    """The parameter an undeclared template variable stands for: a required string."""
    at = child(node.pointer, "parameters", name)
    return Param(
        name=name,
        location="path",
        required=True,
        schema=ctx.schemas.build({"type": "string"}, node.file_id, at),
        style="simple",
        explode=False,
        pointer=at,
    )


def _examples(ctx: _Ctx, node: _Node) -> Iterator[Example]:
    raw = node.raw
    if "example" in raw:
        yield Example(
            name="example", value=Json.of(raw["example"]), pointer=child(node.pointer, "example")
        )
    for name, ex in node.items("examples"):
        resolved = ctx.follow(ex)
        if resolved is not None and "value" in resolved.raw:
            pointer = child(resolved.pointer, "value")
            key = resolved.file_id + pointer
            value = ctx.example_values.get(key)
            if value is None:
                value = ctx.example_values[key] = Json.of(resolved.raw["value"])
            yield Example(name=name, value=value, pointer=pointer)


def _media_types(ctx: _Ctx, owner: _Node) -> Iterator[MediaType]:
    for content_type, media in owner.items("content"):
        if not isinstance(media.raw, dict):
            ctx.workaround(media, "a media type must be an object", _LEFT_OUT)
            continue
        schema = ctx.schema(media.at("schema")) if "schema" in media.raw else None
        yield MediaType(
            content_type=content_type,
            schema=schema,
            examples=tuple(_examples(ctx, media)),
            pointer=media.pointer,
            encoding=tuple(_encoding(ctx, media)),
        )


def _encoding(ctx: _Ctx, media: _Node) -> Iterator[tuple[str, str]]:
    """The ``contentType`` of each part the ``encoding`` object names (others are ignored)."""
    for name, part in media.items("encoding"):
        value = part.raw.get("contentType") if isinstance(part.raw, dict) else None
        if isinstance(value, str) and value.strip():
            yield name, value.strip()
        elif value is not None:
            ctx.warning(part, "encoding contentType must be a string; ignored")


def _request_body(ctx: _Ctx, node: _Node) -> RequestBody | None:
    resolved = ctx.follow(node)
    if resolved is None:
        return None
    return RequestBody(
        required=resolved.raw.get("required") is True,
        contents=tuple(_media_types(ctx, resolved)),
        description=_text(resolved.raw.get("description")),
        pointer=resolved.pointer,
    )


def _responses(ctx: _Ctx, op: _Node) -> Iterator[Response]:
    for status, node in op.items("responses"):
        if not re.fullmatch(r"[1-5](\d\d|XX)|default", status, re.IGNORECASE):
            ctx.warning(node, f"response key {status!r} is not a status code, 1XX-5XX or default")
            continue
        resolved = ctx.follow(node)
        if resolved is None:
            continue
        yield Response(
            status=status.upper() if "x" in status.lower() and status != "default" else status,
            description=_text(resolved.raw.get("description")),
            contents=tuple(_media_types(ctx, resolved)),
            headers=tuple(_headers(ctx, resolved)),
            pointer=resolved.pointer,
        )


def _headers(ctx: _Ctx, response: _Node) -> Iterator[Header]:
    for name, node in response.items("headers"):
        resolved = ctx.follow(node)
        if resolved is None:
            continue
        schema = ctx.schema(resolved.at("schema")) if "schema" in resolved.raw else None
        yield Header(
            name=name,
            schema=schema,
            description=_text(resolved.raw.get("description")),
            pointer=resolved.pointer,
        )


#: a raw object with its file and pointer, for the build stage's other modules
RawNode = _Node
