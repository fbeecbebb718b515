"""Shared by the golden tests and ``python -m tests.golden.regen``.

Where the specs and the expected outputs live, how a spec is generated (the ``gen`` command in a
subprocess, so every run sees a fresh interpreter and its own ``PYTHONHASHSEED``) and how an
output tree is read for comparison (caches that tools leave behind are not part of it).
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "EXPECTED",
    "GOLDEN",
    "KOMBO_OUT",
    "KOMBO_SPEC",
    "ROOT",
    "SPECS",
    "Job",
    "compare_trees",
    "generate_all",
    "package_name",
    "read_tree",
    "spec_stems",
]

GOLDEN = Path(__file__).resolve().parent
ROOT = GOLDEN.parents[1]
SPECS = GOLDEN / "specs"
EXPECTED = GOLDEN / "expected"
KOMBO_SPEC = ROOT / "specs" / "kombo.yaml"
KOMBO_OUT = ROOT / "generated" / "kombo_api"

#: folders that tools (Python, mypy, pytest, ruff) write into a package: never compared
CACHE_DIRS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})


def spec_stems() -> list[str]:
    """The golden specs by stem (``specs/<stem>.yaml``; files in subfolders are only referenced)."""
    return sorted(path.stem for path in SPECS.glob("*.yaml"))


def package_name(stem: str) -> str:
    return f"golden_{stem}"


@dataclass(frozen=True, slots=True)
class Job:
    """One run of ``gen``: a spec into an output folder as a package."""

    spec: Path
    out: Path
    package: str

    @staticmethod
    def golden(stem: str, out: Path) -> Job:
        return Job(SPECS / f"{stem}.yaml", out, package_name(stem))


def _run(job: Job, hash_seed: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = hash_seed
    command = [sys.executable, "-m", "generator", "--spec", str(job.spec), "--out", str(job.out)]
    command += ["--package-name", job.package]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def generate_all(
    jobs: Iterable[Job], *, hash_seed: str | None = None
) -> dict[Job, subprocess.CompletedProcess[str]]:
    """Run ``gen`` for every job (in parallel) and return each run's result."""
    todo = list(jobs)
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = pool.map(lambda job: _run(job, hash_seed), todo)
        return dict(zip(todo, results, strict=True))


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its ``/``-separated relative path (tool caches left out)."""
    tree: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not CACHE_DIRS.intersection(relative.parts):
            tree[relative.as_posix()] = path.read_bytes()
    return tree


MAX_DIFF_LINES = 120


def _diff(name: str, expected: bytes, actual: bytes) -> str:
    lines = list(
        difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(keepends=True),
            actual.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"expected/{name}",
            tofile=f"generated/{name}",
        )
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... ({len(lines) - MAX_DIFF_LINES} more lines)\n"]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def compare_trees(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """One entry per difference: a missing file, an unexpected file, or a unified diff."""
    problems = [f"missing (not generated any more): {name}" for name in expected.keys() - actual]
    problems += [f"new (not in expected/): {name}" for name in actual.keys() - expected]
    problems.sort()
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] != actual[name]:
            problems.append(_diff(name, expected[name], actual[name]))
    return problems
