"""What the load stage passes around: its limits, a parsed document, a problem found in a file, and
the place a reference was made from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Document", "Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Sanity limits for one input file (far above any real API description).

    Real documents nest under 30 levels. Values (``default``, ``const``, examples) are printed
    as Python literals, which Python cannot parse beyond about 200 nested brackets: 128 keeps
    every generated file compilable.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 128
    max_nodes: int = 2_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One parsed file. ``file_id`` is its path relative to the entry document's folder.

    ``sha256`` is the digest of the bytes read (a pipe or a changed file is not read twice).
    """

    file_id: str
    path: Path
    display: str
    text: str
    is_json: bool
    root: Any
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file cannot be used; placed in the file itself unless ``at_site``."""

    message: str
    hint: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str = ""
    at_site: bool = False  # the problem is the reference (or --spec), not the file's content


@dataclass(frozen=True, slots=True)
class Site:
    """Where a file was asked for: the ``--spec`` option, or a ``$ref`` in another file."""

    display: str
    pointer: str
    ref: str = ""  # empty for the entry document

    @property
    def is_entry(self) -> bool:
        return not self.ref
