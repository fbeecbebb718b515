"""The format stage: ruff formats the files it is given, and gen's runtime files need none."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.output import format as fmt
from generator.plan.files import PlannedFile
from generator.render.environment import TEMPLATES, formatted_already

UGLY = "x = {'a':1}\n"
PRETTY = 'x = {"a": 1}\n'


def test_the_runtime_files_are_formatted_as_ruff_formats_the_output() -> None:
    """The format stage skips them (``formatted_already``): this is what makes that safe."""
    runtime = sorted((TEMPLATES / "runtime").glob("*.py"))
    assert len(runtime) > 10
    cmd = [*fmt._ruff(), "format", "--check", "--isolated", "--no-cache", *fmt.RUFF_ARGS]
    result = subprocess.run([*cmd, *map(str, runtime)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_named_files_are_formatted_even_in_folders_ruff_excludes(
    tmp_path: Path,
) -> None:
    for name in ("a.py", "b.py", "build/c.py", "dist/-d.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(UGLY)
    fmt.format_tree(tmp_path, ["a.py", "build/c.py", "dist/-d.py"])
    assert (tmp_path / "a.py").read_text() == PRETTY
    assert (tmp_path / "build/c.py").read_text() == PRETTY
    assert (tmp_path / "dist/-d.py").read_text() == PRETTY
    assert (tmp_path / "b.py").read_text() == UGLY
    fmt.format_tree(tmp_path)  # no names: every file ruff finds
    assert (tmp_path / "b.py").read_text() == PRETTY


def test_no_names_no_ruff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("ruff ran")

    monkeypatch.setattr(subprocess, "run", refuse)
    fmt.format_tree(tmp_path, [])


def test_long_lists_are_split_below_the_command_line_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fmt, "_COMMAND_LIMIT", 100)
    names = [f"pkg/module_{i:03}.py" for i in range(40)]
    chunks = fmt._chunks(names)
    assert [n for chunk in chunks for n in chunk] == names
    assert all(sum(len(n) + 1 for n in chunk) <= 100 for chunk in chunks)
    assert len(chunks) == 8  # 19 characters a name: five a call


def test_a_runtime_file_of_a_templates_folder_is_formatted(tmp_path: Path) -> None:
    files = [
        PlannedFile(path="pkg/_base.py", runtime="_base.py"),
        PlannedFile(path="pkg/_http.py", runtime="_http.py"),
        PlannedFile(path="pkg/models.py", template="models/module.py.jinja"),
    ]
    assert formatted_already(files) == {"pkg/_base.py", "pkg/_http.py"}
    (tmp_path / "runtime").mkdir()
    (tmp_path / "runtime" / "_http.py").write_text(UGLY)
    assert formatted_already(files, tmp_path) == {"pkg/_base.py"}
