"""The typed view of schemas: Python type expressions and the declarations that give them names.

A :data:`TypeExpr` is what an annotation says (``list[Pet] | None``); :class:`ModelClass`,
:class:`UnionAlias` and :class:`LiteralAlias` are the named things a models module declares.
Everything is frozen data; :mod:`generator.filters` prints it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar, Literal

from ..ir.nodes import Json
from .validators.checks import Check

__all__ = [
    "ClassDecoder",
    "Codec",
    "Declaration",
    "Field",
    "FieldDecode",
    "LiteralAlias",
    "ModelClass",
    "ModelModule",
    "PlainAlias",
    "TAny",
    "TList",
    "TLiteral",
    "TMap",
    "TNamed",
    "TPrim",
    "TUnion",
    "TypeExpr",
    "UnionAlias",
    "json_kind",
    "needs_build",
    "strip_none",
    "word_runs",
]


@dataclass(frozen=True, slots=True)
class TAny:
    """Any JSON value (a schema without constraints): ``Any``."""


@dataclass(frozen=True, slots=True)
class TPrim:
    """A built-in type (or one of the runtime's, such as ``BinaryResponse``)."""

    name: Literal[
        "str",
        "int",
        "float",
        "bool",
        "None",
        "bytes",
        "BinaryResponse",
        "ServerSentEvent",
        "datetime",
        "date",
    ]


@dataclass(frozen=True, slots=True)
class TLiteral:
    """A ``Literal[...]`` of enum or ``const`` values, open (unknown values kept) or not."""

    values: tuple[Json, ...]  # strings, integers, booleans, null
    open: bool = False  # a received string enum: ``| UnknownValue`` (values it does not list)


@dataclass(frozen=True, slots=True)
class TList:
    """``list[item]``."""

    item: TypeExpr


@dataclass(frozen=True, slots=True)
class TMap:
    """``dict[str, value]``."""

    value: TypeExpr


@dataclass(frozen=True, slots=True)
class TNamed:
    """A declared class or alias, and the models module that declares it."""

    name: str
    module: str
    kind: Literal["class", "union", "literal", "plain"]
    build: bool  # decoding needs a builder call (classes, unions of classes)
    builder: str = ""  # its builder function (when ``build``)
    decoder: str = ""  # its one-pass decoder (classes, unions of classes decoded by tag)
    to_dict: bool = False  # every value has ``.to_dict()`` (a class, a union of classes)
    strings: bool = False  # every value is a ``str`` (an enum of strings)
    shape: str = ""  # its tolerant-decoding shape (unions needing a build; see _tolerant.py)


@dataclass(frozen=True, slots=True)
class TUnion:
    """A union of types, in order."""

    options: tuple[TypeExpr, ...]


TypeExpr = TAny | TPrim | TLiteral | TList | TMap | TNamed | TUnion

NONE = TPrim("None")
#: ``format: date-time`` / ``date`` strings decoded as ``datetime`` / ``date`` objects
DATETIME = TPrim("datetime")
DATE = TPrim("date")
TEMPORAL = frozenset({DATETIME, DATE})


def needs_build(t: TypeExpr) -> bool:
    """Whether decoded JSON must be converted (classes inside), or can be used as it is."""
    if isinstance(t, TNamed):
        return t.build
    if isinstance(t, TList):
        return needs_build(t.item)
    if isinstance(t, TMap):
        return needs_build(t.value)
    if isinstance(t, TUnion):
        return any(needs_build(o) for o in t.options)
    return t in TEMPORAL


def strip_none(t: TypeExpr) -> tuple[TypeExpr, bool]:
    """``(T, True)`` for ``T | None``; ``(t, False)`` otherwise."""
    if isinstance(t, TUnion) and NONE in t.options:
        rest = tuple(o for o in t.options if o != NONE)
        return (rest[0] if len(rest) == 1 else TUnion(rest)), True
    return t, False


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """One attribute of a model class and the property it stands for."""

    attr: str  # Python attribute name
    wire: str  # exact JSON key
    type: TypeExpr
    required: bool
    const: Json | None  # a required const field defaults to its value
    default: Json | None  # the spec's ``default`` (documentation: absent stays absent)
    description: str | None
    deprecated: bool
    read_only: bool
    write_only: bool
    pointer: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldDecode:
    """How a class's one-pass decoder reads one property (held in variable ``x``).

    ``plain``: the lenient ``checks`` (raising ``Invalid``), then the value as built by
    ``build_expr``; ``child``: the ``decoder`` of the property's class or tagged union;
    ``children``: a list, each item through ``decoder``. ``nullable``: ``null`` stays ``None``.
    """

    attr: str
    wire: str
    type: TypeExpr
    required: bool
    kind: Literal["plain", "child", "children"]
    checks: tuple[Check, ...] = ()
    decoder: TNamed | None = None
    nullable: bool = False

    @property
    def direct(self) -> bool:
        """The checked JSON value is the Python value: it goes into the slot as it is."""
        return self.decoder is None and not needs_build(self.type)

    @property
    def checked(self) -> bool:
        """Whether the decoder checks this property before using it."""
        return self.kind == "children" or bool(self.checks)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassDecoder:
    """A one-pass decoder validating (leniently) and building a class at once; planned for
    classes whose schema is a plain object (``properties``, ``required``, boolean
    ``additionalProperties``): the others are validated, then built."""

    fields: tuple[FieldDecode, ...]

    @property
    def required_count(self) -> int:
        return sum(1 for f in self.fields if f.required)

    @property
    def has_optional(self) -> bool:
        return any(not f.required for f in self.fields)


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelClass:
    """A dataclass of the models package, made from an object schema."""

    kind: ClassVar[str] = "ModelClass"
    codec: ClassVar[None] = None
    name: str
    module: str
    pointer: str  # the schema the class stands for
    schema_name: str | None  # component name, when it is one
    description: str | None
    fields: tuple[Field, ...]
    #: type of additional properties kept in ``additional_properties``; None when forbidden
    extras: TypeExpr | None
    extras_attr: str  # ``additional_properties`` (the runtime's ``EXTRAS``)
    build_fn: str
    decode_fn: str  # validates leniently and builds (raises ``Invalid``)
    decoder: ClassDecoder | None  # its one-pass plan; None: ``loose_fn`` then ``build_fn``
    check_fn: str  # validators: collect issues
    loose_fn: str  # validators: lenient True/False
    deprecated: bool
    #: the schema admits objects only (or null); else (no ``type``) a valid value may be of
    #: another kind, which the builder rejects
    objects_only: bool = True

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    @property
    def optional_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.required)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnionAlias:
    """``Name = A | B``; decoded by the tag (``dispatch``), by JSON kind, or by trial."""

    kind: ClassVar[str] = "UnionAlias"
    name: str
    module: str
    pointer: str
    schema_name: str | None
    description: str | None
    options: tuple[TypeExpr, ...]
    tag_property: str | None
    dispatch: tuple[tuple[str, TypeExpr], ...]  # tag -> option (classes)
    #: options decoded from a JSON object / array: ``(loose validator, type)``, tried in order
    #: when there are several (the last one without a test)
    objects: tuple[tuple[str, TypeExpr], ...]
    arrays: tuple[tuple[str, TypeExpr], ...]
    build_fn: str
    tags_table: str  # tag -> builder dict (tagged unions)
    codec: Codec
    decode_fn: str = ""  # tagged unions of classes: decodes by the tag (raises ``Invalid``)
    decoders_table: str = ""  # tag -> decoder dict (with ``decode_fn``)
    shape: str = ""  # its tolerant-decoding shape (with ``build_fn``)


@dataclass(frozen=True, slots=True, kw_only=True)
class Codec:
    """Public ``decode_<name>`` / ``encode_<name>`` of a component that is not a class."""

    decode_fn: str
    encode_fn: str
    check_fn: str
    loose_fn: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LiteralAlias:
    """A type alias for an enum, made from a schema with ``enum`` or ``const``."""

    kind: ClassVar[str] = "LiteralAlias"
    build_fn: ClassVar[str] = ""
    name: str
    module: str
    pointer: str
    schema_name: str | None
    description: str | None
    values: tuple[Json, ...]
    nullable: bool
    open: bool  # string enum: unknown values are kept when decoding
    open_type: bool = False  # ... and only received: typed ``Literal[...] | UnknownValue``
    codec: Codec | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlainAlias:
    """A component that is not an object or union: ``Name = list[Pet]`` / ``str`` ..."""

    kind: ClassVar[str] = "PlainAlias"
    name: str
    module: str
    pointer: str
    schema_name: str | None
    description: str | None
    type: TypeExpr
    build_fn: str  # "" when decoded JSON can be used as it is
    codec: Codec


Declaration = ModelClass | UnionAlias | LiteralAlias | PlainAlias


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelModule:
    """One module of the models package and what it declares and imports."""

    name: str  # file stem, e.g. "_pet"
    declarations: tuple[Declaration, ...]
    #: other models modules used at run time (builders) or only for annotations
    runtime_imports: tuple[str, ...]
    typing_imports: tuple[tuple[str, str], ...]  # (module, name)

    @property
    def lazy_line(self) -> str | None:
        """``runtime_imports`` as the one string handed to ``lazy_siblings`` when the call
        fits on one line, else None (see :attr:`lazy_lines`)."""
        text = " ".join(self.runtime_imports)
        return text if len(text) <= _LAZY_ONE_LINE else None

    @property
    def lazy_lines(self) -> tuple[str, ...]:
        """``runtime_imports`` as space-separated runs of at most ~80 characters: the lines
        of that string when it does not fit on one (each run after the first starts with
        its space)."""
        return word_runs(self.runtime_imports, _LAZY_RUN)


#: ``    lazy_siblings(globals(), "...")`` within 100 characters; runs of the wrapped form
_LAZY_ONE_LINE = 68
_LAZY_RUN = 80


def word_runs(words: Iterable[str], width: int) -> tuple[str, ...]:
    """``words`` as space-separated runs of at most ``width`` characters (or one word): the
    lines of one string written as implicitly concatenated literals (each run after the first
    starts with its space)."""
    runs: list[str] = []
    for word in words:
        if runs and len(runs[-1]) + 1 + len(word) <= width:
            runs[-1] += " " + word
        else:
            runs.append(word if not runs else " " + word)
    return tuple(runs)


def json_kind(expr: TypeExpr) -> str:
    """How a union alternative of this type is told apart by its JSON value's kind."""
    if (isinstance(expr, TNamed) and expr.kind == "class") or isinstance(expr, TMap):
        return "object"
    if isinstance(expr, TList):
        return "array"
    if isinstance(expr, TNamed) and expr.build:
        return "other"  # a nested union or alias: decoded by its own builder
    return "scalar"
