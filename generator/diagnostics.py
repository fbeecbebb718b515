"""Diagnostics: every problem with the input, with its place, collected rather than raised.

A :class:`Diagnostic` names the file, the line and column where known, the JSON pointer of the
offending node, what is wrong and, where it is knowable, what to do about it. Stages append to a
:class:`Reporter`; an error stops the run before anything is written, a warning lets it go on.
Lines are resolved lazily (see :mod:`generator.sourcemap`) so a clean run never pays for them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

__all__ = [
    "MAX_ERRORS",
    "Diagnostic",
    "GenerationError",
    "Level",
    "Reporter",
]

#: Errors beyond this many are counted but not listed.
MAX_ERRORS = 50


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True)
class Diagnostic:
    level: Level
    message: str
    pointer: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def format(self) -> str:
        """``file:line:col: pointer: level: message (hint)`` with the unknown parts left out."""
        place = ":".join(
            str(part) for part in (self.file, self.line, self.column) if part is not None
        )
        head = f"{place}: " if place else ""
        where = f"{self.pointer}: " if self.pointer else ""
        tail = f"\n    hint: {self.hint}" if self.hint else ""
        return f"{head}{where}{self.level.value}: {self.message}{tail}"


class GenerationError(Exception):
    """The input cannot be generated from; carries the collected diagnostics (exit code 2)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


Locator = Callable[[str | None, str], tuple[int, int] | None]


class Reporter:
    """An append-only sink for diagnostics, shared by the stages of one run."""

    def __init__(self, default_file: str | None = None) -> None:
        self._items: list[Diagnostic] = []
        self.default_file = default_file

    def error(
        self, pointer: str, message: str, *, hint: str | None = None, file: str | None = None
    ) -> None:
        self._add(Level.ERROR, pointer, message, hint, file)

    def warning(
        self, pointer: str, message: str, *, hint: str | None = None, file: str | None = None
    ) -> None:
        self._add(Level.WARNING, pointer, message, hint, file)

    def _add(
        self, level: Level, pointer: str, message: str, hint: str | None, file: str | None
    ) -> None:
        self._items.append(
            Diagnostic(
                level=level,
                message=message,
                pointer=pointer,
                file=file if file is not None else self.default_file,
                hint=hint,
            )
        )

    @property
    def has_errors(self) -> bool:
        return any(d.level is Level.ERROR for d in self._items)

    def items(self, locate: Locator | None = None) -> tuple[Diagnostic, ...]:
        """All diagnostics, errors first, duplicates removed, lines filled in by ``locate``."""
        seen: set[tuple[Level, str, str, str | None]] = set()
        unique: list[Diagnostic] = []
        for d in self._items:
            key = (d.level, d.pointer, d.message, d.file)
            if key not in seen:
                seen.add(key)
                unique.append(d)
        unique.sort(key=lambda d: d.level is not Level.ERROR)
        if locate is None:
            return tuple(unique)
        return tuple(_located(d, locate) for d in unique)

    def raise_if_errors(self, locate: Locator | None = None) -> None:
        if self.has_errors:
            errors = [d for d in self.items(locate) if d.level is Level.ERROR]
            shown = errors[:MAX_ERRORS]
            if len(errors) > MAX_ERRORS:
                shown.append(
                    Diagnostic(
                        level=Level.ERROR,
                        message=f"... and {len(errors) - MAX_ERRORS} more errors not shown",
                    )
                )
            raise GenerationError(shown)


def _located(d: Diagnostic, locate: Locator) -> Diagnostic:
    if d.line is not None or not d.pointer:
        return d
    where = locate(d.file, d.pointer)
    if where is None:
        return d
    return replace(d, line=where[0], column=where[1])
