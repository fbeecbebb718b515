"""Line and column of a JSON pointer in its source text, found only when a diagnostic needs it.

YAML is re-composed (node tree with marks) once per file and cached; JSON is scanned token by token
along the pointer only, skipping siblings with the C JSON decoder.
"""

from __future__ import annotations

import json
from functools import lru_cache
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

import yaml

from .loader import Document, SourceSet, _Loader
from .pointers import unescape_parts

__all__ = ["Locator"]

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


class Locator:
    """``locate(display_file, pointer) -> (line, column)`` over the documents of a SourceSet."""

    def __init__(self, sources: SourceSet) -> None:
        self._by_display = {
            doc.display: doc for doc in sources.documents.values() if doc is not None
        }

    def __call__(self, file: str | None, pointer: str) -> tuple[int, int] | None:
        doc = self._by_display.get(file or "")
        if doc is None or not pointer.startswith("#"):
            return None
        try:
            parts = unescape_parts(pointer[1:])
        except ValueError:
            return None
        try:
            if doc.is_json:
                return _json_position(doc.text, parts)
            return _yaml_position(doc, tuple(parts))
        except (ValueError, IndexError, yaml.YAMLError, RecursionError):
            return None


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _json_position(text: str, parts: list[str]) -> tuple[int, int] | None:
    i = _skip_ws(text, 0)
    best = i
    for part in parts:
        found = _json_child(text, i, part)
        if found is None:
            break
        best, i = found
    return _line_col(text, best)


def _json_child(text: str, i: int, part: str) -> tuple[int, int] | None:
    """(offset of the key or element, offset of its value) inside the container at ``i``."""
    if text[i] == "{":
        i = _skip_ws(text, i + 1)
        while i < len(text) and text[i] == '"':
            key, end = scanstring(text, i + 1)
            value_at = _skip_ws(text, _skip_ws(text, end) + 1)
            if key == part:
                return i, value_at
            i = _after_value(text, value_at)
        return None
    if text[i] == "[" and part.isdigit():
        i = _skip_ws(text, i + 1)
        for _ in range(int(part)):
            i = _after_value(text, i)
        return i, i
    return None


def _after_value(text: str, i: int) -> int:
    _, end = _DECODER.raw_decode(text, i)
    end = _skip_ws(text, end)
    if end < len(text) and text[end] == ",":
        end = _skip_ws(text, end + 1)
    return end


@lru_cache(maxsize=8)
def _composed(text: str) -> Any:
    return yaml.compose(text, Loader=_Loader)


def _yaml_position(doc: Document, parts: tuple[str, ...]) -> tuple[int, int] | None:
    node = _composed(doc.text)
    if node is None:
        return None
    mark = node.start_mark
    for part in parts:
        found = _yaml_child(node, part)
        if found is None:
            break
        mark, node = found
    return mark.line + 1, mark.column + 1


def _yaml_child(node: Any, part: str) -> tuple[Any, Any] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == part:
                return key.start_mark, value
        return None
    if isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
        value = node.value[int(part)]
        return value.start_mark, value
    return None
