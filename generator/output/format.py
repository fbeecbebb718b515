"""Format stage: ``ruff format`` over a staged output folder.

The rendered files are final code already (exactly the imports they use, sorted, ``__all__``
in order: see :mod:`generator.render.finish`), so no ``ruff check --fix`` runs; ``ruff format``
only lays the code out (quotes, wrapping). The ruff version is pinned by the generator's own
dependencies, and ruff runs with the configuration the generated ``pyproject.toml`` carries
(``--isolated`` from anything else), so the same input gives the same bytes on every machine
and whatever subset of the files is formatted (an incremental run formats only some).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import cache
from pathlib import Path

__all__ = ["RUFF_ARGS", "FormatError", "format_tree", "formatter_id"]

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


def format_tree(root: Path) -> None:
    """Format every ``.py`` file under ``root`` in place."""
    cmd = [*_ruff(), "format", "--quiet", "--isolated", "--no-cache", *RUFF_ARGS, "."]
    result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        details = (result.stderr + result.stdout).strip() or f"exit code {result.returncode}"
        raise FormatError(f"ruff format failed:\n{details}")
