"""Best effort by default, ``--strict`` on request.

A spec with defects that have a plain reading generates (exit 0) with one warning per defect,
each workaround saying what gen did instead; the manifest lists the workarounds. The generated
client imports and its own tests pass (``tests/golden/specs/lenient.yaml`` is also a golden
spec, so ruff, ``mypy --strict`` and its tests run in tests/golden/test_quality.py too). Under
``--strict`` (or ``strict: true`` in gen.yaml) every warning is an error, worded as before
(without the workaround line), and nothing is written.

The expected places were checked by hand against the spec text.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

LENIENT = Path(__file__).parents[1] / "golden" / "specs" / "lenient.yaml"
S = "#/components/schemas"
DEFAULT_HINT = "fix the default or the schema; gen documents the default and never sends it"


@dataclass(frozen=True)
class Expected:
    """One diagnostic as the CLI prints it (``workaround`` None: a plain warning)."""

    place: str
    pointer: str
    message: str
    workaround: str | None = None
    hint: str | None = None

    def text(self, level: str) -> str:
        lines = [f"{self.place}: {self.pointer}: {level}: {self.message}"]
        if self.workaround is not None and level == "warning":
            lines.append(f"    workaround: {self.workaround}")
        if self.hint is not None:
            lines.append(f"    hint: {self.hint}")
        return "".join(line + "\n" for line in lines)


def warnings_text(expected: list[Expected]) -> str:
    return "".join(e.text("warning") for e in expected)


def errors_text(expected: list[Expected]) -> str:
    return "".join(e.text("error") for e in expected)


LENIENT_DIAGNOSTICS = [
    Expected(
        "spec.yaml:51:31",
        f"{S}/Job/properties/level/enum",
        "enum value 'low' listed more than once",
        hint="list each value once",
    ),
    Expected(
        "spec.yaml:52:31",
        f"{S}/Job/properties/grade/enum",
        "enum values 2, 3 are not of the declared type string",
        "read as the strings '2', '3'",
        "quote the values if they are meant as strings, or fix the type",
    ),
    Expected(
        "spec.yaml:56:9",
        f"{S}/Pet/properties/$ref",
        "a schema must be an object or a boolean, not a string",
        "read as any value ({})",
        "write the schema as a mapping, e.g. {type: string}",
    ),
    Expected(
        "spec.yaml:57:5",
        f"{S}/Alias",
        "a schema must be an object or a boolean, not a string",
        "read as any value ({})",
        "write the schema as a mapping, e.g. {type: string}",
    ),
    Expected(
        "spec.yaml:61:17",
        f"{S}/Lost/properties/owner/$ref",
        f"$ref '{S}/Owner' points to nothing: {S} has no 'Owner'",
        "read as any value ({})",
        "check the spelling of the target",
    ),
    Expected(
        "spec.yaml:71:11",
        f"{S}/Shape/discriminator/mapping/triangle",
        f"$ref '{S}/Triangle' points to nothing: {S} has no 'Triangle'",
        "the mapping entry 'triangle' is dropped: that tag value reads as unknown",
        "check the spelling of the target",
    ),
    Expected(
        "spec.yaml:6:5",
        "#/paths/~1export~1{job_identifier}/get",
        "path parameter 'job_identifier' of '/export/{job_identifier}' is not declared",
        "read as {name: job_identifier, in: path, required: true, schema: {type: string}}",
        "add {name: job_identifier, in: path, required: true, schema: {type: string}} "
        "to the parameters of the operation or of the path",
    ),
    Expected(
        "spec.yaml:16:9",
        "#/paths/~1pets~1{petId}/parameters/0",
        "path parameter 'petId' is not marked 'required: true'",
        "read as required, as every path parameter is",
        "add 'required: true': a path parameter is always required",
    ),
    Expected(
        "spec.yaml:18:7",
        "#/paths/~1pets~1{petId}/get/operationId",
        "duplicate operationId 'getExport': GET /export/{job_identifier} uses it too",
        "this operation is named 'get_pets_petId'",
        "operationIds name the client's methods and must be unique; rename one",
    ),
    Expected(
        "spec.yaml:3:27",
        "#/security/1/nope",
        "the security requirement names 'nope', a scheme that components/securitySchemes "
        "does not define",
        "this requirement is ignored: requests send no credentials for it",
        "define 'nope' under components/securitySchemes, or fix the name",
    ),
    Expected(
        "spec.yaml:80:5",
        f"{S}/A",
        "schemas refer to each other in a loop that never reaches a value: "
        f"{S}/A -> {S}/A/allOf/0 -> {S}/B -> {S}/B/oneOf/0 -> {S}/A",
        f"the $ref at {S}/B/oneOf/0/$ref never matches (that alternative is dropped), "
        "which ends the loop",
        "recursion must pass through properties, items or the like; "
        "make one schema of the cycle a real schema",
    ),
    Expected(
        "spec.yaml:45:7",
        f"{S}/Job/required",
        "'required' names 'state', which the object does not declare",
        "'state' is kept as a required property of any value",
        "declare 'state' under 'properties', or drop it from 'required'",
    ),
    Expected(
        "spec.yaml:47:42",
        f"{S}/Job/properties/id/default",
        "the default 'notauuid' does not match its own schema (format)",
        hint=DEFAULT_HINT,
    ),
    Expected(
        "spec.yaml:48:30",
        f"{S}/Job/properties/name/default",
        "the default 3 does not match its own schema (type)",
        hint=DEFAULT_HINT,
    ),
    Expected(
        "spec.yaml:49:27",
        f"{S}/Job/properties/kind/default",
        "the default 'B' does not match its own schema (enum)",
        hint=DEFAULT_HINT,
    ),
    Expected(
        "spec.yaml:50:28",
        f"{S}/Job/properties/code/default",
        "the default 'bbb' does not match its own schema (const)",
        hint=DEFAULT_HINT,
    ),
]


@dataclass(frozen=True)
class Run:
    code: int
    stderr: str


def gen(*args: str) -> Run:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stderr)


def diagnostics(run: Run) -> str:
    """Everything but the closing summary line."""
    return run.stderr.rsplit("gen: ", 1)[0]


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def write(name: str, text: str) -> None:
    Path(name).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- the lenient golden spec


def test_every_defect_is_one_warning_and_generation_goes_on(work: Path) -> None:
    shutil.copy(LENIENT, "spec.yaml")
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0
    assert diagnostics(run) == warnings_text(LENIENT_DIAGNOSTICS)
    assert run.stderr.rsplit("\n", 2)[-2].startswith("gen: wrote out")
    manifest = json.loads(Path("out/.gen-manifest.json").read_text(encoding="utf-8"))
    worked_around = [e for e in LENIENT_DIAGNOSTICS if e.workaround is not None]
    assert manifest["workarounds"] == [
        {"at": e.place, "pointer": e.pointer, "defect": e.message, "instead": e.workaround}
        for e in worked_around
    ]
    assert run.stderr.count("\n    workaround: ") == len(worked_around) == 11


def test_strict_makes_every_warning_an_error_and_writes_nothing(work: Path) -> None:
    shutil.copy(LENIENT, "spec.yaml")
    run = gen("--spec", "spec.yaml", "--out", "out", "--strict")
    assert run.code == 2
    count = len(LENIENT_DIAGNOSTICS)
    assert run.stderr == errors_text(LENIENT_DIAGNOSTICS) + (
        f"gen: {count} errors; nothing was written.\n"
    )
    assert sorted(os.listdir(".")) == ["spec.yaml"]


def test_strict_in_the_configuration_file(work: Path) -> None:
    shutil.copy(LENIENT, "spec.yaml")
    write("gen.yaml", "strict: true\n")
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 2
    assert run.stderr.startswith(errors_text(LENIENT_DIAGNOSTICS[:1]))
    assert not Path("out").exists()


def test_strict_must_be_a_boolean(work: Path) -> None:
    shutil.copy(LENIENT, "spec.yaml")
    write("gen.yaml", "strict: yes please\n")
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 2
    assert run.stderr.startswith(
        "gen.yaml:1:1: #/strict: error: 'strict' must be true or false, not 'yes please'\n"
    )


def test_a_clean_spec_passes_strict(work: Path) -> None:
    write(
        "spec.yaml",
        "openapi: 3.1.0\ninfo: {title: Clean, version: '1'}\npaths: {}\n"
        "components: {schemas: {Pet: {type: object, properties: {name: {type: string}}}}}\n",
    )
    run = gen("--spec", "spec.yaml", "--out", "out", "--strict")
    assert (run.code, diagnostics(run)) == (0, "")


def test_the_client_works_around_as_stated(tmp_path: Path) -> None:
    """The generated package's own tests pass, and its client does what the warnings say."""
    out = tmp_path / "out"
    run = gen("--spec", str(LENIENT), "--out", str(out), "--package-name", "lenient_api")
    assert run.code == 0
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "no:asyncio", "-p", "no:hypothesispytest"]
    tests = subprocess.run(command, cwd=out, env=env, capture_output=True, text=True, check=False)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    probe = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout) == {
        "paths": ["/export/job-1", "/pets/p1"],
        "key": "k",
        "job_state": [1, 2],  # required, any value
        "pet_ref": "anything",  # the property named '$ref', any value
        "circle": "Circle",
        "triangle": "ValidationError",  # dropped from the mapping: an unknown tag
        "loop": "x",  # A = B = oneOf[(the loop back: never), C]
    }


_PROBE = """
import json, httpx
import lenient_api as api
from lenient_api import models

seen = []
def answer(request):
    seen.append(request)
    if request.url.path.startswith("/pets"):
        return httpx.Response(200, json={"$ref": "anything"})
    return httpx.Response(200, json={"id": "6a2f41a3-c54c-fce8-32d2-0324e1c32e22", "state": [1, 2]})

client = api.Client(base_url="https://h.test", api_key="k", transport=httpx.MockTransport(answer))
job = client.export.get_export("job-1")
pet = client.pets.get_pets_pet_id("p1")
try:
    models.decode_shape({"kind": "triangle"})
    triangle = "decoded"
except api.ValidationError:
    triangle = "ValidationError"
print(json.dumps({
    "paths": [r.url.path for r in seen],
    "key": seen[0].headers["X-Key"],
    "job_state": job.state,
    "pet_ref": pet.ref,
    "circle": type(models.decode_shape({"kind": "circle", "r": 1})).__name__,
    "triangle": triangle,
    "loop": models.decode_a("x"),
}))
"""


# ---------------------------------------------------------------- smaller defects


def test_outline_defects(work: Path) -> None:
    write("petstore.yaml", "openapi: 3.1\npaths: []\n")
    run = gen("--spec", "petstore.yaml", "--out", "out")
    assert run.code == 0
    assert diagnostics(run) == warnings_text(
        [
            Expected(
                "petstore.yaml:1:1",
                "#/openapi",
                "'openapi' must be a version string such as '3.1.0', not a number",
                "read as '3.1'",
                "quote it: openapi: '3.1.0'",
            ),
            Expected(
                "petstore.yaml:2:1",
                "#/paths",
                "'paths' must be a mapping, not a list",
                "ignored, as if it were empty",
                "write paths: {} if there is nothing in it",
            ),
            Expected(
                "petstore.yaml:1:1",
                "#",
                "the 'info' object is missing",
                "the title is taken from the file name: 'petstore'",
                "add info: {title: My API, version: '1.0'}",
            ),
        ]
    )
    assert (Path("out") / "petstore" / "__init__.py").is_file()


def test_malformed_keywords_are_ignored(work: Path) -> None:
    write(
        "spec.yaml",
        "openapi: 3.1.0\n"
        "info: {title: Keywords, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Thing:\n"
        "      type: object\n"
        "      required: [1]\n"  # line 8
        "      properties:\n"
        "        a: {type: strng}\n"
        "        b: {type: string, minLength: -1}\n"
        "        c: {enum: 3}\n"
        "        d: {allOf: []}\n"
        "        e: {type: string, nullable: 'yes'}\n"
        "        f: {$ref: 3}\n"
        "        g: {type: integer, enum: [1, a, 2.5]}\n",  # line 16
    )
    thing = f"{S}/Thing"
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0
    types = "null, boolean, object, array, number, integer, string"
    assert diagnostics(run) == warnings_text(
        [
            Expected(
                "spec.yaml:8:7",
                f"{thing}/required",
                "'required' must be an array of property names",
                "ignored",
            ),
            Expected(
                "spec.yaml:10:13",
                f"{thing}/properties/a/type",
                f"unknown type 'strng' (expected one of: {types})",
                "'type' is ignored: a value of any type is accepted",
                "did you mean 'string'?",
            ),
            Expected(
                "spec.yaml:11:27",
                f"{thing}/properties/b/minLength",
                "'minLength' must be a non-negative integer, not -1",
                "ignored",
            ),
            Expected(
                "spec.yaml:12:13",
                f"{thing}/properties/c/enum",
                "'enum' must be an array, not a number",
                "ignored",
            ),
            Expected(
                "spec.yaml:13:13",
                f"{thing}/properties/d/allOf",
                "'allOf' must be a non-empty array of schemas",
                "ignored",
            ),
            Expected(
                "spec.yaml:14:9",
                f"{thing}/properties/e",
                "'nullable' must be true or false, not a string",
                "ignored",
            ),
            Expected(
                "spec.yaml:15:13",
                f"{thing}/properties/f/$ref",
                "'$ref' must be a string, not a number",
                "read as any value ({})",
            ),
            Expected(
                "spec.yaml:16:28",
                f"{thing}/properties/g/enum",
                "enum values 'a', 2.5 are not of the declared type integer",
                "they are dropped: never valid",
                "quote the values if they are meant as strings, or fix the type",
            ),
        ]
    )


def test_objects_that_cannot_be_followed_are_left_out(work: Path) -> None:
    write(
        "spec.yaml",
        "openapi: 3.1.0\n"
        "info: {title: Params, version: '1'}\n"
        "paths:\n"
        "  /things:\n"
        "    get:\n"
        "      operationId: listThings\n"
        "      parameters:\n"
        "        - {$ref: '#/components/parameters/P'}\n"
        "        - {name: limit}\n"  # line 9
        "        - {$ref: '#/components/parameters/Gone'}\n"
        "      responses: {'200': {description: ok}}\n"
        "components:\n"
        "  parameters:\n"
        "    P: {$ref: '#/components/parameters/Q'}\n"
        "    Q: {$ref: '#/components/parameters/P'}\n",  # line 15
    )
    left_out = "left out, as if it were not there"
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0
    assert diagnostics(run) == warnings_text(
        [
            Expected(
                "spec.yaml:15:5",
                "#/components/parameters/Q",
                "$ref cycle: following the references leads back here",
                left_out,
                "point the $ref at the object itself, not at another reference to it",
            ),
            Expected(
                "spec.yaml:9:11",
                "#/paths/~1things/get/parameters/1",
                "a parameter needs a 'name' and 'in' (path, query, header or cookie)",
                left_out,
            ),
            Expected(
                "spec.yaml:10:12",
                "#/paths/~1things/get/parameters/2/$ref",
                "$ref '#/components/parameters/Gone' points to nothing: "
                "#/components/parameters has no 'Gone'",
                left_out,
                "check the spelling of the target",
            ),
        ]
    )


def test_warnings_are_reported_with_the_errors_that_stop_a_run(work: Path) -> None:
    write(
        "spec.yaml",
        "openapi: 3.1.0\n"
        "info: {title: Both, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Code: {type: string, enum: [a, a]}\n"  # line 6: a warning
        "    Far: {$ref: '../elsewhere.yaml#/Far'}\n",  # line 7: an error
    )
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 2
    assert run.stderr == (
        "spec.yaml:7:11: #/components/schemas/Far/$ref: error: cannot resolve $ref "
        "'../elsewhere.yaml#/Far': it leaves the folder of the entry document\n"
        "    hint: keep referenced files beside the spec or in a subfolder of it\n"
        "spec.yaml:6:26: #/components/schemas/Code/enum: warning: "
        "enum value 'a' listed more than once\n"
        "    hint: list each value once\n"
        "gen: 1 error; nothing was written.\n"
    )
    assert not Path("out").exists()


def test_loops_through_references_and_all_of_read_as_any_value(work: Path) -> None:
    write(
        "spec.yaml",
        "openapi: 3.1.0\n"
        "info: {title: Loops, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    A: {$ref: '#/components/schemas/B'}\n"  # line 6
        "    B: {$ref: '#/components/schemas/A'}\n"
        "    Both:\n"  # line 8
        "      allOf: [{$ref: '#/components/schemas/Both'}, {type: string}]\n",
    )
    message = "schemas refer to each other in a loop that never reaches a value: "
    hint = (
        "recursion must pass through properties, items or the like; "
        "make one schema of the cycle a real schema"
    )
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0
    assert diagnostics(run) == warnings_text(
        [
            Expected(
                "spec.yaml:6:5",
                f"{S}/A",
                f"{message}{S}/A -> {S}/B -> {S}/A",
                f"the $ref at {S}/B/$ref reads as any value, which ends the loop",
                hint,
            ),
            Expected(
                "spec.yaml:8:5",
                f"{S}/Both",
                f"{message}{S}/Both -> {S}/Both/allOf/0 -> {S}/Both",
                f"the $ref at {S}/Both/allOf/0/$ref reads as any value, which ends the loop",
                hint,
            ),
        ]
    )
    probe = "from loops import models; print(models.decode_a([1]), models.decode_both('s'))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd="out", capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, "[1] s\n"), result.stderr
