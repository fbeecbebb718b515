"""Regenerate and vendor: --check both ways, a one-field change stays local, a vendored copy
works under another parent package, templates can be overridden, gen.yaml is applied."""

from __future__ import annotations

import ast
import difflib
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[2]
KOMBO = ROOT / "specs" / "kombo.yaml"
GENERATED = ROOT / "generated" / "kombo_api"


def gen(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_committed_output_is_up_to_date() -> None:
    code, output = gen("--spec", str(KOMBO), "--out", str(GENERATED), "--check")
    assert code == 0, output
    assert "is up to date" in output


def test_check_reports_a_stale_tree_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "kombo_api"
    shutil.copytree(GENERATED, out)
    models = out / "kombo_api" / "models" / "_post_lms_courses_bulk_request_body.py"
    models.write_text(models.read_text() + "\n# edited by hand\n")
    (out / "kombo_api" / "_unset.py").unlink()
    before = tree(out)
    code, output = gen("--spec", str(KOMBO), "--out", str(out), "--check")
    assert code == 1
    assert "-# edited by hand" in output
    assert "+++ b/kombo_api/_unset.py" in output
    assert "  kombo_api/models/_post_lms_courses_bulk_request_body.py" in output
    assert "  kombo_api/_unset.py" in output
    assert tree(out) == before


def _add_field(spec_path: Path) -> None:
    spec = yaml.safe_load(spec_path.read_text())
    body = spec["components"]["schemas"]["PostLmsCoursesBulkRequestBody"]
    course = body["properties"]["items"]["items"]["properties"]["course"]["oneOf"][0]
    course["properties"]["level"] = {"type": "string", "description": "Difficulty."}
    spec_path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))


def _changed_lines(old: bytes, new: bytes) -> list[str]:
    diff = difflib.unified_diff(
        old.decode().splitlines(), new.decode().splitlines(), lineterm="", n=0
    )
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def _hunks(old: bytes, new: bytes) -> list[list[str]]:
    """The changed lines of each hunk of a zero-context diff."""
    diff = difflib.unified_diff(
        old.decode().splitlines(), new.decode().splitlines(), lineterm="", n=0
    )
    hunks: list[list[str]] = []
    for line in diff:
        if line.startswith("@@"):
            hunks.append([])
        elif hunks and line[:1] in "+-":
            hunks[-1].append(line)
    return hunks


def test_one_optional_field_touches_only_its_model_validator_tests_and_manifest(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "kombo.yaml"
    spec.write_text(yaml.safe_dump(yaml.safe_load(KOMBO.read_text()), sort_keys=False))
    before_out, after_out = tmp_path / "before", tmp_path / "after"
    assert gen("--spec", str(spec), "--out", str(before_out))[0] == 0
    _add_field(spec)
    assert gen("--spec", str(spec), "--out", str(after_out))[0] == 0
    before, after = tree(before_out), tree(after_out)
    assert set(before) == set(after)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {
        "kombo_api/models/_post_lms_courses_bulk_request_body.py",
        "kombo_api/_validators/_post_lms_courses_bulk_request_body.py",
        "tests/schema_cases.json",
        ".gen-manifest.json",
    }, changed
    model = _changed_lines(
        before["kombo_api/models/_post_lms_courses_bulk_request_body.py"],
        after["kombo_api/models/_post_lms_courses_bulk_request_body.py"],
    )
    # only additions, each run of them about the new field (its slot, docs, encoder and the
    # decoder's lenient check of it)
    assert model and all(line.startswith("+") for line in model), model
    assert len(model) <= 20, model
    hunks = _hunks(
        before["kombo_api/models/_post_lms_courses_bulk_request_body.py"],
        after["kombo_api/models/_post_lms_courses_bulk_request_body.py"],
    )
    # (a hunk may open with the blank line before the new field's block)
    about = [next(line for line in hunk if line.strip("+ ")) for hunk in hunks]
    assert all("level" in line or "Difficulty" in line for line in about), hunks
    module = "kombo_api/_validators/_post_lms_courses_bulk_request_body.py"
    validators = _changed_lines(before[module], after[module])
    assert 0 < len(validators) <= 40, validators


def test_a_vendored_copy_works_under_another_parent_package(tmp_path: Path) -> None:
    vendor = tmp_path / "myapp" / "_vendor"
    shutil.copytree(GENERATED / "kombo_api", vendor / "kombo")
    (tmp_path / "myapp" / "__init__.py").write_text("")
    (vendor / "__init__.py").write_text("")
    script = textwrap.dedent(
        """
        import json, logging, sys
        import httpx
        from myapp._vendor import kombo
        from myapp._vendor.kombo import models, validators
        assert "kombo_api" not in sys.modules
        def handler(request):
            return httpx.Response(200, json={"status": "success", "data": {"task_id": "t1"},
                                             "warnings": [{"message": "hint"}]})
        with kombo.Client(api_key="k", integration_id="i",
                          transport=httpx.MockTransport(handler)) as client:
            task = client.lms.upsert_courses(body={"items": []})
        assert task.task_id == "t1"
        assert logging.getLogger("myapp._vendor.kombo").name == "myapp._vendor.kombo"
        course = models.ExternalCourse.from_dict(
            {"type": "EXTERNAL", "title": "T", "course_url": "https://x"})
        assert course.to_dict()["title"] == "T"
        assert validators.validate_post_lms_courses_bulk_request_body({}) != []
        print("vendored ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "vendored ok"


def test_generated_package_uses_only_relative_imports_of_itself() -> None:
    for source in (GENERATED / "kombo_api").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text())):
            if isinstance(node, ast.Import):
                assert not [a for a in node.names if a.name.startswith("kombo_api")], source
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert not (node.module or "").startswith("kombo_api"), source


def test_a_template_override_replaces_only_that_template(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "package"
    templates.mkdir(parents=True)
    (templates / "README.md.jinja").write_text(
        "# {{ package }} for our team\n\nVendored copy of {{ api.title }}; ask #platform.\n"
    )
    plain, custom = tmp_path / "plain", tmp_path / "custom"
    assert gen("--spec", str(KOMBO), "--out", str(plain))[0] == 0
    code, output = gen(
        "--spec", str(KOMBO), "--out", str(custom), "--templates", str(tmp_path / "templates")
    )
    assert code == 0, output
    before, after = tree(plain), tree(custom)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"README.md", ".gen-manifest.json"}
    assert (
        after["README.md"]
        == b"# kombo_api for our team\n\nVendored copy of Kombo API; ask #platform.\n"
    )


def _minimal_spec(tmp_path: Path) -> Path:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Config Demo", "version": "1"},
        "paths": {
            "/jobs": {
                "post": {
                    "operationId": "createJob",
                    "tags": ["Jobs API"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"task_id": {"type": "string"}},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/jobs/{id}": {
                "get": {
                    "operationId": "getJob",
                    "tags": ["Jobs API"],
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def test_gen_yaml_beside_the_spec_is_applied(tmp_path: Path) -> None:
    spec = _minimal_spec(tmp_path)
    (tmp_path / "gen.yaml").write_text(
        "package_name: demo\n"
        "namespaces: {Jobs API: work}\n"
        "method_names: {createJob: start, getJob: status}\n"
        "retry_safe: [createJob]\n"
    )
    out = tmp_path / "out"
    code, output = gen("--spec", str(spec), "--out", str(out))
    assert code == 0, output
    init = (out / "demo" / "__init__.py").read_text()
    assert "'createJob': 'work.start'" in init or '"createJob": "work.start"' in init
    assert '"getJob": "work.status"' in init
    ops = (out / "demo" / "_ops" / "work.py").read_text()
    # the POST is marked retry-safe; the GET is by its method (``rb.build``'s default: no flag)
    start = ops.index('RequestBuilder(ctx, "POST", "createJob"')
    assert "retry_safe=True" in ops[start : ops.index("def ", start)]
    assert ops.count("retry_safe=") == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "retry_safe: [createJobs]\n",
            "{cfg}:1:1: #/retry_safe: error: operationId 'createJobs' is not in the spec\n"
            "    hint: did you mean 'createJob'?",
        ),
        (
            "method_name: {createJob: start}\n",
            "{cfg}:1:1: #/method_name: error: unknown setting 'method_name'\n"
            "    hint: did you mean 'method_names'?",
        ),
        (
            "method_names: {createJob: 'not valid'}\n",
            "{cfg}:1:16: #/method_names/createJob: error: 'method_names.createJob': 'not valid' is "
            "not a valid method names",
        ),
        (
            "- a list\n",
            "{cfg}:1:1: #: error: the generator configuration must be a mapping of settings",
        ),
        (
            "retry_safe: createJob\n",
            "{cfg}:1:1: #/retry_safe: error: 'retry_safe' must be a list of operationIds",
        ),
        (
            "package_name: class\n",
            "{cfg}:1:1: #/package_name: error: 'package_name': 'class' is not a Python identifier",
        ),
        (
            "\n\npackage_name: json\n",
            "{cfg}:3:1: #/package_name: error: 'package_name': 'json' would shadow the module of "
            "that name that Python or the package needs",
        ),
        (
            "namespaces: {on: lms}\nretry_safe: [\n",
            "{cfg}:3:1: #: error: the generator configuration is not valid YAML: did not find "
            "expected node content",
        ),
    ],
)
def test_a_bad_configuration_is_a_clear_error(tmp_path: Path, content: str, expected: str) -> None:
    spec = _minimal_spec(tmp_path)
    config = tmp_path / "settings.yaml"
    config.write_text(content)
    out = tmp_path / "out"
    code, output = gen("--spec", str(spec), "--out", str(out), "--config", str(config))
    assert code == 2
    assert expected.format(cfg=config) in output
    assert not out.exists()
