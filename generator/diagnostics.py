"""Diagnostics: every problem with the input, with its place, collected rather than raised.

A :class:`Diagnostic` names the file, the line and column where known, the JSON pointer of the
offending node, what is wrong and, where it is knowable, what to do about it. Stages append to a
:class:`Reporter`; an error stops the run before anything is written, a warning lets it go on.
Lines are resolved lazily (see :mod:`generator.load.sourcemap`) so a clean run never pays for them.

A failed run (:class:`GenerationError`) shows its errors, at most :data:`MAX_ERRORS` of them,
then a note with the number left out. Very long pointers (thousands of levels of nesting) are
shortened in the middle when printed.
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


#: Pointers with more tokens than this are printed shortened in the middle (real ones have < 30).
_POINTER_TOKENS = 32


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # information about the report itself (e.g. errors left out)


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
        where = f"{_short_pointer(self.pointer)}: " if self.pointer else ""
        tail = f"\n    hint: {self.hint}" if self.hint else ""
        return f"{head}{where}{self.level.value}: {self.message}{tail}"


def _short_pointer(pointer: str) -> str:
    tokens = pointer.split("/")
    if len(tokens) <= _POINTER_TOKENS:
        return pointer
    head, tail = tokens[:9], tokens[-3:]
    left = len(tokens) - len(head) - len(tail)
    return "/".join([*head, f"...({left} more)...", *tail])


class GenerationError(Exception):
    """The input cannot be generated from (exit code 2).

    ``diagnostics`` are the errors to show: at most :data:`MAX_ERRORS`, then a note saying how
    many more there are. ``error_count`` is the number of all errors.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        errors = [d for d in diagnostics if d.level is Level.ERROR]
        self.error_count = len(errors)
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            left = len(errors) - MAX_ERRORS
            shown.append(
                Diagnostic(
                    level=Level.NOTE,
                    message=f"{left} more error{'s' if left != 1 else ''} not shown "
                    f"({len(errors)} in all); fix these and run again",
                )
            )
        self.diagnostics = tuple(shown)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


Locator = Callable[[str | None, str], tuple[int, int] | None]


class Reporter:
    """An append-only sink for diagnostics, shared by the stages of one run."""

    def __init__(self, default_file: str | None = None) -> None:
        self._items: list[Diagnostic] = []
        self.default_file = default_file

    def error(
        self,
        pointer: str,
        message: str,
        *,
        hint: str | None = None,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        """Record an error; ``line``/``column`` when known now (else found from the pointer)."""
        self._add(Level.ERROR, pointer, message, hint, file, (line, column))

    def warning(
        self,
        pointer: str,
        message: str,
        *,
        hint: str | None = None,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self._add(Level.WARNING, pointer, message, hint, file, (line, column))

    def _add(
        self,
        level: Level,
        pointer: str,
        message: str,
        hint: str | None,
        file: str | None,
        place: tuple[int | None, int | None],
    ) -> None:
        self._items.append(
            Diagnostic(
                level=level,
                message=message,
                pointer=pointer,
                file=file if file is not None else self.default_file,
                line=place[0],
                column=place[1],
                hint=hint,
            )
        )

    @property
    def has_errors(self) -> bool:
        return any(d.level is Level.ERROR for d in self._items)

    def items(self, locate: Locator | None = None) -> tuple[Diagnostic, ...]:
        """All diagnostics, errors first, duplicates removed, lines filled in by ``locate``."""
        seen: set[tuple[Level, str, str, str | None, int | None, int | None]] = set()
        unique: list[Diagnostic] = []
        for d in self._items:
            key = (d.level, d.pointer, d.message, d.file, d.line, d.column)
            if key not in seen:
                seen.add(key)
                unique.append(d)
        unique.sort(key=lambda d: d.level is not Level.ERROR)
        if locate is None:
            return tuple(unique)
        return tuple(_located(d, locate) for d in unique)

    def raise_if_errors(self, locate: Locator | None = None) -> None:
        """Raise :class:`GenerationError` with the errors (located) if there are any."""
        if self.has_errors:
            errors = [d for d in self.items() if d.level is Level.ERROR]
            if locate is not None:  # only those shown are worth locating
                errors[:MAX_ERRORS] = [_located(d, locate) for d in errors[:MAX_ERRORS]]
            raise GenerationError(errors)


def _located(d: Diagnostic, locate: Locator) -> Diagnostic:
    if d.line is not None or not d.pointer:
        return d
    where = locate(d.file, d.pointer)
    if where is None:
        return d
    return replace(d, line=where[0], column=where[1])
