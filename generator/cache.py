"""The user's cache folder for gen: compiled templates and records of past runs.

``$GEN_CACHE_DIR`` if set (empty: no cache), else ``$XDG_CACHE_HOME/gen``, else
``~/.cache/gen``; never beside the output, which users commit. Folders are made private to
the user (``0700``) and a folder that is not (shared, or someone else's) is not used. Every
use of the cache is optional: when it cannot be read or written, gen does the work instead.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path

__all__ = ["cache_folder", "private_folder"]


def cache_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
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


def private_folder(path: Path) -> bool:
    """Create ``path`` (mode 0700) if needed; True when it is a folder only this user owns."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
    except OSError:
        return False
    owner_only = stat.S_IMODE(info.st_mode) & 0o077 == 0
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_only and mine
