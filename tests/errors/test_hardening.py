"""Regression tests for what fuzzing gen with mutated real specs found (issue 11, item 6).

Each test states the input that broke gen and checks the general behaviour now: generated code
compiles and imports, its own tests pass, and bad input is refused with exit 2 and a message.
Generated packages are imported in a subprocess (each test's package has a name of its own).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from errors_support import FAILED_1, gen, write

from generator.diagnostics import Reporter
from generator.ir.build import build_api
from generator.load.loader import load


def _spec(schemas: dict[str, Any], *, title: str = "Hard", **extra: Any) -> str:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1"},
        "paths": {},
        **extra,
        "components": {"schemas": schemas},
    }
    return json.dumps(doc, ensure_ascii=False)


def _python(code: str, cwd: Path) -> str:
    found = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    return found.stdout


def _generated_tests_pass(out: Path) -> None:
    found = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert found.returncode == 0, found.stdout[-3000:]


def _generate(spec: str, name: str = "spec.json") -> Path:
    write(name, spec)
    run = gen("--spec", name, "--out", "out")
    assert run.code == 0, run.stderr
    return Path("out").absolute()


def test_security_schemes_with_one_python_name_get_distinct_parameters(work: Path) -> None:
    schemes = {
        "ApiKey": {"type": "apiKey", "in": "header", "name": "X-A"},
        "api_key": {"type": "apiKey", "in": "header", "name": "X-B"},
        "timeout": {"type": "apiKey", "in": "query", "name": "t"},  # a client parameter's name
    }
    paths = {
        "/pets": {"get": {"operationId": "listPets", "responses": {"204": {"description": "ok"}}}}
    }
    spec = json.loads(_spec({}, title="Two Keys", paths=paths))
    spec["components"]["securitySchemes"] = schemes
    spec["security"] = [{"ApiKey": []}, {"api_key": []}, {"timeout": []}]
    out = _generate(json.dumps(spec))
    code = """
import httpx, two_keys
seen = []
def answer(request):
    seen.append((request.headers.get("X-A"), request.headers.get("X-B"), str(request.url)))
    return httpx.Response(204)
client = two_keys.Client(
    api_key="a", api_key_2="b", timeout_="t", base_url="https://x.test",
    transport=httpx.MockTransport(answer),
)
client.pets.list_pets()
print(seen)
"""
    assert _python(code, out) == "[('a', 'b', 'https://x.test/pets?t=t')]\n"


def _nested(levels: int) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "maxLength": 3}
    for i in range(levels):
        if i % 2:
            schema = {"type": "array", "items": schema}
        else:
            schema = {"type": "object", "additionalProperties": schema}
    return schema


def test_nesting_up_to_the_depth_limit_compiles(work: Path) -> None:
    # 40 levels of items/additionalProperties is gen's limit (one more is refused)
    holder = {"type": "object", "properties": {"deep": _nested(39)}}
    out = _generate(_spec({"Deep": _nested(40), "Holder": holder}))
    assert _python("import hard.validators, hard.models; print('ok')", out) == "ok\n"
    _generated_tests_pass(out)


def test_a_non_ascii_title_makes_valid_toml(work: Path) -> None:
    out = _generate(_spec({}, title="Dog \U0001f436 \u00e9t\u00e9 API"))
    project = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["description"] == "Typed client for Dog \U0001f436 \u00e9t\u00e9 API"


def test_a_schema_with_properties_but_no_type_rejects_other_kinds_cleanly(work: Path) -> None:
    loose = {"properties": {"a": {"type": "string"}}, "examples": ["hello", {"a": "x"}]}
    holder = {
        "type": "object",
        "properties": {"loose": {"$ref": "#/components/schemas/Loose"}},
        "examples": [{"loose": "hello"}],
    }
    out = _generate(_spec({"Loose": loose, "Holder": holder}))
    _generated_tests_pass(out)
    code = """
from hard import models
from hard._validation import ValidationError
for value in ("hello", {"loose": "hello"}):
    try:
        (models.Loose if value == "hello" else models.Holder).from_dict(value)
    except ValidationError as exc:
        print(exc.issues)
print(models.Holder.from_dict({"loose": {"a": "x"}}))
"""
    assert _python(code, out) == (
        "(ValidationIssue(path='$', message='does not match the schema', keyword=''),)\n"
        "(ValidationIssue(path='$', message='does not match the schema', keyword=''),)\n"
        "Holder(loose=Loose(a='x', additional_properties={}), additional_properties={})\n"
    )


def test_a_constraint_stated_twice_in_all_of_is_reported_once(work: Path) -> None:
    twice = {"allOf": [{"maxLength": 3}, {"type": "string", "maxLength": 3}], "examples": ["long"]}
    out = _generate(_spec({"Twice": twice}))
    _generated_tests_pass(out)
    code = """
from hard import validators
print(validators.validate_twice("long"))
"""
    assert _python(code, out) == (
        "[ValidationIssue(path='$', message='must be at most 3 characters long', "
        "keyword='maxLength')]\n"
    )


def test_a_ref_chain_past_the_evaluator_limit_is_not_taken_as_valid(work: Path) -> None:
    chain: dict[str, Any] = {
        f"R{i}": {"$ref": f"#/components/schemas/R{i + 1}"} for i in range(250)
    }
    chain["R250"] = {"type": "string"}
    chain["Holder"] = {
        "type": "object",
        "properties": {"r": {"$ref": "#/components/schemas/R0"}},
        "examples": [{"r": 5}],
    }
    write("spec.json", _spec(chain))
    run = gen("--spec", "spec.json", "--out", "out")
    assert run.code == 0, run.stderr
    assert re.fullmatch(
        r"spec\.json:1:\d+: #/components/schemas/Holder/examples/0: warning: the example is not "
        r"tested: its schema nests more than 200 levels deep \(with \$ref\) for gen to check it\n"
        r"    hint: shorten the chain of \$ref\n"
        r"gen: wrote out \(\d+ files changed\); 1 warning, 0 workarounds\.\n",
        run.stderr,
    ), run.stderr
    _generated_tests_pass(Path("out").absolute())


@pytest.mark.parametrize("name", ["json", "typing", "httpx", "os", "dataclasses"])
def test_package_names_that_shadow_imports_are_refused(work: Path, name: str) -> None:
    write("spec.json", _spec({}))
    run = gen("--spec", "spec.json", "--out", "out", "--package-name", name)
    assert run.code == 2
    assert run.stderr.endswith(
        f"Error: Invalid value for '--package-name': {name!r} would shadow the module of that "
        "name that Python or the package needs\n"
    )
    assert not Path("out").exists()


def test_a_huge_enum_is_read_in_linear_time(work: Path) -> None:
    values = [f"v{i}" for i in range(100_000)]
    write("spec.json", _spec({"Big": {"type": "string", "enum": [*values, "v1", "v2"]}}))
    reporter = Reporter()
    sources = load(Path("spec.json"), reporter)
    assert sources is not None
    started = time.monotonic()
    api = build_api(sources, reporter)
    assert time.monotonic() - started < 10  # quadratic duplicate removal took minutes
    assert api is not None
    enum = dict(api.components)["Big"].enum
    assert enum is not None and [e.value for e in enum] == values


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_ref_to_a_named_pipe_is_refused_without_blocking(work: Path) -> None:
    os.mkfifo("pipe.json")
    schemas = {"A": {"$ref": "pipe.json"}}
    write("spec.json", json.dumps(json.loads(_spec(schemas)), indent=1))
    found = subprocess.run(
        [sys.executable, "-m", "generator", "--spec", "spec.json", "--out", "out"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert found.returncode == 2
    assert found.stderr == (
        "spec.json:11:5: #/components/schemas/A/$ref: error: cannot resolve $ref 'pipe.json': "
        "pipe.json is a named pipe\n"
        "    hint: a $ref may only name a regular file\n" + FAILED_1
    )
