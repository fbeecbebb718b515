"""Start-up time: the methods ``dataclasses`` writes for gen's own classes, compiled once.

Each ``@dataclass`` writes the source of its ``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__`` and ``__delattr__`` and compiles it while its module is
imported: for gen's ~150 frozen classes that is about half of the time gen takes to import,
on every run. The compiled code depends only on that source text and on the Python version,
so :func:`compiled_dataclasses` keeps it in the cache folder (:mod:`generator.cache`) and
loads it instead of compiling it again.

``dataclasses`` runs each such source with ``exec(source, globals, namespace)``; while the
context manager is active, a function named ``exec`` in that module's namespace (which Python
looks up before the builtin) compiles through the cache and runs the code object exactly as
the builtin would have. The classes are the same either way; without a cache folder, or with
a cache that cannot be read, everything is compiled as usual.
"""

from __future__ import annotations

import builtins
import dataclasses
import importlib.util
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from types import CodeType
from typing import Any

from .cache import cache_folder, private_folder

__all__ = ["CodeCache", "compiled_dataclasses"]


class CodeCache:
    """Source text -> code object, remembering which were used and whether any was new."""

    def __init__(self, known: Mapping[str, CodeType]) -> None:
        self._known = known
        self.used: dict[str, CodeType] = {}
        self.compiled = 0

    def exec(
        self,
        source: Any,
        globals: dict[str, Any] | None = None,
        locals: Mapping[str, object] | None = None,
    ) -> None:
        """``exec`` with the compilation of source text looked up first."""
        if isinstance(source, str):
            code = self._known.get(source)
            if code is None:  # as the builtin compiles it: no future flags of this module
                code = compile(source, "<string>", "exec", dont_inherit=True)
                self.compiled += 1
            self.used[source] = code
            source = code
        builtins.exec(source, globals, locals)


#: bumped when what is kept changes (1: compiled without this module's future flags)
_FORMAT = 1


def _cache_file() -> Path | None:
    """The cache file for this Python, in a folder private to the user (one others can write
    to is never read from: its code would run as the user), or None."""
    root = cache_folder()
    if root is None:
        return None
    folder = root / "dataclasses"
    if not (private_folder(root) and private_folder(folder)):
        return None
    # marshal's format changes between Python versions: one file per bytecode version
    tag = f"{sys.implementation.cache_tag}-{importlib.util.MAGIC_NUMBER.hex()}-{_FORMAT}"
    return folder / f"{tag}.marshal"


def _read(path: Path) -> dict[str, CodeType]:
    try:
        info = path.lstat()
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not (stat.S_ISREG(info.st_mode) and mine and info.st_mode & 0o022 == 0):
            return {}
        data = marshal.loads(path.read_bytes())
    except Exception:  # a damaged file, even one declaring a huge size (MemoryError)
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, CodeType)}


def _write(path: Path, codes: Mapping[str, CodeType]) -> None:
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=".code-", dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(marshal.dumps(dict(codes)))
        os.replace(temporary, path)
        temporary = None
    except (OSError, ValueError):
        return
    finally:
        if temporary is not None:  # a failed or interrupted write leaves nothing behind
            with suppress(OSError):
                os.unlink(temporary)


@contextmanager
def compiled_dataclasses() -> Iterator[CodeCache]:
    """Within the block, dataclass methods compile through the cache; afterwards the cache
    file holds exactly the code used in the block (rewritten only when some was new)."""
    path = _cache_file()
    cache = CodeCache(_read(path) if path is not None else {})
    module: Any = dataclasses
    earlier = module.__dict__.get("exec")
    module.exec = cache.exec
    try:
        yield cache
    finally:
        if earlier is None:
            del module.exec
        else:
            module.exec = earlier
    if path is not None and cache.compiled:
        _write(path, cache.used)
