"""YAML 1.2 core-schema scalars for PyYAML, which implements YAML 1.1.

JSON Schema and OpenAPI tooling reads YAML as 1.2, where a plain scalar is a boolean only when
it is ``true``/``false`` (in one of three cases) and a number only in JSON-like forms. PyYAML's
1.1 rules would turn ``on``, ``off``, ``yes``, ``no`` into booleans, ``1:30`` into 90
(sexagesimal), ``0777`` into 511 (octal), ``1_000`` into 1000, ``0b11`` into 3, and ``=`` into
an unconstructible value. Here each of those stays the string it looks like, as the 1.2 core
schema says:

========================  ====================================================
``null``                  ``null``, ``Null``, ``NULL``, ``~``, empty
``bool``                  ``true``, ``True``, ``TRUE``, ``false``, ``False``, ``FALSE``
``int``                   ``[-+]?[0-9]+`` (decimal, even with leading zeros), ``0o17``, ``0x1F``
``float``                 ``[-+]?(.5|1|1.|1.5)(e[-+]?3)?``, ``.inf``, ``-.Inf``, ``.nan``
========================  ====================================================

Timestamps are strings too (neither JSON nor 1.2 has them). Merge keys (``<<: *base``) stay:
they are not part of 1.2, but specs use them and every common YAML library honours them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["IMPLICIT_RESOLVERS", "Yaml12Loader", "load_yaml"]

_TAG = "tag:yaml.org,2002:"

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_MERGE = re.compile(r"^(?:<<)$")

#: (tag, pattern, first characters) in the order they are tried; ``""`` is the empty scalar
_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("null", _NULL, "~nN"),
    ("bool", _BOOL, "tTfF"),
    ("int", _INT, "-+0123456789"),
    ("float", _FLOAT, "-+.0123456789"),
    ("merge", _MERGE, "<"),
)


def _table() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {"": [(_TAG + "null", _NULL)]}
    for name, pattern, firsts in _RULES:
        for first in firsts:
            table.setdefault(first, []).append((_TAG + name, pattern))
    return table


#: A replacement for ``yaml.resolver.Resolver.yaml_implicit_resolvers``.
IMPLICIT_RESOLVERS = _table()


class Yaml12Loader(yaml.CSafeLoader):
    """PyYAML's fast safe loader with 1.2 core-schema scalars (``0777`` is 777, ``on`` text)."""

    yaml_implicit_resolvers = IMPLICIT_RESOLVERS

    def construct_yaml_int(self, node: Any) -> int:
        text = str(self.construct_scalar(node))
        if not _INT.match(text):
            raise yaml.constructor.ConstructorError(
                None, None, f"{text!r} is not a YAML 1.2 integer", node.start_mark
            )
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text)

    def construct_yaml_float(self, node: Any) -> float:
        text = str(self.construct_scalar(node))
        if not _FLOAT.match(text):
            raise yaml.constructor.ConstructorError(
                None, None, f"{text!r} is not a YAML 1.2 number", node.start_mark
            )
        lowered = text.lower()
        if lowered.endswith((".inf", ".nan")):
            return float(lowered.replace(".", ""))
        return float(text)


Yaml12Loader.add_constructor(_TAG + "int", Yaml12Loader.construct_yaml_int)
Yaml12Loader.add_constructor(_TAG + "float", Yaml12Loader.construct_yaml_float)


def load_yaml(text: str) -> Any:
    """One YAML document as plain values (1.2 scalars); raises ``yaml.YAMLError``."""
    loader = Yaml12Loader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
