"""Format stage: ``ruff format`` over the files of a staged output folder that need it.

The rendered files are final code already (exactly the imports they use, sorted, ``__all__``
in order: see :mod:`generator.render.finish`), so no ``ruff check --fix`` runs; ``ruff format``
only lays the code out (quotes, wrapping). The ruff version is pinned by the generator's own
dependencies, and ruff runs with the configuration the generated ``pyproject.toml`` carries
(``--isolated`` from anything else), so the same input gives the same bytes on every machine
and whatever subset of the files is formatted (an incremental run formats only some). The
runtime files gen copies are kept formatted in its own sources, so they are not passed
(:func:`~generator.render.environment.formatted_already`): ruff's work on a small spec's
output is halved.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

__all__ = ["FORMATTED_SUFFIXES", "RUFF_ARGS", "FormatError", "format_tree", "formatter_id"]

#: the configuration used for generated code (mirrored in the generated pyproject.toml)
RUFF_ARGS = (
    "--line-length", "100", "--target-version", "py311",
)  # fmt: skip


class FormatError(RuntimeError):
    """ruff failed on the generated code (a generator bug: the staged output is kept out)."""


@cache
def formatter_id() -> str:
    """What formats the output (files formatted by another ruff, or with other settings, are
    formatted again on the next run)."""
    return " ".join(("ruff format", _ruff_version(), *RUFF_ARGS))


def _ruff_version() -> str:
    """The installed ruff's version, from its ``ruff-<version>.dist-info`` folder beside the
    package (importing :mod:`importlib.metadata` costs more start-up time than a run of a
    small spec spends generating), else as :mod:`importlib.metadata` finds it."""
    spec = importlib.util.find_spec("ruff")
    if spec is not None and spec.origin is not None:
        found = sorted(Path(spec.origin).parents[1].glob("ruff-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len("ruff-") : -len(".dist-info")]
    from importlib import metadata  # noqa: PLC0415

    try:
        return metadata.version("ruff")
    except metadata.PackageNotFoundError:
        return "?"


def _ruff() -> list[str]:
    """The ruff installed with gen: in a virtual environment whose packages include ruff, its
    script there (found without loading ``sysconfig``, a tenth of a small spec's run), else
    where the ruff package says it is (a system Python may keep scripts elsewhere)."""
    package = importlib.util.find_spec("ruff")
    origin = package.origin if package is not None else None
    windows = sys.platform == "win32"
    beside = Path(sys.prefix) / ("Scripts/ruff.exe" if windows else "bin/ruff")
    venv = sys.prefix != sys.base_prefix
    if venv and origin is not None and Path(origin).is_relative_to(sys.prefix) and beside.is_file():
        return [str(beside)]
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]  # noqa: PLC0415

        return [str(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "ruff"]


#: the files ruff formats: Python, stubs, and the Python code blocks of Markdown files
FORMATTED_SUFFIXES = (".py", ".pyi", ".md")

#: the longest command line a ruff call gets (Windows allows 32,767 characters)
_COMMAND_LIMIT = 24_000 if sys.platform == "win32" else 200_000


def format_tree(root: Path, names: Sequence[str] | None = None) -> None:
    """Format ``names`` (files with :data:`FORMATTED_SUFFIXES`, relative to ``root``) in
    place; without ``names``, every such file under ``root``. Named files are formatted even
    where ruff's default exclusions (``build``, ``dist``, ``venv``...) would skip a folder."""
    for chunk in [["."]] if names is None else _chunks(sorted(names)):
        cmd = [*_ruff(), "format", "--quiet", "--isolated", "--no-cache", *RUFF_ARGS, "--", *chunk]
        result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            details = (result.stderr + result.stdout).strip() or f"exit code {result.returncode}"
            raise FormatError(f"ruff format failed:\n{details}")


def _chunks(names: Sequence[str]) -> list[list[str]]:
    """``names`` in as few ruff calls as the command-line limit allows."""
    chunks: list[list[str]] = []
    size = _COMMAND_LIMIT
    for name in names:
        if size + len(name) + 1 > _COMMAND_LIMIT:
            chunks.append([])
            size = 0
        chunks[-1].append(name)
        size += len(name) + 1
    return chunks
