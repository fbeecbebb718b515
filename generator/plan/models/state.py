"""The models planner's working state: the names claimed so far, the types decided per schema
pointer, the declarations made, and the small queries every shape function shares.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from ...ir.discriminators import dispatch_targets
from ...ir.fingerprint import Fingerprints
from ...ir.nodes import Api, Json, Schema
from ...naming.models import NameContext, claim_name, preferred_name
from ...naming.words import (
    ANNOTATION_NAMES,
    BUILTINS,
    Scope,
    class_name,
    identifier,
    snake,
)
from ...pointers import longest_prefix, unescape
from .. import types as t
from ..validators.planner import ValidatorPlanner

__all__ = ["MODEL_RESERVED", "ModelPlan"]

#: names a models module or the package uses itself: a schema class may not take them
MODEL_RESERVED = frozenset({
    # typing and dataclasses names used by models modules
    "Any", "Literal", "Mapping", "TypeAlias", "TYPE_CHECKING", "dataclass", "field",
    "annotations", "json", "Model", "model", "Callable", "UnknownValue",
    # what models and group modules import from the runtime (``_models``, ``_validation``)
    "Invalid", "LazyModule", "NULL", "FORMATS",
    # what group modules import for pages and raw responses
    "AsyncPage", "Paging", "RawResponse", "SyncPage",
    # the runtime's public names and those the operation modules import
    "UNSET", "Unset", "Client", "AsyncClient", "ValidationError", "ValidationIssue",
    "ApiError", "ApiClientError", "OPERATIONS", "SERVERS", "RetryPolicy", "RequestOptions",
    "Context", "Decoder", "RequestBuilder", "RequestSpec", "TaskHandle", "AsyncTaskHandle",
    "TaskResult", "TaskState", "validators", "models", "errors",
    # files and streams (operation modules), webhooks (webhooks.py)
    "Stream", "AsyncStream", "ServerSentEvent", "BinaryResponse", "AsyncBinaryResponse",
    "FileInput", "overload", "open_stream", "aopen_stream", "Iterable", "Secret",
    "SignatureScheme", "UnknownWebhookEvent", "WebhookEvent", "Headers", "webhooks",
}) | BUILTINS  # fmt: skip


INLINE_LITERAL_MAX = 3


FIELD_RESERVED = ANNOTATION_NAMES | {"self", "cls"}


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelPlan:
    """The planned models: modules, the type of each schema, the exports."""

    modules: tuple[t.ModelModule, ...]
    #: schema pointer -> its Python type (for operations and tests)
    types: dict[str, t.TypeExpr]
    #: public name -> module stem, for the lazy ``models/__init__.py``
    exports: tuple[tuple[str, str], ...]
    #: component name -> its declaration
    components: dict[str, t.Declaration]


@dataclass(slots=True)
class Planner:
    """Plans the models: one Python type per schema, declared once, in its module."""

    api: Api
    checks: ValidatorPlanner
    #: the shape functions, tried in order (see the module docstring)
    shapes: tuple[Shape, ...]
    #: pointers of the schemas the client sends (their enums stay closed ``Literal`` types)
    sent: frozenset[str] = frozenset()
    #: ``format: date-time``/``date`` strings become ``datetime``/``date`` (gen.yaml)
    native_dates: bool = True
    scope: Scope = field(default_factory=lambda: Scope(MODEL_RESERVED))
    functions: Scope = field(default_factory=Scope)
    module_names: Scope = field(default_factory=lambda: Scope({"__init__"}))
    types: dict[str, t.TypeExpr] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    declarations: dict[str, t.Declaration] = field(default_factory=dict)
    #: declaration name -> the pointer of the first declaration of that name
    declared: dict[str, str] = field(default_factory=dict)
    owner_module: dict[str, str] = field(default_factory=dict)  # pointer prefix -> module
    components: dict[str, str] = field(default_factory=dict)  # pointer -> component name
    named_at: dict[str, Schema] = field(default_factory=dict)  # class/union name -> schema
    exact: Fingerprints = field(default_factory=lambda: Fingerprints(exact=True))
    private: dict[str, Scope] = field(default_factory=dict)  # module -> its private names
    #: component name -> its class name, claimed before anything else is named
    component_names: dict[str, str] = field(default_factory=dict)
    #: the same inline schema (by exact fingerprint) and preferred name written out again
    #: (in every request body that takes it) is one class: the inline schemas given a named
    #: type, and the type, by a cheap key that equal fingerprints share (see
    #: :meth:`_inline_key`), then by preferred name; fingerprints are taken only when both
    #: meet
    inline: dict[Hashable, dict[str, list[tuple[Schema, t.TypeExpr]]]] = field(default_factory=dict)
    #: the name each place asks for first (places repeat: every request body taking a schema)
    preferred: dict[NameContext, str] = field(default_factory=dict)

    def module_of(self, pointer: str) -> str:
        prefix = longest_prefix(pointer, self.owner_module)
        return self.owner_module[prefix] if prefix is not None else "_shared"

    def type_of(self, schema: Schema, ctx: NameContext) -> t.TypeExpr:
        """The Python type of ``schema``; declares classes and aliases on the way."""
        done = self.types.get(schema.pointer)  # (never a bare reference's: it has no type)
        if done is not None:
            return done
        if schema.ref is not None and schema.ref in self.api.schemas and schema.keyword_count == 1:
            target = self.api.schemas[schema.ref]
            return self.type_of(target, self.context_for(target, ctx))
        if schema.boolean is not None:
            return t.TAny()
        if schema.pointer in self.pending:
            return t.TAny()  # a recursive map/list/union without a class in the loop
        key = self._inline_key(schema, ctx)
        same = None if key is None else self._same_inline(schema, ctx, key)
        if same is not None:
            self.types[schema.pointer] = same
            return same
        self.pending.add(schema.pointer)
        base = next(
            (found for shape in self.shapes if (found := shape(self, schema, ctx)) is not None),
            t.TAny(),
        )
        self.pending.discard(schema.pointer)
        if _nullable(schema) and base not in (t.NONE, t.TAny()):
            base = union_of((base, t.NONE))
        self.types[schema.pointer] = base
        if key is not None and isinstance(t.strip_none(base)[0], t.TNamed):
            by_name = self.inline.setdefault(key, {})
            by_name.setdefault(self._preferred(ctx), []).append((schema, base))
        return base

    def _inline_key(self, schema: Schema, ctx: NameContext) -> Hashable | None:
        """A cheap key of an inline schema that may be named (else None): keywords that the
        exact fingerprint counts, so two schemas with one fingerprint share it."""
        if ctx.role in ("component", "named") or schema.pointer in self.components:
            return None
        if not _may_be_named(schema):
            return None  # its type is never a named one: no other schema can lend it one
        names = tuple([name for name, _ in schema.properties])
        parts = (len(schema.all_of), len(schema.any_of), len(schema.one_of))
        return names, schema.enum, schema.ref, schema.title, parts

    def _preferred(self, ctx: NameContext) -> str:
        """The name ``ctx`` asks for first (memoised)."""
        preferred = self.preferred.get(ctx)
        if preferred is None:
            preferred = self.preferred[ctx] = preferred_name(ctx, MODEL_RESERVED)
        return preferred

    def _same_inline(self, schema: Schema, ctx: NameContext, key: Hashable) -> t.TypeExpr | None:
        """The type of the latest inline schema that is ``schema`` written out again (the
        same exact fingerprint) in a place that asks for the same name, if any."""
        by_name = self.inline.get(key)
        earlier = None if by_name is None else by_name.get(self._preferred(ctx))
        if not earlier:
            return None
        mine = self.exact(schema)
        return next((found for s, found in reversed(earlier) if self.exact(s) == mine), None)

    def context_for(self, target: Schema, ctx: NameContext) -> NameContext:
        name = self.components.get(target.pointer) or self._definition(target)
        return NameContext(role="component", word=name) if name is not None else ctx

    def _definition(self, target: Schema) -> str | None:
        """A schema defined by name elsewhere (``defs.yaml#/Problem``, ``#/$defs/Tag``) is
        named and placed like a component."""
        match = _DEFINITION.fullmatch(target.pointer)
        if match is None:
            return None
        name = unescape(match.group("name"))
        self.components[target.pointer] = name
        self.owner_module[target.pointer] = "_" + self.module_names.claim(identifier(name))
        return name

    def name(self, ctx: NameContext, kind: str = "") -> str:
        if ctx.role == "component":
            reserved = self.component_names.pop(ctx.word, None)
            return reserved or self.scope.claim(class_name(ctx.word, MODEL_RESERVED))
        return claim_name(ctx, self.scope, MODEL_RESERVED, kind)

    def function_name(self, prefix: str, name: str) -> str:
        """A public function of the models package (unique across its modules)."""
        return self.functions.claim(f"{prefix}{snake(name)}")

    def private_name(self, prefix: str, name: str, module: str) -> str:
        """A module's private helper (``_build_pet``): unique within its module only."""
        scope = self.private.get(module) or self.private.setdefault(
            module, Scope({"_new", "_v", "_t"})
        )
        return scope.claim(f"{prefix}{snake(name)}")

    def codec(self, s: Schema, name: str) -> t.Codec | None:
        if s.pointer not in self.components:
            return None
        return t.Codec(
            decode_fn=self.function_name("decode_", name),
            encode_fn=self.function_name("encode_", name),
            check_fn=self.checks.function(s, "check"),
            loose_fn=self.checks.function(s, "loose"),
        )

    def declare(self, schema: Schema, decl: t.Declaration) -> None:
        self.declarations[schema.pointer] = decl
        self.declared.setdefault(decl.name, schema.pointer)


_DEFINITION = re.compile(r"[^#]*#/(?:(?:components/schemas|definitions|\$defs)/)?(?P<name>[^/]+)")


def _may_be_named(s: Schema) -> bool:
    """Whether a shape may give ``s`` a named type (a class or an alias): not a plain
    ``str``/``list[...]``/``dict[...]``. Decided by keywords the exact fingerprint counts, so
    two schemas with one fingerprint agree."""
    return bool(
        s.properties
        or s.enum is not None
        or s.all_of
        or s.any_of
        or s.one_of
        or s.ref is not None
        or s.discriminator is not None
    )


def _nullable(s: Schema) -> bool:
    return s.nullable or (s.types is not None and "null" in s.types and len(s.types) > 1)


def union_of(options: tuple[t.TypeExpr, ...]) -> t.TypeExpr:
    if len(options) == 1 and not isinstance(options[0], t.TUnion):
        return options[0]  # the common case: one plain type
    flat: list[t.TypeExpr] = []
    for o in options:
        for x in o.options if isinstance(o, t.TUnion) else (o,):
            if x not in flat:
                flat.append(x)
    if any(isinstance(x, t.TAny) for x in flat):
        return t.TAny()
    return flat[0] if len(flat) == 1 else t.TUnion(tuple(flat))


def literal_able(values: tuple[Json, ...]) -> bool:
    return bool(values) and all(_literal(v.value) for v in values)


def _literal(value: object) -> bool:
    return value is None or isinstance(value, str | bool) or type(value) is int


def component(pl: Planner, s: Schema) -> str | None:
    return pl.components.get(s.pointer)


Shape = Callable[[Planner, Schema, NameContext], "t.TypeExpr | None"]


def declare_named(
    pl: Planner,
    s: Schema,
    name: str,
    kind: Literal["class", "union"],
    build: bool,
    one_pass: bool = False,
) -> t.TNamed:
    """The named type of a class or alias, registered before its parts (for recursion).
    A class with a ``one_pass`` decoder has no builder of its own: its decoder serves (checking
    an already validated value again costs little next to building it)."""
    classes_only = kind == "class" or _tagged_classes_only(pl, s)
    module = pl.module_of(s.pointer)
    decoder = pl.private_name("_decode_", name, module) if build else ""
    named = t.TNamed(
        name,
        module,
        kind,
        build,
        builder=decoder if one_pass else pl.private_name("_build_", name, module) if build else "",
        decoder=decoder,
        to_dict=classes_only,
        shape=pl.private_name("_shape_", name, module) if build and kind == "union" else "",
    )
    pl.types[s.pointer] = named
    pl.named_at[name] = s
    return named


def _tagged_classes_only(pl: Planner, s: Schema) -> bool:
    """A tagged union whose alternatives are all objects with properties (classes)."""
    targets = dispatch_targets(pl.api, s)
    return bool(targets) and all(
        any(p.properties for p in merged(pl, target)) for _, target in targets
    )


def merged(pl: Planner, s: Schema, seen: frozenset[str] = frozenset()) -> Iterator[Schema]:
    """The schemas ``allOf`` (and ``$ref``) merge into ``s``, innermost first, then ``s``."""
    if s.pointer in seen:
        return
    seen = seen | {s.pointer}
    parts = list(s.all_of)
    if s.ref is not None and s.ref in pl.api.schemas:
        parts.insert(0, pl.api.schemas[s.ref])
    for part in parts:
        yield from merged(pl, part, seen)
    yield s


def pinned(target: Schema) -> Json | None:
    """The one value a schema allows (``const``, or an ``enum`` of one), if literal-able."""
    if target.const is not None and literal_able((target.const,)):
        return target.const
    if target.enum is not None and len(target.enum) == 1 and literal_able(target.enum):
        return target.enum[0] if target.enum[0].value is not None else None
    return None
