"""Generation speed: gen against openapi-python-client (and datamodel-code-generator).

Runs each tool on each spec several times, alternating tools within a round, measures the CPU
time of the tool and of everything it starts (ruff formatting included: gen runs it, and
openapi-python-client's post hooks do when ruff is on PATH), and prints medians and ratios.

    python benchmarks/generate.py [SPEC ...] [--runs 3] [--peer-venv .bench-venv]

Without SPECs it times the largest specs of ../shared/corpus (Stripe, Discord, Mastodon) and
then every corpus spec with gen alone (the size/time curve). A peer that fails on a spec is
timed until it fails, and reported as such ("crashed after ...").
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
LARGEST = ("stripe-spec3.yaml", "discord-openapi.json", "mastodon-openapi.json")


@dataclass
class Timing:
    seconds: float
    ok: bool


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> Timing:
    before = _children_cpu()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    return Timing(_children_cpu() - before, done.returncode == 0)


def tools(peer_venv: Path | None) -> dict[str, list[str]]:
    found = {"gen": [sys.executable, "-m", "generator"]}
    if peer_venv is not None and (peer_venv / "bin" / "openapi-python-client").exists():
        found["openapi-python-client"] = [str(peer_venv / "bin" / "openapi-python-client")]
    dcg = shutil.which("datamodel-codegen", path=str(Path(sys.executable).parent))
    if dcg:
        found["datamodel-code-generator"] = [dcg]
    return found


def command(tool: str, base: list[str], spec: Path, out: Path) -> list[str]:
    if tool == "gen":
        return [*base, "--spec", str(spec), "--out", str(out / "gen"), "--package-name", "bench"]
    if tool == "openapi-python-client":
        return [
            *base,
            "generate",
            "--path",
            str(spec),
            "--output-path",
            str(out / "oapc"),
            "--overwrite",
            "--meta",
            "none",
        ]
    return [
        *base,
        "--input",
        str(spec),
        "--input-file-type",
        "openapi",
        "--output",
        str(out / "dcg.py"),
        "--disable-timestamp",
    ]


def bench(
    spec: Path, found: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, list[Timing]]:
    results: dict[str, list[Timing]] = {name: [] for name in found}
    for _ in range(runs):
        for name, base in found.items():
            with tempfile.TemporaryDirectory() as tmp:
                results[name].append(run(command(name, base, spec, Path(tmp)), env, Path(tmp)))
    return results


def report(spec: Path, results: dict[str, list[Timing]]) -> None:
    gen = statistics.median(t.seconds for t in results["gen"])
    size = spec.stat().st_size / 1e6
    print(f"\n{spec.name} ({size:.1f} MB): gen {gen:.2f} s CPU")
    for name, timings in results.items():
        if name == "gen":
            continue
        median = statistics.median(t.seconds for t in timings)
        state = "ok" if all(t.ok for t in timings) else "crashed after"
        print(f"  {name:26} {state:13} {median:6.2f} s   ratio {median / gen:5.1f}x gen")


def curve(specs: list[Path], found: dict[str, list[str]], env: dict[str, str]) -> None:
    print("\ngen over the corpus (size -> CPU time):")
    only_gen = {"gen": found["gen"]}
    for spec in sorted(specs, key=lambda p: p.stat().st_size):
        timing = statistics.median(t.seconds for t in bench(spec, only_gen, 1, env)["gen"])
        kb = spec.stat().st_size / 1e3
        print(f"  {spec.name:38} {kb:8.0f} KB {timing:6.2f} s  {timing / kb * 1000:5.2f} ms/KB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("specs", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peer-venv", type=Path, default=ROOT / ".bench-venv")
    parser.add_argument("--no-curve", action="store_true")
    parser.add_argument("--tools", default="gen,openapi-python-client,datamodel-code-generator")
    args = parser.parse_args()
    args.peer_venv = args.peer_venv.resolve()  # the tools run in temporary folders
    wanted = set(args.tools.split(",")) | {"gen"}
    found = {
        k: v
        for k, v in tools(args.peer_venv if args.peer_venv.exists() else None).items()
        if k in wanted
    }
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if args.peer_venv.exists():  # openapi-python-client's post hooks run ruff from PATH
        env["PATH"] = f"{args.peer_venv / 'bin'}{os.pathsep}{env['PATH']}"
    specs = args.specs or [p for p in (CORPUS / name for name in LARGEST) if p.exists()]
    print("tools:", ", ".join(found), f"({args.runs} runs each, alternating, CPU time)")
    for spec in specs:
        report(spec, bench(spec, found, args.runs, env))
    if not args.no_curve and not args.specs and CORPUS.exists():
        curve([p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".json")], found, env)


if __name__ == "__main__":
    main()
