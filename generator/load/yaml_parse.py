"""YAML documents as plain JSON values (YAML 1.2 core-schema scalars, see :mod:`.yaml12`), with
PyYAML's errors turned into problems with line, column, pointer and a hint."""

from __future__ import annotations

import re
from typing import Any

import yaml

from .document import Limits, Problem
from .errorpath import byte_place, long_number, yaml_path_at
from .sourcemap import remember_composed
from .tree import depth_problem, key_text, pointer
from .yaml12 import Yaml12Loader

__all__ = ["Loader", "parse_yaml"]


def parse_yaml(text: str, limits: Limits) -> tuple[Any, bool, bool, list[Problem]] | Problem:
    """(values, False: not JSON, whether no container is shared, duplicate keys) or the
    problem that stops reading ``text``."""
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
        return long_number(text, str(exc))
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
            written: set[str] = set()  # keys as JSON text (``true`` and 'true' are one)
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag in _SPECIAL_KEYS:
                    raise _NotPlain  # a merge key, a ``=`` key, a key that is a collection
                key = build(key_node)
                text = key if type(key) is str else key_text(key)
                if text in written or str(key_node.value) in written:
                    raise _NotPlain  # a repeated key: PyYAML's path reports it
                written.update((text, str(key_node.value)))
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
            text = self._json_text(key)
            earlier: Any = first.setdefault(text, key)
            if earlier is key:
                continue
            mark: Any = key.start_mark
            same = "" if earlier.value == key.value else f" (in JSON the same as {earlier.value!r})"
            self.duplicates.append(
                Problem(
                    f"duplicate key {key.value!r}{same}: the one at line "
                    f"{earlier.start_mark.line + 1} is ignored",
                    "remove or rename one of them; YAML does not allow repeated keys"
                    if not same
                    else "JSON keys are text: write one of them differently",
                    mark.line + 1,
                    mark.column + 1,
                )
            )

    def _json_text(self, key: yaml.ScalarNode) -> str:
        """The key as the document's JSON has it (``True``, ``true`` and 'true' alike)."""
        make = self.yaml_constructors.get(key.tag) if key.tag != _STR else None
        if make is None:
            return str(key.value)
        try:
            return key_text(make(self, key))
        except Exception:  # a bad scalar: PyYAML's construction reports it
            return str(key.value)
