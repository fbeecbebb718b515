"""Hostile specs: no string from the spec can change the meaning of the generated code.

Hypothesis draws nasty strings (quotes, triple quotes, backslashes, NUL, CR, U+2028/U+2029,
bidi controls, Jinja syntax, Python that would create a marker file if it ever ran) and puts
them in every position a spec offers: title, version, descriptions, summaries, server URL and
variables, paths, parameter and header names, operationIds, tags, schema and property names,
enum values, const, default, example, pattern, format, extension values. For each spec:

* gen succeeds (warnings allowed) and every generated module compiles and imports;
* importing and using the package executes nothing: the marker file never appears;
* every value round-trips exactly: an enum accepts exactly its values, a const exactly the
  const, a default is recorded exactly, a pattern matches exactly its literal, wire names of
  properties come back unchanged, and the schema's validator is listed under its exact name.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import cli
from tests.hypo import examples


def _payloads(marker: str) -> list[str]:
    return [
        '"""', "'''", "\\", '\\"', "\x00", "\r", "\r\n", "\u2028", "\u2029", "\u202e", "\ufeff",
        "{{ 7 * 7 }}", "{% if true %}x{% endif %}", "{# note #}", "{{", "%}",
        f'"; open({marker!r}, "w")  #',
        f"__import__('os').system('touch {marker}')",
        f'\n"""\nopen({marker!r}, "w")\n"""\n',
        f"'), open({marker!r}, 'w'), ('",
        f"\\\n\"\"\"\nopen({marker!r}, 'w')  # ",
        "${HOME}", "`id`", "</script><script>", "\t", " ", "class", "__init__", "0day",
        "a" * 200, "é", "日本語", "\U0001f600", "-", ".", "$", "@type",
    ]  # fmt: skip


def _hostile(marker: str) -> st.SearchStrategy[str]:
    text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
    return st.one_of(st.sampled_from(_payloads(marker)), text)


def _ecma_literal(text: str) -> str:
    """A regex matching exactly ``text`` (ECMA-262 syntax characters escaped)."""
    return "^" + re.sub(r"([\^$\\.*+?()\[\]{}|/])", r"\\\1", text) + "$"


def _spec(v: list[str]) -> dict[str, Any]:
    """A spec with a hostile string in every position (``v`` has 16 strings)."""
    enum = list(dict.fromkeys([v[9], v[9] + "x", v[10]]))
    props = {
        "e" + v[5]: {"type": "string", "enum": enum, "description": v[2]},
        "c" + v[6]: {"const": v[11], "description": v[3]},
        "d" + v[7]: {"type": "string", "default": v[12], "example": v[12], "format": v[13]},
        "p" + v[8]: {"type": "string", "pattern": _ecma_literal(v[14])},
    }
    schema = {
        "type": "object",
        "title": v[4],
        "description": v[2],
        "properties": props,
        "x-extension": v[15],
    }
    param_name = v[5].replace("{", "").replace("}", "").replace("/", "") or "p"
    return {
        "openapi": "3.1.0",
        "info": {"title": v[0], "version": v[1], "description": v[2]},
        "servers": [
            {
                "url": "https://example.com/" + v[3] + "{region}",
                "description": v[4],
                "variables": {"region": {"default": v[6], "description": v[7]}},
            }
        ],
        "paths": {
            "/things/" + v[8].replace("{", "(").replace("}", ")") + "/{" + param_name + "}": {
                "post": {
                    "operationId": v[9] or "op",
                    "summary": v[10],
                    "description": v[11],
                    "tags": [v[12]],
                    "x-extension": v[13],
                    "parameters": [
                        {
                            "name": param_name,
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": v[14],
                        },
                        {"name": v[15] or "q", "in": "query", "schema": {"type": "string"}},
                        {"name": "X-" + v[0], "in": "header", "schema": {"type": "string"}},
                    ],
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "$ref": "#/components/schemas/" + _pointer_token(v[4] or "S")
                                }
                            }
                        }
                    },
                    "responses": {
                        "200": {
                            "description": v[1],
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "$ref": "#/components/schemas/"
                                        + _pointer_token(v[4] or "S")
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {v[4] or "S": schema}},
    }


def _pointer_token(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1").replace("%", "%25")


_CHECK = r"""
import dataclasses, json, sys, importlib, pkgutil
spec = json.loads(sys.argv[1])
import hostile
from hostile import models, validators
for info in pkgutil.walk_packages(hostile.__path__, "hostile."):
    importlib.import_module(info.name)
for name in dir(models):
    getattr(models, name)
client = hostile.Client(base_url="https://example.invalid")
for op_path in hostile.OPERATIONS.values():
    group, method = op_path.split(".")
    getattr(getattr(client, group), method)
client.close()
name = list(spec["components"]["schemas"])[0]
schema = spec["components"]["schemas"][name]
validate = validators.SCHEMA_VALIDATORS[name]
props = schema["properties"]
e, c, d, p = list(props)
enum = props[e]["enum"]
for value in enum:
    assert validate({e: value}) == [], (e, value)
assert validate({e: "".join(enum) + "?"}) != []
assert validate({c: props[c]["const"]}) == []
assert validate({c: props[c]["const"] + "?"}) != []
literal = props[p]["pattern"]
import re
text = re.sub(r"\\(.)", r"\1", literal[1:-1])
assert validate({p: text}) == [], (p, text)
assert validate({p: text + "?"}) != []
cls = [v for k, v in vars(models).items() if isinstance(v, type) and dataclasses.is_dataclass(v)]
value = {e: enum[0], c: props[c]["const"], d: props[d]["default"], p: text}
(model,) = [m for m in cls if m.__name__ != "Model"] or [None]
if model is not None:
    obj = model.from_dict(value)
    assert obj.to_dict() == value
    # the direct JSON writer keeps hostile property names data, byte for byte like json.dumps
    plain = json.dumps(obj.to_dict(), separators=(",", ":"), ensure_ascii=False).encode()
    assert obj.to_json() == plain, (obj.to_json(), plain)
    defaults = [f.metadata["default"] for f in dataclasses.fields(model) if "default" in f.metadata]
    assert defaults == [props[d]["default"]], defaults
print("ok")
"""


@settings(
    max_examples=examples(12),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_strings_stay_data(tmp_path_factory: Any, data: st.DataObject) -> None:
    tmp = tmp_path_factory.mktemp("hostile")
    marker = str(tmp / "MARKER")
    values = [data.draw(_hostile(marker)) for _ in range(16)]
    spec = _spec(values)
    spec_path = tmp / "spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    out = tmp / "out"
    result = CliRunner().invoke(
        cli, ["--spec", str(spec_path), "--out", str(out), "--package-name", "hostile"]
    )
    assert result.exit_code == 0, result.output
    for source in out.rglob("*.py"):
        compile(source.read_text(encoding="utf-8"), str(source), "exec")
    done = subprocess.run(
        [sys.executable, "-c", _CHECK, json.dumps(spec)],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"
    assert not Path(marker).exists()
    assert not list(tmp.rglob("MARKER"))
