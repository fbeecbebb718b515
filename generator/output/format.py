"""Format stage: ``ruff format`` over a staged output folder.

The rendered files are final code already (exactly the imports they use, sorted, ``__all__``
in order: see :mod:`generator.render.finish`), so no ``ruff check --fix`` runs; ``ruff format``
only lays the code out (quotes, wrapping). The ruff version is pinned by the generator's own
dependencies, and ruff runs with the configuration the generated ``pyproject.toml`` carries
(``--isolated`` from anything else), so the same input gives the same bytes on every machine
and whatever subset of the files is formatted (an incremental run formats only some).
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

__all__ = ["RUFF_ARGS", "FormatError", "format_tree", "formatter_id"]

#: the configuration used for generated code (mirrored in the generated pyproject.toml)
RUFF_ARGS = (
    "--line-length", "100", "--target-version", "py311",
)  # fmt: skip


class FormatError(RuntimeError):
    """ruff failed on the generated code (a generator bug: the staged output is kept out)."""


def formatter_id() -> str:
    """What formats the output (files formatted by another ruff, or with other settings, are
    formatted again on the next run)."""
    try:
        version = importlib.metadata.version("ruff")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return " ".join(("ruff format", version, *RUFF_ARGS))


def _ruff() -> list[str]:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]  # noqa: PLC0415

        return [str(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "ruff"]


def format_tree(root: Path) -> None:
    """Format every ``.py`` file under ``root`` in place."""
    cmd = [*_ruff(), "format", "--quiet", "--isolated", "--no-cache", *RUFF_ARGS, "."]
    result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        details = (result.stderr + result.stdout).strip() or f"exit code {result.returncode}"
        raise FormatError(f"ruff format failed:\n{details}")
