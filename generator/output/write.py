"""Write stage: stage the output beside the target, format it, then swap it in.

* The new tree is written to a temporary folder next to OUT and formatted there; only when the
  whole run succeeded does it replace OUT (two renames), so an error, a ruff failure or Ctrl-C
  leaves the previous output byte-identical and no temporary folder behind.
* The generator owns exactly the files its manifest (``OUT/.gen-manifest.json``) lists (with
  the :func:`digest` of each, see :mod:`generator.output.incremental`). Other
  files in OUT (a user's notes) are carried over untouched; a generated file that would
  overwrite a file the generator did not write is an error instead.
* ``--check`` mode stages and formats the same way, then only compares.
* Folders the run had to create above OUT are removed again when it fails; the new OUT gets
  the permissions of the old one (or the umask's), not the temporary folder's ``0700``.
* SIGINT, SIGTERM and SIGHUP (the CLI turns the last two into ``KeyboardInterrupt``) are held
  back while a folder is created, swapped or removed, so an interrupt never splits the pair of
  renames or leaves a ``.gen-stage-*``/``.gen-old-*`` folder behind.
* An OUT that is a symbolic link is written through: the folder it points to is replaced and
  the link stays as it was.
* What stops the write (a conflict, a folder that cannot be created) is an
  :class:`OutputConflict` whose text says what to do; the CLI prints it and exits with 2.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MANIFEST",
    "Outcome",
    "OutputConflict",
    "OutsideOutput",
    "check_tree",
    "compare",
    "conflict_message",
    "digest",
    "kept_mode",
    "owned_files",
    "paths_inside",
    "safe_path",
    "signals_held",
    "staged",
    "swap_in",
    "tree_files",
]

MANIFEST = ".gen-manifest.json"
DIGEST_HEX = 32  # 128 bits: no accidental collision among any number of files gen writes


def digest(data: bytes) -> str:
    """The digest the manifest records for a file's bytes: SHA-256, its first 128 bits."""
    return hashlib.sha256(data).hexdigest()[:DIGEST_HEX]


class OutputConflict(Exception):
    """The output cannot be put in place: a generated path is occupied by a file the generator
    does not own, or the output folder cannot be created or replaced."""


class OutsideOutput(OutputConflict, ValueError):
    """A file's path would leave the output folder: through a symbolic link in it (or by its
    name, which gen never makes)."""

    def __init__(self, relative: str) -> None:
        super().__init__(
            f"refusing to write outside the output folder: {relative!r} leads out of it"
            "\n    hint: a folder or file on that path is a symbolic link to elsewhere; "
            "remove the link (or choose another --out); nothing was written there"
        )


_STAGE_PREFIX = ".gen-stage-"
_OLD_PREFIX = ".gen-old-"
_LISTED = 5  # conflicting paths named in the message


@dataclass(frozen=True, slots=True)
class Outcome:
    """What writing (or ``--check``) found: the files that changed, and a diff when asked."""

    changed: tuple[str, ...]
    diff: str


def safe_path(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would leave ``root``."""
    return paths_inside(root)(relative)


def paths_inside(root: Path) -> Callable[[str], Path]:
    """:func:`safe_path` for many files under one ``root``: the root and each folder are
    resolved once (not every component of every file), the file itself is followed only when
    it is a symbolic link. It does not notice a folder replaced by a link after its first
    use: use it to read, or to write where only this process can change folders (a private
    stage); writes into a folder others may change take :func:`safe_path` per file."""
    real_root = root.resolve()
    folders: dict[Path, Path] = {}

    def inside(relative: str) -> Path:
        if relative.startswith(("/", "\\")) or ".." in Path(relative).parts or "\0" in relative:
            raise OutsideOutput(relative)
        path = root / relative
        folder = folders.get(path.parent)
        if folder is None:
            folder = folders[path.parent] = path.parent.resolve()
        path = folder / path.name
        if path.is_symlink():
            path = path.resolve()
        if not path.is_relative_to(real_root):
            raise OutsideOutput(relative)
        return path

    return inside


_HELD = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Delay interrupting signals until the block is done (only the main thread gets them)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def real_out(out: Path) -> Path:
    """The folder to write: ``out`` itself, or where it points when it is a symbolic link."""
    return Path(os.path.realpath(out)) if out.is_symlink() else out.absolute()


@contextlib.contextmanager
def staged(
    out: Path,
    files: Mapping[str, str],
    prepare: Callable[[Path, Sequence[str]], Collection[str]],
) -> Iterator[tuple[Path, dict[str, bytes]]]:
    """A temporary folder beside ``out`` holding ``files`` after ``prepare(stage, names)``
    (formatting) ran, and the bytes of each file: read back for the files ``prepare`` says it
    may have changed, the text as written for the others.

    The folder is removed on exit unless it was swapped in; so are the folders above ``out``
    that had to be created for it, if ``out`` was not made.
    """
    out = real_out(out)
    created = _missing_parents(out)
    try:
        with signals_held():
            out.parent.mkdir(parents=True, exist_ok=True)
            stage = Path(tempfile.mkdtemp(prefix=_STAGE_PREFIX, dir=out.parent))
    except OSError as exc:
        _remove_empty(created)
        blocker = next((p for p in out.parents if p.exists()), None)
        reason = f"{blocker} is a file" if blocker and not blocker.is_dir() else exc.strerror
        raise OutputConflict(
            f"cannot create the output folder {out}: {reason or exc}"
            "\n    hint: choose another --out (inside a folder you can write to)"
        ) from exc
    try:
        # the stage stays private (mkdtemp: 0700) while it is filled, so no one else can
        # swap a folder in it for a link between the check of a path and its use
        inside = paths_inside(stage)
        made: set[Path] = set()
        written: dict[str, bytes] = {}
        for relative, text in files.items():
            path = inside(relative)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            written[relative] = text.encode("utf-8")
            write_new(path, written[relative])
        for relative in prepare(stage, list(files)):
            written[relative] = read_file(inside(relative))
        os.chmod(stage, kept_mode(out))
        yield stage, written
    finally:
        with signals_held():
            if stage.exists():
                shutil.rmtree(stage, ignore_errors=True)
            if not out.exists():
                _remove_empty(created)


def write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist: not even a link there is followed) with ``data``;
    three system calls, where ``Path.write_bytes`` makes six."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def read_file(path: Path) -> bytes:
    """The bytes of ``path``, without the buffered-file machinery ``Path.read_bytes`` sets up."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        chunks = [os.read(fd, os.fstat(fd).st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 20))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _missing_parents(out: Path) -> list[Path]:
    """The folders above ``out`` that do not exist yet, deepest first."""
    return [p for p in out.parents if not p.exists()]


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def kept_mode(path: Path, fresh: int = 0o777) -> int:
    """The permissions for a new ``path``: those of the one it replaces, else ``fresh`` as the
    umask allows (``0o777`` for folders, ``0o666`` for files)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return fresh & ~mask


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


def check_tree(stage: Path, out: Path, *, with_diff: bool = True) -> Outcome:
    """Compare a staged tree with ``out`` (generated files only); the unified diff only when
    asked for (``--check``)."""
    return compare(tree_files(stage), owned_files(out), with_diff=with_diff)


def compare(new: Mapping[str, bytes], old: Mapping[str, bytes], *, with_diff: bool) -> Outcome:
    """The files that differ between two trees, and their unified diff if asked for."""
    changed = sorted(k for k in set(new) | set(old) if new.get(k) != old.get(k))
    if not with_diff:
        return Outcome(tuple(changed), "")
    diff = "".join(line for name in changed for line in _diff(name, old.get(name), new.get(name)))
    return Outcome(tuple(changed), diff)


def owned_files(out: Path) -> dict[str, bytes]:
    """The files of ``out`` that its manifest lists (only those are read)."""
    found: dict[str, bytes] = {}
    inside = paths_inside(out)
    for name in sorted(owned(out)):
        try:
            path = inside(name)
            if path.is_file() and not path.is_symlink():
                found[name] = path.read_bytes()
        except (ValueError, OSError):
            continue
    return found


def _diff(name: str, old: bytes | None, new: bytes | None) -> Iterator[str]:
    before = (old or b"").decode("utf-8", "replace").splitlines(keepends=True)
    after = (new or b"").decode("utf-8", "replace").splitlines(keepends=True)
    import difflib  # noqa: PLC0415 (only --check shows a diff)

    yield from difflib.unified_diff(before, after, f"a/{name}", f"b/{name}")
    if before and not before[-1].endswith("\n"):
        yield "\n"


def swap_in(stage: Path, out: Path, outcome: Outcome | None = None) -> Outcome:
    """Move the staged tree into place, keeping files in ``out`` the generator does not own;
    ``outcome``: how the staged tree differs from ``out``, when the caller knows it already."""
    if outcome is None:
        outcome = check_tree(stage, out, with_diff=False)
    shown = out
    out = real_out(out)
    if Path.cwd().resolve().is_relative_to(out.resolve()):
        raise OutputConflict(
            f"cannot replace the output folder {shown}: it holds the current folder, which would "
            f"be left deleted\n    hint: run gen from outside {shown}, or choose another --out; "
            "nothing was written"
        )
    try:
        if out.exists():
            _carry_over(out, stage, owned(out), shown)
        with signals_held():
            _replace(stage, out)
    except OSError as exc:
        raise OutputConflict(
            f"cannot replace the output folder {shown}: {exc.strerror or exc}; "
            "it is unchanged\n    hint: check that no other program holds files open in it"
        ) from exc
    return outcome


def _replace(stage: Path, out: Path) -> None:
    """Rename ``stage`` to ``out``; an existing ``out`` is set aside, then removed."""
    if not out.exists():
        os.rename(stage, out)
        return
    backup = out.with_name(f"{_OLD_PREFIX}{out.name}-{os.getpid()}")
    os.rename(out, backup)
    try:
        os.rename(stage, out)
    except BaseException:
        os.rename(backup, out)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _carry_over(out: Path, stage: Path, mine: set[str], shown: Path) -> None:
    """Copy what the user keeps in ``out`` (files, links, empty folders) into ``stage``."""
    theirs = [e for e in _entries(out) if e.relative_to(out).as_posix() not in mine]
    clashes = [e for e in theirs if _clashes(e, stage / e.relative_to(out))]
    if clashes:
        raise OutputConflict(conflict_message(out, shown, clashes))
    for entry in theirs:
        target = stage / entry.relative_to(out)
        if entry.is_dir() and not entry.is_symlink():
            if not any(entry.iterdir()):  # others come with their contents
                target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(entry, target, follow_symlinks=False)


def _entries(root: Path) -> Iterator[Path]:
    """Files, links and folders under ``root`` (not following links), parents first."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        base = Path(folder)
        for name in sorted(dirs):
            yield base / name
        for name in sorted(files):
            yield base / name


def _clashes(entry: Path, target: Path) -> bool:
    """Would keeping ``entry`` overwrite, or need to replace, what the generator made?"""
    if not target.exists() and not target.is_symlink():
        return False
    return not (entry.is_dir() and not entry.is_symlink() and target.is_dir())


def _below(path: Path, folder: Path) -> Path:
    """``path`` relative to ``folder`` (either may be relative, or behind a link)."""
    for base in (folder, folder.absolute(), folder.resolve()):
        for candidate in (path, path.absolute(), path.resolve()):
            if candidate.is_relative_to(base):
                return candidate.relative_to(base)
    return path


def conflict_message(out: Path, shown: Path, clashes: list[Path]) -> str:
    names = [str(shown / _below(c, out)) for c in clashes]
    manifest = shown / MANIFEST
    if len(names) == 1:
        head = f"refusing to overwrite {names[0]}: gen did not write it (it is not in {manifest})"
        todo = "move it away or delete it"
    else:
        listed = ", ".join(names[:_LISTED])
        more = f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
        head = (
            f"refusing to overwrite {len(names)} files gen did not write "
            f"(they are not in {manifest}): {listed}{more}"
        )
        todo = "move them away or delete them"
    return f"{head}\n    hint: {todo}, or choose another --out; nothing was written"
