"""The validator plan: straight-line checks, as data, ready for the templates to print.

A :class:`Check` names the variable it tests and the JSON path of that variable (a
:class:`JsonPath`: the function's path argument plus literal keys and loop variables). Each
check class has a ``kind`` that selects its macro in ``templates/validators/checks.jinja``.
Functions come in three modes:

* ``check`` collects every :class:`ValidationIssue` into ``out`` (the public validators);
* ``valid`` answers True/False at the first problem (``anyOf``/``oneOf``/``not``/... and decoders);
* ``loose`` is ``valid`` for decoding server responses: unknown values of string enums and
  properties that ``additionalProperties: false`` forbids are accepted (open enums; an old
  client survives a newer server). Inside ``oneOf``/``not``/``if`` it falls back to ``valid``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from .names import nameless, names_used, renamed

__all__ = [
    "AnyOf",
    "Call",
    "Check",
    "Compare",
    "Contains",
    "DependentRequired",
    "DependentSchema",
    "Dispatch",
    "DispatchTable",
    "EntryPoint",
    "EnumIn",
    "Evaluated",
    "Fail",
    "FormatCheck",
    "IfThenElse",
    "Items",
    "JsonPath",
    "Mode",
    "MultipleOf",
    "Not",
    "Nullable",
    "ObjectKeys",
    "OneOf",
    "PatternProperty",
    "PatternSearch",
    "PrefixItem",
    "Property",
    "PropertyNames",
    "Required",
    "Switch",
    "SwitchBranch",
    "TableEntry",
    "Typed",
    "TypedRow",
    "Unevaluated",
    "Unique",
    "ValidatorFile",
    "ValidatorFunction",
    "ValidatorModule",
    "names_used",
    "renamed",
]

Mode = Literal["check", "valid", "loose"]

#: field metadata of a field that names module-level constants or functions of ``validators.py``
#: (a name, a tuple of names, or ``(name, flag)`` pairs): :func:`names_used` reads these fields
REF = {"ref": True}


def _ref() -> Any:
    return field(metadata=REF)


@dataclass(frozen=True, slots=True)
class PathPart:
    """One step of a JSON path: a literal key, an index, or a loop variable."""

    kind: Literal["key", "index", "dynamic"]
    value: str  # the JSON-path text of a literal key (".name" / '["odd"]'), or a variable


@dataclass(frozen=True, slots=True)
class JsonPath:
    """Where a checked value sits: the function's ``p`` plus keys and loop variables."""

    base: str
    parts: tuple[PathPart, ...] = ()

    def key(self, text: str) -> JsonPath:
        return JsonPath(self.base, (*self.parts, PathPart("key", text)))

    def index(self, var: str) -> JsonPath:
        return JsonPath(self.base, (*self.parts, PathPart("index", var)))

    def literal_index(self, index: int) -> JsonPath:
        return JsonPath(self.base, (*self.parts, PathPart("key", f"[{index}]")))

    def dynamic(self, var: str) -> JsonPath:
        return JsonPath(self.base, (*self.parts, PathPart("dynamic", var)))


nameless(PathPart, JsonPath)


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """One step of a validator function (see the subclasses, one per kind)."""

    kind: ClassVar[str]
    var: str
    path: JsonPath


@dataclass(frozen=True, slots=True, kw_only=True)
class Fail(Check):
    """Always fails (the ``false`` schema, or ``items: false`` beyond the prefix)."""

    kind: ClassVar[str] = "fail"
    keyword: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Nullable(Check):
    """OpenAPI 3.0 ``nullable``: null skips every other check of the schema."""

    kind: ClassVar[str] = "nullable"
    body: tuple[Check, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Call(Check):
    """Apply another function (a ``$ref`` target) to the same value."""

    kind: ClassVar[str] = "call"
    function: str = _ref()


@dataclass(frozen=True, slots=True, kw_only=True)
class SwitchBranch:
    """The checks of one kind of value, inside a ``Switch``."""

    group: Literal["string", "number", "object", "array"]
    body: tuple[Check, ...]
    guaranteed: bool  # the type check already ensures this kind: no guard needed in valid mode


@dataclass(frozen=True, slots=True, kw_only=True)
class Switch(Check):
    """``type`` plus the keywords that only apply to one kind of value."""

    kind: ClassVar[str] = "switch"
    allowed: tuple[str, ...] | None  # JSON types; None when ``type`` is absent
    message: str  # "expected string or null"
    branches: tuple[SwitchBranch, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Compare(Check):
    """A bound: fails when ``<subject> <op> <bound>`` (``op`` is the failing comparison)."""

    kind: ClassVar[str] = "compare"
    subject: Literal["value", "len"]
    op: Literal["<", "<=", ">", ">="]
    bound: int | float
    keyword: str
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PatternSearch(Check):
    """``pattern``: the compiled search must find a match."""

    kind: ClassVar[str] = "pattern"
    regex: str = _ref()  # the module constant holding the compiled ``search``
    seen: str = _ref()  # its memo of answers
    source: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FormatCheck(Check):
    """``format``: the string must have the format (when it is asserted)."""

    kind: ClassVar[str] = "format"
    format: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MultipleOf(Check):
    """``multipleOf``: the number must be a multiple of the divisor."""

    kind: ClassVar[str] = "multiple_of"
    divisor: int | float


@dataclass(frozen=True, slots=True, kw_only=True)
class EnumIn(Check):
    """Membership in ``enum`` (or equality with ``const``) under JSON equality."""

    kind: ClassVar[str] = "enum"
    keyword: Literal["enum", "const"]
    strings: tuple[str, ...]
    strings_const: str | None = _ref()  # a frozenset constant when there are many strings
    null: bool
    true: bool
    false: bool
    numbers: tuple[int | float, ...]
    others_const: str | None = _ref()  # objects/arrays: a tuple compared with json_in
    message: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Required(Check):
    """``required``: the names must all be present."""

    kind: ClassVar[str] = "required"  # inline tests when few names, else one subset test
    names: tuple[str, ...]
    names_const: str | None = _ref()  # names' ``dict.fromkeys(...).keys()``; None: inline


@dataclass(frozen=True, slots=True, kw_only=True)
class Property(Check):
    """The checks of one named property, when it is present."""

    kind: ClassVar[str] = "property"
    name: str
    sub_var: str
    body: tuple[Check, ...]
    required: bool  # already checked present: valid mode reads it without a test


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedRow:
    """A property of a ``Typed`` group: its name and its one test."""

    name: str
    test: Switch | Call  # the property's only test (``type``, or a call outside check mode)
    required: bool  # checked present already
    format: str = ""  # check mode: the format a string must have (its only other test)


@dataclass(frozen=True, slots=True, kw_only=True)
class Typed(Check):
    """The properties whose only test is ``type``, tested together: in ``check`` mode as one
    table for the runtime's ``typed`` (the expected types as the messages say them, ``string
    or null``), in the other modes as one condition, with the properties whose only test is
    a call."""

    kind: ClassVar[str] = "typed"
    rows: tuple[TypedRow, ...]

    @property
    def table(self) -> tuple[tuple[str, ...], ...]:
        """The rows of ``typed``: (name, expected types) or (name, expected types, format)."""
        return tuple(
            (r.name, r.test.message.removeprefix("expected "), *((r.format,) if r.format else ()))
            for r in self.rows
            if isinstance(r.test, Switch)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class PatternProperty:
    """One ``patternProperties`` entry: the key regex and the checks of its values."""

    regex: str = _ref()
    body: tuple[Check, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectKeys(Check):
    """``patternProperties`` and ``additionalProperties``: one loop over the keys."""

    kind: ClassVar[str] = "object_keys"
    key_var: str
    value_var: str
    match_var: str
    key_path: JsonPath
    known: tuple[str, ...]
    known_const: str | None = _ref()
    patterns: tuple[PatternProperty, ...]
    additional: tuple[Check, ...] | None  # None: no additionalProperties keyword
    forbid: bool  # additionalProperties: false

    @property
    def checks_additional(self) -> bool:
        return self.forbid or bool(self.additional)

    @property
    def uses_value(self) -> bool:
        bodies = [*(self.additional or ()), *(c for p in self.patterns for c in p.body)]
        return any(check.kind != "fail" for check in bodies)


@dataclass(frozen=True, slots=True, kw_only=True)
class Evaluated:
    """Property names a schema evaluates (JSON Schema annotations), maybe under conditions.

    ``conditions`` are ``(function, negate)`` pairs that must all hold (``valid`` functions of
    ``anyOf``/``oneOf``/``if`` branches) or ``("", key)`` for "``key`` is present"."""

    conditions: tuple[tuple[str, bool], ...] = _ref()
    present: tuple[str, ...]  # keys that must be present (dependentSchemas)
    names: tuple[str, ...]
    regexes: tuple[str, ...] = _ref()
    everything: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Unevaluated(Check):
    """``unevaluatedProperties``: applies to keys no (successful) subschema evaluated."""

    kind: ClassVar[str] = "unevaluated"
    base: Evaluated  # what is evaluated unconditionally
    conditional: tuple[Evaluated, ...]
    names_var: str
    regexes_var: str
    all_var: str
    key_var: str
    value_var: str
    key_path: JsonPath
    body: tuple[Check, ...]
    forbid: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class PropertyNames(Check):
    """``propertyNames``: every key must pass the checks."""

    kind: ClassVar[str] = "property_names"
    key_var: str
    key_path: JsonPath
    body: tuple[Check, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DependentRequired(Check):
    """``dependentRequired``: when ``name`` is present, so must ``requires`` be."""

    kind: ClassVar[str] = "dependent_required"
    name: str
    requires: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class DependentSchema(Check):
    """``dependentSchemas``: when ``name`` is present, the object must pass the checks."""

    kind: ClassVar[str] = "dependent_schema"
    name: str
    body: tuple[Check, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Items(Check):
    """``items`` (after ``start`` prefix items): every item must pass the checks."""

    kind: ClassVar[str] = "items"
    start: int
    index_var: str
    item_var: str
    body: tuple[Check, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PrefixItem(Check):
    """One ``prefixItems`` entry: the item at ``index`` must pass the checks."""

    kind: ClassVar[str] = "prefix_item"
    index: int
    item_var: str
    body: tuple[Check, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Contains(Check):
    """``contains``, with ``minContains``/``maxContains``: how many items may pass."""

    kind: ClassVar[str] = "contains"
    function: str = _ref()  # a ``valid`` function
    minimum: int
    maximum: int | None
    item_var: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Unique(Check):
    """``uniqueItems``: no two items equal as JSON."""

    kind: ClassVar[str] = "unique"


@dataclass(frozen=True, slots=True, kw_only=True)
class AnyOf(Check):
    """``anyOf``: at least one of the functions must pass."""

    kind: ClassVar[str] = "any_of"
    functions: tuple[str, ...] = _ref()  # ``valid`` (or ``loose``) functions


@dataclass(frozen=True, slots=True, kw_only=True)
class OneOf(Check):
    """``oneOf``: exactly one of the functions must pass."""

    kind: ClassVar[str] = "one_of"
    functions: tuple[str, ...] = _ref()
    count_var: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Not(Check):
    """``not``: the function must fail."""

    kind: ClassVar[str] = "not"
    function: str = _ref()


@dataclass(frozen=True, slots=True, kw_only=True)
class IfThenElse(Check):
    """``if``/``then``/``else``: the checks of the branch the condition picks."""

    kind: ClassVar[str] = "if"
    condition: str = _ref()  # a ``valid`` function
    then: tuple[Check, ...]
    otherwise: tuple[Check, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Dispatch(Check):
    """An OpenAPI discriminator: the tag property selects the one alternative to apply."""

    kind: ClassVar[str] = "dispatch"
    property_name: str
    tag_path: JsonPath
    table: str = _ref()
    tags: tuple[str, ...]
    tag_var: str
    function_var: str


# the containers of the plan, defined beside it (re-exported: ``c.ValidatorModule``...)
from .functions import (  # noqa: E402
    DispatchTable,
    EntryPoint,
    TableEntry,
    ValidatorFile,
    ValidatorFunction,
    ValidatorModule,
)
