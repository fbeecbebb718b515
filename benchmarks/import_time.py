"""Import time of a generated package, in fresh interpreters (best of N).

    python benchmarks/import_time.py OUT_DIR [--runs 7]

OUT_DIR is a generated distribution (it holds the package folder). Prints the time of
``import <pkg>``, then of touching ``<pkg>.Client`` and one model, and the number of modules
each step loads. The target for a client of ~500 schemas and ~100 operations is < 150 ms for
the plain import (names are loaded lazily; type checkers still see them all).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

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


def package_of(out: Path) -> tuple[str, str]:
    manifest = json.loads((out / ".gen-manifest.json").read_text())
    name = manifest["package"]
    models = (out / name / "models" / "__init__.py").read_text()
    first = next((line.split('"')[1] for line in models.splitlines()
                  if line.startswith('    "') and '": "' in line), "")
    return name, first


def measure(out: Path, runs: int) -> list[float]:
    name, model = package_of(out)
    samples = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-X", "frozen_modules=on", "-c", PROBE, name, model],
                              cwd=out, capture_output=True, text=True, check=True)
        samples.append(json.loads(done.stdout))
    return min(samples, key=lambda s: s[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, nargs="+")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for out in args.out:
        imported, loaded, client, touched, total = measure(out, args.runs)
        verdict = "ok" if imported < 0.150 else "TOO SLOW"
        print(f"{out}: import {imported * 1000:.1f} ms ({loaded} modules) {verdict}; "
              f"+Client {client * 1000:.1f} ms; +one model {touched * 1000:.1f} ms "
              f"({total} modules in all)")


if __name__ == "__main__":
    main()
