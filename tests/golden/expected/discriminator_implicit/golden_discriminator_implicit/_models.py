"""Helpers shared by the generated models (standard library only).

* :func:`loads` / :func:`dumps` — JSON text <-> Python values (compact, UTF-8);
* :func:`invalid` — the :class:`ValidationError` for a value the lenient decoder rejected,
  listing every problem the strict validator finds (minus the ones decoding tolerates);
* :func:`to_json_value` — a model, a list or dict of models, or a plain value -> JSON value;
* :class:`Model` — the base of every generated dataclass: ``from_dict``/``from_json`` validate
  (leniently: unknown enum values and undeclared properties are kept) and decode,
  ``to_dict``/``to_json`` encode.

Decoding creates many small objects and no reference cycles, so the cyclic garbage collector
can free nothing while it runs; it is paused for the duration of one ``from_json`` (and
restored, whatever happens), which makes decoding big payloads markedly faster.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from typing import Any, Self

from ._validation import ValidationError, ValidationIssue

__all__ = ["TOLERATED", "Model", "dumps", "identity", "invalid", "loads", "to_json_value"]

#: keywords whose failures decoding a response tolerates (open enums, new properties)
TOLERATED = frozenset({"enum", "additionalProperties", "unevaluatedProperties"})

_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def loads(data: str | bytes | bytearray) -> Any:
    """Parse JSON text; a ValidationError (not a JSONDecodeError) when it is not JSON."""
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        issue = ValidationIssue("$", f"not valid JSON: {exc}", "json")
        raise ValidationError([issue], "JSON document") from exc


def dumps(value: Any) -> bytes:
    return _ENCODER.encode(value).encode("utf-8")


def invalid(
    check: Callable[[object, str, list[ValidationIssue]], None], data: object, what: str
) -> ValidationError:
    """The error for ``data``: strict issues, without the ones lenient decoding accepts."""
    issues: list[ValidationIssue] = []
    check(data, "$", issues)
    relevant = [i for i in issues if i.keyword not in TOLERATED] or issues
    if not relevant:
        relevant = [ValidationIssue("$", "does not match the schema", "")]
    return ValidationError(relevant, what)


def identity(value: Any) -> Any:
    """The "builder" of values decoded JSON already represents (maps, plain values)."""
    return value


def to_json_value(value: Any) -> Any:
    """Encode models (anything with ``to_dict``) inside lists and dicts; other values as is."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [to_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    return value


class Model:
    """Base of the generated models (each one a ``@dataclass(slots=True, kw_only=True)``)."""

    __slots__ = ()

    # each model sets these three to its strict validator, lenient validator and builder
    @staticmethod
    def _check(value: object, path: str, out: list[ValidationIssue], /) -> None:
        raise NotImplementedError

    @staticmethod
    def _loose(value: object, /) -> bool:
        raise NotImplementedError

    @staticmethod
    def _build(value: Any, /) -> Any:
        raise NotImplementedError

    @classmethod
    def from_dict(cls, data: object) -> Self:
        """Validate ``data`` and build the model; raises ``ValidationError`` listing every problem.

        Unknown enum values and undeclared properties are accepted and kept.
        """
        if not cls._loose(data):
            raise invalid(cls._check, data, cls.__name__)
        built: Self = cls._build(data)
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
        """The JSON value of this model; fields left ``UNSET`` are omitted."""
        raise NotImplementedError

    def to_json(self) -> bytes:
        """Compact UTF-8 JSON of :meth:`to_dict`."""
        return dumps(self.to_dict())
