"""YAML is read as 1.2 (core schema), as JSON Schema and OpenAPI tooling read it.

``on``, ``off``, ``yes``, ``no``, ``y``, ``n`` (in any case) are strings, not booleans;
``1:30`` (sexagesimal in 1.1), ``1_000`` and ``0b11`` are strings; ``0777`` is the decimal 777
and ``0o17`` octal; line and column of diagnostics stay right.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from errors_support import gen, write

from generator.load.yaml12 import load_yaml
from generator.load.yaml_parse import Loader, _plain_values

SPEC = """\
openapi: 3.1.0
info:
  title: Switch
  version: "1"
paths:
  /switch:
    post:
      operationId: setSwitch
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Switch'}
      responses:
        "204": {description: done}
components:
  schemas:
    Switch:
      type: object
      required: [on]
      properties:
        on: {type: string, enum: [on, off, auto]}
        yes: {type: string, default: no}
        at: {type: string, default: 1:30}
        mode: {type: integer, enum: [0777, 0o17, 0x1F]}
"""


@pytest.mark.parametrize(
    ("text", "value"),
    [
        *((word, word) for word in ["on", "off", "yes", "no", "y", "n", "ON", "Off", "YES", "N"]),
        *((word, True) for word in ["true", "True", "TRUE"]),
        *((word, False) for word in ["false", "False", "FALSE"]),
        *((word, None) for word in ["null", "Null", "NULL", "~", ""]),
        ("1:30", "1:30"),
        ("190:20:30.15", "190:20:30.15"),
        ("1_000", "1_000"),
        ("0b11", "0b11"),
        ("=", "="),
        ("2026-12-02", "2026-12-02"),
        ("0777", 777),
        ("-012", -12),
        ("+3", 3),
        ("0o17", 15),
        ("0x1F", 31),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("1.", 1.0),
        ("-1.5E-2", -0.015),
        ("!!int 0777", 777),
    ],
)
def test_core_schema_scalars(text: str, value: Any) -> None:
    loaded = load_yaml(f"k: {text}\n")["k"]
    assert loaded == value
    assert type(loaded) is type(value)


def test_yaml_1_1_booleans_are_strings_in_models_and_on_the_wire(work: Path) -> None:
    write("spec.yaml", SPEC)
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0, run.stderr
    source = Path("out/switch/models/_switch.py").read_text(encoding="utf-8")
    assert 'on: Literal["on", "off", "auto"]\n' in source
    assert 'yes: str | Unset = field(default=UNSET, metadata={"default": "no"})\n' in source
    assert 'at: str | Unset = field(default=UNSET, metadata={"default": "1:30"})\n' in source
    assert "mode: Literal[777, 15, 31] | Unset = UNSET\n" in source
    sys.path.insert(0, str(work / "out"))
    try:
        models: Any = importlib.import_module("switch.models")
        switch = models.Switch.from_dict({"on": "off", "yes": "n"})
        assert switch.on == "off"
        assert switch.to_dict() == {"on": "off", "yes": "n"}
        assert switch.to_json() == b'{"on":"off","yes":"n"}'
    finally:
        sys.path.remove(str(work / "out"))
        for name in [m for m in sys.modules if m == "switch" or m.startswith("switch.")]:
            del sys.modules[name]


def test_diagnostics_under_a_key_named_on_keep_line_and_column(work: Path) -> None:
    write("spec.yaml", SPEC.replace("on: {type: string, enum", "on: {type: strin, enum"))
    run = gen("--spec", "spec.yaml", "--out", "out", "--strict")
    assert run.code == 2
    assert run.stderr == (
        "spec.yaml:21:14: #/components/schemas/Switch/properties/on/type: error: unknown type "
        "'strin' (expected one of: null, boolean, object, array, number, integer, string)\n"
        "    hint: did you mean 'string'?\n"
        "gen: 1 error; nothing was written.\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, 2.5, null, true, 0777, on, '1']\nc: {d: ~}\n",
        "a: &x {b: 1}\nc: *x\n",  # an alias: the same object twice
        "a:\n  - &r [1]\n  - *r\n",
        "base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n",  # a merge key
        "a: 1\na: 2\n",  # a repeated key (reported)
        "1: a\n'1': b\n",  # keys that read the same (reported)
        "true: 1\nTrue: 2\n",  # keys that load the same
        "a: !!binary aGVsbG8=\nb: !!set {x}\nc: !!bool yes\n",  # tags beyond the core schema
        "a: !!int x\n",  # a bad scalar
        "? [1, 2]\n: v\n",  # an unhashable key
    ],
)
def test_plain_documents_load_as_pyyaml_constructs_them(text: str) -> None:
    """The direct construction of plain documents gives PyYAML's values, errors and reported
    duplicates, whatever the document holds."""
    fast, slow = Loader(text), Loader(text)

    def outcome(loader: Loader, construct: Callable[[Any], Any]) -> tuple[str, list[str]]:
        try:
            result = repr(construct(loader.get_single_node()))
        except yaml.YAMLError as exc:
            result = f"error: {exc}"
        return result, [p.message for p in loader.duplicates]

    assert outcome(fast, lambda node: _plain_values(fast, node)) == outcome(
        slow, slow.construct_document
    )
