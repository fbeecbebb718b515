"""Hostile or absurd input: depth, size, alias bombs, values JSON cannot hold, many errors.

None of these may end in a traceback (a RecursionError above all) in the loader or in a later,
recursive stage: the limits are checked iteratively before any recursive code sees the tree.
Tests run in-process under Python's default recursion limit (1000), stricter than ``gen``'s.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from errors_support import MINIMAL, fails_strictly, fails_with, gen, write

from generator.diagnostics import MAX_ERRORS
from generator.ir.schemas import MAX_SCHEMA_DEPTH
from generator.load import loader

HEAD_JSON = '{"openapi": "3.1.0", "info": {"title": "Tiny", "version": "1"}, "paths": {}, '
AFTER_HEAD = len(HEAD_JSON) + 1  # the column right after HEAD_JSON (77 characters)
assert AFTER_HEAD == 78
DEPTH_HINT = (
    "    hint: no real API needs this; move deep schemas into components and refer to them "
    "with $ref\n"
)
DEPTH = "error: the document nests deeper than 128 levels\n"
TYPES = "null, boolean, object, array, number, integer, string"


def _column(text: str, offset: int) -> str:
    """``line:column`` of ``offset``, counted the plain way."""
    line = text[:offset].count("\n") + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _nth(text: str, needle: str, n: int) -> int:
    """Offset of the ``n``-th (1-based) occurrence of ``needle``."""
    offset = -1
    for _ in range(n):
        offset = text.index(needle, offset + 1)
    return offset


@pytest.mark.parametrize("levels", [200, 5000])
def test_deep_json_arrays(work: Path, levels: int) -> None:
    # 200 levels parse, then the tree check stops them; 5000 exhaust json's recursion first
    text = HEAD_JSON + '"x-deep": ' + "[" * levels + "]" * levels + "}"
    write("deep.json", text)
    # the container 129 levels down is the 128th '[' (the document itself is level 1)
    where = _column(text, text.index("[") + 127)
    fails_with(
        "deep.json",
        f"deep.json:{where}: #/x-deep/0/0/0/0/0/0/0/...(117 more).../0/0/0: {DEPTH}{DEPTH_HINT}",
    )


def test_deep_json_objects(work: Path) -> None:
    text = HEAD_JSON + '"x-deep": ' + '{"a": ' * 5000 + "1" + "}" * 5000 + "}"
    write("deep.json", text)
    where = _column(text, _nth(text, '"a"', 127))  # the key of the 129th container
    fails_with(
        "deep.json",
        f"deep.json:{where}: #/x-deep/a/a/a/a/a/a/a/...(117 more).../a/a/a: {DEPTH}{DEPTH_HINT}",
    )


def test_deep_yaml_block_mappings_within_the_yaml_parser(work: Path) -> None:
    lines = ["openapi: 3.1.0", "info: {title: Tiny, version: '1'}", "x-deep:"]
    lines += ["  " * (i + 1) + "a:" for i in range(300)]
    write("deep.yaml", "\n".join(lines) + " 1\n")
    # 'a' number k (1-based) is on line 3 + k at column 2k + 1; the 127th holds level 129
    fails_with(
        "deep.yaml",
        f"deep.yaml:130:255: #/x-deep/a/a/a/a/a/a/a/...(117 more).../a/a/a: {DEPTH}{DEPTH_HINT}",
    )


def test_deep_yaml_block_mappings_beyond_the_yaml_parser(work: Path) -> None:
    lines = ["openapi: 3.1.0", "info: {title: Tiny, version: '1'}", "x-deep:"]
    lines += ["  " * (i + 1) + "a:" for i in range(5000)]
    write("deep.yaml", "\n".join(lines) + " 1\n")
    # libyaml gives up at 1000 levels, before any tree exists: the place is where it stopped
    where = "#/x-deep/a/a/a/a/a/a/a/...(988 more).../a/a/a"
    fails_with("deep.yaml", f"deep.yaml:1002:2000: {where}: {DEPTH}{DEPTH_HINT}")


def test_deep_yaml_flow_sequences(work: Path) -> None:
    write("deep.yaml", "openapi: 3.1.0\nx-deep: " + "[" * 5000 + "]" * 5000 + "\n")
    # libyaml stops at its own limit: the 1000th '[' (column 9 + 999)
    fails_with("deep.yaml", f"deep.yaml:2:1008: #/x-deep: {DEPTH}{DEPTH_HINT}")


def test_deep_values_within_the_limit_compile(work: Path) -> None:
    value: object = 0
    for _ in range(121):  # #/components/schemas/A/properties/p/default is level 7
        value = [value]
    schema = {"type": "array", "default": value, "examples": [value]}
    doc = {"A": {"type": "object", "properties": {"p": schema}}, "B": {"const": value}}
    write("spec.json", HEAD_JSON + '"components": {"schemas": ' + json.dumps(doc) + "}}")
    run = gen("--spec", "spec.json", "--out", "out")
    assert run.code == 0, run.stderr
    for path in Path("out").rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")


def _nested_schema_yaml(levels: int) -> str:
    """Component S with ``levels`` nested object properties called p (YAML, block style)."""
    lines = [
        "openapi: 3.1.0",
        "info: {title: Tiny, version: '1'}",
        "paths: {}",
        "components:",
        "  schemas:",
        "    S:",
        "      type: object",
        "      properties:",
    ]
    for k in range(1, levels + 1):
        pad = " " * (8 + 4 * (k - 1))
        lines.append(f"{pad}p:")  # line 9 + 3(k - 1), column 9 + 4(k - 1)
        lines += [f"{pad}  type: object", f"{pad}  properties:"] if k < levels else []
    lines.append(" " * (10 + 4 * (levels - 1)) + "type: string")
    return "\n".join(lines) + "\n"


def test_schema_nesting_at_the_limit_generates(work: Path) -> None:
    write("spec.yaml", _nested_schema_yaml(MAX_SCHEMA_DEPTH))
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0, run.stderr
    assert (Path("out") / "tiny" / "models" / "_s.py").is_file()


def test_schema_nesting_beyond_the_limit(work: Path) -> None:
    levels = MAX_SCHEMA_DEPTH + 1
    write("spec.yaml", _nested_schema_yaml(levels))
    line, column = 9 + 3 * (levels - 1), 9 + 4 * (levels - 1)
    fails_with(
        "spec.yaml",
        f"spec.yaml:{line}:{column}: #/components/schemas/S/properties/p/properties/p/properties"
        "/...(74 more).../p/properties/p: "
        f"error: schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here\n"
        "    hint: no real API nests this deep; move inner schemas into components "
        "and $ref them\n",
    )


def test_schema_nested_200_levels(work: Path) -> None:
    schema: dict[str, object] = {"type": "string"}
    for _ in range(200):
        schema = {"type": "object", "properties": {"p": schema}}
    text = HEAD_JSON + '"components": {"schemas": {"S": ' + json.dumps(schema) + "}}}"
    write("spec.json", text)
    # level 129 is the 'properties' object of schema level 63
    where = _column(text, _nth(text, '"properties"', 63))
    fails_with(
        "spec.json",
        f"spec.json:{where}: #/components/schemas/S/properties/p/properties/p/properties"
        f"/...(117 more).../properties/p/properties: {DEPTH}{DEPTH_HINT}",
    )


def test_reference_chain_too_deep(work: Path) -> None:
    schemas = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(1000)}
    schemas["S1000"] = {"type": "string"}
    text = HEAD_JSON + '"components": {"schemas": ' + json.dumps(schemas) + "}}"
    write("spec.json", text)
    where = _column(text, text.index('"S0"'))
    fails_with(
        "spec.json",
        f"spec.json:{where}: #/components/schemas/S0: error: schemas nest or refer to one another "
        "more than 1000 levels deep (from here down to #/components/schemas/S1000)\n"
        "    hint: no real API is this deep; shorten the chain of $refs\n",
    )


def test_file_over_the_size_limit(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "LIMITS", loader.Limits(max_bytes=1000))
    write("spec.yaml", MINIMAL + "#" * (1001 - len(MINIMAL) - 1) + "\n")
    assert Path("spec.yaml").stat().st_size == 1001
    fails_with(
        "spec.yaml",
        "spec.yaml: error: file is larger than the limit of 1,000 bytes\n"
        "    hint: a real OpenAPI document is far smaller; check that this is the right file\n",
    )


def test_file_at_the_size_limit(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "LIMITS", loader.Limits(max_bytes=1000))
    write("spec.yaml", MINIMAL + "#" * (1000 - len(MINIMAL) - 1) + "\n")
    run = gen("--spec", "spec.yaml", "--out", "out", "--check")
    assert run.code == 1  # no error: only "out differs" (it does not exist)
    assert "error:" not in run.stderr


BOMB = """\
openapi: 3.1.0
info: {title: Tiny, version: "1"}
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_billion_laughs(work: Path) -> None:
    write("bomb.yaml", BOMB)
    start = time.monotonic()
    # f expands to 597,871 values; the fourth *f in g passes 2,000,000
    fails_with(
        "bomb.yaml",
        "bomb.yaml:9:1: #/g: error: the document expands to more than 2,000,000 values\n"
        "    hint: YAML aliases (*name) can multiply a small file; expand or remove them\n",
    )
    assert time.monotonic() - start < 2


def test_alias_that_contains_itself(work: Path) -> None:
    write("spec.yaml", "openapi: 3.1.0\ninfo: &info\n  title: Tiny\n  self: *info\n")
    fails_with(
        "spec.yaml",
        "spec.yaml:4:3: #/info/self: error: a YAML alias makes this value contain itself\n"
        "    hint: an alias (*name) may only refer to a node outside itself\n",
    )


def test_shared_aliases_within_limits_are_fine(work: Path) -> None:
    write(
        "spec.yaml",
        MINIMAL.replace("    Pet:", "    Name: &name {type: string, maxLength: 9}\n    Pet:")
        + "    Other:\n      type: object\n      properties:\n        name: *name\n",
    )
    run = gen("--spec", "spec.yaml", "--out", "out", "--check")
    assert run.code == 1
    assert "error:" not in run.stderr


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "spec.json",
            HEAD_JSON + '"x-n": NaN}',
            f"spec.json:1:{AFTER_HEAD}: #/x-n: error: NaN is not a JSON number\n"
            "    hint: write a finite number, or a string\n",
        ),
        (
            "spec.json",
            HEAD_JSON + '"x-n": 1e999}',
            f"spec.json:1:{AFTER_HEAD}: #/x-n: error: infinity is not a JSON number\n"
            "    hint: write a finite number, or a string\n",
        ),
        (
            "spec.yaml",
            MINIMAL + "x-n: [1, -.inf]\n",
            "spec.yaml:13:10: #/x-n/1: error: infinity is not a JSON number\n"
            "    hint: write a finite number, or a string\n",
        ),
        (
            "spec.yaml",
            MINIMAL + "x-logo: !!binary aGVsbG8=\n",
            "spec.yaml:13:1: #/x-logo: error: binary data (!!binary) cannot be represented "
            "in JSON\n    hint: write it as a plain string\n",
        ),
        (
            "spec.yaml",
            MINIMAL + "x-when: !!timestamp 2024-01-01\n",
            "spec.yaml:13:1: #/x-when: error: a YAML date value cannot be represented in JSON\n"
            "    hint: write it as a plain string\n",
        ),
        (
            "spec.yaml",
            MINIMAL + "x-id: " + "7" * 5000 + "\n",
            "spec.yaml:13:7: error: a number has 5,000 digits; at most 4,300 are supported\n"
            "    hint: write an identifier this long as a string (in quotes)\n",
        ),
        (
            "spec.json",
            HEAD_JSON + '"x-id": ' + "7" * 5000 + "}",
            f"spec.json:1:{AFTER_HEAD + 8}: error: a number has 5,000 digits; "
            "at most 4,300 are supported\n"
            "    hint: write an identifier this long as a string (in quotes)\n",
        ),
        (
            "spec.json",
            HEAD_JSON + '"x-s": "a\\ud800b"}',
            f"spec.json:1:{AFTER_HEAD}: #/x-s: error: "
            "text holds a lone surrogate escape (\\ud800-\\udfff)\n"
            "    hint: write a character outside the BMP as a surrogate pair, "
            "e.g. \\ud83d\\ude00\n",
        ),
    ],
    ids=[
        "nan",
        "overflow",
        "yaml-inf",
        "binary",
        "timestamp",
        "long-int",
        "long-int-json",
        "surrogate",
    ],
)
def test_values_json_cannot_hold(work: Path, name: str, text: str, expected: str) -> None:
    write(name, text)
    fails_with(name, expected)


def test_big_integers_within_python_limits_are_fine(work: Path) -> None:
    write("spec.yaml", MINIMAL + "x-big: " + "9" * 400 + "\n")
    run = gen("--spec", "spec.yaml", "--out", "out", "--check")
    assert run.code == 1
    assert "error:" not in run.stderr


def test_duplicate_yaml_keys_warn(work: Path) -> None:
    write("spec.yaml", MINIMAL.replace("  version:", "  title: Tiny Two\n  version:"))
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.stderr.startswith(
        "spec.yaml:4:3: warning: duplicate key 'title': the one at line 3 is ignored\n"
        "    hint: remove or rename one of them; YAML does not allow repeated keys\n"
        "gen: wrote out ("
    )
    assert run.code == 0
    assert (Path("out") / "tiny_two").is_dir()  # the last title wins


@pytest.mark.parametrize(
    ("first", "second", "shown"),
    [("true", "'true'", "'true'"),
     ("1e3", "'1000.0'", "'1000.0' (in JSON the same as '1e3')"),
     ("null", "~", "'~' (in JSON the same as 'null')"),
     ("200", "'200'", "'200'")],
)  # fmt: skip
def test_yaml_keys_that_are_one_json_key_warn(
    work: Path, first: str, second: str, shown: str
) -> None:
    """Keys that differ in YAML but are the same text in JSON: the last one wins, as for a
    repeated key, and the warning says so (not a silent merge)."""
    write(
        "spec.yaml",
        MINIMAL + f"      x-codes:\n        {first}: a\n        {second}: b\n",
    )
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.stderr.startswith(
        f"spec.yaml:15:9: warning: duplicate key {shown}: the one at line 14 is ignored\n"
    ), run.stderr
    assert run.code == 0


@pytest.mark.parametrize("name", ["spec.yaml", "spec.json"])
def test_byte_order_mark_does_not_shift_columns(work: Path, name: str) -> None:
    if name.endswith(".yaml"):
        text = MINIMAL.replace("type: string", "type: strng")  # line 12, column 11
        where = "12:11"
    else:
        text = HEAD_JSON + '"components": {"schemas": {"A": {"type": "strng"}}}}'
        where = f"1:{text.index(chr(34) + 'type') + 1}"
    write(name, b"\xef\xbb\xbf" + text.encode())
    pointer = (
        "#/components/schemas/Pet/properties/name/type"
        if "yaml" in name
        else ("#/components/schemas/A/type")
    )
    fails_strictly(
        name,
        f"{name}:{where}: {pointer}: error: unknown type 'strng' (expected one of: {TYPES})\n"
        "    hint: did you mean 'string'?\n",
    )


def test_json_in_a_yaml_file(work: Path) -> None:
    write("spec.yaml", HEAD_JSON + '"components": {"schemas": {"A": {"type": "strng"}}}}')
    text = Path("spec.yaml").read_text()
    where = f"1:{text.index(chr(34) + 'type') + 1}"
    run = gen("--spec", "spec.yaml", "--out", "out", "--strict")
    assert run.code == 2
    assert run.stderr.startswith(f"spec.yaml:{where}: #/components/schemas/A/type: error: ")


def test_errors_beyond_the_cap_are_counted(work: Path) -> None:
    count = MAX_ERRORS + 10
    props = "".join(f"        p{i}: {{type: strng}}\n" for i in range(count))
    write("spec.yaml", MINIMAL.split("        name:")[0] + props)
    shown = "".join(
        f"spec.yaml:{11 + i}:{len(f'        p{i}: {{') + 1}: "
        f"#/components/schemas/Pet/properties/p{i}/type: error: unknown type 'strng' "
        f"(expected one of: {TYPES})\n    hint: did you mean 'string'?\n"
        for i in range(MAX_ERRORS)
    )
    note = f"note: 10 more errors not shown ({count} in all); fix these and run again\n"
    # the CLI's closing line counts every error, shown or not
    fails_strictly("spec.yaml", shown + note, errors=count)
