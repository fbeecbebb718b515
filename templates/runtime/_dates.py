# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""Dates and times: ``format: date-time`` and ``format: date`` as ``datetime`` objects.

* :func:`parse_datetime` reads an RFC 3339 date-time (``2025-06-01T12:00:00.5Z``,
  ``...+02:00``; ``T``/``Z`` in either case) into an aware ``datetime.datetime``;
  :func:`parse_date` reads ``YYYY-MM-DD`` into a ``datetime.date``. Anything else raises
  :class:`~._models.Invalid` (the decoders then report the value's problems).
* :func:`format_datetime` writes RFC 3339: UTC as ``Z``, other offsets as ``+hh:mm``,
  fractions of a second only when there are any (3 digits when whole milliseconds). A naive
  ``datetime`` is taken to be UTC. A decoded value is written back exactly as it was received,
  so a response decoded and encoded again gives the same text (and always the same instant).
  :func:`format_date` writes ``YYYY-MM-DD``. Strings pass through both unchanged, so requests
  accept either.
* :func:`temporal_json` is the ``default=`` of ``json.dumps`` for plain request bodies.
"""

from __future__ import annotations

import datetime
import re

from ._models import Invalid

__all__ = [
    "format_date",
    "format_datetime",
    "parse_date",
    "parse_datetime",
    "temporal_json",
    "temporal_text",
]

_DATE_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:([Zz])|([+-]\d{2}:\d{2}))"
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MICRO_DIGITS = 6
_MILLI = 1000


class _DateTime(datetime.datetime):
    """A decoded date-time that remembers the text it came from (for exact round trips)."""

    __slots__ = ("_text",)
    _text: str


def parse_datetime(value: object) -> datetime.datetime:
    """An aware ``datetime`` from RFC 3339 text; raises ``Invalid`` for anything else."""
    match = _DATE_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise Invalid("not an RFC 3339 date-time")
    day, clock, fraction, zulu, offset = match.groups()
    micro = (fraction or "")[:_MICRO_DIGITS].ljust(_MICRO_DIGITS, "0") if fraction else ""
    text = f"{day}T{clock}{'.' + micro if micro else ''}{'+00:00' if zulu else offset}"
    try:
        parsed = _DateTime.fromisoformat(text)
    except ValueError:
        raise Invalid("not a valid date-time") from None
    parsed._text = match.string
    return parsed


def parse_date(value: object) -> datetime.date:
    """A ``date`` from ``YYYY-MM-DD``; raises ``Invalid`` for anything else."""
    if not isinstance(value, str) or _DATE.fullmatch(value) is None:
        raise Invalid("not an RFC 3339 full-date")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise Invalid("not a valid date") from None


def format_datetime(value: datetime.datetime | str) -> str:
    """RFC 3339 text of ``value`` (see the module docstring); strings pass through."""
    if isinstance(value, str):
        return value
    text = getattr(value, "_text", None)
    if isinstance(text, str):
        return text
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=datetime.UTC)
    micro = value.microsecond
    timespec = "seconds" if not micro else "milliseconds" if micro % _MILLI == 0 else "microseconds"
    out = value.isoformat(timespec=timespec)
    return out[:-6] + "Z" if out.endswith("+00:00") else out


def format_date(value: datetime.date | str) -> str:
    """``YYYY-MM-DD`` of ``value``; strings pass through."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return value if isinstance(value, str) else value.isoformat()


def temporal_text(value: object) -> object:
    """A date-time or date as RFC 3339 text (parameters); anything else unchanged."""
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, datetime.date):
        return format_date(value)
    return value


def temporal_json(value: object) -> object:
    """``json.dumps(..., default=temporal_json)``: dates as text; other values fail as usual."""
    if isinstance(value, datetime.date):
        return temporal_text(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
