"""Write stage: stage the output beside the target, format it, then swap it in.

* The new tree is written to a temporary folder next to OUT and formatted there; only when the
  whole run succeeded does it replace OUT (two renames), so an error, a ruff failure or Ctrl-C
  leaves the previous output byte-identical and no temporary folder behind.
* The generator owns exactly the files its manifest (``OUT/.gen-manifest.json``) lists. Other
  files in OUT (a user's notes) are carried over untouched; a generated file that would
  overwrite a file the generator did not write is an error instead.
* ``--check`` mode stages and formats the same way, then only compares.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MANIFEST", "Outcome", "OutputConflict", "check_tree", "staged", "swap_in"]

MANIFEST = ".gen-manifest.json"


class OutputConflict(Exception):
    """A generated path is occupied by a file the generator does not own."""


@dataclass(frozen=True, slots=True)
class Outcome:
    changed: tuple[str, ...]
    diff: str


def _safe_path(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would leave ``root``."""
    if relative.startswith(("/", "\\")) or ".." in Path(relative).parts or "\0" in relative:
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise ValueError(f"refusing to write outside the output folder: {relative!r}")
    return path


@contextlib.contextmanager
def staged(out: Path, files: Mapping[str, str], prepare: Callable[[Path], None]) -> Iterator[Path]:
    """A temporary folder beside ``out`` holding ``files`` after ``prepare`` (formatting) ran.

    The folder is removed on exit unless it was swapped in.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".gen-stage-", dir=out.parent))
    try:
        for relative, text in files.items():
            path = _safe_path(stage, relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
        prepare(stage)
        yield stage
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def tree_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def owned(out: Path) -> set[str]:
    """The files a previous run wrote into ``out`` (its manifest), or none."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return {str(f) for f in data.get("files", {})} | {MANIFEST}
    except (OSError, ValueError, AttributeError):
        return set()


def manifest_text(files: Mapping[str, bytes], meta: Mapping[str, str]) -> str:
    listing = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    return json.dumps({**meta, "files": listing}, indent=2, sort_keys=False) + "\n"


def check_tree(stage: Path, out: Path) -> Outcome:
    """Compare a staged tree with ``out`` (generated files only)."""
    new = tree_files(stage)
    old = {k: v for k, v in tree_files(out).items() if k in owned(out)} if out.exists() else {}
    changed = sorted(k for k in set(new) | set(old) if new.get(k) != old.get(k))
    diff = "".join(line for name in changed for line in _diff(name, old.get(name), new.get(name)))
    return Outcome(tuple(changed), diff)


def _diff(name: str, old: bytes | None, new: bytes | None) -> Iterator[str]:
    before = (old or b"").decode("utf-8", "replace").splitlines(keepends=True)
    after = (new or b"").decode("utf-8", "replace").splitlines(keepends=True)
    yield from difflib.unified_diff(before, after, f"a/{name}", f"b/{name}")
    if before and not before[-1].endswith("\n"):
        yield "\n"


def swap_in(stage: Path, out: Path) -> Outcome:
    """Move the staged tree into place, keeping files in ``out`` the generator does not own."""
    outcome = check_tree(stage, out)
    if out.exists():
        _carry_over(out, stage, owned(out))
        backup = out.with_name(f".gen-old-{out.name}-{os.getpid()}")
        os.rename(out, backup)
        try:
            os.rename(stage, out)
        except BaseException:
            os.rename(backup, out)
            raise
        shutil.rmtree(backup, ignore_errors=True)
    else:
        os.rename(stage, out)
    return outcome


def _carry_over(out: Path, stage: Path, mine: set[str]) -> None:
    generated = set(tree_files(stage))
    for path in sorted(out.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(out).as_posix()
        if relative in mine:
            continue
        if relative in generated:
            raise OutputConflict(
                f"{out / relative} exists and was not written by gen; move it away or delete it"
            )
        target = stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
