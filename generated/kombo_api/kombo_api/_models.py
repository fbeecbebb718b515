"""Helpers shared by the generated models (standard library only).

* :func:`loads` / :func:`dumps` — JSON text <-> Python values (compact, UTF-8);
* :func:`invalid` — the :class:`ValidationError` for a value the lenient decoder rejected,
  listing every problem the strict validator finds (minus the ones decoding tolerates);
* :func:`to_json_value` — a model, a list or dict of models, or a plain value -> JSON value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ._validation import ValidationError, ValidationIssue

__all__ = ["TOLERATED", "dumps", "invalid", "loads", "to_json_value"]

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


def to_json_value(value: Any) -> Any:
    """Encode models (anything with ``to_dict``) inside lists and dicts; other values as is."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [to_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    return value
