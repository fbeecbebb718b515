"""Parse YAML or JSON text into plain JSON values, turning parser errors into problems with line,
column and a hint (an unclosed bracket, a trailing comma...).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import yaml

from .document import Limits, Problem
from .errorpath import JSON_TOKEN, json_path_at, json_string, yaml_path_at
from .sourcemap import line_col, remember_composed
from .tree import depth_problem, pointer
from .yaml12 import Yaml12Loader

__all__ = []


def byte_place(data: bytes, offset: int) -> tuple[int, int]:
    start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[start:offset].decode("utf-8", "replace").lstrip("\ufeff")
    return data.count(b"\n", 0, offset) + 1, len(prefix) + 1


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
    return _parse_yaml(text, limits)


def _parse_json(text: str, limits: Limits) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = pointer(json_path_at(text, exc.pos))
        return Problem(f"invalid JSON: {exc.msg}", _json_hint(exc), exc.lineno, exc.colno, where)
    except RecursionError:
        return _json_too_deep(text, limits)
    except ValueError as exc:  # an integer longer than Python converts
        return _long_number(text, str(exc))


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


def _long_number(text: str, detail: str) -> Problem:
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


def _parse_yaml(text: str, limits: Limits) -> _Parsed | Problem:
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        root = _plain_values(loader, node) if node is not None else None
        remember_composed(text, node)  # placing warnings later needs no second parse
    except yaml.MarkedYAMLError as exc:
        return _yaml_problem(exc, text, limits)
    except yaml.reader.ReaderError as exc:  # exc.position counts UTF-8 bytes
        line, column = byte_place(text.encode("utf-8", "surrogatepass"), exc.position)
        return Problem(
            f"invalid YAML: {exc.reason}: U+{exc.character:04X}",
            "remove it, or write it as an escape (e.g. \\x01) inside double quotes",
            line,
            column,
        )
    except (yaml.YAMLError, TypeError, RecursionError) as exc:
        return _other_yaml_problem(exc, text)
    except ValueError as exc:  # an integer longer than Python converts, or a bad !!float
        return _long_number(text, str(exc))
    finally:
        loader.dispose()
    return root, False, loader.plain, loader.duplicates


def _other_yaml_problem(exc: Exception, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    where = pointer(yaml_path_at(text))
    if mark is None:
        return Problem(f"invalid YAML: {exc}", pointer=where)
    return Problem(f"invalid YAML: {exc}", None, mark.line + 1, mark.column + 1, where)


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, limits: Limits) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    problem = exc.problem or exc.context or "syntax error"
    where = pointer(yaml_path_at(text))
    if "maximum nesting depth" in problem:
        return depth_problem(limits, where, line, column)
    hint = _yaml_hint(problem, text, mark, exc.context_mark)
    message = next((m for key, m in _YAML_MESSAGES.items() if key in problem), problem)
    if "could not determine a constructor" in problem:
        message = f"unsupported tag {_tag(problem)}"
    return Problem(f"invalid YAML: {message}", hint, line, column, where)


def _tag(problem: str) -> str:
    found = re.search(r"'([^']*)'", problem)
    return (found.group(1) if found else "").replace("tag:yaml.org,2002:", "!!")


def _yaml_hint(problem: str, text: str, mark: Any, opened: Any) -> str | None:
    if "cannot start any token" in problem:
        at = text[mark.index : mark.index + 1] if mark is not None else ""
        if at == "\t":
            return "indent with spaces: YAML does not allow tabs for indentation"
        return f"quote a value that starts with {at!r}" if at else None
    if problem.startswith("did not find expected ',' or") and opened is not None:
        closer = problem[-2]
        return (
            f"the bracket opened at line {opened.line + 1}, column {opened.column + 1} "
            f"is not closed with {closer!r}"
        )
    if "could not determine a constructor" in problem:
        return "remove the tag: an OpenAPI document needs only plain YAML values"
    return next((hint for key, hint in _YAML_HINTS.items() if key in problem), None)


_YAML_MESSAGES = {
    "but found another document": "the file holds more than one YAML document",
    "found unhashable key": "a key is a list or a mapping",
}


_YAML_HINTS = {
    "found another document": "keep one document per file: remove the second '---' and after",
    "mapping values are not allowed": (
        "check the indentation, and quote values that contain ': ' (a colon and a space)"
    ),
    "did not find expected key": "check the indentation of this line and the lines above",
    "did not find expected '-' indicator": "check the indentation of this list item",
    "found undefined alias": "define the anchor (&name) before using the alias (*name)",
    "found unknown escape character": (
        "in double quotes write a backslash as \\\\, or use single quotes"
    ),
    "found invalid Unicode character escape code": (
        "write characters outside the BMP as \\UXXXXXXXX; lone surrogates are not text"
    ),
    "found unhashable key": "a key must be a plain value, not a list or a mapping",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "could not find expected ':'": "a key needs ': ' after it, or a long value needs quotes",
}


class _NotPlain(Exception):
    """The node tree needs PyYAML's own construction (see :func:`_plain_values`)."""


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{n}" for n in ("str", "seq", "map"))


def _plain_values(loader: Loader, root: Any) -> Any:
    """The values of a composed document, built directly when it is plain (every node used
    once: no anchors reused; no merge keys, repeated keys or tags beyond the core schema's),
    which is most specs and much faster than PyYAML's general construction; anything else is
    left to that (the same values, duplicates reported in its order)."""
    scalars = {
        tag: loader.yaml_constructors[tag]
        for tag in (f"tag:yaml.org,2002:{n}" for n in ("null", "bool", "int", "float"))
    }
    seen: set[int] = set()

    def build(node: Any) -> Any:
        if id(node) in seen:
            raise _NotPlain  # an alias: PyYAML shares (or loops) the object
        seen.add(id(node))
        tag = node.tag
        kind = type(node)
        if kind is yaml.ScalarNode:
            if tag == _STR:
                return node.value
            make = scalars.get(tag)
            if make is None:
                raise _NotPlain
            return make(loader, node)
        if kind is yaml.SequenceNode and tag == _SEQ:
            return [build(item) for item in node.value]
        if kind is yaml.MappingNode and tag == _MAP:
            out: dict[Any, Any] = {}
            written: set[str] = set()  # as the duplicate check compares keys
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag in _SPECIAL_KEYS:
                    raise _NotPlain  # a merge key, a ``=`` key, a key that is a collection
                key = build(key_node)
                if key in out or str(key_node.value) in written:
                    raise _NotPlain  # a repeated key: PyYAML's path reports it
                written.add(str(key_node.value))
                out[key] = build(value_node)
            return out
        raise _NotPlain

    try:
        built = build(root)
    except Exception:  # a bad scalar too: PyYAML's path raises it, in its order
        return loader.construct_document(root)
    loader.plain = True
    return built


_SPECIAL_KEYS = frozenset({"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"})


class Loader(Yaml12Loader):
    """Safe YAML loading with YAML 1.2 core-schema scalars (see :mod:`.yaml12`: ``on`` and
    ``no`` are text, dates stay strings).

    Records duplicate mapping keys (YAML forbids them; PyYAML keeps the last silently).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[Problem] = []
        #: the values were built directly (:func:`_plain_values`): no container is shared
        self.plain = False

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            self._find_duplicates(node)
        return super().construct_mapping(node, deep=deep)

    def _find_duplicates(self, node: yaml.MappingNode) -> None:
        first: dict[str, Any] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue
            earlier: Any = first.setdefault(str(key.value), key.start_mark)
            if earlier is not key.start_mark:
                mark: Any = key.start_mark
                self.duplicates.append(
                    Problem(
                        f"duplicate key {key.value!r}: the one at line {earlier.line + 1} "
                        "is ignored",
                        "remove or rename one of them; YAML does not allow repeated keys",
                        mark.line + 1,
                        mark.column + 1,
                    )
                )
