"""Rewrite ``tests/golden/expected/`` from ``tests/golden/specs/`` (``make regen``).

Every spec is generated into a staging folder first; only when all of them succeeded are the
expected trees replaced (and trees of specs that no longer exist removed). Review the diff and
read the changed files before committing: the expected outputs are checked by a person.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from .support import (
    EXPECTED,
    GOLDEN,
    RUNTIME_LIST,
    Job,
    generate_all,
    read_tree,
    spec_stems,
    split_runtime,
)


def _strip_runtime(out: Path) -> bool:
    """Replace the runtime copies in ``out`` by a list of their paths (checked by hash)."""
    _, copies, changed = split_runtime(read_tree(out))
    if changed:
        print("regen: " + "\n".join(changed), file=sys.stderr)
        return False
    for name in copies:
        (out / name).unlink()
    (out / RUNTIME_LIST).write_text("".join(f"{name}\n" for name in copies), encoding="utf-8")
    return True


def main() -> int:
    stems = spec_stems()
    with tempfile.TemporaryDirectory(dir=GOLDEN, prefix=".regen-") as staging:
        jobs = {stem: Job.golden(stem, Path(staging) / stem) for stem in stems}
        results = generate_all(jobs.values())
        failed = False
        for stem, job in jobs.items():
            result = results[job]
            if result.returncode != 0 or "warning" in result.stderr:
                print(f"--- {stem}.yaml (exit {result.returncode})\n{result.stderr}", end="")
            failed |= result.returncode != 0
        if failed:
            print("regen: gen failed; tests/golden/expected/ is unchanged.", file=sys.stderr)
            return 1
        EXPECTED.mkdir(exist_ok=True)
        for job in jobs.values():
            if not _strip_runtime(job.out):
                return 1
        for stem, job in jobs.items():
            target = EXPECTED / stem
            if target.exists():
                shutil.rmtree(target)
            job.out.rename(target)
    for stale in sorted(p for p in EXPECTED.iterdir() if p.is_dir() and p.name not in stems):
        shutil.rmtree(stale)
        print(f"regen: removed {stale.relative_to(GOLDEN)} (its spec is gone)")
    print(
        f"regen: wrote {len(stems)} golden outputs into {EXPECTED.relative_to(GOLDEN.parents[1])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
