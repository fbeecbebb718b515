"""Generation speed and output size: gen against openapi-python-client, side by side.

Per spec: the CPU time of each tool and of everything it starts (ruff included for both: gen
runs it, openapi-python-client's post hooks do with ruff on PATH, as its users run it), the
ratio, the output's bytes and lines (and bytes per operation + schema), and gen's re-run
time on unchanged inputs. Tools alternate within each round; figures are medians.

    python benchmarks/generate.py [SPEC ...] [--runs 3] [--peer-venv .bench-venv]
        [--no-corpus | --corpus-only] [--corpus ../shared/corpus]

Without SPECs it measures Mastodon, a large spec in Kombo's shape (benchmarks/kombo_shaped.py,
126 operations; also the re-run after one schema changed) and Stripe, then every spec of
../shared/corpus with both tools (medians of ``--runs`` each) and prints the median ratio over
those both complete.
A tool that fails on a spec is reported as such ("failed").
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from kombo_shaped import build as kombo_shaped  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
OPC = "openapi-python-client"
_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@dataclass
class Run:
    seconds: float
    ok: bool
    size: tuple[int, int] = (0, 0)  # bytes, lines


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, bool]:
    before = _children_cpu()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    return _children_cpu() - before, done.returncode == 0


def output_size(root: Path) -> tuple[int, int]:
    """Bytes and lines of every file a tool wrote (caches excluded)."""
    total = lines = 0
    for path in root.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and ".ruff_cache" not in path.parts:
            data = path.read_bytes()
            total += len(data)
            lines += data.count(b"\n")
    return total, lines


def gen_command(spec: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "--spec", str(spec), "--out", str(out),
            "--package-name", "bench"]  # fmt: skip


def opc_command(peer_venv: Path, spec: Path, out: Path) -> list[str]:
    return [str(peer_venv / "bin" / OPC), "generate", "--path", str(spec), "--output-path",
            str(out), "--overwrite", "--meta", "none"]  # fmt: skip


Command = Callable[[Path, Path], list[str]]


def measure(
    spec: Path, tools: dict[str, Command], runs: int, env: dict[str, str]
) -> dict[str, list[Run]]:
    results: dict[str, list[Run]] = {name: [] for name in tools}
    for _ in range(runs):
        for name, command in tools.items():
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "out"
                seconds, ok = timed(command(spec, out), env, Path(tmp))
                size = output_size(out) if ok and out.exists() else (0, 0)
                results[name].append(Run(seconds, ok, size))
    return results


def rerun(
    spec: Path, env: dict[str, str], changed: Path | None = None
) -> tuple[float, float | None]:
    """gen's CPU for an unchanged re-run (and, with ``changed``, after switching to it)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / spec.name
        work.write_bytes(spec.read_bytes())
        out = Path(tmp) / "out"
        timed(gen_command(work, out), env, Path(tmp))
        unchanged = statistics.median(timed(gen_command(work, out), env, Path(tmp))[0]
                                      for _ in range(3))  # fmt: skip
        if changed is None:
            return unchanged, None
        work.write_bytes(changed.read_bytes())
        one, _ = timed(gen_command(work, out), env, Path(tmp))
        return unchanged, one


def counts(spec: Path) -> int:
    """Operations + component schemas of a spec."""
    text = spec.read_text(encoding="utf-8")
    doc: Any = json.loads(text) if spec.suffix == ".json" else yaml.load(text, yaml.CSafeLoader)
    operations = sum(
        1 for item in (doc.get("paths") or {}).values() if isinstance(item, dict)
        for method in item if method in _METHODS
    )  # fmt: skip
    schemas = len(((doc.get("components") or {}).get("schemas")) or {})
    return operations + schemas


def _median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def report(
    label: str, spec: Path, results: dict[str, list[Run]], again: tuple[float, float | None]
) -> float | None:
    units = counts(spec)
    gen = results["gen"]
    print(f"\n{label} ({spec.stat().st_size / 1e6:.2f} MB, {units} operations + schemas)")
    print(f"  {'tool':22} {'CPU s':>7} {'ratio':>6} {'MB':>7} {'lines':>8} {'B/(op+schema)':>14}")
    for name, runs in results.items():
        ok = all(r.ok for r in runs)
        size, lines = runs[-1].size
        ratio = (
            f"{_median(runs) / _median(gen):5.1f}x" if ok and all(r.ok for r in gen) else "  -  "
        )
        state = "" if ok else "  failed"
        print(f"  {name:22} {_median(runs):7.2f} {ratio:>6} {size / 1e6:7.2f} {lines:8d} "
              f"{size / max(units, 1):14.0f}{state}")  # fmt: skip
    unchanged, one = again
    print(f"  gen re-run, unchanged spec: {unchanged:.2f} s CPU", end="")
    full = _median(gen)
    if one is not None:
        print(f"; one schema changed: {one:.2f} s ({one / full:.0%} of a full run)", end="")
    print()
    if OPC in results and all(r.ok for r in results[OPC]) and all(r.ok for r in gen):
        return _median(results[OPC]) / full
    return None


def corpus(folder: Path, tools: dict[str, Command], env: dict[str, str], runs: int) -> None:
    print(f"\ncorpus {folder} (median of {runs} run{'s' if runs != 1 else ''} each):")
    ratios: list[float] = []
    for spec in sorted((p for p in folder.rglob("*") if p.suffix in (".yaml", ".json")),
                       key=lambda p: p.stat().st_size):  # fmt: skip
        results = measure(spec, tools, runs, env)
        ok = {n: all(r.ok for r in rs) for n, rs in results.items()}
        line = "  ".join(
            f"{n} {_median(rs):6.2f} s{'' if ok[n] else ' failed'}" for n, rs in results.items()
        )
        ratio = ""
        if all(ok.values()) and OPC in results:
            ratios.append(_median(results[OPC]) / _median(results["gen"]))
            ratio = f"{ratios[-1]:5.1f}x"
        print(f"  {spec.name:38} {line}  {ratio}")
    if ratios:
        print(f"  median ratio over {len(ratios)} specs both complete: "
              f"{statistics.median(ratios):.1f}x")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("specs", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-venv", type=Path, default=ROOT / ".bench-venv")
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--corpus-only", action="store_true", help="only the corpus sweep")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"default: {CORPUS}")
    args = parser.parse_args()
    corpus_folder: Path = args.corpus
    peer = args.peer_venv.resolve()  # the tools run in temporary folders
    tools: dict[str, Command] = {"gen": gen_command}
    if (peer / "bin" / OPC).exists():
        tools[OPC] = lambda spec, out: opc_command(peer, spec, out)
    # both tools run as their users run them: with bytecode caches for their own code
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    if peer.exists():  # openapi-python-client's post hooks run ruff from PATH
        env["PATH"] = f"{peer / 'bin'}{os.pathsep}{env['PATH']}"
    print("tools:", ", ".join(tools), f"({args.runs} runs each, alternating, CPU time)")
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, Path, Path | None]] = []
        if args.specs:
            cases = [(s.name, s, None) for s in args.specs]
        elif not args.corpus_only:
            large = Path(tmp) / "kombo-shaped.json"
            spec = kombo_shaped(30)
            large.write_text(json.dumps(spec, indent=1), encoding="utf-8")
            changed = Path(tmp) / "kombo-shaped-1.json"
            _one_schema_changed(spec)
            changed.write_text(json.dumps(spec, indent=1), encoding="utf-8")
            cases = [
                ("mastodon-openapi.json", corpus_folder / "mastodon-openapi.json", None),
                ("Kombo-shaped (benchmarks/kombo_shaped.py)", large, changed),
                ("stripe-spec3.yaml", corpus_folder / "stripe-spec3.yaml", None),
            ]
        for label, path, changed_path in cases:
            if path.exists():
                results = measure(path, tools, args.runs, env)
                report(label, path, results, rerun(path, env, changed_path))
    if not args.no_corpus and not args.specs and corpus_folder.exists():
        corpus(corpus_folder, tools, env, args.runs)


def _one_schema_changed(spec: dict[str, Any]) -> None:
    """One more property in one response schema (the incremental re-run's edit)."""
    first = next(iter(spec["paths"].values()))["get"]
    schema = first["responses"]["200"]["content"]["application/json"]["schema"]
    item = schema["properties"]["data"]["properties"]["results"]["items"]
    item["properties"]["nickname"] = {"type": ["string", "null"]}


if __name__ == "__main__":
    main()
