"""Quality gates on every golden output and on ``generated/kombo_api``.

* ``mypy --strict`` on the package and its tests, run from inside the output folder with the
  output's own ``pyproject.toml`` (one cache shared by all runs, outside the folders);
* pyright (pinned in package.json, installed by ``make test``) in standard and strict mode:
  0 errors (vendored code is checked with its user's code, often in VS Code);
* ``ruff check`` and ``ruff format --check`` with the output's own configuration;
* the output's own tests pass (pytest in a subprocess, cwd = the output folder);
* the output does not depend on ``PYTHONHASHSEED``.

Nothing here writes into the outputs: no bytecode, no tool caches.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .support import (
    KOMBO_OUT,
    KOMBO_SPEC,
    Job,
    compare_trees,
    generate_all,
    installed,
    read_tree,
    spec_stems,
)

#: every output checked here, by name: the golden stems and kombo_api
OUTPUTS: dict[str, Path] = {stem: installed(stem) for stem in spec_stems()}
OUTPUTS["kombo_api"] = KOMBO_OUT
ENV = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
Result = subprocess.CompletedProcess[str]


def package_of(out: Path) -> str:
    manifest = json.loads((out / ".gen-manifest.json").read_text(encoding="utf-8"))
    package: str = manifest["package"]
    return package


def run(command: list[str], cwd: Path) -> Result:
    return subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)


def report(result: Result) -> str:
    return f"exit {result.returncode}\n{result.stdout}{result.stderr}"


def in_parallel(task: Callable[[Path], Result]) -> dict[str, Result]:
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = pool.map(task, OUTPUTS.values())
        return dict(zip(OUTPUTS, results, strict=True))


# --------------------------------------------------------------------------- mypy --strict


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for every run: the standard library and httpx are analysed once."""
    return tmp_path_factory.mktemp("mypy-cache")


def test_outputs_share_one_mypy_configuration() -> None:
    """What makes the shared mypy cache sound: the same options everywhere."""
    configs = {
        name: tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
        for name, out in OUTPUTS.items()
    }
    assert all(config == configs["kombo_api"] for config in configs.values()), configs
    assert configs["kombo_api"].get("strict") is True


@pytest.mark.parametrize("name", OUTPUTS)
def test_mypy_strict(name: str, mypy_cache: Path) -> None:
    out = OUTPUTS[name]
    command = [sys.executable, "-m", "mypy", "--config-file", "pyproject.toml"]
    # module names from the output folder (cwd), not from the __init__.py files above it
    command += ["--explicit-package-bases", "--cache-dir", str(mypy_cache)]
    command += [package_of(out), "tests"]
    result = run(command, out)
    assert result.returncode == 0, report(result)


# --------------------------------------------------------------------------- pyright

PYRIGHT = KOMBO_OUT.parents[1] / "node_modules" / ".bin" / "pyright"


@pytest.mark.parametrize("mode", ["standard", "strict"])
def test_pyright(mode: str, tmp_path: Path) -> None:
    """One pyright run over every output's package (all at once: pyright starts slowly)."""
    assert PYRIGHT.exists(), f"{PYRIGHT} is missing: run `npm ci` (or `make test`)"
    packages = [str(out / package_of(out)) for out in OUTPUTS.values()]
    config = tmp_path / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": mode}))
    command = [str(PYRIGHT), "-p", str(config), "--pythonpath", sys.executable, "--outputjson"]
    result = run([*command, *packages], tmp_path)
    found = json.loads(result.stdout)
    errors = [
        f"{d['file']}:{d['range']['start']['line'] + 1}: {d['message']} ({d.get('rule', '')})"
        for d in found["generalDiagnostics"]
        if d["severity"] == "error"
    ]
    assert found["summary"]["filesAnalyzed"] >= len(packages)
    assert errors == [], "\n".join(errors[:50]) + f"\n{len(errors)} errors"


# --------------------------------------------------------------------------- ruff


@pytest.mark.parametrize("name", OUTPUTS)
def test_ruff_check(name: str) -> None:
    result = run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], OUTPUTS[name])
    assert result.returncode == 0, report(result)


@pytest.mark.parametrize("name", OUTPUTS)
def test_ruff_format(name: str) -> None:
    command = [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "."]
    result = run(command, OUTPUTS[name])
    assert result.returncode == 0, report(result)


# --------------------------------------------------------------------------- the outputs' own tests


@pytest.fixture(scope="module")
def own_tests() -> dict[str, Result]:
    """Each output's test suite, run by pytest in its own folder (all of them in parallel)."""

    def task(out: Path) -> Result:
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        # the generated suites need pytest alone; hypothesis (in this venv) only slows startup
        return run([*command, "-p", "no:asyncio", "-p", "no:hypothesispytest"], out)

    return in_parallel(task)


@pytest.mark.parametrize("name", OUTPUTS)
def test_own_tests_pass(name: str, own_tests: dict[str, Result]) -> None:
    result = own_tests[name]
    assert result.returncode == 0, report(result)
    assert " passed" in result.stdout


# --------------------------------------------------------------------------- determinism

DETERMINISM = {
    "keywords": Job.golden("keywords", Path()),
    "relative_refs": Job.golden("relative_refs", Path()),
    "kombo": Job(KOMBO_SPEC, Path(), "kombo_api"),
}
SEEDS = ("0", "12345")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each determinism spec generated under each ``PYTHONHASHSEED``."""
    root = tmp_path_factory.mktemp("seeded")
    outs: dict[tuple[str, str], Path] = {}
    for seed in SEEDS:
        jobs = {
            name: Job(job.spec, root / seed / name, job.package)
            for name, job in DETERMINISM.items()
        }
        results = generate_all(jobs.values(), hash_seed=seed)
        for name, job in jobs.items():
            assert results[job].returncode == 0, report(results[job])
            outs[name, seed] = job.out
    return outs


@pytest.mark.parametrize("name", DETERMINISM)
def test_same_bytes_under_any_hash_seed(name: str, seeded: dict[tuple[str, str], Path]) -> None:
    first, second = (read_tree(seeded[name, seed]) for seed in SEEDS)
    assert first, name
    problems = compare_trees(first, second)
    assert not problems, f"PYTHONHASHSEED {SEEDS[0]} vs {SEEDS[1]}:\n" + "\n".join(problems)
