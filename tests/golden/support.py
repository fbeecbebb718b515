"""Shared by the golden tests and ``python -m tests.golden.regen``.

Where the specs and the expected outputs live, how a spec is generated (the ``gen`` command in a
subprocess, so every run sees a fresh interpreter and its own ``PYTHONHASHSEED``) and how an
output tree is read for comparison (caches that tools leave behind are not part of it).
"""

from __future__ import annotations

import atexit
import difflib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
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
    "RUNTIME",
    "SPECS",
    "Job",
    "compare_trees",
    "expected_tree",
    "generate_all",
    "installed",
    "package_name",
    "read_tree",
    "spec_stems",
    "split_runtime",
]

GOLDEN = Path(__file__).resolve().parent
ROOT = GOLDEN.parents[1]
SPECS = GOLDEN / "specs"
EXPECTED = GOLDEN / "expected"
KOMBO_SPEC = ROOT / "specs" / "kombo.yaml"
KOMBO_OUT = ROOT / "generated" / "kombo_api"
#: the runtime modules every package gets verbatim; the expected trees name them, never hold them
RUNTIME = ROOT / "templates" / "runtime"
#: in each expected tree: the runtime files its package holds (relative paths, one a line)
RUNTIME_LIST = ".runtime-files"

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


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def split_runtime(tree: dict[str, bytes]) -> tuple[dict[str, bytes], list[str], list[str]]:
    """The tree without its runtime copies, their paths, and every copy that is not verbatim.

    A runtime copy is ``<package>/<name>`` for a module ``name`` of ``templates/runtime``;
    it must hash the same as that module (compared by SHA-256, so the expected trees need not
    store eleven copies of the runtime).
    """
    runtime = {p.name: _digest(p.read_bytes()) for p in RUNTIME.glob("*.py")}
    rest: dict[str, bytes] = {}
    copies: list[str] = []
    changed: list[str] = []
    for name, data in tree.items():
        parts = name.split("/")
        if len(parts) == 2 and parts[1] in runtime:
            copies.append(name)
            if _digest(data) != runtime[parts[1]]:
                changed.append(f"runtime copy differs from templates/runtime/{parts[1]}: {name}")
            continue
        rest[name] = data
    return rest, sorted(copies), changed


def expected_tree(stem: str) -> dict[str, bytes]:
    """The expected tree of ``stem`` as gen writes it: the stored files plus the runtime."""
    stored = read_tree(EXPECTED / stem)
    listing = stored.pop(RUNTIME_LIST, b"").decode("utf-8").split()
    for name in listing:
        stored[name] = (RUNTIME / name.split("/")[1]).read_bytes()
    return stored


_INSTALLED: dict[str, Path] = {}


def installed(stem: str) -> Path:
    """A complete copy of the expected tree of ``stem`` (runtime included), made once per process.

    Tests that import, type-check or run an expected package use this copy; it lives in a
    temporary folder removed when the process exits.
    """
    if stem not in _INSTALLED:
        if not _INSTALLED:
            base = Path(tempfile.mkdtemp(prefix="gen-golden-"))
            atexit.register(shutil.rmtree, base, ignore_errors=True)
            _INSTALLED["."] = base
        target = _INSTALLED["."] / stem
        for name, data in expected_tree(stem).items():
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        _INSTALLED[stem] = target
    return _INSTALLED[stem]
