# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Tolerant decoding: a response that breaks its schema still gives the typed result.

The generated decoders are strict-but-lenient and fast; when one rejects a response body
(``Invalid``), the client (in ``response_validation="warn"`` or ``"off"`` mode) decodes it
again here, slowly and tolerantly: every model object is built with its declared fields, a
value that fails its check is kept exactly as received (never coerced, never dropped), a
missing required property is left ``UNSET``, and the problems found by the strict validator
are recorded on the model objects they concern. :func:`problems` returns them.

A model object built this way is an instance of a subclass of its model class (same name,
same fields, ``isinstance`` holds) whose ``to_dict``/``to_json`` write exactly the fields it
holds, as received: so a response that broke its schema can still be stored, logged or sent
back, with no ``UNSET`` or wrongly typed value tripping the generated encoders.
Date-time and date fields are parsed when their text allows it and kept as text otherwise.

What a value looks like is described by a *shape*, a function ``shape(value, path, found)``
that returns the decoded value and never raises; the generated code builds shapes with
:func:`model`, :func:`list_of`, :func:`map_of`, :func:`union`, :func:`ref` and
:func:`plain`. A model class's fields are its dataclass fields (JSON keys from
``_models.json_names``); its ``_shapes()`` gives the shape of each field whose value is not a
plain JSON value, and undeclared properties go into its ``additional_properties``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ._dates import parse_date, parse_datetime, temporal_text
from ._models import EXTRAS, json_names
from ._unset import UNSET
from ._validation import ValidationIssue, key_path

__all__ = [
    "Found",
    "Shape",
    "Shapes",
    "date",
    "date_time",
    "decode_tolerantly",
    "list_of",
    "map_of",
    "model",
    "plain",
    "problems",
    "ref",
    "union",
]

_STEP = re.compile(r'\.[A-Za-z_][A-Za-z0-9_]*|\[(?:\d+|"(?:[^"\\]|\\.)*")\]')


class Found:
    """The strict validator's issues, looked up by the path of the value they concern."""

    __slots__ = ("_under", "issues")

    def __init__(self, issues: Sequence[ValidationIssue]) -> None:
        self.issues = tuple(issues)
        self._under: dict[str, list[ValidationIssue]] = {}
        for issue in self.issues:
            for prefix in _prefixes(issue.path):
                self._under.setdefault(prefix, []).append(issue)

    def under(self, path: str) -> tuple[ValidationIssue, ...]:
        """The issues at ``path`` or inside the value there."""
        return tuple(self._under.get(path, ()))


def _prefixes(path: str) -> Iterable[str]:
    if not path.startswith("$"):
        return ("$",)
    out, end = ["$"], 1
    for step in _STEP.finditer(path, 1):
        if step.start() != end:  # not a path this module writes: keep it at the root only
            break
        end = step.end()
        out.append(path[:end])
    return out


Shape = Callable[[object, str, Found], object]
#: what a model class's ``_shapes()`` returns: attribute -> shape (fields not listed: plain)
Shapes = dict[str, Shape]
#: a class's fields as ``(attribute, JSON key, shape)`` and whether it keeps undeclared ones
_Table = tuple[tuple[tuple[str, str, Shape], ...], bool]


def plain(value: object, path: str, found: Found) -> object:
    """A JSON value used as it is (strings, numbers, enums, plain maps and lists)."""
    return value


def _temporal(parse: Callable[[object], object]) -> Shape:
    def shape(value: object, path: str, found: Found) -> object:
        try:
            return parse(value)
        except Exception:  # not a date the parser accepts: the text as received
            return value

    return shape


#: a ``format: date-time`` string: a ``datetime`` when it parses, else the value as received
date_time: Shape = _temporal(parse_datetime)
#: a ``format: date`` string: a ``date`` when it parses, else the value as received
date: Shape = _temporal(parse_date)


def model(cls: type | Callable[[], Any]) -> Shape:
    """The shape of a model class: ``cls`` itself, or a function returning it (classes may
    be defined later)."""

    def shape(value: object, path: str, found: Found) -> object:
        target: Any = cls if isinstance(cls, type) else cls()
        if not isinstance(value, dict):
            return value
        try:
            return target._decode(value)
        except Exception:  # any failure: build it field by field instead
            return _build(target, value, path, found)

    _MODELS.add(shape)
    return shape


#: the shapes of model classes, and of lists of them (see :func:`encoding`)
_MODELS: set[Shape] = set()
_MODEL_LISTS: set[Shape] = set()


def encoding(shape: Shape) -> str:
    """How ``Model.to_dict`` encodes a value of ``shape`` (``{0}``: the value, never
    ``None`` there): a model by its ``to_dict``, a list of models item by item, a date or
    date-time as its text; ``""``: by ``to_json_value``."""
    if shape in _MODELS:
        return "{0}.to_dict()"
    if shape in _MODEL_LISTS:
        return "[y if y is None else y.to_dict() for y in {0}]"
    return {date_time: "format_datetime({0})", date: "format_date({0})"}.get(shape, "")


_TABLES: dict[type, _Table] = {}


def _table(cls: Any) -> _Table:
    """The fields of a model class, worked out once per class."""
    table = _TABLES.get(cls)
    if table is None:
        shapes = cls._shapes()
        fields = tuple((attr, key, shapes.get(attr, plain)) for attr, key in json_names(cls))
        extras = any(f.name == EXTRAS for f in dataclasses.fields(cls))
        table = _TABLES[cls] = (fields, extras)
    return table


def _build(cls: Any, value: dict[str, Any], path: str, found: Found) -> object:
    if not hasattr(cls, "__dataclass_fields__"):  # not a generated model: the value as received
        return value
    fields, extras = _table(cls)
    obj: Any = object.__new__(_tolerant_class(cls))
    for attr, wire, shape in fields:
        item = value.get(wire, UNSET)
        object.__setattr__(
            obj, attr, item if item is UNSET else shape(item, key_path(path, wire), found)
        )
    if extras:
        known = {wire for _, wire, _ in fields}
        object.__setattr__(obj, EXTRAS, {k: v for k, v in value.items() if k not in known})
    issues = found.under(path)
    if issues:
        object.__setattr__(obj, "_problems", issues)
    return obj


_TOLERANT_CLASSES: dict[type, type] = {}


def _tolerant_class(cls: type) -> type:
    """``cls`` with encoders that write the fields as held (made once per class)."""
    made = _TOLERANT_CLASSES.get(cls)
    if made is None:
        namespace = {
            "__slots__": (),
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__doc__": cls.__doc__,
            "to_dict": _tolerant_to_dict,
            "_json": _tolerant_json,
        }
        made = _TOLERANT_CLASSES[cls] = type(cls.__name__, (cls,), namespace)
    return made


def _tolerant_to_dict(self: Any) -> dict[str, Any]:
    """The JSON value of a tolerantly decoded model: the fields it holds, as received."""
    fields, extras = _table(type(self))
    out: dict[str, Any] = {}
    for attr, wire, _ in fields:
        value = getattr(self, attr, UNSET)
        if value is not UNSET:
            out[wire] = _json_value(value)
    if extras:
        out.update(getattr(self, EXTRAS, None) or {})
    return out


def _tolerant_json(self: Any) -> str:
    return json.dumps(_tolerant_to_dict(self), separators=(",", ":"), ensure_ascii=False)


def _json_value(value: object) -> object:
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return temporal_text(value)


def list_of(item: Shape) -> Shape:
    def shape(value: object, path: str, found: Found) -> object:
        if not isinstance(value, list):
            return value
        return [item(v, f"{path}[{i}]", found) for i, v in enumerate(value)]

    if item in _MODELS:
        _MODEL_LISTS.add(shape)
    return shape


def map_of(item: Shape) -> Shape:
    def shape(value: object, path: str, found: Found) -> object:
        if not isinstance(value, dict):
            return value
        return {k: item(v, key_path(path, k), found) for k, v in value.items()}

    return shape


def union(
    options: Callable[[], Sequence[Any]],
    tag: str | None = None,
    tags: Callable[[], Mapping[str, Any]] | None = None,
) -> Shape:
    """A union of model classes (and plain values): the first class whose decoder accepts the
    value; else the class its ``tag`` names, built tolerantly; else the value as received.
    ``options()`` returns the classes, ``tags()`` maps each tag value to its class."""

    def shape(value: object, path: str, found: Found) -> object:
        if not isinstance(value, dict):
            return value
        for option in options():
            try:
                return option._decode(value)
            except Exception:
                continue
        name = value.get(tag) if tag is not None else None
        chosen = tags().get(name) if tags is not None and isinstance(name, str) else None
        if chosen is None:
            return value
        return _build(chosen, value, path, found)

    return shape


def ref(get: Callable[[], Shape]) -> Shape:
    """The shape ``get()`` returns, looked up on first use (declared later, or elsewhere)."""

    def shape(value: object, path: str, found: Found) -> object:
        return get()(value, path, found)

    return shape


def decode_tolerantly(shape: Shape, data: object, issues: Sequence[ValidationIssue]) -> object:
    """``data`` decoded by ``shape``; model objects carry the ``issues`` under their path."""
    found = Found(issues)
    result = shape(data, "$", found)
    if found.issues and _settable(result) and not getattr(result, "_problems", ()):
        object.__setattr__(result, "_problems", found.issues)
    return result


def _settable(value: object) -> bool:
    return hasattr(type(value), "_problems")


def problems(value: object) -> tuple[ValidationIssue, ...]:
    """The schema problems found when ``value`` (a decoded response, or a model or list of
    models inside it) was decoded tolerantly; ``()`` when it matched its schema.

    Each problem has the JSON ``path`` from the response root, a ``message`` and the failed
    ``keyword``. A result that cannot carry them (a number, a string) has them on its
    raw response: ``client.<group>.with_raw_response.<method>(...).problems``.
    """
    own: tuple[ValidationIssue, ...] = getattr(value, "_problems", ())
    if own:
        return own
    if isinstance(value, list | tuple):
        items: Iterable[object] = value
    elif isinstance(value, dict):
        items = value.values()
    else:
        return ()
    return tuple(dict.fromkeys(issue for item in items for issue in problems(item)))
