"""A bounded, seeded mutation fuzzer for gen: ``python -m tests.fuzz.fuzzer`` (``make fuzz``).

Each mutant is a seed spec (the golden specs, ``specs/kombo.yaml``, and with ``--corpus`` the
specs of a corpus folder) changed in one to three places: a node deleted, replaced by an odd
value or a hostile string, a ``$ref`` pointed somewhere (or nowhere), a subtree grafted
elsewhere, a schema nested deep or repeated in ``allOf``, an enum entry repeated, a key renamed;
or, for some mutants, the text itself cut, a line dropped or doubled, odd bytes put in. Mutant
``i`` of seed ``S`` depends only on ``S``, ``i`` and the seed specs, so a failure reproduces with
``--seed S --only i``.

gen runs on each mutant in a subprocess (with a timeout) over a previous output folder. The
oracle:

* exit 0: the package imports (and, for every ``--test-every``-th such mutant, its own generated
  tests pass); the user's file in the output folder is kept, the stale generated file is gone;
* exit 2: at least one ``error:`` diagnostic, and the output folder exactly as it was;
* never: a traceback, another exit code, a hang, a ``.gen-stage-*``/``.gen-old-*`` folder left.

Failing mutants are saved (spec, stderr, what was changed) under ``--save``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import copy
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from generator.cli import cli
from generator.load.yaml12 import load_yaml

ROOT = Path(__file__).resolve().parents[2]
#: the specs of the test suite that mutants start from
SEEDS = (*sorted((ROOT / "tests" / "golden" / "specs").glob("*.yaml")), ROOT / "specs/kombo.yaml")

_ODD_VALUES: tuple[Any, ...] = (
    None, True, False, 0, -1, 1.5, 10**30, -(10**30), 1e308, "", "x", "on", "no", "1:30",
    "0777", [], {}, [None], {"type": "string"}, {"$ref": "#/nowhere"}, "#/components/schemas",
    {"type": "object", "properties": {"a": {"type": "string"}}}, {"enum": []}, {"allOf": []},
    {"type": ["string", "null"]}, {"not": {}}, {"const": None}, False,
)  # fmt: skip
_HOSTILE = (
    '"""', "'''", "\\", "\x00", "\r\n", "\u2028", "\ud7ff", "\U0001f436 dog", "{{ 7*7 }}",
    "class", "__init__", "json", "0day", "a" * 300, "-", "$", "@type", "é", "日本語",
    "'); import os; os.system('false') #",
)  # fmt: skip
_TYPES = ("string", "integer", "number", "boolean", "object", "array", "null", "strin", 7)
_NEST_KEYS = ("items", "additionalProperties", "items", "additionalProperties", "not")
_TEXT_ODDITIES = ("\t", "\x00", "\xff", ": ", "- ", "{", "[", "'", '"', "&a", "*a", "!!binary ")


@dataclass(frozen=True, slots=True)
class Seed:
    path: Path
    tree: Any
    text: str
    is_json: bool


@dataclass(frozen=True, slots=True)
class Mutant:
    index: int
    seed: Seed
    text: str
    changes: tuple[str, ...]
    suffix: str


@dataclass(frozen=True, slots=True)
class Outcome:
    mutant: Mutant
    code: int | None  # None: timed out
    failure: str | None  # None: the oracle holds
    tested: bool = False
    seconds: float = 0.0
    stderr: str = ""


@dataclass(slots=True)
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failure is not None]

    def summary(self, seconds: float, seed: int, seeds: int) -> str:
        codes = Counter(o.code for o in self.outcomes)
        kinds = Counter(o.failure for o in self.failures)
        listed = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
        lines = [
            f"fuzz: {len(self.outcomes)} mutants (seed {seed}) of {seeds} specs in {seconds:.0f} s",
            f"  exit 0: {codes.get(0, 0)} (all imported; "
            f"{sum(o.tested for o in self.outcomes)} ran their generated tests)",
            f"  exit 2: {codes.get(2, 0)} (each with a diagnostic, old output intact)",
            f"  failures: {len(self.failures)}" + (f" ({listed})" if listed else ""),
        ]
        for o in self.failures:
            lines.append(f"    #{o.mutant.index} {o.mutant.seed.path.name}: {o.failure}")
        return "\n".join(lines)


# ---------------------------------------------------------------- seeds


def read_seed(path: Path) -> Seed | None:
    try:
        text = path.read_text(encoding="utf-8")
        is_json = path.suffix.lower() == ".json"
        tree = json.loads(text) if is_json else load_yaml(text)
    except (OSError, ValueError, yaml.YAMLError):
        return None
    return Seed(path, tree, text, is_json) if isinstance(tree, dict) else None


def corpus_seeds(folder: Path, max_bytes: int) -> list[Path]:
    """Specs of a corpus folder (``.yaml``/``.yml``/``.json``, one level down too)."""
    found = [
        p
        for pattern in ("*", "*/*")
        for p in sorted(folder.glob(pattern))
        if p.suffix.lower() in (".yaml", ".yml", ".json") and p.stat().st_size <= max_bytes
    ]
    return found


# ---------------------------------------------------------------- mutations


def _paths(tree: Any, limit: int = 20_000) -> list[tuple[Any, ...]]:
    """Paths of the containers' members (parents first), at most ``limit``."""
    out: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), tree)]
    while stack and len(out) < limit:
        path, node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            out.append((*path, key))
            if isinstance(value, dict | list):
                stack.append(((*path, key), value))
    return out


def _get(tree: Any, path: Sequence[Any]) -> Any:
    for key in path:
        tree = tree[key]
    return tree


def _pointer(path: Sequence[Any]) -> str:
    return "#" + "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _schema_paths(tree: Any, paths: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Paths of values that look like schemas (objects with a schema keyword)."""
    keys = {"type", "properties", "items", "allOf", "oneOf", "anyOf", "enum", "$ref"}
    return [p for p in paths if isinstance(v := _get(tree, p), dict) and keys & set(v)]


def _delete(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    path = rng.choice(paths)
    parent = _get(tree, path[:-1])
    del parent[path[-1]]
    return f"delete {_pointer(path)}"


def _replace(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    path = rng.choice(paths)
    value = copy.deepcopy(rng.choice(_ODD_VALUES + _HOSTILE))
    _get(tree, path[:-1])[path[-1]] = value
    return f"set {_pointer(path)} to {json.dumps(value)[:60]}"


def _hostile(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    strings = [p for p in paths if isinstance(_get(tree, p), str)] or paths
    path = rng.choice(strings)
    value = rng.choice(_HOSTILE)
    _get(tree, path[:-1])[path[-1]] = value
    return f"set {_pointer(path)} to {value[:40]!r}"


def _set_type(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    schemas = _schema_paths(tree, paths) or paths
    path = rng.choice(schemas)
    node = _get(tree, path)
    if not isinstance(node, dict):
        return _replace(rng, tree, paths)
    node["type"] = rng.choice(_TYPES)
    return f"type of {_pointer(path)} = {node['type']!r}"


def _ref(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    schemas = _schema_paths(tree, paths) or paths
    path, target = rng.choice(schemas), rng.choice(schemas)
    ref = _pointer(target) if rng.random() < 0.8 else _pointer(target) + "/missing"
    _get(tree, path[:-1])[path[-1]] = {"$ref": ref}
    return f"{_pointer(path)} = $ref {ref}"


def _graft(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    source, target = rng.choice(paths), rng.choice(paths)
    _get(tree, target[:-1])[target[-1]] = copy.deepcopy(_get(tree, source))
    return f"copy {_pointer(source)} to {_pointer(target)}"


def _nest(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    schemas = _schema_paths(tree, paths) or paths
    path = rng.choice(schemas)
    levels = rng.choice((3, 12, 21, 30, 39, 45))
    node = _get(tree, path)
    for _ in range(levels):
        key = rng.choice(_NEST_KEYS)
        kind = {"items": "array", "additionalProperties": "object"}.get(key)
        node = {"type": kind, key: node} if kind and rng.random() < 0.8 else {key: node}
    _get(tree, path[:-1])[path[-1]] = node
    return f"nest {_pointer(path)} {levels} levels"


def _repeat(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    lists = [p for p in paths if isinstance(_get(tree, p), list) and _get(tree, p)]
    if lists and rng.random() < 0.5:
        path = rng.choice(lists)
        items = _get(tree, path)
        items.append(copy.deepcopy(rng.choice(items)))
        return f"repeat an item of {_pointer(path)}"
    schemas = _schema_paths(tree, paths) or paths
    path = rng.choice(schemas)
    node = _get(tree, path)
    _get(tree, path[:-1])[path[-1]] = {"allOf": [node, copy.deepcopy(node)]}
    return f"allOf twice {_pointer(path)}"


def _rename(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    keyed = [p for p in paths if isinstance(_get(tree, p[:-1]), dict)] or paths
    path = rng.choice(keyed)
    parent = _get(tree, path[:-1])
    if not isinstance(parent, dict):
        return _delete(rng, tree, paths)
    old = path[-1]
    new = rng.choice((*_HOSTILE, str(old).upper(), str(old) + "s", "on", "$ref", "x-" + str(old)))
    parent[new] = parent.pop(old)
    return f"rename {_pointer(path)} to {new[:40]!r}"


def _untype(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    """An object schema without ``type`` (so any kind of value is valid)."""
    objects = [p for p in _schema_paths(tree, paths) if "properties" in _get(tree, p)]
    if not objects:
        return _set_type(rng, tree, paths)
    path = rng.choice(objects)
    node = _get(tree, path)
    node.pop("type", None)
    node["examples"] = ["text", *node.get("examples", [])[:1]]  # valid, yet not an object
    return f"no type at {_pointer(path)}"


def _twin_scheme(rng: random.Random, tree: Any, paths: list[tuple[Any, ...]]) -> str:
    """A second security scheme whose name differs only in case or separators, both in use."""
    schemes = tree.get("components", {}).get("securitySchemes") if isinstance(tree, dict) else None
    if not isinstance(schemes, dict) or not schemes:
        schemes = tree.setdefault("components", {}).setdefault("securitySchemes", {})
        if not isinstance(schemes, dict):
            return _replace(rng, tree, paths)
        schemes["ApiKey"] = {"type": "apiKey", "in": "header", "name": "X-Key"}
    name = rng.choice(sorted(schemes, key=str))
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(name)).lower()
    twin = rng.choice((snake, snake.replace("_", "-"), str(name).upper(), "timeout"))
    twin = twin if twin != name else f"{twin}_2"
    schemes[twin] = copy.deepcopy(schemes[name])
    tree["security"] = [{str(name): []}, {twin: []}]
    return f"security schemes {name!r} and {twin!r}"


Mutation = Callable[[random.Random, Any, list[tuple[Any, ...]]], str]
_MUTATIONS: tuple[tuple[Mutation, int], ...] = (
    (_delete, 3),
    (_replace, 3),
    (_hostile, 3),
    (_set_type, 2),
    (_ref, 2),
    (_graft, 2),
    (_nest, 1),
    (_repeat, 2),
    (_rename, 2),
    (_untype, 1),
    (_twin_scheme, 1),
)


def _text_mutation(rng: random.Random, text: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True) or [text]
    at = rng.randrange(len(lines))
    kind = rng.randrange(4)
    if kind == 0:
        cut = rng.randrange(len(text) or 1)
        return text[:cut], f"cut the text at {cut}"
    if kind == 1:
        return "".join(lines[:at] + lines[at + 1 :]), f"drop line {at + 1}"
    if kind == 2:
        return "".join(lines[: at + 1] + lines[at:]), f"double line {at + 1}"
    odd = rng.choice(_TEXT_ODDITIES)
    line = lines[at]
    col = rng.randrange(len(line) or 1)
    lines[at] = line[:col] + odd + line[col:]
    return "".join(lines), f"insert {odd!r} at line {at + 1}"


def mutant(seeds: Sequence[Seed], seed: int, index: int) -> Mutant:
    """Mutant ``index`` of run ``seed`` (deterministic)."""
    rng = random.Random(f"{seed}:{index}")
    base = rng.choice(seeds)
    suffix = ".json" if base.is_json else ".yaml"
    if rng.random() < 0.12:
        text, change = _text_mutation(rng, base.text)
        return Mutant(index, base, text, (change,), suffix)
    tree = copy.deepcopy(base.tree)
    changes = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        paths = _paths(tree)
        if not paths:
            break
        mutations, weights = zip(*_MUTATIONS, strict=True)
        change = rng.choices(mutations, weights)[0]
        changes.append(change(rng, tree, paths))
    return Mutant(index, base, _dump(tree, base.is_json), tuple(changes), suffix)


def _dump(tree: Any, is_json: bool) -> str:
    if is_json:
        return json.dumps(tree, indent=1, ensure_ascii=False)
    try:
        return yaml.safe_dump(tree, sort_keys=False, allow_unicode=True, width=200)
    except yaml.YAMLError:
        return json.dumps(tree, ensure_ascii=False)


# ---------------------------------------------------------------- the oracle

USER_FILE = "NOTES.md"
STALE_FILE = "stale_module.py"
_DIAGNOSTIC = re.compile(r"(^|: )error: ", re.MULTILINE)


def _previous_output(out: Path) -> None:
    """An output folder as a previous run left it: one generated file, one of the user's."""
    out.mkdir()
    (out / STALE_FILE).write_text("X = 1\n", encoding="utf-8")
    (out / USER_FILE).write_text("my notes\n", encoding="utf-8")
    digest = hashlib.sha256(b"X = 1\n").hexdigest()
    manifest = {"generator": "gen", "files": {STALE_FILE: digest}}
    (out / ".gen-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(root.rglob("*"))
    }


def _copy_siblings(seed: Path, folder: Path, limit: int = 1_000_000) -> None:
    """The files beside the seed (for its relative ``$ref``), when there are few of them."""
    others = [p for p in seed.parent.rglob("*") if p.is_file() and p != seed]
    if sum(p.stat().st_size for p in others) > limit:
        return
    for p in others:
        target = folder / p.relative_to(seed.parent)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, target)


def _python(
    *args: str, cwd: Path, timeout: float, keep_path: bool = False
) -> subprocess.CompletedProcess[str] | None:
    """Python in ``cwd``; ``PYTHONPATH`` only for gen itself (not for generated packages)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if not keep_path:
        env.pop("PYTHONPATH", None)
    try:
        return subprocess.run(
            [sys.executable, *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired:
        return None


@dataclass(frozen=True, slots=True)
class Settings:
    timeout: float = 120.0
    test_every: int = 10
    save: Path | None = None
    #: run gen in this process (faster; one mutant at a time, from the main thread)
    in_process: bool = False


class _Timeout(BaseException):
    """gen ran past the timeout (in-process runs)."""


def _raise_timeout(signum: int, frame: object) -> None:
    raise _Timeout


def _gen_in_process(
    spec: str, folder: Path, timeout: float
) -> subprocess.CompletedProcess[str] | None:
    """``gen --spec SPEC --out out`` in ``folder``, in this process; None when it times out."""
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with contextlib.chdir(folder):
            result = CliRunner().invoke(cli, ["--spec", spec, "--out", "out"])
    except _Timeout:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "Traceback (most recent call last):\n" + repr(result.exception)
    return subprocess.CompletedProcess([], result.exit_code, result.stdout, stderr)


def check(m: Mutant, settings: Settings, run_tests: bool) -> Outcome:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gen-fuzz-") as tmp:
        folder = Path(tmp)
        _copy_siblings(m.seed.path, folder)
        spec = folder / f"mutant{m.suffix}"
        spec.write_text(m.text, encoding="utf-8", errors="surrogatepass")
        out = folder / "out"
        _previous_output(out)
        before = _snapshot(out)
        if settings.in_process:
            run = _gen_in_process(spec.name, folder, settings.timeout)
        else:
            run = _python(
                "-m", "generator", "--spec", spec.name, "--out", "out", cwd=folder,
                timeout=settings.timeout, keep_path=True,
            )  # fmt: skip
        failure = _verdict(run, folder, out, before)
        tested = False
        if failure is None and run is not None and run.returncode == 0:
            failure, tested = _check_package(out, settings, run_tests)
        outcome = Outcome(
            mutant=m,
            code=None if run is None else run.returncode,
            failure=failure,
            tested=tested,
            seconds=time.monotonic() - started,
            stderr="" if run is None else run.stderr,
        )
        if failure is not None and settings.save is not None:
            _save(outcome, spec, settings.save)
        return outcome


def _verdict(
    run: subprocess.CompletedProcess[str] | None, folder: Path, out: Path, before: dict[str, bytes]
) -> str | None:
    if run is None:
        return "hang"
    if "Traceback (most recent call last)" in run.stderr or run.returncode == 3:
        return "traceback"
    if run.returncode not in (0, 2):
        return f"exit {run.returncode}"
    if any(p.name.startswith((".gen-stage-", ".gen-old-")) for p in folder.iterdir()):
        return "temporary folder left behind"
    if run.returncode == 2:
        if not _DIAGNOSTIC.search(run.stderr):
            return "exit 2 without a diagnostic"
        return None if _snapshot(out) == before else "old output changed"
    if (out / USER_FILE).read_bytes() != before[USER_FILE] or (out / STALE_FILE).exists():
        return "user file lost or stale file kept"
    return None


def _check_package(out: Path, settings: Settings, run_tests: bool) -> tuple[str | None, bool]:
    try:
        package = json.loads((out / ".gen-manifest.json").read_text(encoding="utf-8"))["package"]
    except (OSError, ValueError, KeyError):
        return "no manifest", False
    code = f"import {package}, {package}.models, {package}.validators"
    imported = _python("-c", code, cwd=out, timeout=settings.timeout)
    if imported is None or imported.returncode != 0:
        return "package does not import", False
    if not run_tests:
        return None, False
    tests = _python("-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", cwd=out, timeout=600)
    if tests is None or tests.returncode != 0:
        return "generated tests fail", True
    return None, True


def _save(outcome: Outcome, spec: Path, folder: Path) -> None:
    m = outcome.mutant
    target = folder / f"mutant-{m.index}"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(spec, target / spec.name)
    note = {
        "seed_spec": str(m.seed.path),
        "index": m.index,
        "changes": list(m.changes),
        "exit": outcome.code,
        "failure": outcome.failure,
    }
    (target / "mutant.json").write_text(json.dumps(note, indent=2), encoding="utf-8")
    (target / "stderr.txt").write_text(outcome.stderr, encoding="utf-8")


# ---------------------------------------------------------------- running


def run(
    seeds: Sequence[Seed],
    seed: int,
    indices: Sequence[int],
    settings: Settings,
    jobs: int = 1,
    progress: Callable[[Outcome], None] | None = None,
) -> Report:
    report = Report()
    mutants = (mutant(seeds, seed, i) for i in indices)

    def one(m: Mutant) -> Outcome:
        sample = settings.test_every > 0 and m.index % settings.test_every == 0
        return check(m, settings, sample)

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        outcomes = map(one, mutants) if jobs <= 1 else pool.map(one, mutants)
        for outcome in outcomes:
            report.outcomes.append(outcome)
            if progress is not None:
                progress(outcome)
    return report


def _print_progress(outcome: Outcome) -> None:
    m = outcome.mutant
    verdict = outcome.failure or "ok"
    print(
        f"#{m.index} {m.seed.path.name} exit {outcome.code} {verdict} "
        f"({outcome.seconds:.1f} s): {'; '.join(m.changes)[:150]}",
        flush=True,
    )


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500, help="number of mutants (500)")
    parser.add_argument("--seed", type=int, default=1, help="the run's random seed (1)")
    parser.add_argument("--only", type=int, action="append", help="run only mutant N (repeat)")
    parser.add_argument("--corpus", type=Path, help="also mutate the specs of this folder")
    parser.add_argument("--max-seed-bytes", type=int, default=300_000)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per gen run")
    parser.add_argument("--test-every", type=int, default=10, help="run generated tests of 1/N")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--save", type=Path, default=Path("fuzz-failures"))
    return parser.parse_args(argv)


def _seed_specs(args: argparse.Namespace) -> Iterator[Seed]:
    paths = list(SEEDS)
    if args.corpus is not None and args.corpus.is_dir():
        paths += corpus_seeds(args.corpus, args.max_seed_bytes)
    for path in paths:
        found = read_seed(path)
        if found is not None:
            yield found


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    seeds = list(_seed_specs(args))
    settings = Settings(timeout=args.timeout, test_every=args.test_every, save=args.save)
    indices = args.only or range(args.count)
    started = time.monotonic()
    report = run(seeds, args.seed, indices, settings, args.jobs, _print_progress)
    print(report.summary(time.monotonic() - started, args.seed, len(seeds)))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
