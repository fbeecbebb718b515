"""What the client planner decides, as frozen data the templates lay out: the client, its groups,
each operation with its parameters, body, responses and names, and the auth schemes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...ir.nodes import Operation
from .. import types as t

__all__ = [
    "AuthPlan",
    "BodyKind",
    "BodyPlan",
    "ClientPlan",
    "DefaultParam",
    "NamespacePlan",
    "OperationNames",
    "OperationPlan",
    "ParamPlan",
    "PathPart",
    "ResponsePlan",
]

BodyKind = Literal["json", "form", "multipart", "bytes", "text", "ndjson"]


BODY_KINDS: tuple[tuple[str, BodyKind], ...] = (
    ("application/json", "json"), ("+json", "json"), ("application/x-www-form-urlencoded", "form"),
    ("multipart/form-data", "multipart"), ("application/x-ndjson", "ndjson"),
    ("application/jsonl", "ndjson"), ("text/", "text"), ("", "bytes"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PathPart:
    kind: Literal["text", "param"]
    value: str  # literal text, or the parameter's keyword
    wire: str = ""
    style: str = "simple"
    explode: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ParamPlan:
    attr: str
    wire: str
    location: str
    required: bool  # required in the method signature (no client default)
    wire_required: bool  # the spec requires it
    type: t.TypeExpr
    style: str
    explode: bool
    json_content: bool
    check_fn: str | None
    default_key: str | None
    description: str | None
    deprecated: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyPlan:
    kind: BodyKind
    content_type: str
    type: t.TypeExpr
    model_class: bool  # a class: accept the model or a plain mapping
    check_fn: str | None
    required: bool
    description: str | None
    per_item: bool = False  # NDJSON whose schema describes one line


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponsePlan:
    status: str
    kind: Literal["json", "text", "bytes", "empty"]
    type: t.TypeExpr | None
    decoder: str  # name of the generated decode function ("" when not JSON)
    check_fn: str
    loose_fn: str
    description: str | None
    #: the class (or tagged union) whose one-pass decoder decodes the body, when there is one
    model_decoder: t.TNamed | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationNames:
    """Names of an operation's helpers in its group module and class."""

    request_fn: str
    success_table: str
    errors_table: str
    key_fn: str
    resume_method: str
    handle_method: str
    paging: str  # the module-level ``Paging`` object (used when the operation pages)


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationPlan:
    operation_id: str
    method: str  # upper case
    path: str
    path_parts: tuple[PathPart, ...]
    name: str
    namespace: str
    summary: str | None
    description: str | None
    deprecated: bool
    params: tuple[ParamPlan, ...]
    body: BodyPlan | None
    success: tuple[ResponsePlan, ...]
    errors: tuple[ResponsePlan, ...]
    return_type: t.TypeExpr | None
    retry_safe: bool
    pointer: str
    names: OperationNames
    task: object | None = None  # a tasks.TaskPlan when the operation starts a task
    paging: object | None = None  # a pagination.PagingPlan when the operation pages
    #: header carrying a generated idempotency key (retry-safe non-GET calls)
    idempotency_header: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NamespacePlan:
    name: str
    class_name: str
    async_class_name: str
    raw_class_name: str  # ``client.<group>.with_raw_response``
    async_raw_class_name: str
    module: str
    title: str
    operations: tuple[OperationPlan, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DefaultParam:
    """A parameter every operation takes: it can be given once to the client."""

    attr: str
    wire: str
    location: str
    type: t.TypeExpr
    description: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthPlan:
    """A credential the client takes (``api_key=``), read from ``env`` when not given."""

    attr: str
    kind: Literal["bearer", "basic", "header", "query", "cookie"]
    name: str  # header, query or cookie name
    env: str
    scheme: str
    description: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientPlan:
    namespaces: tuple[NamespacePlan, ...]
    servers: tuple[tuple[str, str, str | None], ...]  # (name, url, description)
    server_variables: tuple[tuple[str, str, tuple[str, ...]], ...]  # name, default, enum
    auth: tuple[AuthPlan, ...]
    defaults: tuple[DefaultParam, ...]
    operations: tuple[tuple[str, str], ...]  # operationId -> "namespace.method"
    webhooks: tuple[Operation, ...]
