"""What the client planner decides, as frozen data the templates lay out: the client, its groups,
each operation with its parameters, body, responses and names, and the auth schemes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .. import types as t

if TYPE_CHECKING:
    from .errors import ErrorsPlan

__all__ = [
    "AuthPlan",
    "BodyKind",
    "BodyPlan",
    "ClientPlan",
    "DefaultParam",
    "NamespacePlan",
    "OperationNames",
    "OperationPlan",
    "PagingPlan",
    "ParamPlan",
    "PathPart",
    "ResponsePlan",
    "ResponsesPlan",
    "StreamSwitchPlan",
    "TablePlan",
    "TaskPlan",
]

BodyKind = Literal["json", "form", "multipart", "bytes", "text", "ndjson"]


BODY_KINDS: tuple[tuple[str, BodyKind], ...] = (
    ("application/json", "json"), ("+json", "json"), ("application/x-www-form-urlencoded", "form"),
    ("multipart/form-data", "multipart"), ("application/x-ndjson", "ndjson"),
    ("application/jsonl", "ndjson"), ("text/", "text"), ("", "bytes"),
)  # fmt: skip


#: the methods a request is retried for unless the operation says otherwise
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})

#: OpenAPI's default serialisation (style, explode) of a parameter, per location
_DEFAULT_STYLES = {"query": ("form", True), "cookie": ("form", True), "header": ("simple", False)}


@dataclass(frozen=True, slots=True)
class PathPart:
    """A piece of a path template: literal text, or a parameter and its style."""

    kind: Literal["text", "param"]
    value: str  # literal text, or the parameter's keyword
    wire: str = ""
    style: str = "simple"
    explode: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ParamPlan:
    """A parameter as a keyword argument of the method, and how it goes on the wire."""

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
    allow_reserved: bool = False  # query values keep reserved characters unencoded
    #: the module-level ``LazyCheck`` standing for ``check_fn`` (``sharing.py``)
    check_ref: str = ""

    @property
    def default_style(self) -> bool:
        """Serialised as OpenAPI's default for its location (``RequestBuilder.param``'s)."""
        return (self.style, self.explode) == _DEFAULT_STYLES.get(self.location)


@dataclass(frozen=True, slots=True, kw_only=True)
class BodyPlan:
    """The request body a method takes: its kind, type and validation."""

    kind: BodyKind
    content_type: str
    type: t.TypeExpr
    model_class: bool  # a class: accept the model or a plain mapping
    check_fn: str | None
    required: bool
    description: str | None
    per_item: bool = False  # NDJSON whose schema describes one line
    #: multipart parts with a content type of their own (the spec's ``encoding`` object)
    encodings: tuple[tuple[str, str], ...] = ()
    #: the ``RequestBuilder`` method that writes this body (``json_body``, ``form_body``...)
    writer: str = "json_body"
    #: the module-level ``LazyCheck`` standing for ``check_fn`` (``sharing.py``)
    check_ref: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponsePlan:
    """One response a method decodes: its status, type, decoder and checks."""

    status: str
    #: sse / ndjson: a stream of items of ``type`` (``None``: raw events / JSON values)
    kind: Literal["json", "text", "bytes", "empty", "sse", "ndjson"]
    type: t.TypeExpr | None
    decoder: str  # name of the generated decode function ("" when not JSON)
    check_fn: str
    loose_fn: str
    description: str | None
    #: the class (or tagged union) whose one-pass decoder decodes the body, when there is one
    model_decoder: t.TNamed | None = None
    model_items: bool = False  # the body is a list, each item decoded by ``model_decoder``

    @property
    def model_class(self) -> t.TNamed | None:
        """The model class whose ``_decode`` reads the body (each item of it: ``model_items``),
        when the body is exactly that (a list of it): ``_response.model(s)`` then reads it."""
        named = self.model_decoder
        if named is None or named.kind != "class" or self.kind != "json":
            return None
        return named if self.type == (t.TList(named) if self.model_items else named) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamSwitchPlan:
    """An operation answering JSON or a stream by a boolean body property (``streaming.py``)."""

    kwarg: str  # the method's keyword (``stream``)
    field: str  # the body property set to ``true``
    response: ResponsePlan  # the stream form (kind "sse" or "ndjson")
    item_type: t.TypeExpr  # what the Stream yields
    table: str  # module constant: status -> decoder of the stream form


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationNames:
    """Names of an operation's helpers in its group module and class."""

    request_fn: str
    key_fn: str
    interpret_fn: str  # reads a task's status (for an operation that starts a task)
    resume_method: str
    handle_method: str
    #: the method streaming a binary response without buffering ("" when none)
    stream_method: str = ""
    paging: str  # the module-level ``Paging`` object (used when the operation pages)
    #: the module's ``Responses`` this operation reads its answers with (its success table,
    #: its errors table, named ``errors_table``, and its result type: ``sharing.py``)
    responses: str = ""
    errors_table: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class TablePlan:
    """A module-level response table: status -> (kind, decode function, tolerant shape)."""

    name: str
    responses: tuple[ResponsePlan, ...]
    shapes: bool  # success tables carry the tolerant shape of JSON bodies

    @property
    def runs(self) -> tuple[tuple[tuple[str, ...], ResponsePlan], ...]:
        """The entries as (statuses, response): the statuses a model's decoder reads alike
        together (written as one ``dict.fromkeys``), each other status alone, in order of
        first appearance."""
        by_decoder: dict[str, list[ResponsePlan]] = {}
        runs: list[tuple[str, list[ResponsePlan]]] = []
        for r in self.responses:
            key = r.decoder if r.model_class is not None else ""
            if key and key in by_decoder:
                by_decoder[key].append(r)
                continue
            group = [r]
            if key:
                by_decoder[key] = group
            runs.append((key, group))
        return tuple((tuple(r.status for r in group), group[0]) for _, group in runs)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponsesPlan:
    """A module-level ``Responses[type]``: a success table and an errors table, shared by the
    plain operations that read their answers with both (``type``: ``None`` for no result)."""

    name: str
    success: tuple[ResponsePlan, ...]  # written inline
    errors: str  # the errors table's name
    type: t.TypeExpr | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TaskPlan:
    """How an operation that starts an asynchronous task is waited on (see ``tasks.py``)."""

    handle_class: str
    async_handle_class: str
    status_method: str
    status_param: str  # the status method's keyword for the task id
    shared_params: tuple[str, ...]  # keywords the submit call passes on to polling
    shared_types: tuple[t.TypeExpr, ...]  # their types (as the status operation takes them)
    task_id_path: tuple[str, ...]
    warnings_attr: str | None
    warning_type: t.TypeExpr | None  # the type of one warning (its list's items)
    status_type: t.TypeExpr
    union_attr: str  # "" when the status response itself is the union
    tag_attr: str
    tag_wire: str  # the status tag's JSON key (read from raw objects of an unknown status)
    completed: tuple[t.TNamed, ...]
    failed: tuple[tuple[t.TNamed, str | None], ...]  # class, error attribute
    items_attr: str | None
    ok_types: tuple[t.TNamed, ...]
    fail_types: tuple[t.TNamed, ...]
    key_attr: str | None
    key_wire: str | None
    fail_error_attr: str | None  # the failed items' error field
    interpret_fn: str
    #: the ``TaskFailedError`` subclass the handles raise, with ``error`` of ``error_type``
    failed_class: str = ""
    error_type: t.TypeExpr | None = None  # what a failed task reports (its ``error``)


@dataclass(frozen=True, slots=True, kw_only=True)
class PagingPlan:
    """How one operation pages: accessors are attribute paths from the decoded response."""

    scheme: str
    source: str  # "detected" or "gen.yaml"
    constant: str  # the module-level ``Paging`` object's name
    response_type: t.TypeExpr
    item_type: t.TypeExpr
    items: tuple[str, ...]  # () when the body is the list
    param: str = ""  # the method's keyword carrying the position
    param_wire: str = ""
    cursor: tuple[str, ...] = ()
    has_more: tuple[str, ...] = ()
    item_id: str = ""
    size_param: str = ""
    default_size: int | None = None
    total_items: tuple[str, ...] = ()
    total_pages: tuple[str, ...] = ()
    first: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class OperationPlan:
    """One client method (sync and async) for one operation."""

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
    task: TaskPlan | None = None  # set when the operation starts a task
    #: "sse" / "ndjson": the method returns a Stream of ``return_type`` items
    streaming: Literal["", "sse", "ndjson"] = ""
    #: set when a ``stream=True`` keyword turns the JSON answer into a stream
    stream_switch: StreamSwitchPlan | None = None
    paging: PagingPlan | None = None  # set when the operation pages itself
    #: header carrying a generated idempotency key (retry-safe non-GET calls)
    idempotency_header: str | None = None

    @property
    def argument_names(self) -> tuple[str, ...]:
        """The method's keywords in the order of its parameters (without ``request_options``):
        path parameters, body, required then optional other parameters, the stream switch."""
        path = tuple(p.attr for p in self.params if p.location == "path")
        others = [p for p in self.params if p.location != "path"]
        required = tuple(p.attr for p in others if p.required)
        optional = tuple(p.attr for p in others if not p.required)
        body = ("body",) if self.body is not None else ()
        switch = (self.stream_switch.kwarg,) if self.stream_switch is not None else ()
        return (*path, *body, *required, *optional, *switch)

    @property
    def idempotent_method(self) -> bool:
        """Retried by default (``RequestBuilder.build``): GET, HEAD, OPTIONS, PUT, DELETE, TRACE."""
        return self.method in _IDEMPOTENT_METHODS

    @property
    def plain(self) -> bool:
        """Sent and read by ``call`` (``page`` when it pages) alone: no task or stream around
        the result (its ``with_raw_response`` form is then ``raw_method`` of the method)."""
        return self.task is None and not self.streaming and self.stream_switch is None


@dataclass(frozen=True, slots=True, kw_only=True)
class NamespacePlan:
    """An operation group: the classes ``client.<group>`` returns, and their module."""

    name: str
    class_name: str
    async_class_name: str
    raw_class_name: str  # ``client.<group>.with_raw_response``
    async_raw_class_name: str
    module: str
    operations: tuple[OperationPlan, ...]
    decoders: tuple[ResponsePlan, ...] = ()  # one response per distinct decode function
    tables: tuple[TablePlan, ...] = ()
    responses: tuple[ResponsesPlan, ...] = ()
    #: (name, validator) of each ``LazyCheck`` the module's request functions use
    checks: tuple[tuple[str, str], ...] = ()

    @property
    def plain_operations(self) -> tuple[OperationPlan, ...]:
        """The operations whose ``with_raw_response`` form is ``raw_method`` of the method."""
        return tuple(op for op in self.operations if op.plain)

    @property
    def raw_methods(self) -> bool:
        """Whether the ``with_raw_response`` class has methods of its own (the others)."""
        return len(self.plain_operations) < len(self.operations)


@dataclass(frozen=True, slots=True, kw_only=True)
class DefaultParam:
    """A parameter many operations take (or the configuration names): given once to the
    client, sent by each operation that declares it, overridable per call."""

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
    """The client: its operation groups, servers, authentication and defaults."""

    namespaces: tuple[NamespacePlan, ...]
    servers: tuple[tuple[str, str, str | None], ...]  # (name, url, description)
    server_variables: tuple[tuple[str, str, tuple[str, ...]], ...]  # name, default, enum
    auth: tuple[AuthPlan, ...]
    defaults: tuple[DefaultParam, ...]
    operations: tuple[tuple[str, str], ...]  # operationId -> "namespace.method"
    #: the typed error classes (``errors.py``)
    errors: ErrorsPlan | None = None
