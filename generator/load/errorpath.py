"""Where in the tree a parse error happened: the JSON pointer of the value being read.

A parser error has a line and column; a pointer tells a reader which part of a long document
that is (``#/paths/~1pets/get/responses``). JSON is scanned token by token up to the error;
YAML is re-parsed into events up to the error. Both only run when a file fails to parse.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .document import Problem
from .sourcemap import line_col

if TYPE_CHECKING:
    import yaml

__all__ = ["JSON_TOKEN", "byte_place", "json_path_at", "json_string", "long_number", "yaml_path_at"]

#: a string (with the ':' after it when it is a key) or a structural character
JSON_TOKEN = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")(\s*:)?|[\[\]{},]')


def json_string(token: str) -> str:
    """The text of a JSON string token (its raw content when it does not decode)."""
    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]


def json_path_at(text: str, offset: int) -> list[str | int]:
    """The pointer tokens of the value being read at ``offset`` of JSON ``text``."""
    slots: list[str | int | None] = []  # per open container: the key or index being read
    for m in JSON_TOKEN.finditer(text, 0, offset):
        c = m.group()[0]
        if c == '"' and m.group(2) and slots:
            slots[-1] = json_string(m.group(1))
        elif c in "[{":
            slots.append(0 if c == "[" else None)
        elif c in "]}" and slots:
            slots.pop()
        elif c == "," and slots:
            top = slots[-1]
            slots[-1] = top + 1 if isinstance(top, int) else None
    return [s for s in slots if s is not None]


@dataclass(slots=True)
class _Frame:
    """An open mapping or sequence on the way to the failing position."""

    is_map: bool
    slot: str | int | None  # the key (None between entries) or the index of the item
    want_key: bool = True


def yaml_path_at(text: str, offset: int | None = None) -> list[str | int]:
    """The pointer tokens of the value being read where YAML ``text`` stops parsing, or at
    ``offset`` (a value that reaches it is the one being read)."""
    import yaml  # noqa: PLC0415 (PyYAML only for YAML)

    stack: list[_Frame] = []
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            end = event.end_mark
            if offset is not None and end is not None and end.index >= offset:
                if isinstance(event, yaml.ScalarEvent) and stack and not stack[-1].want_key:
                    break  # the value being read (of the key before it)
                if not isinstance(event, yaml.ScalarEvent):
                    break
            _step(stack, event, yaml)
    except yaml.YAMLError:
        pass
    if stack and not stack[-1].is_map:  # between items: the list itself
        stack.pop()
    return [f.slot for f in stack if f.slot is not None]


def _step(stack: list[_Frame], event: yaml.Event, yaml: Any) -> None:
    if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
        stack.pop()
        _done(stack)
    elif isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
        top = stack[-1] if stack else None
        if top is not None and top.is_map and top.want_key:
            top.slot = (
                str(getattr(event, "value", "")) if isinstance(event, yaml.ScalarEvent) else None
            )
            top.want_key = False
        else:
            _done(stack)
    elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
        top = stack[-1] if stack else None
        if top is not None and top.is_map and top.want_key:  # a complex key: no name for it
            top.want_key = False
        is_map = isinstance(event, yaml.MappingStartEvent)
        stack.append(_Frame(is_map, None if is_map else 0))


def _done(stack: list[_Frame]) -> None:
    """A value in the top container is complete."""
    if not stack:
        return
    top = stack[-1]
    if top.is_map:
        top.slot, top.want_key = None, True
    elif isinstance(top.slot, int):
        top.slot += 1


def byte_place(data: bytes, offset: int) -> tuple[int, int]:
    start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[start:offset].decode("utf-8", "replace").lstrip("\ufeff")
    return data.count(b"\n", 0, offset) + 1, len(prefix) + 1


def long_number(text: str, detail: str) -> Problem:
    limit = sys.get_int_max_str_digits()
    match = re.search(rf"\d{{{limit + 1},}}", text)
    line, column = line_col(text, match.start()) if match else (None, None)
    digits = f"{len(match.group()):,} digits" if match else "too many digits"
    if "digits" not in detail:
        return Problem(f"a value cannot be read: {detail}", None, line, column)
    return Problem(
        f"a number has {digits}; at most {limit:,} are supported",
        "write an identifier this long as a string (in quotes)",
        line,
        column,
    )
