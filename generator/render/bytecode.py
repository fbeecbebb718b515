"""Compiled templates kept between runs (Jinja's bytecode), in the user's cache folder.

Compiling the templates from source costs ~0.2 s per run. Jinja stores each template's code
with a checksum of its source and recompiles when the source changed; the folder name adds
what else the code depends on (gen's version, Jinja's, Python's bytecode magic, the
environment's lexer options), so a stale entry is never used.

Where: ``$GEN_CACHE_DIR`` if set (empty: no cache), else ``$XDG_CACHE_HOME/gen``, else
``~/.cache/gen``: never beside the output, which users commit. The folder is private to the
user (``0700``; Jinja loads marshalled code from it). Any failure to read or write it only
means compiling from source, as without a cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import stat
from pathlib import Path

import jinja2

from .. import __version__

__all__ = ["cache_folder", "template_cache"]


def cache_folder(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path | None:
    """The folder gen caches in, or None when caching is switched off."""
    chosen = environ.get("GEN_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    xdg = environ.get("XDG_CACHE_HOME")
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "gen"
    try:
        return Path.home() / ".cache" / "gen"
    except RuntimeError:  # no home folder
        return None


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """A bytecode cache whose read and write failures fall back to compiling."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def _private_folder(path: Path) -> bool:
    """Create ``path`` (mode 0700) if needed; True when it is a folder only this user owns."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
    except OSError:
        return False
    owner_only = stat.S_IMODE(info.st_mode) & 0o077 == 0
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_only and mine


def template_cache(options: str) -> jinja2.BytecodeCache | None:
    """A bytecode cache for an environment made with ``options`` (its lexer settings), or
    None when there is no usable cache folder."""
    root = cache_folder()
    if root is None:
        return None
    key = "\0".join((__version__, jinja2.__version__, importlib.util.MAGIC_NUMBER.hex(), options))
    folder = root / f"templates-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    if not (_private_folder(root) and _private_folder(folder)):
        return None
    return _QuietCache(str(folder))
