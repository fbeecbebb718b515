"""Check a parsed tree iteratively (no recursion, whatever the input): nesting depth, node count,
values JSON cannot hold, surrogates, non-string keys.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..pointers import child, unescape_parts
from .document import Limits, Problem
from .sourcemap import position

__all__ = []


def depth_problem(
    limits: Limits, pointer: str = "", line: int | None = None, column: int | None = None
) -> Problem:
    return Problem(
        f"the document nests deeper than {limits.max_depth} levels",
        "no real API needs this; move deep schemas into components and refer to them with $ref",
        line,
        column,
        pointer,
    )


def pointer(tokens: list[str | int]) -> str:
    return child("#", *tokens)


def placed(problem: Problem, text: str, is_json: bool) -> Problem:
    """``problem`` with the line and column of its pointer filled in."""
    if problem.line is not None or not problem.pointer:
        return problem
    found = position(text, is_json, unescape_parts(problem.pointer[1:]))
    if found is None:
        return problem
    return Problem(problem.message, problem.hint, found[0], found[1], problem.pointer)


@dataclass(slots=True)
class _Frame:
    """A container being walked: its children, its slot in the parent, counts so far."""

    node: dict[str, Any] | list[Any]
    children: Iterator[tuple[str | int, Any]]
    slot: str | int
    size: int = 1
    height: int = 1


class _TreeProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def check_json_tree(
    root: Any, limits: Limits, *, strings: bool, text_keys: bool = False
) -> Problem | None:
    """:func:`check_tree` for a tree that shares no containers (what ``json.loads`` returned,
    or a plain YAML document built directly), so a recursive count settles the common case at
    once (making mapping keys strings on the way, as the full walk would); anything it cannot
    pass (too deep or large, a non-finite number, ``strings`` to check) takes the full walk,
    which also says where the problem is. ``text_keys``: every mapping key is a string already
    (JSON), so none is looked at."""
    if isinstance(root, dict | list) and not strings:
        size = _json_size(root, limits.max_depth, not text_keys)
        if 0 <= size < limits.max_nodes:  # the root is one more value
            return None
    return check_tree(root, limits, strings=strings)


def _json_size(node: dict[str, Any] | list[Any], room: int, keys: bool) -> int:
    """Values in the tree under ``node`` (at least as many as the full walk counts), or -1
    when it has more than ``room`` container levels or a float that is not finite; ``keys``:
    make mapping keys strings on the way."""
    if room == 0:
        return -1
    values: Collection[Any]
    if isinstance(node, dict):
        if keys and not all(type(k) is str for k in node):
            _string_keys(node)  # YAML: 200, true or null as a key
        values = node.values()
    else:
        values = node
    size = len(values)
    for value in values:
        kind = type(value)
        if kind is dict or kind is list:
            inner = _json_size(value, room - 1, keys)
            if inner < 0:
                return -1
            size += inner
        elif kind is float and not math.isfinite(value):
            return -1
    return size


def check_tree(root: Any, limits: Limits, *, strings: bool) -> Problem | None:
    """Check limits and values, and make mapping keys strings, in one iterative pass.

    Containers shared through YAML aliases are walked once; their expanded size and height
    count at every place they appear. ``strings`` also checks text for lone surrogates.
    """
    if not isinstance(root, dict | list):
        problem = _scalar_problem(root, strings)
        return Problem(*problem, pointer="#") if problem else None
    try:
        _TreeWalk(limits, strings).run(root)
    except _TreeProblem as exc:
        return exc.problem
    return None


@dataclass(slots=True)
class _TreeWalk:
    """The state of one walk over a parsed tree: the limits and the nodes measured so far."""

    limits: Limits
    strings: bool
    stack: list[_Frame] = field(default_factory=list)
    done: dict[int, tuple[int, int]] = field(default_factory=dict)  # id -> (size, height)
    active: set[int] = field(default_factory=set)

    def run(self, root: dict[str, Any] | list[Any]) -> None:
        self._enter(root, None)
        while self.stack:
            top = self.stack[-1]
            nxt = next(top.children, None)
            if nxt is None:
                self._leave()
            elif isinstance(nxt[1], dict | list):
                self._container(*nxt)
            else:
                self._check(nxt[1], nxt[0])
                self._grow(1, 0)

    def _enter(self, node: dict[str, Any] | list[Any], slot: str | int | None) -> None:
        """Push a container (``slot`` in the top frame; None for the root)."""
        if len(self.stack) >= self.limits.max_depth:
            self._fail(depth_problem(self.limits, pointer(self._path(slot))))
        children: Iterator[tuple[str | int, Any]]
        if isinstance(node, dict):
            if not all(type(k) is str for k in node):
                _string_keys(node)
            elif self.strings:
                for key in node:
                    self._check(key, slot, key)
            children = iter(node.items())
        else:
            children = enumerate(node)
        self.active.add(id(node))
        self.stack.append(_Frame(node, children, "" if slot is None else slot))

    def _check(self, value: Any, *slots: str | int | None) -> None:
        problem = _scalar_problem(value, self.strings)
        if problem is not None:
            path = [*self._path(None), *(s for s in slots if s is not None)]
            self._fail(Problem(*problem, pointer=pointer(path)))

    def _leave(self) -> None:
        frame = self.stack.pop()
        self.active.discard(id(frame.node))
        self.done[id(frame.node)] = (frame.size, frame.height)
        if self.stack:
            self._grow(frame.size, frame.height)

    def _container(self, slot: str | int, node: dict[str, Any] | list[Any]) -> None:
        known = self.done.get(id(node))
        if known is not None:  # a YAML alias of a container walked before
            if len(self.stack) + known[1] > self.limits.max_depth:
                self._fail(depth_problem(self.limits, pointer(self._path(slot))))
            self._grow(*known)
        elif id(node) in self.active:
            self._fail(
                Problem(
                    "a YAML alias makes this value contain itself",
                    "an alias (*name) may only refer to a node outside itself",
                    pointer=pointer(self._path(slot)),
                )
            )
        else:
            self._enter(node, slot)

    def _grow(self, size: int, height: int) -> None:
        """Add a child of ``size`` values and ``height`` container levels to the top frame."""
        top = self.stack[-1]
        top.size += size
        top.height = max(top.height, height + 1)
        if top.size > self.limits.max_nodes:
            self._fail(
                Problem(
                    f"the document expands to more than {self.limits.max_nodes:,} values",
                    "YAML aliases (*name) can multiply a small file; expand or remove them",
                    pointer=pointer(self._path(None)),
                )
            )

    def _path(self, slot: str | int | None) -> list[str | int]:
        """The pointer tokens of the top frame, plus ``slot`` when given."""
        path = [f.slot for f in self.stack[1:]]
        return path if slot is None else [*path, slot]

    def _fail(self, problem: Problem) -> None:
        raise _TreeProblem(problem)


_NOT_JSON: dict[type, str] = {
    bytes: "binary data (!!binary)",
    set: "a set (!!set)",
    tuple: "a list of pairs (!!pairs or !!omap)",
}


def _scalar_problem(value: Any, strings: bool) -> tuple[str, str] | None:
    """(message, hint) when ``value`` is not a JSON scalar."""
    if isinstance(value, str):
        if strings and _SURROGATE.search(value):
            return "text holds a lone surrogate escape (\\ud800-\\udfff)", _SURROGATE_HINT
        return None
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        name = "NaN" if math.isnan(value) else "infinity"
        return f"{name} is not a JSON number", "write a finite number, or a string"
    what = _NOT_JSON.get(type(value), f"a YAML {type(value).__name__} value")
    return f"{what} cannot be represented in JSON", "write it as a plain string"


_SURROGATE = re.compile("[\ud800-\udfff]")


_SURROGATE_HINT = "write a character outside the BMP as a surrogate pair, e.g. \\ud83d\\ude00"


def has_surrogate_escape(text: str) -> bool:
    return re.search(r"\\u[dD][89a-fA-F]", text) is not None


def _string_keys(node: dict[Any, Any]) -> None:
    """Make the keys of ``node`` strings, in place (so aliases stay shared)."""
    items = list(node.items())
    node.clear()
    for key, value in items:
        node[key_text(key)] = value


def key_text(key: Any) -> str:
    """A YAML mapping key as JSON text (``true``, ``null``, ``1.5``)."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)
