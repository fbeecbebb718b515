"""Line and column of a JSON pointer in its source text, found only when a diagnostic needs it.

YAML node trees (with marks) are the loader's own, kept from parsing; JSON is scanned token by token
along the pointer only, skipping siblings with the C JSON decoder. Lines and columns count from 1,
columns in characters (a UTF-8 byte order mark is not counted).

This module reads text only; :mod:`generator.loader` uses it for the problems it finds itself.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

from ..pointers import unescape_parts

if TYPE_CHECKING:
    from .document import Document
    from .loader import SourceSet

__all__ = ["Locator", "line_col", "position", "remember_composed"]

_DECODER = json.JSONDecoder()
_WS = " \t\n\r"


class Locator:
    """``locate(display_file, pointer) -> (line, column)`` over the documents of a SourceSet.

    Documents loaded after the locator was made (through ``$ref``) are found too.
    """

    def __init__(self, sources: SourceSet) -> None:
        self._sources = sources

    def _document(self, file: str | None) -> Document | None:
        wanted = file if file is not None else self._sources.entry.display
        return next(
            (d for d in self._sources.documents.values() if d is not None and d.display == wanted),
            None,
        )

    def __call__(self, file: str | None, pointer: str) -> tuple[int, int] | None:
        doc = self._document(file)
        if doc is None or not pointer.startswith("#"):
            return None
        try:
            parts = unescape_parts(pointer[1:])
        except ValueError:
            return None
        return position(doc.text, doc.is_json, parts)


def position(text: str, is_json: bool, parts: list[str]) -> tuple[int, int] | None:
    """Where the node at ``parts`` starts (its key, for a mapping member), or its deepest
    existing ancestor; None when the text cannot be read."""
    if not is_json:
        return _yaml_position(text, tuple(parts))
    try:
        return _json_position(text, parts)
    except (ValueError, IndexError, RecursionError):
        return None


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset (in a long text, found in an index of
    its line starts: a spec with many warnings would count its lines once per warning)."""
    if len(text) < _INDEXED:
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
    starts = _line_starts(text)
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


_INDEXED = 1 << 16  # characters


@lru_cache(maxsize=4)
def _line_starts(text: str) -> list[int]:
    """The offset of each line's first character."""
    return [0, *accumulate(len(line) + 1 for line in text.split("\n"))][:-1]


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
    return line_col(text, best)


def _json_child(text: str, i: int, part: str) -> tuple[int, int] | None:
    """(offset of the key or element, offset of its value) inside the container at ``i``."""
    members = _json_members(text, i)
    if isinstance(members, dict):
        return members.get(part)
    if part.isdigit() and int(part) < len(members):
        at = members[int(part)]
        return at, at
    return None


@lru_cache(maxsize=4096)
def _json_members(text: str, i: int) -> dict[str, tuple[int, int]] | list[int]:
    """Every member of the container at ``i``, scanned once (diagnostics often point into
    the same objects): key -> (key offset, value offset), or the offsets of the elements."""
    if text[i] == "{":
        found: dict[str, tuple[int, int]] = {}
        i = _skip_ws(text, i + 1)
        while i < len(text) and text[i] == '"':
            key, end = scanstring(text, i + 1)
            value_at = _skip_ws(text, _skip_ws(text, end) + 1)
            found[key] = (i, value_at)  # the last of repeated keys is the one loaded
            i = _after_value(text, value_at)
        return found
    elements: list[int] = []
    if text[i] == "[":
        i = _skip_ws(text, i + 1)
        while i < len(text) and text[i] != "]":
            elements.append(i)
            i = _after_value(text, i)
    return elements


def _after_value(text: str, i: int) -> int:
    _, end = _DECODER.raw_decode(text, i)
    end = _skip_ws(text, end)
    if end < len(text) and text[end] == ",":
        end = _skip_ws(text, end + 1)
    return end


#: node trees the loader composed anyway, by text (the few documents of the current run)
_REMEMBERED: dict[str, Any] = {}
_KEPT = 8


def remember_composed(text: str, node: Any) -> None:
    """Keep the loader's node tree of ``text`` so that locating a pointer in it does not parse
    the text again (the oldest of more than a few documents is let go)."""
    _REMEMBERED.pop(text, None)
    _REMEMBERED[text] = node
    while len(_REMEMBERED) > _KEPT:
        del _REMEMBERED[next(iter(_REMEMBERED))]


def _yaml_position(text: str, parts: tuple[str, ...]) -> tuple[int, int] | None:
    import yaml  # noqa: PLC0415 (PyYAML only for YAML)

    try:
        if text not in _REMEMBERED:
            remember_composed(text, yaml.compose(text, Loader=yaml.CSafeLoader))
        node = _REMEMBERED[text]
        if node is None:
            return None
        mark = node.start_mark
        for part in parts:
            found = _yaml_child(node, part, yaml)
            if found is None:
                break
            mark, node = found
    except (ValueError, IndexError, yaml.YAMLError, RecursionError):
        return None
    return mark.line + 1, mark.column + 1


def _yaml_child(node: Any, part: str, yaml: Any) -> tuple[Any, Any] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in reversed(node.value):  # the last of repeated keys is the one loaded
            if str(key.value) == part:
                return key.start_mark, value
        return None
    if isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
        value = node.value[int(part)]
        return value.start_mark, value
    return None
