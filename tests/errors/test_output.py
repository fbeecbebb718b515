"""Nothing lost: a failed or interrupted run leaves the previous output exactly as it was.

The output is staged beside OUT and swapped in only when render and ruff both succeeded; files
in OUT that gen did not write survive; ``--check`` writes nothing. One good output is generated
per module and copied for each test.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from errors_support import MINIMAL, gen, snapshot, write

import generator.output.incremental
import generator.output.write
import generator.pipeline
from generator.output.format import FormatError

REPORT = "This is a bug in gen; please report it with the spec that triggers it."
TWO_SCHEMAS = (
    MINIMAL + "    Owner:\n      type: object\n      properties:\n        id: {type: integer}\n"
)


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated package for TWO_SCHEMAS (as ``spec.yaml``), made once for the module."""
    root = tmp_path_factory.mktemp("good")
    (root / "spec.yaml").write_text(TWO_SCHEMAS, encoding="utf-8")
    run = gen("--spec", str(root / "spec.yaml"), "--out", str(root / "out"))
    assert run.code == 0, run.stderr
    return root / "out"


@pytest.fixture
def previous(work: Path, good_output: Path) -> dict[str, bytes | str]:
    """``out`` holds the good output and ``spec.yaml`` its spec; returns the snapshot of out."""
    shutil.copytree(good_output, "out", symlinks=True)
    write("spec.yaml", TWO_SCHEMAS)
    return snapshot(Path("out"))


def _leftovers() -> list[str]:
    return sorted(n for n in os.listdir(".") if n.startswith((".gen-stage-", ".gen-old-")))


def test_good_output_is_complete(good_output: Path) -> None:
    files = snapshot(good_output)
    assert ".gen-manifest.json" in files
    assert "tiny/models/_owner.py" in files


def test_regenerating_the_same_spec_changes_nothing(previous: dict[str, bytes | str]) -> None:
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0, run.stderr
    assert run.stderr == "gen: wrote out (0 files changed); 0 warnings, 0 workarounds.\n"
    assert snapshot(Path("out")) == previous


def test_bad_spec_keeps_previous_output(previous: dict[str, bytes | str]) -> None:
    write("spec.yaml", TWO_SCHEMAS.replace("type: integer", "type: intger"))
    run = gen("--spec", "spec.yaml", "--out", "out", "--strict")
    assert run.code == 2
    assert run.stderr.endswith("gen: 1 error; nothing was written.\n")
    assert snapshot(Path("out")) == previous
    assert sorted(os.listdir(".")) == ["out", "spec.yaml"]


def _raiser(exc: BaseException) -> Callable[..., None]:
    def fail(stage: Path, *_: object) -> None:
        assert stage.name.startswith(".gen-stage-")
        assert (stage / "tiny" / "models" / "__init__.py").is_file()  # a changed file, staged
        raise exc

    return fail


def test_format_failure_keeps_previous_output(
    previous: dict[str, bytes | str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        generator.pipeline, "format_tree", _raiser(FormatError("ruff format failed:\nboom"))
    )
    write("spec.yaml", TWO_SCHEMAS.replace("Owner", "Keeper"))  # a different output
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.stderr == (
        f"gen: formatting the output failed; nothing was written.\nruff format failed:\nboom\n"
        f"{REPORT}\n"
    )
    assert run.code == 3
    assert snapshot(Path("out")) == previous
    assert _leftovers() == []


def test_format_failure_on_first_run_creates_nothing(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.pipeline, "format_tree", _raiser(FormatError("ruff: boom")))
    write("spec.yaml", MINIMAL)
    run = gen("--spec", "spec.yaml", "--out", "build/gen/out")
    assert run.code == 3
    assert sorted(os.listdir(".")) == ["spec.yaml"]  # not even build/gen


def test_interrupt_during_format_keeps_previous_output(
    previous: dict[str, bytes | str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.pipeline, "format_tree", _raiser(KeyboardInterrupt()))
    write("spec.yaml", TWO_SCHEMAS.replace("Owner", "Keeper"))
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.stderr == "gen: interrupted; the previous output is unchanged.\n"
    assert run.code == 130
    assert snapshot(Path("out")) == previous
    assert _leftovers() == []


def test_interrupt_before_the_new_files_are_renamed_keeps_previous_output(
    previous: dict[str, bytes | str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a re-run writes every changed file to a temporary file beside it, then renames them
    real_replace = os.replace
    calls: list[str] = []

    def replace(src: Any, dst: Any) -> None:
        calls.append(Path(dst).name)
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.output.incremental.os, "replace", replace)
    write("spec.yaml", TWO_SCHEMAS.replace("Owner", "Keeper"))
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 130
    assert len(calls) == 1
    assert snapshot(Path("out")) == previous
    assert _leftovers() == []
    monkeypatch.setattr(generator.output.incremental.os, "replace", real_replace)
    assert gen("--spec", "spec.yaml", "--out", "out").code == 0
    assert "tiny/models/_keeper.py" in snapshot(Path("out"))


def test_first_run_interrupted_between_the_two_renames_restores_output(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an output folder without a manifest is replaced as a whole: OUT moved aside, stage in
    write("out/NOTES.md", "mine\n")
    before = snapshot(Path("out"))
    real_rename = os.rename
    calls: list[str] = []

    def rename(src: Any, dst: Any) -> None:
        calls.append(Path(src).name)
        if len(calls) == 2:  # OUT is already moved aside; the stage is not in place yet
            raise KeyboardInterrupt
        real_rename(src, dst)

    monkeypatch.setattr(generator.output.write.os, "rename", rename)
    write("spec.yaml", TWO_SCHEMAS)
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 130
    assert calls[0] == "out" and calls[2].startswith(".gen-old-out-")  # moved back
    assert snapshot(Path("out")) == before
    assert _leftovers() == []


def test_user_files_survive_regeneration(previous: dict[str, bytes | str]) -> None:
    write("out/NOTES.md", "my notes\n")
    write("out/mine/data.csv", "a,b\n1,2\n")
    Path("out/mine/empty").mkdir()
    os.symlink("../NOTES.md", "out/mine/notes-link")
    write("out/tiny/local_helpers.py", "X = 1\n")
    kept = {k: v for k, v in snapshot(Path("out")).items() if k not in previous}
    write("spec.yaml", MINIMAL)  # Owner is gone
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0, run.stderr
    after = snapshot(Path("out"))
    assert {k: after.get(k) for k in kept} == kept
    assert "tiny/models/_owner.py" not in after  # generated files no longer wanted go
    assert after["tiny/models/_pet.py"] == previous["tiny/models/_pet.py"]
    assert _leftovers() == []


def test_generated_path_taken_by_a_user_file(work: Path) -> None:
    write("out/README.md", "my own readme\n")
    write("spec.yaml", MINIMAL)
    before = snapshot(Path("out"))
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.stderr == (
        "gen: refusing to overwrite out/README.md: gen did not write it "
        "(it is not in out/.gen-manifest.json)\n"
        "    hint: move it away or delete it, or choose another --out; nothing was written\n"
    )
    assert run.code == 2
    assert snapshot(Path("out")) == before
    assert _leftovers() == []


def test_generated_paths_taken_after_the_manifest_was_lost(
    previous: dict[str, bytes | str],
) -> None:
    Path("out/.gen-manifest.json").unlink()
    before = snapshot(Path("out"))
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 2
    assert re.fullmatch(
        r"gen: refusing to overwrite \d+ files gen did not write \(they are not in "
        r"out/\.gen-manifest\.json\): out/README\.md, out/pyproject\.toml, \S+, \S+, \S+ "
        r"and \d+ more\n"
        r"    hint: move them away or delete them, or choose another --out; nothing was written\n",
        run.stderr,
    )
    assert snapshot(Path("out")) == before


def test_check_up_to_date_writes_nothing(previous: dict[str, bytes | str]) -> None:
    run = gen("--spec", "spec.yaml", "--out", "out", "--check")
    assert run.code == 0, run.stderr
    assert run.stderr == "gen: out is up to date; 0 warnings, 0 workarounds.\n"
    assert snapshot(Path("out")) == previous
    assert _leftovers() == []


def test_check_stale_writes_nothing(previous: dict[str, bytes | str]) -> None:
    write("spec.yaml", MINIMAL)
    run = gen("--spec", "spec.yaml", "--out", "out", "--check")
    assert run.code == 1
    assert "tiny/models/_owner.py" in run.stderr
    assert "--- a/tiny/models/_owner.py" in run.stdout
    assert snapshot(Path("out")) == previous
    assert _leftovers() == []


def test_check_without_output_creates_nothing(work: Path) -> None:
    write("spec.yaml", MINIMAL)
    run = gen("--spec", "spec.yaml", "--out", "gen/out", "--check")
    assert run.code == 1
    assert sorted(os.listdir(".")) == ["spec.yaml"]


def test_new_output_folder_gets_normal_permissions(work: Path) -> None:
    write("spec.yaml", MINIMAL)
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0, run.stderr
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(Path("out").stat().st_mode) == 0o777 & ~umask


def test_output_folder_that_cannot_be_created(work: Path) -> None:
    write("spec.yaml", MINIMAL)
    write("afile", "not a folder\n")
    run = gen("--spec", "spec.yaml", "--out", "afile/out")
    assert run.stderr == (
        f"gen: cannot create the output folder {work / 'afile' / 'out'}: {work / 'afile'} "
        "is a file\n"
        "    hint: choose another --out (inside a folder you can write to)\n"
    )
    assert run.code == 2
    assert sorted(os.listdir(".")) == ["afile", "spec.yaml"]


def test_output_folder_holding_the_current_folder_is_refused(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("spec.yaml", MINIMAL)
    write("out/NOTES.md", "mine\n")
    monkeypatch.chdir("out")
    run = gen("--spec", "../spec.yaml", "--out", ".")
    assert run.stderr == (
        "gen: cannot replace the output folder .: it holds the current folder, which would be "
        "left deleted\n"
        "    hint: run gen from outside ., or choose another --out; nothing was written\n"
    )
    assert run.code == 2
    assert os.listdir(".") == ["NOTES.md"]
    assert sorted(os.listdir("..")) == ["out", "spec.yaml"]


def test_a_link_out_of_the_output_folder_is_refused_not_followed(
    previous: dict[str, bytes | str], tmp_path: Path
) -> None:
    """A generated folder replaced by a link to elsewhere: the re-run writes nothing there (or
    anywhere) and says what to do, as a conflict (exit 2), not as a bug in gen."""
    elsewhere = tmp_path / "elsewhere"
    shutil.move("out/tiny/models", elsewhere)
    os.symlink(elsewhere, "out/tiny/models")
    outside = {p.name: p.read_bytes() for p in elsewhere.iterdir() if p.is_file()}
    write("spec.yaml", TWO_SCHEMAS.replace("id: {type: integer}", "id: {type: string}"))
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 2, run.stderr
    assert re.match(
        r"gen: refusing to write outside the output folder: 'tiny/models/\w+\.py' leads out",
        run.stderr,
    )
    assert "hint: a folder or file on that path is a symbolic link" in run.stderr
    assert REPORT not in run.stderr
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir() if p.is_file()} == outside
    assert _leftovers() == []
