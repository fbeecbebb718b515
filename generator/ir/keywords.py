"""One parser per JSON Schema keyword (type, enum, bounds, patterns, subschemas, $ref,
discriminator, examples...), each checking its value and returning the IR fields it sets;
problems are reported at the keyword.

A keyword whose value is malformed is a workaround: it is ignored (reported with what that
means), as are unknown type names (the whole ``type``); a ``$ref`` that leads nowhere reads as
any value, and a discriminator mapping entry that leads nowhere is dropped.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..diagnostics import close_matches
from ..pointers import child
from .ecma_regex import RegexError, translate
from .nodes import JSON_TYPES, Discriminator, Json, Pattern, Schema

if TYPE_CHECKING:
    from .schemas import SchemaBuilder

__all__ = ["Fields"]

Fields = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Ctx:
    """Where a keyword is being read: its file, the schema's pointer and nesting depth.

    Problems are reported at the keyword being read (``keyword``), else at the schema.
    """

    builder: SchemaBuilder
    file_id: str
    pointer: str
    depth: int
    keyword: str | None = None

    @property
    def key(self) -> str:
        return self.file_id + self.pointer

    def at(self, keyword: str) -> Ctx:
        """This context, reporting problems at ``keyword``."""
        return Ctx(self.builder, self.file_id, self.pointer, self.depth, keyword)

    def sub(self, raw: Any, *tokens: str | int) -> Schema:
        return self.builder.build(raw, self.file_id, child(self.pointer, *tokens), self.depth + 1)

    def error(self, message: str, hint: str | None = None) -> None:
        self.builder.report(self, message, hint, error=True)

    def workaround(self, message: str, instead: str = "ignored", hint: str | None = None) -> None:
        """A defect read in a stated way (``instead``; by default the keyword is ignored)."""
        self.builder.report(self, message, hint, error=False, instead=instead)

    def warning(self, message: str, hint: str | None = None) -> None:
        self.builder.report(self, message, hint, error=False)


def json_kind(value: Any) -> str:
    if value is None:
        return "null"
    kinds = (
        (bool, "a boolean"),
        (int, "a number"),
        (float, "a number"),
        (str, "a string"),
        (list, "an array"),
        (dict, "an object"),
    )
    return next((name for kind, name in kinds if isinstance(value, kind)), "a value")


Parser = Callable[[Ctx, Any, dict[str, Any]], Fields]

#: what a schema that cannot be read stands for
_ANY = "read as any value ({})"


def _type(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    names = value if isinstance(value, list) else [value]
    types: list[str] = []
    for name in names:
        if name == "file":
            continue
        if name in JSON_TYPES:
            if name not in types:
                types.append(name)
            continue
        close = close_matches(str(name), JSON_TYPES)
        ctx.workaround(
            f"unknown type {name!r} (expected one of: {', '.join(JSON_TYPES)})",
            "'type' is ignored: a value of any type is accepted",
            f"did you mean {close[0]!r}?" if close else None,
        )
    if len(types) + names.count("file") < len(names):
        return {}
    if "file" in names:  # Swagger 2 leftover: a binary string
        return {"types": ("string",), "format": "binary"}
    return {"types": tuple(types)}


def _const(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    return {"const": Json.of(value)}


def _enum(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    if not isinstance(value, list):
        ctx.workaround(f"'enum' must be an array, not {json_kind(value)}")
        return {}
    if not value:
        ctx.warning("'enum' is empty: no value is valid")
    unique: dict[Json, int] = {}
    for item in _of_declared_type(ctx, value, raw):
        j = Json.of(item)
        unique[j] = unique.get(j, 0) + 1
    repeated = [j for j, count in unique.items() if count > 1]
    if repeated:
        shown = ", ".join(repr(j.value) for j in repeated)
        ctx.warning(
            f"enum value{'s' if len(repeated) > 1 else ''} {shown} listed more than once",
            "list each value once",
        )
    return {"enum": tuple(unique)}


def _of_declared_type(ctx: Ctx, values: list[Any], raw: dict[str, Any]) -> list[Any]:
    """``values`` with those the declared ``type`` excludes worked around: numbers and booleans
    where strings are declared read as their JSON text (an unquoted YAML ``2``), other ones
    dropped (they can never be valid)."""
    declared = raw.get("type")
    types = set(declared if isinstance(declared, list) else [declared])
    if not types or not types <= set(JSON_TYPES):
        return values
    if raw.get("nullable") is True or raw.get("x-nullable") is True:
        types.add("null")
    fits = [any(_IS_KIND[t](v) for t in types) for v in values]
    wrong = [v for v, fit in zip(values, fits, strict=True) if not fit]
    if not wrong:
        return values
    as_text = "string" in types and all(_is_scalar(v) for v in wrong)
    shown = ", ".join(repr(v) for v in wrong)
    plural = len(wrong) > 1
    ctx.workaround(
        f"enum value{'s' if plural else ''} {shown} {'are' if plural else 'is'} not of the "
        f"declared type {' or '.join(t for t in JSON_TYPES if t in types)}",
        f"read as the string{'s' if plural else ''} {', '.join(repr(_text(v)) for v in wrong)}"
        if as_text
        else f"{'they are' if plural else 'it is'} dropped: never valid",
        "quote the values if they are meant as strings, or fix the type",
    )
    if as_text:
        return [v if fit else _text(v) for v, fit in zip(values, fits, strict=True)]
    return [v for v, fit in zip(values, fits, strict=True) if fit]


def _is_scalar(value: Any) -> bool:
    return isinstance(value, bool | int | float)


def _text(value: Any) -> Any:
    return json.dumps(value) if _is_scalar(value) else value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_IS_KIND: dict[str, Callable[[Any], bool]] = {
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: _is_number(v) and (isinstance(v, int) or v.is_integer()),
    "number": _is_number,
    "string": lambda v: isinstance(v, str),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
}


def _count(name: str) -> Parser:
    def parse(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            ctx.workaround(f"'{_camel(name)}' must be a non-negative integer, not {value!r}")
            return {}
        return {name: value}

    return parse


def _number(name: str) -> Parser:
    def parse(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
        if isinstance(value, bool) and name.startswith("exclusive"):
            return {}  # OpenAPI 3.0 boolean form, see _finish_openapi30
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            ctx.workaround(f"'{_camel(name)}' must be a number, not {value!r}")
            return {}
        if name == "multiple_of" and value <= 0:
            ctx.workaround(f"'multipleOf' must be greater than 0, not {value!r}")
            return {}
        return {name: value}

    return parse


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _pattern_of(ctx: Ctx, source: Any) -> Pattern | None:
    if not isinstance(source, str):
        ctx.workaround(f"a pattern must be a string, not {json_kind(source)}")
        return None
    try:
        return Pattern(source, translate(source))
    except RegexError as exc:
        ctx.warning(
            f"invalid regular expression {source!r} ({exc}); it is not checked",
            "patterns are ECMA-262 regular expressions; fix the pattern to have it enforced",
        )
        return None


def _pattern(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    pattern = _pattern_of(ctx, value)
    return {"pattern": pattern} if pattern else {}


def _string(name: str) -> Parser:
    def parse(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
        if isinstance(value, str):
            return {name: value}
        if name in ("description", "title", "format") and value is None:
            return {}
        ctx.warning(f"'{_camel(name)}' should be a string, not {json_kind(value)}; ignored")
        return {}

    return parse


def _flag(name: str) -> Parser:
    def parse(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
        if not isinstance(value, bool):
            ctx.warning(f"'{_camel(name)}' should be true or false; ignored")
            return {}
        return {name: value} if value else {}

    return parse


def _subschema(name: str) -> Parser:
    keyword = {"not_": "not", "if_": "if", "else_": "else"}.get(name, _camel(name))

    def parse(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
        return {name: ctx.sub(value, keyword)}

    return parse


def _schema_list(name: str, keyword: str) -> Parser:
    def parse(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
        if not isinstance(value, list) or (not value and keyword != "prefixItems"):
            ctx.workaround(f"'{keyword}' must be a non-empty array of schemas")
            return {}
        return {name: tuple(ctx.sub(v, keyword, i) for i, v in enumerate(value))}

    return parse


def _schema_map(name: str, keyword: str) -> Parser:
    def parse(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
        if not isinstance(value, dict):
            ctx.workaround(f"'{keyword}' must be an object mapping names to schemas")
            return {}
        return {name: tuple((k, ctx.sub(v, keyword, k)) for k, v in value.items())}

    return parse


def _items(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    if isinstance(value, list):  # draft 2019 tuple form
        prefix = tuple(ctx.sub(v, "items", i) for i, v in enumerate(value))
        fields: Fields = {"prefix_items": prefix}
        if "additionalItems" in raw:
            fields["items"] = ctx.sub(raw["additionalItems"], "additionalItems")
        return fields
    return {"items": ctx.sub(value, "items")}


def _required(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    if isinstance(value, bool):  # a Swagger-2-style "required: true" on a property
        ctx.warning(
            "'required' inside a schema must be a list of property names; ignored",
            "list required properties in the parent object's 'required'",
        )
        return {}
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        ctx.workaround("'required' must be an array of property names")
        return {}
    return {"required": tuple(dict.fromkeys(value))}


def _pattern_properties(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    if not isinstance(value, dict):
        ctx.workaround("'patternProperties' must be an object mapping patterns to schemas")
        return {}
    out = []
    for source, sub in value.items():
        schema = ctx.sub(sub, "patternProperties", source)
        pattern = _pattern_of(
            Ctx(
                ctx.builder, ctx.file_id, child(ctx.pointer, "patternProperties", source), ctx.depth
            ),
            source,
        )
        if pattern is not None:
            out.append((pattern, schema))
    return {"pattern_properties": tuple(out)}


def _dependent_required(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    if not isinstance(value, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values()
    ):
        ctx.workaround("'dependentRequired' must map property names to arrays of names")
        return {}
    return {"dependent_required": tuple((k, tuple(v)) for k, v in value.items())}


def _dependencies(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    """Draft 7 ``dependencies``: arrays are dependentRequired, schemas dependentSchemas."""
    if not isinstance(value, dict):
        ctx.workaround("'dependencies' must be an object")
        return {}
    names = {k: v for k, v in value.items() if isinstance(v, list)}
    schemas = {k: v for k, v in value.items() if not isinstance(v, list)}
    fields = _dependent_required(ctx, names, raw) if names else {}
    if schemas:
        fields["dependent_schemas"] = tuple(
            (k, ctx.sub(v, "dependencies", k)) for k, v in schemas.items()
        )
    return fields


def _ref(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    if not isinstance(value, str):
        ctx.workaround(f"'$ref' must be a string, not {json_kind(value)}", _ANY)
        return {}
    key = ctx.builder.ref(ctx, value, instead=_ANY)
    return {"ref": key} if key is not None else {"boolean": True}


def _discriminator(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    pointer = child(ctx.key if ctx.file_id else ctx.pointer, "discriminator")
    if not isinstance(value, dict) or not isinstance(value.get("propertyName"), str):
        ctx.workaround(
            "'discriminator' needs a 'propertyName' string",
            "ignored: the union is decoded by the shape of its alternatives",
        )
        return {}
    mapping = value.get("mapping") or {}
    if not isinstance(mapping, dict):
        ctx.workaround(
            "'discriminator.mapping' must map tag values to schema references",
            "ignored: the union is decoded by the shape of its alternatives",
        )
        return {}
    pairs: list[tuple[str, str]] = []
    for tag, target in mapping.items():
        ref = (
            target
            if isinstance(target, str)
            and ("#" in target or "/" in target or target.endswith((".yaml", ".json")))
            else f"#/components/schemas/{target}"
        )
        at = ("discriminator", "mapping", tag)
        instead = f"the mapping entry {str(tag)!r} is dropped: that tag value reads as unknown"
        key = ctx.builder.ref(ctx, ref, *at, instead=instead) if isinstance(target, str) else None
        if key is not None:
            pairs.append((str(tag), key))
    return {
        "discriminator": Discriminator(
            property_name=value["propertyName"], mapping=tuple(pairs), pointer=pointer
        )
    }


def _default(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    return {"default": Json.of(value)}


def _example(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    if "examples" in raw and isinstance(raw["examples"], list):
        return {}  # both given: _examples keeps them all
    return {"examples": (Json.of(value),), "example_pointers": ("example",)}


def _examples(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    if not isinstance(value, list):
        return {}  # an OpenAPI example map here is a spec mistake; not a schema keyword
    found: dict[Json, str] = {}
    if "example" in raw:
        found[Json.of(raw["example"])] = "example"
    for i, v in enumerate(value):
        found.setdefault(Json.of(v), f"examples/{i}")
    return {"examples": tuple(found), "example_pointers": tuple(found.values())}


def _ignored(ctx: Ctx, value: Any, raw: dict[str, Any]) -> Fields:
    return {}


KEYWORDS: dict[str, Parser] = {
    "$ref": _ref,
    "type": _type,
    "const": _const,
    "enum": _enum,
    "minLength": _count("min_length"),
    "maxLength": _count("max_length"),
    "pattern": _pattern,
    "format": _string("format"),
    "contentMediaType": _string("content_media_type"),
    "contentEncoding": _string("content_encoding"),
    "minimum": _number("minimum"),
    "maximum": _number("maximum"),
    "exclusiveMinimum": _number("exclusive_minimum"),
    "exclusiveMaximum": _number("exclusive_maximum"),
    "multipleOf": _number("multiple_of"),
    "items": _items,
    "prefixItems": _schema_list("prefix_items", "prefixItems"),
    "contains": _subschema("contains"),
    "minContains": _count("min_contains"),
    "maxContains": _count("max_contains"),
    "minItems": _count("min_items"),
    "maxItems": _count("max_items"),
    "uniqueItems": _flag("unique_items"),
    "properties": _schema_map("properties", "properties"),
    "required": _required,
    "additionalProperties": _subschema("additional_properties"),
    "unevaluatedProperties": _subschema("unevaluated_properties"),
    "patternProperties": _pattern_properties,
    "propertyNames": _subschema("property_names"),
    "minProperties": _count("min_properties"),
    "maxProperties": _count("max_properties"),
    "dependentRequired": _dependent_required,
    "dependentSchemas": _schema_map("dependent_schemas", "dependentSchemas"),
    "dependencies": _dependencies,
    "allOf": _schema_list("all_of", "allOf"),
    "anyOf": _schema_list("any_of", "anyOf"),
    "oneOf": _schema_list("one_of", "oneOf"),
    "not": _subschema("not_"),
    "if": _subschema("if_"),
    "then": _subschema("then"),
    "else": _subschema("else_"),
    "discriminator": _discriminator,
    "title": _string("title"),
    "description": _string("description"),
    "default": _default,
    "example": _example,
    "examples": _examples,
    "deprecated": _flag("deprecated"),
    "readOnly": _flag("read_only"),
    "writeOnly": _flag("write_only"),
    "nullable": _ignored,  # folded in by _finish_openapi30
    "additionalItems": _ignored,  # read by _items
}
