# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Validation support used by the generated validators and models (standard library only).

* :class:`ValidationIssue` — one problem: a JSON path (``$.items[1].course.languages[0]``), a
  message and the JSON Schema keyword that failed. ``str()`` shows ``path: message``.
* :class:`ValidationError` — raised by ``Model.from_dict`` / ``from_json`` with every issue found.
* JSON value semantics the validators need: equality where ``1 == 1.0`` but ``True != 1``
  (:func:`json_equal`, :func:`json_in`), ``uniqueItems`` (:func:`is_unique`), exact decimal
  ``multipleOf`` (:func:`is_multiple`), and the ``format`` checks this package asserts
  (:data:`FORMATS`: date-time, date, time, uuid, ipv4, ipv6).
* The issues generated checks report: :func:`report` (any), :func:`missing` (``required``),
  :func:`mistyped` (``type``) and :func:`typed` (the ``type`` of many properties at once).
* :func:`entry_point`: a public ``validate_<name>`` function, from its ``check`` function in
  ``_validators`` (loaded on first call).
* The type tests every generated check shares: :func:`is_integer` and :func:`is_number` (the
  generated code tests ``type(v) is int`` itself first, the common case, and calls these for
  the rest), and :class:`Matches`, a pattern's answers per string.

Nothing here raises on odd input: helpers answer False instead.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, localcontext
from importlib import import_module
from typing import TypeGuard

__all__ = [
    "FORMATS",
    "Matches",
    "ValidationError",
    "ValidationIssue",
    "dispatch",
    "entry_point",
    "is_integer",
    "is_multiple",
    "is_number",
    "is_unique",
    "json_equal",
    "json_in",
    "json_type",
    "key_path",
    "missing",
    "mistyped",
    "report",
    "typed",
]


#: a ValidationError's message lists at most this many issues (``issues`` holds them all)
MAX_LISTED = 20


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem with a value: where (JSON path), what, and which keyword failed."""

    path: str
    message: str
    keyword: str = ""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ValidationError(ValueError):
    """A value does not match its schema; ``issues`` lists every problem found, each once
    (``allOf`` parts may state the same constraint twice)."""

    def __init__(self, issues: Iterable[ValidationIssue], what: str = "value") -> None:
        self.issues = tuple(dict.fromkeys(issues))
        count = len(self.issues)
        head = f"{count} problem{'s' if count != 1 else ''} in the {what}"
        lines = [head + ":", *(str(i) for i in self.issues[:MAX_LISTED])]
        if count > MAX_LISTED:
            lines.append(f"... and {count - MAX_LISTED} more (all of them in .issues)")
        super().__init__("\n  ".join(lines))


_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def key_path(base: str, key: object) -> str:
    """``base.key`` for identifier-like keys, ``base["odd key"]`` otherwise."""
    text = key if isinstance(key, str) else str(key)
    if _IDENT.fullmatch(text):
        return f"{base}.{text}"
    return f"{base}[{json.dumps(text, ensure_ascii=False)}]"


_SEEN_MAX = 4096


class Matches(dict[str, bool]):
    """``matches[text]``: whether the pattern's ``search`` finds a match in ``text``.

    Answers are remembered (values such as language codes repeat a lot), at most a few
    thousand; a remembered answer costs one dictionary lookup.
    """

    __slots__ = ("_search",)

    def __init__(self, search: Callable[[str], object]) -> None:
        super().__init__()
        self._search = search

    def __missing__(self, text: str) -> bool:
        found = self._search(text) is not None
        if len(self) < _SEEN_MAX:
            self[text] = found
        return found


def is_integer(value: object) -> TypeGuard[int | float]:
    """A JSON integer: an ``int`` (not a ``bool``) or a float with no fraction (``1.0``)."""
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> TypeGuard[int | float]:
    """A JSON number: an ``int`` or ``float``, never a ``bool``."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def json_type(value: object) -> str:
    """The JSON type name of a value, for messages (``"integer"``, ``"object"``, ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    names = ((float, "number"), (str, "string"), (list, "array"), (dict, "object"))
    return next((name for kind, name in names if isinstance(value, kind)), type(value).__name__)


def missing(
    value: Container[str], names: Iterable[str], path: str, out: list[ValidationIssue]
) -> None:
    """Adds a ``required`` issue to ``out`` for each of ``names`` (in order) not in ``value``."""
    out.extend(
        ValidationIssue(path, f"missing required property {name!r}", "required")
        for name in names
        if name not in value
    )


def report(path: str, message: str, keyword: str, out: list[ValidationIssue]) -> None:
    """Adds the issue ``path: message`` (of ``keyword``) to ``out``."""
    out.append(ValidationIssue(path, message, keyword))


def mistyped(expected: str, value: object, path: str, out: list[ValidationIssue]) -> None:
    """Adds the ``type`` issue ``expected <expected>, got <JSON type of value>`` to ``out``."""
    out.append(ValidationIssue(path, f"expected {expected}, got {json_type(value)}", "type"))


Check = Callable[[object, str, list[ValidationIssue]], None]
Test = Callable[[object], bool]


def dispatch(
    value: object,
    path: str,
    out: list[ValidationIssue],
    name: str,
    table: Mapping[str, Check],
    tag_path: str,
    tags: str,
) -> None:
    """The check of a tagged union whose discriminator is property ``name``: the check that
    ``table`` gives for the tag checks ``value``; a value that is not an object, a missing
    tag or an unknown one (at ``tag_path``; ``tags`` lists the known ones) is an issue."""
    if not isinstance(value, dict):
        mistyped("object", value, path, out)
        return
    tag = value.get(name)
    check = table.get(tag) if isinstance(tag, str) else None
    if check is not None:
        check(value, path, out)
    elif name not in value:
        message = f"missing discriminator property {name!r}"
        out.append(ValidationIssue(path, message, "discriminator"))
    else:
        message = f"unknown tag {tag!r}; expected one of: {tags}"
        out.append(ValidationIssue(tag_path, message, "discriminator"))


def entry_point(function: str) -> Callable[[object], list[ValidationIssue]]:
    """``validate_<name>`` of ``validators.py``: every problem of a value (each once), found
    by the ``check`` function ``<module>.<name>`` of this package's ``_validators``, which is
    imported on the first call."""
    module, _, name = function.partition(".")
    found: list[Check] = []

    def validate(value: object) -> list[ValidationIssue]:
        if not found:
            found.append(getattr(import_module(f"._validators.{module}", __package__), name))
        out: list[ValidationIssue] = []
        found[0](value, "$", out)
        return list(dict.fromkeys(out))  # allOf parts may report the same problem

    validate.__doc__ = f"Problems of ``value`` (see ``_validators.{module}``)."
    return validate


#: JSON type name -> (the exact Python types of its JSON values, its complete test)
_TYPES: dict[str, tuple[tuple[type, ...], Callable[[object], bool]]] = {
    "null": ((type(None),), lambda value: value is None),
    "boolean": ((bool,), lambda value: isinstance(value, bool)),
    "string": ((str,), lambda value: isinstance(value, str)),
    "integer": ((int,), is_integer),
    "number": ((int, float), is_number),
    "array": ((list,), lambda value: isinstance(value, list)),
    "object": ((dict,), lambda value: isinstance(value, dict)),
}

_ABSENT = object()
#: a row of ``typed``: (property, expected types) or (property, expected types, format)
Row = tuple[str, str] | tuple[str, str, str]
#: a row prepared: property, its exact types and full test, expected types, format and test
Prepared = tuple[str, frozenset[type], Test, str, str, Callable[[str], bool] | None]
#: id of a table of ``typed`` -> (the table, its rows prepared)
_TABLES: dict[int, tuple[tuple[Row, ...], list[Prepared]]] = {}


def _prepared(rows: tuple[Row, ...]) -> list[Prepared]:
    prepared: list[Prepared] = []
    for name, expected, *more in rows:
        parts = [_TYPES[t] for t in expected.split(" or ")]
        tests = tuple(test for _, test in parts)

        def either(value: object, tests: tuple[Test, ...] = tests) -> bool:
            return any(t(value) for t in tests)

        exact = frozenset(k for kinds, _ in parts for k in kinds)
        test = tests[0] if len(tests) == 1 else either
        fmt = more[0] if more else ""
        prepared.append((name, exact, test, expected, fmt, FORMATS.get(fmt)))
    _TABLES[id(rows)] = (rows, prepared)
    return prepared


def typed(
    value: Mapping[str, object], path: str, out: list[ValidationIssue], rows: tuple[Row, ...]
) -> None:
    """The ``type`` tests of the properties of ``value`` that ``rows`` lists, each a pair
    (property, expected JSON types as a message says them: ``"string or null"``) or a triple
    that adds the format a string value must have (``"date-time"``). An absent property is
    not tested; a mistyped one adds its :func:`mistyped` issue to ``out``, a string of the
    wrong format its ``format`` issue. The common case costs a set lookup: the exact Python
    type of a decoded JSON value."""
    found = _TABLES.get(id(rows))
    # the table is kept with its rows prepared, so its id is never another table's
    prepared = found[1] if found is not None and found[0] is rows else _prepared(rows)
    get = value.get
    for name, exact, test, expected, fmt, valid in prepared:
        item = get(name, _ABSENT)
        if type(item) in exact or item is _ABSENT:
            pass
        elif not test(item):
            mistyped(expected, item, key_path(path, name), out)
        if valid is not None and isinstance(item, str) and not valid(item):
            report(key_path(path, name), f"is not a valid {fmt}", "format", out)


def json_equal(a: object, b: object) -> bool:
    """Equality of JSON values: numbers by value, booleans never equal to numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if is_number(a) and is_number(b):
        return a == b
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return type(a) is type(b) and a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return False


def json_in(value: object, options: tuple[object, ...]) -> bool:
    return any(json_equal(value, option) for option in options)


def _canonical(value: object) -> object:
    """A hashable stand-in such that equal JSON values (and only they) map to equal keys."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, float) and value.is_integer():
        return ("n", int(value))
    if is_number(value):
        return ("n", value)
    if isinstance(value, list):
        return ("l", tuple(_canonical(v) for v in value))
    if isinstance(value, dict):
        return ("o", frozenset((k, _canonical(v)) for k, v in value.items()))
    if isinstance(value, str) or value is None:
        return ("s", value)
    return ("x", id(value))


def is_unique(items: list[object]) -> bool:
    """True when no two items are equal JSON values (``uniqueItems``)."""
    try:
        keys = [_canonical(v) for v in items]
        return len(set(keys)) == len(keys)
    except (TypeError, RecursionError):
        return all(
            not json_equal(items[i], items[j])
            for i in range(len(items))
            for j in range(i + 1, len(items))
        )


def is_multiple(value: int | float, divisor: int | float) -> bool:
    """``multipleOf`` on the decimal values as written (``0.0075`` is a multiple of ``0.0001``)."""
    if isinstance(value, int) and isinstance(divisor, int):
        return value % divisor == 0
    try:
        with localcontext() as context:
            context.prec = 800  # enough digits for any float quotient
            return Decimal(repr(value)) % Decimal(repr(divisor)) == 0
    except (InvalidOperation, ValueError, OverflowError):
        return False


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_TIME = re.compile(
    r"([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)\Z"
)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


def _date(text: str) -> bool:
    match = _DATE.match(text)
    if match is None:
        return False
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12 or day < 1 or day > _DAYS[month - 1]:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return month != 2 or day <= 28 or leap


def _time(text: str) -> bool:
    return _TIME.match(text) is not None


def _date_time(text: str) -> bool:
    date, sep, time = text.partition("T") if "T" in text else text.partition("t")
    return bool(sep) and _date(date) and _time(time)


def _ip(version: int) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        try:
            return ipaddress.ip_address(text).version == version and "%" not in text
        except ValueError:
            return False

    return check


#: format name -> predicate on strings; other formats are annotations only
FORMATS: dict[str, Callable[[str], bool]] = {
    "date-time": _date_time,
    "date": _date,
    "time": _time,
    "uuid": lambda text: _UUID.match(text) is not None,
    "ipv4": _ip(4),
    "ipv6": _ip(6),
}
