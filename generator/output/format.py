"""Format stage: ``ruff check --fix`` then ``ruff format`` over a staged output folder.

The ruff version is pinned by the generator's own dependencies, and ruff runs with the
configuration the generated ``pyproject.toml`` carries (``--isolated`` from anything else), so
the same input gives the same bytes on every machine.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

__all__ = ["RUFF_ARGS", "FormatError", "format_tree", "formatter_id"]

#: the configuration used for generated code (mirrored in the generated pyproject.toml)
RUFF_ARGS = (
    "--line-length", "100", "--target-version", "py311",
)  # fmt: skip
_FIX_RULES = "F401,I001,UP,RUF022"


class FormatError(RuntimeError):
    """ruff failed on the generated code (a generator bug: the staged output is kept out)."""


def formatter_id() -> str:
    """What formats the output (files formatted by another ruff, or with other settings, are
    formatted again on the next run)."""
    try:
        version = importlib.metadata.version("ruff")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return " ".join(("ruff", version, *RUFF_ARGS, _FIX_RULES))


def _ruff() -> list[str]:
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]  # noqa: PLC0415

        return [str(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "ruff"]


def format_tree(root: Path, first_party: str = "") -> None:
    """Fix imports and format every ``.py`` file under ``root`` in place.

    ``first_party`` names the generated package, so that its imports are sorted the same
    whether or not its folder is in ``root`` (an incremental run formats only some files).
    """
    ruff = _ruff()
    common = ["--isolated", "--no-cache", *RUFF_ARGS]
    if first_party:
        common += ["--config", f"lint.isort.known-first-party = [{json.dumps(first_party)}]"]
    steps = (
        [*ruff, "check", "--fix", "--quiet", "--exit-zero", "--select", _FIX_RULES, *common, "."],
        [*ruff, "format", "--quiet", *common, "."],
    )
    for cmd in steps:
        result = subprocess.run(cmd, cwd=root, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            details = (result.stderr + result.stdout).strip() or f"exit code {result.returncode}"
            raise FormatError(f"ruff {cmd[1]} failed:\n{details}")
