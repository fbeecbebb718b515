# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Helpers shared by the generated models (standard library only).

* :func:`loads` / :func:`dumps` — JSON text <-> Python values (compact, UTF-8);
* :func:`str_text`, :func:`value_text`, :func:`strs_text`, :func:`models_text` — JSON text of
  one value, used by the models' ``_json`` methods, which write a model's JSON directly (no
  intermediate dicts: encoding is then faster than ``json.dumps`` of the equivalent dicts);
* :func:`invalid` — the :class:`ValidationError` for a value the lenient decoder rejected,
  listing every problem the strict validator finds (minus the ones decoding tolerates);
* :func:`to_json_value` — a model, a list or dict of models, or a plain value -> JSON value;
* :func:`json_names` — the JSON key of each field of a model class (its attribute name unless
  the field's metadata says ``"json"``), :func:`undeclared` — the properties of a decoded
  object its class does not declare;
* :func:`lazy_siblings` — binds sibling models modules that load on first use;
* :func:`model` — the decorator of every model class: a ``dataclass(slots=True,
  kw_only=True)`` with its validators and decoder;
* :class:`Model` — the base of every generated dataclass: ``from_dict``/``from_json`` validate
  (leniently: unknown enum values and undeclared properties are kept) and decode,
  ``to_dict``/``to_json`` encode; undeclared properties are kept in the
  ``additional_properties`` field every model class ends with. ``to_json`` is each class's
  generated ``_json``; ``to_dict`` is made once per class, on first use, from its fields
  (straight-line code, as ``dataclasses`` makes ``__init__``), so the generated modules do
  not carry a second encoder.

Decoding creates many small objects and no reference cycles, so the cyclic garbage collector
can free nothing while it runs; it is paused for the duration of one ``from_json`` (and
restored, whatever happens), which makes decoding big payloads markedly faster.
"""

from __future__ import annotations

import dataclasses
import datetime
import gc
import importlib
import json
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring
from typing import Any, NewType, Self, TypeVar, dataclass_transform

from ._unset import UNSET
from ._validation import ValidationError, ValidationIssue

__all__ = [
    "EXTRAS",
    "NULL",
    "TOLERATED",
    "Invalid",
    "LazyModule",
    "Model",
    "UnknownValue",
    "dumps",
    "identity",
    "invalid",
    "json_names",
    "lazy_siblings",
    "loads",
    "model",
    "models_text",
    "str_text",
    "strs_text",
    "to_json_value",
    "undeclared",
    "value_text",
]

#: the type of a value of a received string enum that the spec does not list (a newer server
#: added it): a plain ``str`` at run time; in annotations ``Literal["A", "B"] | UnknownValue``
#: lets ``code == "NEW"`` type-check while the listed values still autocomplete
UnknownValue = NewType("UnknownValue", str)

#: keywords whose failures decoding a response tolerates (open enums, new properties)
TOLERATED = frozenset({"enum", "additionalProperties", "unevaluatedProperties"})

NULL = "null"

#: the field of every model class that keeps the properties its schema does not declare
EXTRAS = "additional_properties"


class LazyModule:
    """Stands for a sibling models module until first used: then imports it and puts it in
    its own place (``namespace[alias]``), so later uses cost nothing extra."""

    __slots__ = ("_alias", "_name", "_namespace", "_package")

    def __init__(self, name: str, package: str | None, namespace: dict[str, Any], alias: str):
        self._name = "." + name
        self._package = package
        self._namespace = namespace
        self._alias = alias

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self._name, self._package)
        self._namespace[self._alias] = module
        return getattr(module, attribute)


def lazy_siblings(namespace: dict[str, Any], modules: str, package: str | None = None) -> None:
    """Binds ``_m<module>`` in a models module's ``namespace`` to a :class:`LazyModule` for
    each of the whitespace-separated sibling ``modules`` (``"_pet _tag"``): touching one model
    does not load every model it refers to. ``package``: where the modules are, when not the
    namespace's own package."""
    where = package or namespace["__package__"]
    for module in modules.split():
        namespace["_m" + module] = LazyModule(module, where, namespace, "_m" + module)


class Invalid(Exception):
    """Raised by the generated decoders when a value does not match its schema (a required
    property missing: ``KeyError``, which their callers take alike); ``from_dict`` turns it
    into a :class:`ValidationError` listing every problem."""


#: the JSON text of a string (the C implementation, where there is one)
str_text: Callable[[str], str] = encode_basestring


def _plain(value: object) -> object:
    """What the encoder does with a value it does not know: models become their JSON object."""
    to_dict = getattr(value, "to_dict", None)
    if to_dict is None:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return to_dict()


try:  # the json module's C encoder, built once (json.dumps builds one per call)
    from _json import make_encoder

    _encode: Callable[[object, int], Any] | None = make_encoder(
        None, _plain, encode_basestring, None, ":", ",", False, False, True
    )
except ImportError:  # pragma: no cover - Python builds without the _json accelerator
    _encode = None


def value_text(value: object) -> str:
    """Compact JSON text of any JSON value (models inside are encoded with ``to_dict``)."""
    if type(value) is str:
        return encode_basestring(value)
    if type(value) is int:
        return int.__repr__(value)
    if _encode is None:  # pragma: no cover
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_plain)
    return "".join(_encode(value, 0))


def strs_text(values: Iterable[str]) -> str:
    """JSON text of a list of strings."""
    return "[" + ",".join(map(encode_basestring, values)) + "]"


def models_text(values: Iterable[Model]) -> str:
    """JSON text of a list of models."""
    return "[" + ",".join([v._json() for v in values]) + "]"


def loads(data: str | bytes | bytearray) -> Any:
    """Parse JSON text; a ValidationError (not a JSONDecodeError) when it is not JSON."""
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        issue = ValidationIssue("$", f"not valid JSON: {_reason(exc)}", "json")
        raise ValidationError([issue], "JSON document") from exc


def _reason(exc: BaseException) -> str:
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON of a JSON value (models inside are encoded too)."""
    return value_text(value).encode("utf-8")


def invalid(
    check: Callable[[object, str, list[ValidationIssue]], None], data: object, what: str
) -> ValidationError:
    """The error for ``data``: strict issues, without the ones lenient decoding accepts."""
    issues: list[ValidationIssue] = []
    try:
        check(data, "$", issues)
    except RecursionError:
        issues = [ValidationIssue("$", "nested too deeply to check", "depth")]
    relevant = [i for i in issues if i.keyword not in TOLERATED] or issues
    if not relevant:
        relevant = [ValidationIssue("$", "does not match the schema", "")]
    return ValidationError(relevant, what)


def identity(value: Any) -> Any:
    """The "builder" of values decoded JSON already represents (maps, plain values)."""
    return value


_NAMES: dict[type, tuple[tuple[str, str], ...]] = {}
_KNOWN: dict[type, frozenset[str]] = {}


def json_names(cls: type) -> tuple[tuple[str, str], ...]:
    """``(attribute, JSON key)`` of each declared field of the model class ``cls``, in class
    order (the JSON key is the attribute's name unless the field's metadata says ``"json"``);
    worked out once per class."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(
            (f.name, f.metadata.get("json", f.name))
            for f in dataclasses.fields(cls)
            if f.name != EXTRAS
        )
    return names


def undeclared(data: dict[str, Any], cls: type) -> dict[str, Any]:
    """The properties of ``data`` the model class ``cls`` does not declare, in order."""
    known = _KNOWN.get(cls)
    if known is None:
        known = _KNOWN[cls] = frozenset(key for _, key in json_names(cls))
    return {k: v for k, v in data.items() if k not in known}


def to_json_value(value: Any) -> Any:
    """Encode models (anything with ``to_dict``) inside lists and dicts, dates and date-times
    as their RFC 3339 text; other values as is."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if isinstance(value, Model):
        return value.to_dict()
    if kind is list:
        return [
            v if type(v) in _SCALARS else v.to_dict() if isinstance(v, Model) else to_json_value(v)
            for v in value
        ]
    if kind is dict:
        return {k: v if type(v) in _SCALARS else to_json_value(v) for k, v in value.items()}
    if isinstance(value, datetime.date):
        return _temporal_text(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [to_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    return value


#: the types of JSON values that encode as themselves
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _temporal_text(value: datetime.date) -> object:
    return (_DATES or _load_dates())["temporal_text"](value)


#: the functions of ``_dates`` this module uses, looked up when first needed (``_dates``
#: imports this module)
_DATES: dict[str, Callable[[Any], Any]] = {}


def _load_dates() -> dict[str, Callable[[Any], Any]]:
    dates = importlib.import_module("._dates", __package__)
    _DATES.update({name: getattr(dates, name) for name in _DATE_FUNCTIONS})
    return _DATES


#: the date functions ``to_dict`` code calls (``_tolerant.encoding`` names them)
_DATE_FUNCTIONS = ("temporal_text", "format_datetime", "format_date")


def _nullable(annotation: object) -> bool:
    """Whether a field annotated so may hold ``None`` (``X | Unset | None``)."""
    return not isinstance(annotation, str) or "None" in (w.strip() for w in annotation.split("|"))


#: model class -> its ``to_dict`` (made by :func:`_encoder` on first use)
_ENCODERS: dict[type, Callable[[Any], dict[str, Any]]] = {}


def _encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    """The ``to_dict`` of the model class ``cls``, made once per class the way ``dataclasses``
    makes ``__init__``: straight-line code from the class's fields (each under its JSON key,
    in class order; an optional one only when not ``UNSET``; one whose value is not plain
    JSON, listed by the class's ``_shapes()``, encoded further; undeclared properties last).
    JSON keys are written with ``repr`` (a Python literal of the exact text), attributes are
    identifiers."""
    encoding = importlib.import_module("._tolerant", __package__).encoding
    fields = {f.name: f for f in dataclasses.fields(cls)}
    shapes = cls._shapes() if issubclass(cls, Model) else {}
    required: list[str] = []
    optional: list[str] = []
    for attr, key in json_names(cls):
        value = f"self.{attr}" if fields[attr].default is not UNSET else "x"
        if attr in shapes:
            how = encoding(shapes[attr]) or "e({0})"
            if how != "e({0})" and _nullable(fields[attr].type):
                how = f"(None if {{0}} is None else {how})"
            value = how.format(value)
        if fields[attr].default is not UNSET:
            required.append(f"{key!r}: {value}, ")
        else:
            optional.append(f" x = self.{attr}\n if x is not UNSET: out[{key!r}] = {value}\n")
    plain_extras = EXTRAS in fields and EXTRAS not in shapes
    if not optional and plain_extras:  # one display
        lines = [f"def to_dict(self):\n return {{{''.join(required)}**self.{EXTRAS}}}\n"]
    else:
        lines = ["def to_dict(self):\n", f" out = {{{''.join(required)}}}\n", *optional]
        if plain_extras:
            lines.append(f" out.update(self.{EXTRAS})\n")
        elif EXTRAS in fields:  # undeclared properties that are not plain JSON
            lines.append(f" if self.{EXTRAS}: out.update(e(self.{EXTRAS}))\n")
        lines.append(" return out\n")
    namespace: dict[str, Any] = {"UNSET": UNSET, "e": to_json_value, **(_DATES or _load_dates())}
    code = compile("".join(lines), f"<{cls.__qualname__}.to_dict>", "exec")
    exec(code, namespace)  # code made above from the class's fields only
    made: Callable[[Any], dict[str, Any]] = namespace["to_dict"]
    _ENCODERS[cls] = made
    if vars(cls).get("to_dict") is Model.to_dict:  # (never over a class's own to_dict)
        setattr(cls, "to_dict", made)  # later calls go straight to it  # noqa: B010
    return made


_M = TypeVar("_M", bound="Model")


@dataclass_transform(kw_only_default=True, field_specifiers=(dataclasses.field,))
def model(
    check: Callable[[object, str, list[ValidationIssue]], None],
    loose: Callable[[object], bool],
    decode: Callable[[object], Any],
) -> Callable[[type[_M]], type[_M]]:
    """The decorator of a model class: makes it a ``dataclass(slots=True, kw_only=True)`` whose
    ``_check``, ``_loose`` and ``_decode`` are the given strict validator, lenient validator
    and one-pass decoder (see :class:`Model`)."""

    def make(cls: type[_M]) -> type[_M]:
        made = dataclasses.dataclass(slots=True, kw_only=True)(cls)
        made._check = staticmethod(check)  # type: ignore[method-assign]
        made._loose = staticmethod(loose)  # type: ignore[method-assign]
        made._decode = staticmethod(decode)  # type: ignore[method-assign]
        return made

    return make


class Model:
    """Base of the generated models (each one decorated with :func:`model`).

    Properties the schema does not declare are kept, as received, in the last field of
    every model class, ``additional_properties`` (:data:`EXTRAS`).
    """

    # set only on objects decoded tolerantly from a body that breaks its schema (_tolerant.py)
    __slots__ = ("_problems",)
    _problems: tuple[ValidationIssue, ...]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Each class without a ``to_dict`` of its own gets :meth:`to_dict`, which makes the
        class's own on its first call and puts it in its place (a subclass inheriting a made
        one would write the fields of its base only)."""
        super().__init_subclass__(**kwargs)
        if "to_dict" not in vars(cls):
            setattr(cls, "to_dict", Model.to_dict)  # noqa: B010

    # each model class gets these three from :func:`model`: its strict validator, its lenient
    # validator and its decoder (which validates leniently and builds in one pass, raising
    # Invalid)
    @staticmethod
    def _check(value: object, path: str, out: list[ValidationIssue], /) -> None:
        raise NotImplementedError

    @staticmethod
    def _loose(value: object, /) -> bool:
        raise NotImplementedError

    @staticmethod
    def _decode(value: object, /) -> Any:
        raise NotImplementedError

    @staticmethod
    def _shapes() -> dict[str, Any]:
        """The tolerant-decoding shape (``_tolerant.py``) of each field whose value is not a
        plain JSON value (models, dates), by attribute; the other fields are ``plain``.
        ``to_dict`` encodes the fields listed here further and writes the others as they
        are (``additional_properties`` is listed when its values are not plain JSON)."""
        return {}

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Validate ``data`` and build the model; raises ``ValidationError`` listing every problem.

        Unknown enum values and undeclared properties are accepted and kept.
        """
        try:
            built: Self = cls._decode(data)
        except (Invalid, KeyError):  # KeyError: a required property missing
            raise invalid(cls._check, data, cls.__name__) from None
        except Exception as exc:  # RecursionError, or a value no decoder expects
            issue = ValidationIssue("$", f"cannot be decoded: {_reason(exc)}", "decode")
            raise ValidationError([issue], cls.__name__) from None
        return built

    @classmethod
    def from_json(cls, data: str | bytes) -> Self:
        """Parse JSON text and build the model (see :meth:`from_dict`)."""
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            return cls.from_dict(loads(data))
        finally:
            if collecting:
                gc.enable()

    def to_dict(self) -> dict[str, Any]:
        """The JSON value of this model (``dict``, ``list``, ``str``, numbers, ``bool`` and
        ``None`` only): each field under its JSON key, in class order, nested models, dates
        and date-times encoded too; fields left ``UNSET`` are omitted, undeclared properties
        come last."""
        encode = _ENCODERS.get(type(self))
        return (encode or _encoder(type(self)))(self)

    def _json(self) -> str:
        """The JSON text of :meth:`to_dict` (each model writes it directly)."""
        return value_text(self.to_dict())

    def to_json(self) -> bytes:
        """Compact UTF-8 JSON of :meth:`to_dict` (the same bytes ``json.dumps`` would give)."""
        return self._json().encode("utf-8")
