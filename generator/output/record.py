"""Records of past runs, for a re-run whose inputs did not change: nothing to do.

After a successful write, gen records in its cache folder (:mod:`generator.cache`), per set of
options (spec path, output folder, configuration, working folder, gen's own code and templates
by digest): every document read with its SHA-256, the output folder and package, the
manifest's digest and the warnings. A re-run with the
same options whose documents hash the same, and whose output files still hash as the manifest
lists, is done as soon as that is checked: the warnings are shown again and nothing is
loaded, planned, rendered, formatted or written. Anything else (a changed or missing file, a
record that cannot be read) means a normal run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..cache import cache_folder, private_folder
from ..diagnostics import Diagnostic, Level
from .write import MANIFEST, digest, paths_inside

__all__ = ["RunRecord", "options_digest", "read_record", "tool_digest", "unchanged", "write_record"]

_CODE = Path(__file__).resolve().parents[1]  # generator/


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What a run leaves for the next one with the same options (see the module docstring)."""

    options: str
    out: str
    package: str
    documents: Mapping[str, str]  # absolute path -> SHA-256
    manifest: str  # SHA-256 of the manifest written
    warnings: tuple[Diagnostic, ...]
    #: file -> (digest of its inputs, digest of its rendered text, as the manifest has it): see
    #: :mod:`generator.render.inputs`; a re-run renders only the files whose inputs changed
    renders: Mapping[str, tuple[str, str]] = field(default_factory=dict)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def tool_digest(templates: Path) -> str:
    """A digest of gen's own code and built-in templates (a changed gen redoes everything).

    It covers where gen is installed and each file's path, size, modification time and
    change time, not its bytes: hashing the ~140 files took 4 ms of every run (2% of a small
    spec's), listing them 0.3 ms. The change time is what no copy can keep (``cp -p``,
    ``rsync -a``, an archive, a package store that sets every modification time alike: a
    file written anew gets a new one), so an edit of the same size is seen too; at worst a
    file whose bytes did not change counts as changed, and the next run is a full one. A
    file that cannot be read (a dangling link: an editor's lock file) counts as absent.
    """
    total = hashlib.sha256(f"{_CODE}\0{templates.resolve()}\n".encode())
    for root in (_CODE, templates):
        for entry in sorted(_listing(str(root), "")):
            total.update("\0".join(map(str, entry)).encode() + b"\n")
    return total.hexdigest()


def _listing(folder: str, prefix: str) -> list[tuple[str, int, int, int]]:
    """(relative path, size, modification and change times in ns) of each file under
    ``folder``, ``__pycache__`` folders and what cannot be read left out."""
    found: list[tuple[str, int, int, int]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        found += _listing(entry.path, name + "/")
                    continue
                try:
                    info = entry.stat()
                except OSError:
                    continue
                found.append((name, info.st_size, info.st_mtime_ns, info.st_ctime_ns))
    except OSError:
        pass
    return found


def _tree_digest(roots: Iterable[Path]) -> str:
    total = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                total.update(f"{path.relative_to(root)}\0".encode())
                total.update(_sha(path.read_bytes()).encode())
    return total.hexdigest()


def options_digest(options: str, override: Path | None) -> str:
    """The options of a run, with the contents of a ``--templates`` folder if there is one."""
    extra = _tree_digest([override]) if override is not None and override.is_dir() else ""
    return _sha(f"{options}\0{extra}".encode())


def _path(options: str) -> Path | None:
    root = cache_folder()
    if root is None:
        return None
    return root / "runs" / f"{_sha(options.encode())[:32]}.json"


def read_record(options: str) -> RunRecord | None:
    """The record of the last run with these options, if there is a readable one."""
    path = _path(options)
    try:
        if path is None:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return RunRecord(
            options=str(data["options"]),
            out=str(data["out"]),
            package=str(data["package"]),
            documents={str(k): str(v) for k, v in data["documents"].items()},
            manifest=str(data["manifest"]),
            warnings=tuple(_diagnostic(w) for w in data["warnings"]),
            renders={str(k): (str(v[0]), str(v[1])) for k, v in data.get("renders", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def _diagnostic(item: Mapping[str, object]) -> Diagnostic:
    def text(key: str) -> str | None:
        value = item.get(key)
        return None if value is None else str(value)

    def number(key: str) -> int | None:
        value = item.get(key)
        return value if isinstance(value, int) else None

    return Diagnostic(
        level=Level(item["level"]),
        message=str(item["message"]),
        pointer=str(item.get("pointer", "")),
        file=text("file"),
        line=number("line"),
        column=number("column"),
        hint=text("hint"),
        instead=text("instead"),
    )


def write_record(record: RunRecord) -> None:
    """Keep ``record`` (silently nothing when the cache cannot be written)."""
    path = _path(record.options)
    if path is None or not private_folder(path.parent):
        return
    warnings = [
        {
            "level": w.level.value,
            "message": w.message,
            "pointer": w.pointer,
            "file": w.file,
            "line": w.line,
            "column": w.column,
            "hint": w.hint,
            "instead": w.instead,
        }
        for w in record.warnings
    ]
    data = {
        "options": record.options,
        "out": record.out,
        "package": record.package,
        "documents": dict(record.documents),
        "manifest": record.manifest,
        "warnings": warnings,
        "renders": {name: list(pair) for name, pair in record.renders.items()},
    }
    try:
        handle, temporary = tempfile.mkstemp(prefix=".run-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(data, file, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        return
    _prune(path.parent)


#: the records kept: the most recently written (every new output folder, a temporary one of a
#: test or a benchmark too, adds one; without a bound the folder would only grow)
KEEP_RECORDS = 200


def _prune(folder: Path) -> None:
    """Delete temporary files of writes that never finished (older than an hour), and all
    but the newest :data:`KEEP_RECORDS` records once the folder holds a quarter more (the
    folder is listed on every run; the records' times are read only then)."""
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries]
    except OSError:
        return
    records = [n for n in names if n.endswith(".json")]
    hour_ago = time.time_ns() - 3600 * 10**9
    # another run's write may be under way: only what is older than an hour is left over
    stale = [n for n in names if n.startswith(".run-") and _modified(folder / n) < hour_ago]
    if len(records) > KEEP_RECORDS * 5 // 4:
        newest = sorted(records, key=lambda n: _modified(folder / n), reverse=True)
        stale += newest[KEEP_RECORDS:]
    for name in stale:
        with suppress(OSError):
            os.unlink(folder / name)


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def unchanged(record: RunRecord, options: str) -> bool:
    """Are the inputs those of ``record`` and the output what that run wrote?"""
    if record.options != options or not record.documents:
        return False
    out = Path(record.out)
    for name, sha in record.documents.items():
        try:
            if _sha(Path(name).read_bytes()) != sha:
                return False
        except OSError:
            return False
    try:
        manifest = (out / MANIFEST).read_bytes()
        if _sha(manifest) != record.manifest:
            return False
        files = json.loads(manifest)["files"]
        inside = paths_inside(out)
        return all(  # "written" or ["written", "rendered"] (generator.output.incremental)
            digest(inside(name).read_bytes()) == (known if isinstance(known, str) else known[0])
            for name, known in files.items()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
