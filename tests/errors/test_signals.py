"""Signals and odd output folders: every interrupt cleans up, a symlinked OUT is written through.

SIGTERM and SIGHUP stop a run the way Ctrl-C does (exit 128 + the signal's number) and leave no
``.gen-stage-*`` or ``.gen-old-*`` folder; Ctrl-C while gen is still starting prints one line,
not a traceback; an OUT that is a symbolic link stays a link to the new output.
"""

from __future__ import annotations

import importlib.abc
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from errors_support import MINIMAL, gen, snapshot, write

import generator.__main__
import generator.cli
import generator.pipeline

ROOT = Path(__file__).resolve().parents[2]


def _leftovers(folder: Path = Path()) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith((".gen-stage-", ".gen-old-")))


@pytest.fixture
def sigterm_raises() -> Iterator[None]:
    """SIGTERM handled as ``gen`` handles it (restored afterwards)."""
    previous = signal.signal(signal.SIGTERM, generator.cli._raise_interrupted)
    yield
    signal.signal(signal.SIGTERM, previous)


def test_sigterm_during_a_run_cleans_up(
    work: Path, monkeypatch: pytest.MonkeyPatch, sigterm_raises: None
) -> None:
    def terminated(stage: Path, names: list[str]) -> None:
        assert (stage / "tiny" / "__init__.py").is_file()
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises long before this ends

    write("spec.yaml", MINIMAL)
    monkeypatch.setattr(generator.pipeline, "format_tree", terminated)
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.stderr == "gen: interrupted; the previous output is unchanged.\n"
    assert run.code == 128 + signal.SIGTERM
    assert sorted(os.listdir(".")) == ["spec.yaml"]


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5])
def test_sigterm_to_the_process_at_any_time_leaves_nothing_behind(work: Path, delay: float) -> None:
    write("spec.yaml", MINIMAL)
    command = [sys.executable, "-m", "generator", "--spec", "spec.yaml", "--out", "out"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=work)
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr
    assert process.returncode in (0, 128 + signal.SIGTERM, -signal.SIGTERM), stderr
    assert _leftovers() == []
    if Path("out").exists():  # the run finished first: the output is complete
        assert (Path("out") / ".gen-manifest.json").is_file()


class _InterruptImport(importlib.abc.MetaPathFinder):
    """Ctrl-C while ``generator.cli`` is being imported."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name == "generator.cli":
            raise KeyboardInterrupt


def test_ctrl_c_while_starting_prints_a_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delitem(sys.modules, "generator.cli")
    monkeypatch.delattr(generator, "cli")
    monkeypatch.setattr(sys, "meta_path", [_InterruptImport(), *sys.meta_path])
    with pytest.raises(SystemExit) as exited:
        generator.__main__.main()
    assert exited.value.code == 130
    assert capsys.readouterr().err == "gen: interrupted; nothing was written.\n"


def test_symlinked_out_is_written_through(work: Path) -> None:
    write("spec.yaml", MINIMAL)
    Path("real").mkdir()
    os.symlink("real", "out")
    for _ in range(2):  # first into the empty folder, then replacing the output
        run = gen("--spec", "spec.yaml", "--out", "out")
        assert run.code == 0, run.stderr
        assert os.readlink("out") == "real"
        assert (Path("real") / "tiny" / "__init__.py").is_file()
        assert sorted(os.listdir(".")) == ["out", "real", "spec.yaml"]


def test_dangling_symlinked_out_gets_its_folder(work: Path) -> None:
    write("spec.yaml", MINIMAL)
    os.symlink("build/real", "out")
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0, run.stderr
    assert os.readlink("out") == "build/real"
    assert ".gen-manifest.json" in snapshot(Path("out"))
    assert _leftovers() == [] and _leftovers(Path("build")) == []
