"""What the plan hands to the render stage: the files of the package, one by one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["PlannedFile"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedFile:
    """One output file: rendered from ``template`` with ``context``, or copied from ``runtime``."""

    path: str  # relative, POSIX
    template: str | None = None
    runtime: str | None = None  # a file under templates/runtime/
    context: Mapping[str, Any] | None = None
