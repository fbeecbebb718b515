"""Plan stage for the client: operations -> groups of methods, with their parameters,
bodies, responses, validators and decoders.

Parameters become keyword arguments with Python-safe names (``X-Integration-Id`` ->
``integration_id``: a leading ``X-`` is dropped from header names); a header or query parameter
that every operation requires can also be given once to the client. JSON bodies accept a
model or a plain mapping; form, multipart, text, bytes and NDJSON bodies are supported too.
A 2xx JSON response is validated leniently and decoded into its model; error responses are
decoded into the error model the spec gives them, when it does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ...config import Config
from ...ir.nodes import Api, MediaType, Operation, Param, Response
from ...naming.client import (
    CREDENTIAL_RESERVED,
    claim_method,
    env_var_name,
    namespace_of,
    server_names,
)
from ...naming.models import NameContext
from ...naming.words import (
    BUILTINS,
    Scope,
    class_name,
    identifier,
    pascal,
    snake,
)
from ...pointers import section_entry
from .. import types as t
from ..models import ModelPlanner
from ..validators import ValidatorPlanner
from .errors import plan_errors
from .idempotency import idempotency_header
from .plans import (
    BODY_KINDS,
    AuthPlan,
    BodyKind,
    BodyPlan,
    ClientPlan,
    DefaultParam,
    NamespacePlan,
    OperationNames,
    OperationPlan,
    ParamPlan,
    PathPart,
    ResponsePlan,
    StreamSwitchPlan,
)
from .sharing import DecoderNames, SharedTables, share_tables
from .streaming import (
    SWITCH_PROPERTY,
    item_schema,
    item_type,
    part_types,
    response_kind,
    return_type,
    stream_switch,
)

__all__ = ["plan_client"]

#: names a group module imports (its own helpers may not take them)
_MODULE_RESERVED = frozenset({
    "Any", "Literal", "Mapping", "Context", "Decoder", "RequestBuilder", "RequestOptions",
    "RequestSpec", "read_response", "dumps", "invalid", "cookie_pairs", "header_value",
    "json_text", "path_value", "query_pairs", "AsyncTaskHandle", "TaskHandle", "TaskResult",
    "TaskState", "UNSET", "Unset", "item_key", "items_of", "tag_text", "task_id_of", "_t", "_v",
    "UnknownValue",
    "AsyncPage", "Paging", "RawResponse", "SyncPage", "_r",
})  # fmt: skip


_IDEMPOTENT = frozenset({"get", "head", "options", "put", "delete", "trace"})


#: names a parameter may not take: the method's own arguments, and the names the method and
#: its request function use beside the parameters (arguments and locals: ``ctx``, ``rb``,
#: ``spec``, ``result``, ``response``, ``args``; the others are module functions a parameter
#: would shadow)
_PARAM_RESERVED = BUILTINS | {
    "self", "cls", "body", "request_options", "ctx", "rb", "spec", "result", "response", "args",
    "read_response", "query_pairs", "json_text", "header_value", "cookie_pairs", "path_value",
}  # fmt: skip


@dataclass(slots=True)
class _Ctx:
    """What planning the operations shares: the API, the planners, the options."""

    api: Api
    models: ModelPlanner
    checks: ValidatorPlanner
    config: Config
    defaults: dict[tuple[str, str], DefaultParam] = field(default_factory=dict)
    module_scopes: dict[str, Scope] = field(default_factory=dict)
    scope: Scope = field(default_factory=Scope)  # names of the current group's module
    module_decoders: dict[str, DecoderNames] = field(default_factory=dict)
    decoders: DecoderNames = field(default_factory=lambda: DecoderNames(Scope(), {}))


def plan_client(
    api: Api, models: ModelPlanner, checks: ValidatorPlanner, config: Config
) -> ClientPlan:
    ctx = _Ctx(api, models, checks, config)
    ops = [op for op in api.operations if not op.webhook]
    auth = _auth(api, ())
    ctx.defaults = _common_params(ops, config.client_defaults, auth)
    configured = dict(config.namespaces)
    methods = dict(config.method_names)
    scopes: dict[str, Scope] = {}
    named = []
    for op in ops:
        ns = namespace_of(op, configured)
        named.append((op, ns, claim_method(op, methods, scopes.setdefault(ns, Scope()))))
    groups: dict[str, list[OperationPlan]] = {}
    for op, ns, name in named:
        ctx.scope = ctx.module_scopes.setdefault(ns, Scope(_MODULE_RESERVED))
        ctx.decoders = ctx.module_decoders.setdefault(ns, DecoderNames(ctx.scope, {}))
        helpers = _names(name, ctx.scope, scopes[ns])
        plan = _operation(ctx, op, ns, name, helpers)
        if any(r.kind == "bytes" for r in plan.success):
            streaming = scopes[ns].claim(f"{name}_streaming")
            plan = replace(plan, names=replace(helpers, stream_method=streaming))
        groups.setdefault(ns, []).append(plan)
    # the group classes: the client module imports them all, a group module its models too
    classes = Scope(models.declared_names())
    namespaces = tuple(
        _namespace(ns, share_tables(tuple(plans), ctx.module_scopes[ns]), classes)
        for ns, plans in groups.items()
    )
    names = server_names(api.servers)
    variables = {v.name: (v.name, v.default, v.enum) for s in api.servers for v in s.variables}
    return ClientPlan(
        namespaces=namespaces,
        servers=tuple((n, s.url, s.description) for n, s in zip(names, api.servers, strict=True)),
        server_variables=tuple(variables.values()),
        auth=auth,
        defaults=_typed_defaults(ctx.defaults, namespaces),
        operations=tuple(
            (p.operation_id, f"{p.namespace}.{p.name}") for n in namespaces for p in n.operations
        ),
        errors=plan_errors(namespaces),
    )


_AUTH_KINDS = {
    "http_bearer": "bearer",
    "oauth2": "bearer",
    "openid": "bearer",
    "http_basic": "basic",
}


def _auth(api: Api, taken: Iterable[str]) -> tuple[AuthPlan, ...]:
    """The credentials the client takes: one parameter per scheme in use, each name unique
    (``ApiKey`` and ``api_key`` become ``api_key`` and ``api_key_2``) and free of ``taken``."""
    used = {name for req in api.security for name in req}
    used |= {name for op in api.operations for req in op.security or () for name in req}
    schemes = [s for s in api.security_schemes if s.key in used and s.kind != "other"]
    single = len(schemes) == 1
    scope = Scope(CREDENTIAL_RESERVED | set(taken))
    out = []
    for s in schemes:
        kind = _AUTH_KINDS.get(s.kind) or (s.location or "header")
        name = "Authorization" if kind in ("bearer", "basic") else (s.param_name or s.key)
        preferred = ("basic_auth" if kind == "basic" else "api_key") if single else s.key
        attr = scope.claim(identifier(preferred, CREDENTIAL_RESERVED))
        env = env_var_name(api.title, "API_KEY" if single else snake(attr).upper())
        out.append(
            AuthPlan(
                attr=attr,
                kind=kind,  # type: ignore[arg-type]
                name=name,
                env=env,
                scheme=s.key,
                description=s.description,
            )
        )
    return tuple(out)


def _namespace(ns: str, shared: SharedTables, classes: Scope) -> NamespacePlan:
    """A group's classes: ``UsersApi`` / ``AsyncUsersApi``, numbered where two groups would
    get the same name (``users2`` and ``users_2`` are both ``Users2Api``) or a model has it."""
    base = classes.claim(class_name(pascal(ns) + "Api"))
    return NamespacePlan(
        name=ns,
        class_name=base,
        async_class_name=classes.claim("Async" + base),
        raw_class_name=classes.claim(base + "WithRawResponse"),
        async_raw_class_name=classes.claim(f"Async{base}WithRawResponse"),
        module=ns,
        operations=shared.operations,
        decoders=shared.decoders,
        tables=shared.tables,
        responses=shared.responses,
        checks=shared.checks,
    )


def _param_attr(param: Param) -> str:
    wire = param.name
    if param.location == "header" and wire.lower().startswith("x-") and len(wire) > 2:
        wire = wire[2:]
    return identifier(wire, _PARAM_RESERVED)


#: keyword arguments of the client's constructor: a client default may not take them
_CLIENT_ARGS = frozenset({
    "server", "base_url", "server_variables", "timeout", "retry", "headers",
    "validate_requests", "response_validation", "log", "transport", "http_client", "clock",
    "sleep",
})  # fmt: skip


def _common_params(
    ops: list[Operation], configured: tuple[str, ...], auth: tuple[AuthPlan, ...]
) -> dict[tuple[str, str], DefaultParam]:
    """Header/query/cookie parameters that at least half of the operations take (two at
    least), or that the configuration names: given once to the client, in spec order."""
    first: dict[tuple[str, str], Param] = {}
    count: dict[tuple[str, str], int] = {}
    for op in ops:
        own: dict[tuple[str, str], Param] = {}
        for p in op.params:
            if p.location != "path":
                own[(str(p.location), p.name)] = p
        for key, p in own.items():
            first.setdefault(key, p)
            count[key] = count.get(key, 0) + 1
    attrs = Scope(_CLIENT_ARGS | {a.attr for a in auth})
    out: dict[tuple[str, str], DefaultParam] = {}
    for key, p in first.items():
        shared = count[key] >= 2 and count[key] * 2 >= len(ops)
        if shared or p.name in configured:
            out[key] = DefaultParam(
                attr=attrs.claim(_param_attr(p)),
                wire=p.name,
                location=p.location,
                type=t.TPrim("str"),
                description=p.description,
            )
    return out


def _typed_defaults(
    defaults: dict[tuple[str, str], DefaultParam], namespaces: tuple[NamespacePlan, ...]
) -> tuple[DefaultParam, ...]:
    """Each client default with the type of the first operation parameter it stands for."""
    params = [p for ns in namespaces for op in ns.operations for p in op.params]
    typed = []
    for d in defaults.values():
        found = next((p for p in params if (p.location, p.wire) == (d.location, d.wire)), None)
        typed.append(replace(d, type=found.type) if found is not None else d)
    return tuple(typed)


def _names(name: str, module: Scope, methods: Scope) -> OperationNames:
    """Module-level helpers and private methods of one operation, unique in their scopes."""
    return OperationNames(
        request_fn=module.claim(f"_{name}_request"),
        key_fn=module.claim(f"_{name}_key"),
        interpret_fn=module.claim(f"_interpret_{name}"),
        resume_method=methods.claim(f"resume_{name}"),
        handle_method=methods.claim(f"_{name}_handle"),
        paging=module.claim(f"_{name}_paging").upper(),
    )


def _operation(
    ctx: _Ctx, op: Operation, ns: str, name: str, names: OperationNames
) -> OperationPlan:
    stem = pascal(name)
    attrs = Scope(_PARAM_RESERVED)
    params = tuple(_param(ctx, p, stem, attrs) for p in op.params)
    body = _body(ctx, op, stem)
    success = tuple(_responses(ctx, op, name, success=True))
    stream = next((r for r in success if r.kind in ("sse", "ndjson")), None)
    switch = _switch(ctx, op, name, attrs) if body is not None and body.kind == "json" else None
    return OperationPlan(
        stream_switch=switch,
        streaming=stream.kind if stream is not None else "",  # type: ignore[arg-type]
        operation_id=op.operation_id,
        method=op.method.upper(),
        path=op.path,
        path_parts=_path_parts(op.path, params),
        name=name,
        namespace=ns,
        summary=op.summary,
        description=op.description,
        deprecated=op.deprecated,
        params=params,
        body=body,
        success=success,
        errors=tuple(_responses(ctx, op, name, success=False)),
        return_type=return_type(success) if stream is None else item_type(stream),
        retry_safe=_retry_safe(ctx, op),
        pointer=op.pointer,
        names=names,
        idempotency_header=idempotency_header(ctx.api, ctx.config, op, _retry_safe(ctx, op)),
    )


def _switch(ctx: _Ctx, op: Operation, name: str, attrs: Scope) -> StreamSwitchPlan | None:
    """The stream form of an operation that answers JSON or a stream (``streaming.py``)."""
    source = stream_switch(ctx.api, op)
    if source is None:
        return None
    word = pascal(name) + "Event"
    plan = _response(ctx, op, source.response, word, media=source.media)
    return StreamSwitchPlan(
        kwarg=attrs.claim(SWITCH_PROPERTY),
        field=SWITCH_PROPERTY,
        response=plan,
        item_type=item_type(plan),
        table=ctx.scope.claim(f"_{name}_stream").upper(),
    )


def _retry_safe(ctx: _Ctx, op: Operation) -> bool:
    marked = any(
        k in ("x-gen-retry-safe", "x-idempotent") and v.value is True for k, v in op.extensions
    )
    return op.method in _IDEMPOTENT or marked or op.operation_id in ctx.config.retry_safe


def _param(ctx: _Ctx, p: Param, stem: str, attrs: Scope) -> ParamPlan:
    default = ctx.defaults.get((p.location, p.name))
    type_: t.TypeExpr = t.TAny()
    check = None
    if p.schema is not None:
        type_ = ctx.models.type_for(p.schema, NameContext.at("property", p.name, stem))
        check = ctx.checks.function(p.schema, "check")
    return ParamPlan(
        attr=attrs.claim(default.attr if default else _param_attr(p)),
        wire=p.name,
        location=p.location,
        required=p.required and default is None,
        wire_required=p.required,
        type=type_,
        style=p.style,
        explode=p.explode,
        json_content=p.content_type is not None and "json" in p.content_type,
        check_fn=check,
        default_key=default.attr if default else None,
        description=p.description,
        deprecated=p.deprecated,
        allow_reserved=p.allow_reserved and p.location == "query",
    )


def _path_parts(path: str, params: tuple[ParamPlan, ...]) -> tuple[PathPart, ...]:
    """The path template as literal text and parameters (with their style and explode)."""
    by_wire = {p.wire: p for p in params if p.location == "path"}
    parts: list[PathPart] = []
    rest = path
    while "{" in rest and "}" in rest.split("{", 1)[1]:
        head, _, tail = rest.partition("{")
        wire, _, rest = tail.partition("}")
        if head:
            parts.append(PathPart("text", head))
        param = by_wire.get(wire)
        if param is None:
            parts.append(PathPart("text", f"{{{wire}}}"))
        else:
            parts.append(PathPart("param", param.attr, param.wire, param.style, param.explode))
    if rest:
        parts.append(PathPart("text", rest))
    return tuple(parts)


def _media_kind(content_type: str) -> BodyKind:
    lowered = content_type.lower().split(";")[0].strip()
    return next(kind for marker, kind in BODY_KINDS if _matches(lowered, marker))


def _matches(media_type: str, marker: str) -> bool:
    """A marker names a whole media type (``application/jsonl`` is not ``application/json``),
    a structured-syntax suffix (``+json``), a top-level type (``text/``) or anything (``""``)."""
    if marker.startswith("+"):
        return media_type.endswith(marker)
    if marker.endswith("/"):
        return media_type.startswith(marker)
    return media_type == marker or not marker


def _preferred(contents: tuple[MediaType, ...]) -> MediaType | None:
    order = [kind for _, kind in BODY_KINDS]
    ranked = sorted(contents, key=lambda m: order.index(_media_kind(m.content_type)))
    return ranked[0] if ranked else None


def _body(ctx: _Ctx, op: Operation, stem: str) -> BodyPlan | None:
    if op.body is None:
        return None
    media = _preferred(op.body.contents)
    if media is None:
        return None
    kind = _media_kind(media.content_type)
    type_: t.TypeExpr = t.TAny()
    check = None
    if media.schema is not None and kind in ("json", "form", "ndjson", "multipart"):
        type_ = ctx.models.type_for(
            media.schema, NameContext(role="place", stem=stem, word="Request")
        )
        check = ctx.checks.function(media.schema, "check")
    per_item = kind == "ndjson" and media.schema is not None and not isinstance(type_, t.TList)
    model_class = isinstance(type_, t.TNamed) and type_.kind == "class"
    return BodyPlan(
        kind=kind,
        content_type=media.content_type,
        type=type_,
        model_class=model_class,
        check_fn=check,
        required=op.body.required,
        description=op.body.description,
        per_item=per_item,
        writer=_BODY_WRITERS[kind] if not per_item else "ndjson_items_body",
        encodings=part_types(media) if kind == "multipart" else (),
    )


#: the runtime's body writer per kind of body (see ``RequestBuilder`` in ``_base.py``)
_BODY_WRITERS: dict[BodyKind, str] = {
    "json": "json_body",
    "form": "form_body",
    "multipart": "multipart_body",
    "ndjson": "ndjson_body",
    "text": "text_body",
    "bytes": "bytes_body",
}


def _responses(ctx: _Ctx, op: Operation, name: str, *, success: bool) -> Iterable[ResponsePlan]:
    chosen = [r for r in op.responses if r.status.startswith("2") == success]
    if not success:
        chosen = [r for r in op.responses if not r.status.startswith(("1", "2", "3"))]
    many = len(chosen) > 1
    for r in chosen:
        word = (
            pascal(name)
            + ("Response" if success else "Error")
            + (r.status if many and r.status[0].isdigit() else "")
        )
        yield _response(ctx, op, r, word)


def _response(
    ctx: _Ctx,
    op: Operation,
    r: Response,
    word: str,
    media: MediaType | None = None,
) -> ResponsePlan:
    """How one response is read: its preferred media type, or ``media``."""
    media = media or _preferred(r.contents)
    if media is None:
        return ResponsePlan(
            status=r.status,
            kind="empty",
            type=None,
            decoder="",
            check_fn="",
            loose_fn="",
            description=r.description,
        )
    kind = response_kind(media.content_type)
    schema = item_schema(kind, media.schema)
    if kind in ("text", "bytes") or schema is None:
        return ResponsePlan(
            status=r.status,
            kind=kind if kind in ("sse", "ndjson", "text") else "bytes",
            type=None,
            decoder="",
            check_fn="",
            loose_fn="",
            description=r.description,
        )
    type_ = ctx.models.type_for(schema, _response_context(r, word))
    items = ctx.models.items_decoder_of(schema, type_)
    plan = ResponsePlan(
        status=r.status,
        kind=kind,
        type=type_,
        decoder="",
        check_fn=ctx.checks.function(schema, "check"),
        loose_fn=ctx.checks.function(schema, "loose"),
        description=r.description,
        model_decoder=items or ctx.models.decoder_of(schema, type_),
        model_items=items is not None,
    )
    return replace(plan, decoder=ctx.decoders.name(plan))


def _response_context(r: Response, word: str) -> NameContext:
    entry = section_entry(r.pointer)
    if entry is not None and entry[0] == "responses":
        return NameContext(role="named", word=class_name(entry[1]))
    return NameContext(role="place", stem="", word=word)
