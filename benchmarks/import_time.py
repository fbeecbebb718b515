"""Import time of a generated package, in fresh interpreters (best of N), against a peer.

    python benchmarks/import_time.py OUT_DIR ... [--runs 7]
    python benchmarks/import_time.py --generate SPEC ... [--peer-venv .bench-venv] [--runs 7]

OUT_DIR is a generated distribution (it holds the package folder). Prints the time of
``import <pkg>``, then of touching ``<pkg>.Client`` and one model, and the number of modules
each step loads. The target for a client of ~500 schemas and ~100 operations is < 150 ms for
the plain import (names are loaded lazily; type checkers still see them all).

``--generate`` first generates each SPEC into a temporary folder with gen and, when the peer
venv has it, with openapi-python-client (whose package makes its models visible by importing
``<pkg>.models``: that is what is timed for it), then prints both and their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import json, sys, time
name, model = sys.argv[1], sys.argv[2]
before = set(sys.modules)
start = time.perf_counter()
package = __import__(name)
imported = time.perf_counter() - start
loaded = len(set(sys.modules) - before)
start = time.perf_counter()
package.Client
client = time.perf_counter() - start
start = time.perf_counter()
getattr(package.models, model) if model else None
touched = time.perf_counter() - start
print(json.dumps([imported, loaded, client, touched, len(set(sys.modules) - before)]))
"""

PEER_PROBE = r"""
import importlib, json, sys, time
before = set(sys.modules)
start = time.perf_counter()
importlib.import_module(sys.argv[1])
importlib.import_module(sys.argv[1] + ".models")
print(json.dumps([time.perf_counter() - start, len(set(sys.modules) - before)]))
"""


def package_of(out: Path) -> tuple[str, str]:
    manifest = json.loads((out / ".gen-manifest.json").read_text())
    name = manifest["package"]
    models = (out / name / "models" / "__init__.py").read_text()
    listed = (
        models.split("\n__all__ = [", 1)[1].split("]", 1)[0] if "\n__all__ = [" in models else ""
    )
    first = next((n.strip().strip('"') for n in listed.split(",") if n.strip()), "")
    return name, first


def _best(python: str, probe: str, args: list[str], cwd: Path, runs: int) -> list[float]:
    """The fastest of ``runs`` fresh interpreters, after one that writes the bytecode caches
    (as installing a package does: nobody imports a big package from source every time)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    samples = []
    for _ in range(runs + 1):
        done = subprocess.run(
            [python, "-X", "frozen_modules=on", "-c", probe, *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        samples.append(json.loads(done.stdout))
    return min(samples[1:], key=lambda s: s[0])


def measure(out: Path, runs: int) -> list[float]:
    name, model = package_of(out)
    return _best(sys.executable, PROBE, [name, model], out, runs)


def show(label: str, out: Path, runs: int) -> float:
    imported, loaded, client, touched, total = measure(out, runs)
    verdict = "ok" if imported < 0.150 else "TOO SLOW"
    print(
        f"{label}: import {imported * 1000:.1f} ms ({loaded} modules) {verdict}; "
        f"+Client {client * 1000:.1f} ms; +one model {touched * 1000:.1f} ms "
        f"({total} modules in all)"
    )
    return imported + client + touched


def compare(spec: Path, peer_venv: Path, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "gen"
        command = [sys.executable, "-m", "generator", "--spec", str(spec), "--out", str(out)]
        subprocess.run([*command, "--package-name", "bench_gen"], cwd=ROOT, check=True)
        ours = show(f"{spec.name} gen", out, runs)
        peer = peer_venv / "bin" / "openapi-python-client"
        if not peer.exists():
            print(f"  (no openapi-python-client in {peer_venv}: peer not measured)")
            return
        target = Path(tmp) / "oapc" / "bench_peer"
        peer_command = [str(peer), "generate", "--path", str(spec), "--output-path", str(target)]
        done = subprocess.run(
            [*peer_command, "--overwrite", "--meta", "none"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not target.exists():
            print(f"  openapi-python-client failed to generate {spec.name}: no peer figure")
            return
        python = str(peer_venv / "bin" / "python")
        seconds, loaded = _best(python, PEER_PROBE, ["bench_peer"], target.parent, runs)
        print(
            f"  openapi-python-client: import with models {seconds * 1000:.1f} ms "
            f"({loaded} modules); ratio {seconds / ours:.1f}x gen (import + Client + one model)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, nargs="*")
    parser.add_argument("--generate", type=Path, nargs="+", default=[])
    parser.add_argument("--peer-venv", type=Path, default=ROOT / ".bench-venv")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for out in args.out:
        show(str(out), out, args.runs)
    for spec in args.generate:
        compare(spec, args.peer_venv.resolve(), args.runs)


if __name__ == "__main__":
    main()
