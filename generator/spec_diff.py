"""``gen diff OLD NEW``: API-level changes between two specs, classified for client users."""

from __future__ import annotations

from pathlib import Path

__all__ = ["run_diff"]


def run_diff(old: Path, new: Path, fmt: str) -> tuple[int, str]:
    """(exit code, report text): 1 when a change breaks clients, 0 otherwise, 2 bad input."""
    raise NotImplementedError
