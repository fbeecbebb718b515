"""Parse YAML or JSON text into plain JSON values, turning parser errors into problems with line,
column and a hint (an unclosed bracket, a trailing comma...). YAML is read by
:mod:`.yaml_parse`, imported only for a YAML document (PyYAML takes a tenth of a small JSON
spec's run to import).
"""

from __future__ import annotations

import json
from typing import Any

from .document import Limits, Problem
from .errorpath import JSON_TOKEN, json_path_at, json_string, long_number
from .sourcemap import line_col
from .tree import depth_problem, pointer

__all__ = []


#: (root, is JSON, shares no containers, warnings)
_Parsed = tuple[Any, bool, bool, list[Problem]]


def parse(text: str, suffix: str, limits: Limits) -> _Parsed | Problem:
    """JSON for ``.json`` (and for other files that start like JSON), YAML otherwise."""
    starts_json = text.lstrip()[:1] in ("{", "[")
    if suffix == ".json" or (starts_json and suffix not in (".yaml", ".yml")):
        root = _parse_json(text, limits)
        return root if isinstance(root, Problem) else (root, True, True, [])
    if starts_json:  # a .yaml file in JSON syntax: parse it as JSON when that works
        root = _parse_json(text, limits)
        if not isinstance(root, Problem):
            return root, True, True, []
    from .yaml_parse import parse_yaml  # noqa: PLC0415 (PyYAML only for YAML)

    return parse_yaml(text, limits)


def _parse_json(text: str, limits: Limits) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = pointer(json_path_at(text, exc.pos))
        return Problem(f"invalid JSON: {exc.msg}", _json_hint(exc), exc.lineno, exc.colno, where)
    except RecursionError:
        return _json_too_deep(text, limits)
    except ValueError as exc:  # an integer longer than Python converts
        return long_number(text, str(exc))


def _json_hint(exc: json.JSONDecodeError) -> str | None:
    before = exc.doc[: exc.pos].rstrip()[-1:]
    at = exc.doc[exc.pos : exc.pos + 1]
    if exc.pos >= len(exc.doc.rstrip()) and not exc.msg.startswith("Extra data"):
        return "the file ends before the document does; is it cut short?"
    if before == "," and at in ("}", "]"):
        return f"remove the comma before '{at}': JSON allows no trailing commas"
    if exc.msg.startswith("Expecting property name") and at == "'":
        return "JSON strings and keys use double quotes"
    if exc.msg.startswith("Expecting property name"):
        return "put the key in double quotes"
    if exc.msg.startswith("Expecting ',' delimiter"):
        return "a comma is missing between two items, or a bracket is not closed"
    if exc.msg.startswith("Extra data"):
        return "there is more text after the end of the JSON document"
    return _JSON_HINTS.get(exc.msg.split(":")[0].split(" starting")[0])


_JSON_HINTS = {
    "Unterminated string": 'close the string with "',
    "Invalid control character at": r"write line breaks and tabs in strings as \n and \t",
    "Invalid \\escape": r"in JSON strings only \" \\ \/ \b \f \n \r \t and \uXXXX are escapes",
    "Invalid \\uXXXX escape": r"\u must be followed by four hex digits",
    "Expecting value": "a value is missing here (JSON has no comments and no trailing commas)",
}


def _json_too_deep(text: str, limits: Limits) -> Problem:
    found = _json_deep_offset(text, limits.max_depth)
    if found is None:
        return depth_problem(limits)
    offset, tokens = found
    line, column = line_col(text, offset)
    return depth_problem(limits, pointer(tokens), line, column)


def _json_deep_offset(text: str, max_depth: int) -> tuple[int, list[str | int]] | None:
    """Offset and path of the first container deeper than ``max_depth``, by a flat scan.

    The offset is that of the container's key in its parent object (as the source map gives
    it), or of the container itself in an array.
    """
    slots: list[str | int] = []  # per open container: the key or index being read
    key_at = 0  # offset of the last key read
    for m in JSON_TOKEN.finditer(text):
        c = m.group()[0]
        if c == '"' and m.group(2) and slots:
            slots[-1] = json_string(m.group(1))
            key_at = m.start()
        elif c in "[{":
            if len(slots) >= max_depth:
                return (key_at if isinstance(slots[-1], str) else m.start()), slots
            slots.append(0 if c == "[" else "")
        elif c in "]}" and slots:
            slots.pop()
        elif c == "," and slots and isinstance(slots[-1], int):
            slots[-1] += 1
    return None
