"""Compiled templates kept between runs (Jinja's bytecode), in the user's cache folder.

Compiling the templates from source costs ~0.2 s per run. Jinja stores each template's code
with a checksum of its source and recompiles when the source changed; the folder name adds
what else the code depends on (gen's version, Jinja's, Python's bytecode magic, the
environment's lexer options), so a stale entry is never used.

They live in the user's cache folder (:mod:`generator.cache`; private to the user: Jinja
loads marshalled code from it). Any failure to read or write it only means compiling from
source, as without a cache.
"""

from __future__ import annotations

import hashlib
import importlib.util

import jinja2

from .. import __version__
from ..cache import cache_folder, private_folder

__all__ = ["template_cache"]


class _QuietCache(jinja2.FileSystemBytecodeCache):
    """A bytecode cache whose read and write failures fall back to compiling."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file, even one declaring a huge size (MemoryError)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def template_cache(options: str) -> jinja2.BytecodeCache | None:
    """A bytecode cache for an environment made with ``options`` (its lexer settings), or
    None when there is no usable cache folder."""
    root = cache_folder()
    if root is None:
        return None
    key = "\0".join((__version__, jinja2.__version__, importlib.util.MAGIC_NUMBER.hex(), options))
    folder = root / f"templates-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    if not (private_folder(root) and private_folder(folder)):
        return None
    return _QuietCache(str(folder))
