"""First access to an operation group and its first call, in fresh interpreters.

    python benchmarks/first_call.py [OUT_DIR] [--runs 5]

OUT_DIR is a distribution generated from benchmarks/kombo_shaped.py's spec with
``--package-name bench`` (without it, one is generated into a temporary folder). Prints the
median time of ``client.hris`` (the group's first access) plus its first call against an
``httpx.MockTransport`` (``get_employees``), with bytecode caches written first and without
any (``-B``, caches removed): the targets are < 50 ms and < 300 ms.

Another package: ``OUT_DIR --package stripe_api --group customers --method get_customers
--client '{"bearer_auth": "k"}' --body '{"object": "list", "data": [], "has_more": false,
"url": "/v1/customers"}'``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from kombo_shaped import build  # noqa: E402

PROBE = r"""
import importlib, json, sys, time
import httpx

package, group_name, method, client_args, body = json.loads(sys.argv[1])
api = importlib.import_module(package)
client = api.Client(
    **client_args, base_url="https://api.invalid",
    transport=httpx.MockTransport(lambda request: httpx.Response(200, json=body)),
)
start, cpu = time.perf_counter(), time.process_time()
group = getattr(client, group_name)
getattr(group, method)()
print(json.dumps([time.perf_counter() - start, time.process_time() - cpu]))
"""

KOMBO_SHAPED = (
    "bench",
    "hris",
    "get_employees",
    {"api_key": "k", "integration_id": "i"},
    {"status": "success", "data": {"next": None, "results": []}, "warnings": []},
)


def _clear_caches(root: Path) -> None:
    for folder in root.rglob("__pycache__"):
        shutil.rmtree(folder)


def probe(out: Path, target: tuple[object, ...], *, bytecode: bool) -> tuple[float, float]:
    cmd = [sys.executable, *([] if bytecode else ["-B"]), "-c", PROBE, json.dumps(target)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not bytecode:
        _clear_caches(out)
    done = subprocess.run(cmd, cwd=out, env=env, capture_output=True, text=True, check=True)
    wall, cpu = json.loads(done.stdout)
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--package", default=KOMBO_SHAPED[0])
    parser.add_argument("--group", default=KOMBO_SHAPED[1])
    parser.add_argument("--method", default=KOMBO_SHAPED[2])
    parser.add_argument("--client", type=json.loads, default=KOMBO_SHAPED[3])
    parser.add_argument("--body", type=json.loads, default=KOMBO_SHAPED[4])
    args = parser.parse_args()
    target = (args.package, args.group, args.method, args.client, args.body)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out
        if out is None:
            spec = Path(tmp) / "kombo-shaped.json"
            spec.write_text(json.dumps(build(30)), encoding="utf-8")
            out = Path(tmp) / "out"
            subprocess.run(
                [sys.executable, "-m", "generator", "--spec", str(spec), "--out", str(out),
                 "--package-name", "bench"],
                check=True, capture_output=True, cwd=ROOT,
            )  # fmt: skip
        probe(out, target, bytecode=True)  # writes the caches
        cached = [probe(out, target, bytecode=True) for _ in range(args.runs)]
        cold = [probe(out, target, bytecode=False) for _ in range(args.runs)]
    for label, runs, target in (("with bytecode caches", cached, 50), ("without", cold, 300)):
        wall = statistics.median(r[0] for r in runs) * 1000
        cpu = statistics.median(r[1] for r in runs) * 1000
        print(f"first access to client.{args.group} + first call, {label}: {wall:.0f} ms "
              f"({cpu:.0f} ms CPU; target < {target} ms)")  # fmt: skip


if __name__ == "__main__":
    main()
