"""Helpers for the error tests: run ``gen`` in-process on specs written into a temp folder.

Tests run inside their own temporary folder (the ``work`` fixture makes it the current
directory), so diagnostics name files as they were given on the command line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli

#: A minimal valid OpenAPI 3.1 document with one schema.
MINIMAL = """\
openapi: 3.1.0
info:
  title: Tiny
  version: "1"
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: string
"""

FAILED_1 = "gen: 1 error; nothing was written.\n"


@dataclass(frozen=True)
class Run:
    code: int
    stderr: str
    stdout: str


def gen(*args: str) -> Run:
    """``gen ARGS`` in-process; exit code and captured streams."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stderr, result.stdout)


def write(name: str, content: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every entry under ``root``: file bytes, ``link -> target`` or ``dir``."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, files in os.walk(root):
        base = Path(folder)
        for name in dirs:
            path = base / name
            key = path.relative_to(root).as_posix()
            found[key] = f"link -> {os.readlink(path)}" if path.is_symlink() else "dir"
        for name in files:
            path = base / name
            key = path.relative_to(root).as_posix()
            found[key] = f"link -> {os.readlink(path)}" if path.is_symlink() else path.read_bytes()
    return found


def fails_with(spec: str, expected: str, *, errors: int = 1, strict: bool = False) -> None:
    """``gen --spec SPEC --out out`` exits 2 with exactly ``expected`` and writes nothing.

    ``strict``: run with ``--strict`` (for defects gen otherwise works around).
    """
    before = sorted(os.listdir("."))
    run = gen("--spec", spec, "--out", "out", *(["--strict"] if strict else []))
    tail = FAILED_1 if errors == 1 else f"gen: {errors} errors; nothing was written.\n"
    assert run.stderr == expected + tail
    assert run.code == 2
    assert run.stdout == ""
    assert sorted(os.listdir(".")) == before  # no output folder, nothing staged


def fails_strictly(spec: str, expected: str, *, errors: int = 1) -> None:
    """:func:`fails_with` under ``--strict``: a defect gen otherwise works around is an error,
    reported exactly as without the workaround."""
    fails_with(spec, expected, errors=errors, strict=True)
