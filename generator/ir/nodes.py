"""The intermediate representation: a frozen, source-free picture of the API.

Every node carries the JSON pointer it came from (``file#/components/schemas/Pet``; the entry
document's file part is empty). Schema nodes keep everything JSON Schema 2020-12 and OpenAPI
3.0/3.1 can say, already normalised (3.0 ``nullable`` is folded into ``types``, boolean
``exclusiveMinimum`` into a number, ``example`` into ``examples``). A ``$ref`` is kept as the
pointer key of its target in :attr:`Api.schemas`, so recursion is just a key that comes back.

Nothing here produces source text; naming and rendering happen in later stages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import Any, Literal

__all__ = [
    "JSON_TYPES",
    "Api",
    "Discriminator",
    "Example",
    "Json",
    "MediaType",
    "Operation",
    "Param",
    "Pattern",
    "RequestBody",
    "Response",
    "Schema",
    "SecurityScheme",
    "Server",
    "ServerVariable",
    "absent",
]

JSON_TYPES = ("null", "boolean", "object", "array", "number", "integer", "string")


@dataclass(frozen=True, slots=True)
class Json:
    """An immutable JSON value (const, enum member, default, example), kept as canonical text."""

    text: str

    @staticmethod
    def of(value: Any) -> Json:
        return Json(json.dumps(value, ensure_ascii=False, allow_nan=True))

    @property
    def value(self) -> Any:
        """The parsed value: scalars parsed once per distinct text, containers each time (a
        fresh copy the caller may change)."""
        if self.text[:1] in "[{":
            return json.loads(self.text)
        return _scalar(self.text)


@lru_cache(maxsize=65536)
def _scalar(text: str) -> Any:
    return json.loads(text)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A regular expression: the ECMA-262 source and its Python ``re`` translation."""

    source: str
    python: str

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.python)


@dataclass(frozen=True, slots=True, kw_only=True)
class Discriminator:
    """A union's ``discriminator``: the tag property and its explicit mapping."""

    property_name: str
    #: tag value -> pointer key of the schema it selects (explicit ``mapping`` only)
    mapping: tuple[tuple[str, str], ...] = ()
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Schema:
    """One JSON Schema node. ``None`` / empty means the keyword is absent."""

    pointer: str
    boolean: bool | None = None  # a ``true`` / ``false`` schema
    ref: str | None = None
    #: OpenAPI 3.0 ``nullable: true``: null is valid whatever the other keywords say
    nullable: bool = False
    types: tuple[str, ...] | None = None
    const: Json | None = None
    enum: tuple[Json, ...] | None = None
    # strings
    min_length: int | None = None
    max_length: int | None = None
    pattern: Pattern | None = None
    format: str | None = None
    content_media_type: str | None = None
    content_encoding: str | None = None
    # numbers
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    multiple_of: int | float | None = None
    # arrays
    items: Schema | None = None
    prefix_items: tuple[Schema, ...] = ()
    contains: Schema | None = None
    min_contains: int | None = None
    max_contains: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    # objects
    properties: tuple[tuple[str, Schema], ...] = ()
    required: tuple[str, ...] = ()
    additional_properties: Schema | None = None
    unevaluated_properties: Schema | None = None
    pattern_properties: tuple[tuple[Pattern, Schema], ...] = ()
    property_names: Schema | None = None
    min_properties: int | None = None
    max_properties: int | None = None
    dependent_required: tuple[tuple[str, tuple[str, ...]], ...] = ()
    dependent_schemas: tuple[tuple[str, Schema], ...] = ()
    # applicators
    all_of: tuple[Schema, ...] = ()
    any_of: tuple[Schema, ...] = ()
    one_of: tuple[Schema, ...] = ()
    not_: Schema | None = None
    if_: Schema | None = None
    then: Schema | None = None
    else_: Schema | None = None
    discriminator: Discriminator | None = None
    # annotations
    title: str | None = None
    description: str | None = None
    default: Json | None = None
    examples: tuple[Json, ...] = ()
    #: where each example sits, relative to the schema (``example`` or ``examples/2``)
    example_pointers: tuple[str, ...] = ()
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False
    #: ``x-...`` extension values kept for generator options (``x-enum-varnames`` ...)
    extensions: tuple[tuple[str, Json], ...] = ()
    #: :meth:`keywords`, kept once asked for (planning asks ~10,000 times on a large spec);
    #: not part of the node's value: left out of ``repr``, equality and hashing
    _keywords: frozenset[str] | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def prop(self, name: str) -> Schema | None:
        for key, value in self.properties:
            if key == name:
                return value
        return None

    def keywords(self) -> frozenset[str]:
        """The assertion/applicator keywords the node has (IR field names: ``all_of`` ...)."""
        if self._keywords is None:
            found = frozenset(
                name
                for name, value in zip(_ASSERTIONS, _assertions(self), strict=True)
                if not (value is None or value is False or value == ())  # as absent(), inline
            )
            object.__setattr__(self, "_keywords", found)  # a memo: the node does not change
            return found
        return self._keywords

    @property
    def keyword_count(self) -> int:
        """How many assertion/applicator keywords the node has (0: accepts anything)."""
        return len(self.keywords())


def absent(value: object) -> bool:
    """The "keyword absent" values (``0`` is a value: ``minimum: 0`` is a keyword)."""
    return value is None or value is False or value == ()


_ASSERTIONS = (
    "boolean", "ref", "nullable", "types", "const", "enum", "min_length", "max_length", "pattern",
    "minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "multiple_of", "items",
    "prefix_items", "contains", "min_items", "max_items", "unique_items", "properties",
    "required", "additional_properties", "unevaluated_properties", "pattern_properties",
    "property_names",
    "min_properties", "max_properties", "dependent_required", "dependent_schemas", "all_of",
    "any_of", "one_of", "not_", "if_", "then", "else_",
)  # fmt: skip
#: the values of those keywords of a node, as one tuple
_assertions = attrgetter(*_ASSERTIONS)


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    """A named example value (``examples``) and where it is."""

    name: str
    value: Json
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaType:
    """One content type of a request body or response, with its schema and examples."""

    content_type: str
    schema: Schema | None
    examples: tuple[Example, ...]
    pointer: str
    #: multipart/form parts: property -> its ``encoding.<property>.contentType``
    encoding: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Param:
    """An operation parameter (path, query, header or cookie) and how it is serialised."""

    name: str
    location: Literal["path", "query", "header", "cookie"]
    required: bool
    schema: Schema | None
    style: str
    explode: bool
    allow_reserved: bool = False
    content_type: str | None = None  # a parameter described with ``content`` (encoded as JSON)
    description: str | None = None
    deprecated: bool = False
    examples: tuple[Example, ...] = ()
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestBody:
    """An operation's request body: whether required, and its content types."""

    required: bool
    contents: tuple[MediaType, ...]
    description: str | None
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    """A response header the spec declares."""

    name: str
    schema: Schema | None
    description: str | None
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """One response of an operation, by status (``200``, ``2XX`` or ``default``)."""

    status: str  # "200", "2XX" or "default"
    description: str | None
    contents: tuple[MediaType, ...]
    headers: tuple[Header, ...]
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    """One operation (method and path) with everything the client needs of it."""

    operation_id: str  # from the spec, or derived from method and path when absent
    has_operation_id: bool
    method: str  # lower case
    path: str
    summary: str | None
    description: str | None
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    deprecated: bool
    security: tuple[tuple[str, ...], ...] | None  # alternatives of scheme names; None: inherit
    webhook: bool = False
    extensions: tuple[tuple[str, Json], ...] = ()
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerVariable:
    """A variable of a server URL template, with its default and allowed values."""

    name: str
    default: str
    enum: tuple[str, ...]
    description: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Server:
    """A server the spec lists: its URL template and variables."""

    url: str
    description: str | None
    variables: tuple[ServerVariable, ...]
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityScheme:
    """A security scheme, reduced to how the client sends its credential."""

    key: str
    kind: Literal["http_bearer", "http_basic", "api_key", "oauth2", "openid", "other"]
    location: Literal["header", "query", "cookie"] | None  # for api_key
    param_name: str | None  # header/query/cookie name for api_key
    description: str | None
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
    """The whole document as gen understands it: the root of the IR."""

    openapi: str  # "3.0.3", "3.1.0", ...
    title: str
    version: str
    description: str | None
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    security: tuple[tuple[str, ...], ...]
    operations: tuple[Operation, ...]
    #: component schema name -> its node, in spec order
    components: tuple[tuple[str, Schema], ...]
    #: every schema reachable by ``$ref``: pointer key -> node
    schemas: Mapping[str, Schema]
    extensions: tuple[tuple[str, Json], ...] = ()

    def target(self, schema: Schema) -> Schema:
        """Follow ``$ref`` chains to the node that has content (stops on a cycle)."""
        seen: set[str] = set()
        while schema.ref is not None and schema.ref not in seen and _only_ref(schema):
            seen.add(schema.ref)
            schema = self.schemas[schema.ref]
        return schema


def _only_ref(schema: Schema) -> bool:
    return schema.keyword_count == 1
