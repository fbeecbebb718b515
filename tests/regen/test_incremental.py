"""Incremental regeneration: a re-run formats and writes only what changed, and a re-run on
unchanged inputs does nothing at all (see generator/output/incremental.py and record.py)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.pipeline
from generator.cli import cli
from generator.output.format import format_tree
from generator.plan.files import PlannedFile

SPEC = """\
openapi: 3.1.0
info: {title: Tiny, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
    Owner:
      type: object
      properties:
        id: {type: integer}
      example: {id: "not an integer"}
"""


def gen(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path / "cache"))
    Path("spec.yaml").write_text(SPEC, encoding="utf-8")
    code, err = gen("--spec", "spec.yaml", "--out", "out")
    assert code == 0, err
    yield tmp_path


def _identity(root: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file (a rewritten file changes them)."""
    return {
        p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _formatted(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record which files each formatter call was given."""
    calls: list[list[str]] = []

    def spy(root: Path, names: list[str]) -> None:
        calls.append(sorted(names))
        format_tree(root, names)

    monkeypatch.setattr(generator.pipeline, "format_tree", spy)
    return calls


def test_unchanged_inputs_do_nothing_but_show_the_warnings_again(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _identity(Path("out"))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the spec was loaded again")

    monkeypatch.setattr(generator.pipeline, "load", refuse)
    code, err = gen("--spec", "spec.yaml", "--out", "out")
    assert code == 0
    assert "warning: the example does not match its schema" in err
    assert err.endswith("gen: wrote out (0 files changed); 1 warning, 0 workarounds.\n")
    assert _identity(Path("out")) == before
    code, err = gen("--spec", "spec.yaml", "--out", "out", "--check")
    assert code == 0 and err.endswith("gen: out is up to date; 1 warning, 0 workarounds.\n")


def test_a_skipped_re_run_shows_the_workarounds_as_the_first_run_did(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run record keeps what gen did instead (the ``workaround:`` line and the count)."""
    Path("spec.yaml").write_text(
        SPEC.replace(
            "paths: {}",
            "paths:\n  /pets/{id}:\n    get:\n      operationId: getPet\n"
            "      responses:\n        '200': {description: ok}",
        ),
        encoding="utf-8",
    )
    code, first = gen("--spec", "spec.yaml", "--out", "out")
    assert code == 0, first
    assert "workaround:" in first and first.endswith("2 warnings, 1 workaround.\n"), first

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the spec was loaded again")

    monkeypatch.setattr(generator.pipeline, "load", refuse)
    code, again = gen("--spec", "spec.yaml", "--out", "out")
    assert code == 0
    *shown, summary = first.splitlines()
    *shown_again, summary_again = again.splitlines()
    assert shown_again == shown
    assert summary_again == "gen: wrote out (0 files changed); 2 warnings, 1 workaround."
    assert summary.split(";")[1] == summary_again.split(";")[1]


def test_a_changed_schema_formats_and_writes_only_the_files_it_changes(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _identity(Path("out"))
    calls = _formatted(monkeypatch)
    Path("spec.yaml").write_text(
        SPEC.replace("name: {type: string}", "name: {type: string}\n        age: {type: integer}"),
        encoding="utf-8",
    )
    code, err = gen("--spec", "spec.yaml", "--out", "out")
    assert code == 0, err
    after = _identity(Path("out"))
    rewritten = sorted(name for name in after if after[name] != before.get(name))
    assert rewritten == [
        ".gen-manifest.json",
        "tests/schema_cases.json",
        "tiny/_validators/_pet.py",
        "tiny/models/_pet.py",
    ]
    # only those formatted
    assert calls == [["tiny/_validators/_pet.py", "tiny/models/_pet.py"]]


def test_an_incremental_run_gives_the_bytes_of_a_full_run(work: Path) -> None:
    Path("spec.yaml").write_text(SPEC.replace("Owner", "Keeper"), encoding="utf-8")
    assert gen("--spec", "spec.yaml", "--out", "out")[0] == 0
    assert gen("--spec", "spec.yaml", "--out", "full")[0] == 0  # a first run: everything
    files = {p.relative_to("out").as_posix() for p in Path("out").rglob("*") if p.is_file()}
    assert "tiny/models/_owner.py" not in files
    for name in files:
        assert Path("out", name).read_bytes() == Path("full", name).read_bytes(), name


def test_a_generated_file_edited_by_hand_is_restored(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Path("out/tiny/models/_pet.py").read_bytes()
    Path("out/tiny/models/_pet.py").write_text("# edited\n", encoding="utf-8")
    calls = _formatted(monkeypatch)
    code, err = gen("--spec", "spec.yaml", "--out", "out")
    assert code == 0 and err.endswith("(1 file changed); 1 warning, 0 workarounds.\n")
    assert Path("out/tiny/models/_pet.py").read_bytes() == original
    assert calls == [["tiny/models/_pet.py"]]


def test_a_new_formatter_formats_everything_again(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = Path("out/.gen-manifest.json")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["formatter"] = "ruff 0.0.1"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    calls = _formatted(monkeypatch)
    assert gen("--spec", "spec.yaml", "--out", "out")[0] == 0
    assert len(calls) == 1 and "tiny/models/_pet.py" in calls[0] and len(calls[0]) > 5


def test_without_a_cache_folder_runs_are_complete(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEN_CACHE_DIR", "")
    loaded: list[Path] = []
    real = generator.pipeline.load

    def spy(path: Path, *args: object) -> object:
        loaded.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.pipeline, "load", spy)
    assert gen("--spec", "spec.yaml", "--out", "out")[0] == 0
    assert gen("--spec", "spec.yaml", "--out", "out")[0] == 0
    assert len(loaded) == 2


def _rendered(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record which files each render call was given."""
    calls: list[list[str]] = []
    real = generator.pipeline.render_files

    def spy(files: list[PlannedFile], override: Path | None = None) -> dict[str, str]:
        calls.append(sorted(f.path for f in files if f.template is not None))
        return real(files, override)

    monkeypatch.setattr(generator.pipeline, "render_files", spy)
    return calls


def test_a_changed_schema_renders_only_the_files_whose_inputs_changed(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _rendered(monkeypatch)
    changed = SPEC.replace(
        "id: {type: integer}", "id: {type: integer}\n        nick: {type: string}"
    )
    Path("spec.yaml").write_text(changed, encoding="utf-8")
    assert gen("--spec", "spec.yaml", "--out", "out")[0] == 0
    assert calls == [
        [
            "tests/schema_cases.json",
            "tests/test_schemas.py",
            "tiny/_validators/_owner.py",
            "tiny/models/_owner.py",
            # not the public validators.py: it lists entry points only, which did not change
        ]
    ]
    monkeypatch.setenv("GEN_CACHE_DIR", "")  # a complete run elsewhere gives the same bytes
    assert gen("--spec", "spec.yaml", "--out", "full")[0] == 0
    files = sorted(p.relative_to("full").as_posix() for p in Path("full").rglob("*") if p.is_file())
    assert files == sorted(
        p.relative_to("out").as_posix() for p in Path("out").rglob("*") if p.is_file()
    )
    for name in files:
        assert Path("out", name).read_bytes() == Path("full", name).read_bytes(), name
    # back to the first spec: the files rendered for it before are taken from the output again
    Path("spec.yaml").write_text(SPEC, encoding="utf-8")
    monkeypatch.setenv("GEN_CACHE_DIR", str(work / "cache"))
    assert gen("--spec", "spec.yaml", "--out", "out")[0] == 0
    assert calls[-1] == [
        "tests/schema_cases.json",
        "tests/test_schemas.py",
        "tiny/_validators/_owner.py",
        "tiny/models/_owner.py",
    ]
    assert gen("--spec", "spec.yaml", "--out", "out", "--check")[0] == 0


def test_a_file_changed_on_disk_is_rendered_again_even_when_its_inputs_did_not_change(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _rendered(monkeypatch)
    original = Path("out/tiny/models/_pet.py").read_bytes()
    Path("out/tiny/models/_pet.py").write_text("# edited\n", encoding="utf-8")
    assert gen("--spec", "spec.yaml", "--out", "out")[0] == 0
    assert calls == [["tiny/models/_pet.py"]]
    assert Path("out/tiny/models/_pet.py").read_bytes() == original


def test_the_manifest_lists_each_file_once_with_a_128_bit_digest(work: Path) -> None:
    data = json.loads(Path("out/.gen-manifest.json").read_text(encoding="utf-8"))
    assert "rendered" not in data
    files = data["files"]
    on_disk = {p.relative_to("out").as_posix() for p in Path("out").rglob("*") if p.is_file()}
    assert set(files) == on_disk - {".gen-manifest.json"}
    pairs = 0
    for name, entry in files.items():
        # "written", or ["written", "rendered"] when the formatter changed the rendered text
        written, *rendered = [entry] if isinstance(entry, str) else entry
        assert written == hashlib.sha256(Path("out", name).read_bytes()).hexdigest()[:32], name
        assert all(len(d) == 32 and int(d, 16) >= 0 for d in [written, *rendered])
        assert rendered != [written]
        pairs += bool(rendered)
    assert 0 < pairs < len(files)  # the runtime copies are formatted already; templates not all


def test_a_manifest_in_the_older_layout_means_one_complete_run(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Full SHA-256 digests and a separate ``rendered`` table (gen before this layout): every
    file is formatted again once, and the output is that of a first run."""
    manifest = Path("out/.gen-manifest.json")
    data = json.loads(manifest.read_text(encoding="utf-8"))
    names = list(data["files"])
    data["files"] = {n: hashlib.sha256(Path("out", n).read_bytes()).hexdigest() for n in names}
    data["rendered"] = {n: "0" * 64 for n in names}
    manifest.write_text(json.dumps(data, indent=2), encoding="utf-8")
    monkeypatch.setenv("GEN_CACHE_DIR", "")
    calls = _formatted(monkeypatch)
    assert gen("--spec", "spec.yaml", "--out", "out")[0] == 0
    assert len(calls) == 1 and "tiny/models/_pet.py" in calls[0]
    assert gen("--spec", "spec.yaml", "--out", "full")[0] == 0
    for path in Path("full").rglob("*"):
        if path.is_file():
            name = path.relative_to("full").as_posix()
            assert Path("out", name).read_bytes() == path.read_bytes(), name
