"""Output for people: ``--quiet``, ``-v``, the progress line, and the last line of every run.

The last line says what was written (or checked) and how many warnings and workarounds there
were; ``--quiet`` prints errors only; ``-v`` shows each stage as it starts; a run that takes
more than :data:`generator.cli.PROGRESS_AFTER` seconds shows its stages on stderr: plain lines
when stderr is not a terminal, one line rewritten in place (and erased) when it is.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from errors_support import MINIMAL, gen, write

import generator.cli

STAGES = [
    "gen: [1/6] reading spec.yaml",
    "gen: [2/6] checking the spec",
    "gen: [3/6] planning 2 schemas, 0 operations",
    "gen: [4/6] rendering 23 files",
    "gen: [5/6] formatting 23 files with ruff",
    "gen: [6/6] writing out",
]
WARNING = MINIMAL.replace("  schemas:\n", "  schemas:\n    Odd: {type: string, example: 5}\n")


def test_last_line_counts_warnings_and_workarounds(work: Path) -> None:
    write("spec.yaml", WARNING)
    run = gen("--spec", "spec.yaml", "--out", "out")
    assert run.code == 0
    assert run.stderr == (
        "spec.yaml:8:25: #/components/schemas/Odd/example: warning: the example does not match "
        "its schema ($: type)\n"
        "    hint: fix the example or the schema; validators follow the schema\n"
        "gen: wrote out (25 files changed); 1 warning, 0 workarounds.\n"
    )


def test_quiet_prints_nothing_on_success_and_only_errors_on_failure(work: Path) -> None:
    write("spec.yaml", WARNING)
    assert gen("--spec", "spec.yaml", "--out", "out", "--quiet").stderr == ""
    write("spec.yaml", MINIMAL.replace("type: string", "type: strin"))
    run = gen("--spec", "spec.yaml", "--out", "out", "-q", "--strict")
    assert run.code == 2
    assert run.stderr.startswith("spec.yaml:12:11: #/components/schemas/Pet/properties/name/type")
    assert run.stderr.endswith("gen: 1 error; nothing was written.\n")


def test_verbose_shows_every_stage_with_its_time(work: Path) -> None:
    write("spec.yaml", MINIMAL)
    run = gen("--spec", "spec.yaml", "--out", "out", "-v")
    lines = run.stderr.splitlines()
    assert [re.sub(r" \(\d+\.\d s\)$", "", line) for line in lines[:6]] == STAGES
    assert lines[6:] == ["gen: wrote out (24 files changed); 0 warnings, 0 workarounds."]


def test_a_slow_run_shows_plain_stage_lines_when_not_on_a_terminal(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generator.cli, "PROGRESS_AFTER", 0.0)
    write("spec.yaml", MINIMAL)
    run = gen("--spec", "spec.yaml", "--out", "out")
    lines = run.stderr.splitlines()
    assert lines[-1] == "gen: wrote out (24 files changed); 0 warnings, 0 workarounds."
    assert set(lines[:-1]) <= set(STAGES)  # from the moment the timer fired
    assert lines[-2] == STAGES[-1]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_line_is_rewritten_in_place_and_erased() -> None:
    stream = _Terminal()
    progress = generator.cli._Progress(stream, always=False)
    progress._due()  # the second has passed
    progress(1, 2, "reading a long name")
    progress(2, 2, "planning")
    progress.close()
    assert stream.getvalue() == (
        "\rgen: [1/2] reading a long name"
        "\rgen: [2/2] planning           "
        "\r                              \r"
    )


def test_a_fast_run_shows_no_progress() -> None:
    stream = _Terminal()
    progress = generator.cli._Progress(stream, always=False)
    progress(1, 2, "reading")
    progress.close()
    assert stream.getvalue() == ""
