"""Diagnostics: every problem with the input, with its place, collected rather than raised.

A :class:`Diagnostic` names the file, the line and column where known, the JSON pointer of the
offending node, what is wrong and, where it is knowable, what to do about it. Stages append to a
:class:`Reporter`; an error stops the run before anything is written, a warning lets it go on.
A *workaround* is a warning about a defect of the spec that gen read in a stated way
(``instead``: what it did instead); ``--strict`` turns every warning into an error
(:func:`strict`), a workaround back into the error it would be without the workaround.
Lines are resolved lazily (see :mod:`generator.load.sourcemap`) so a clean run never pays for them.

A failed run (:class:`GenerationError`) shows its errors, at most :data:`MAX_ERRORS` of them,
then a note with the number left out, then the warnings of the run. Very long pointers
(thousands of levels of nesting) are shortened in the middle when printed.
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
    "close_matches",
    "strict",
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
    """One problem found in the input: where (file, line, JSON pointer), what, and what to do."""

    level: Level
    message: str
    pointer: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None
    #: what gen did instead of refusing (a workaround for a defect of the spec)
    instead: str | None = None

    @property
    def is_workaround(self) -> bool:
        return self.instead is not None

    def format(self) -> str:
        """``file:line:col: pointer: level: message``, then the workaround and the hint lines,
        with the unknown parts left out."""
        place = ":".join(
            str(part) for part in (self.file, self.line, self.column) if part is not None
        )
        head = f"{place}: " if place else ""
        where = f"{_short_pointer(self.pointer)}: " if self.pointer else ""
        instead = f"\n    workaround: {self.instead}" if self.instead else ""
        tail = f"\n    hint: {self.hint}" if self.hint else ""
        return f"{head}{where}{self.level.value}: {self.message}{instead}{tail}"


def close_matches(word: str, choices: Iterable[str]) -> list[str]:
    """The one choice most like a misspelt ``word``, for a "did you mean" hint (difflib is
    loaded only when a hint is wanted: most runs never need one)."""
    import difflib  # noqa: PLC0415

    return difflib.get_close_matches(word, list(choices), n=1)


def strict(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """``--strict``: every warning an error, every workaround the error it stands for."""
    return tuple(
        replace(d, level=Level.ERROR, instead=None) if d.level is Level.WARNING else d
        for d in diagnostics
    )


def _short_pointer(pointer: str) -> str:
    tokens = pointer.split("/")
    if len(tokens) <= _POINTER_TOKENS:
        return pointer
    head, tail = tokens[:9], tokens[-3:]
    left = len(tokens) - len(head) - len(tail)
    return "/".join([*head, f"...({left} more)...", *tail])


class GenerationError(Exception):
    """The input cannot be generated from (exit code 2).

    ``diagnostics`` are what to show: the errors, at most :data:`MAX_ERRORS`, then a note saying
    how many more there are, then every warning of the run (all problems are reported at once).
    ``error_count`` is the number of all errors, ``warning_count`` that of the warnings.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        found = list(diagnostics)
        errors = [d for d in found if d.level is Level.ERROR]
        warnings = [d for d in found if d.level is Level.WARNING]
        self.error_count = len(errors)
        self.warning_count = len(warnings)
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
        self.diagnostics = (*shown, *warnings)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


Locator = Callable[[str | None, str], tuple[int, int] | None]


class Reporter:
    """An append-only sink for diagnostics, shared by the stages of one run.

    With ``strict`` (``--strict``) the diagnostics it gives back have every warning turned into
    an error (:func:`strict`) and :attr:`failed` counts warnings too; :attr:`has_errors` is
    always about the errors recorded, so a stage reads the same with or without it.
    """

    def __init__(self, default_file: str | None = None, *, strict: bool = False) -> None:
        self._items: list[Diagnostic] = []
        self.default_file = default_file
        self.strict = strict

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

    def workaround(
        self,
        pointer: str,
        message: str,
        instead: str,
        *,
        hint: str | None = None,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        """Record a defect of the spec read in a stated way: a warning saying what gen did
        ``instead`` (an error under ``--strict``, with ``message`` and ``hint`` as they are)."""
        self._add(Level.WARNING, pointer, message, hint, file, (line, column), instead)

    def _add(
        self,
        level: Level,
        pointer: str,
        message: str,
        hint: str | None,
        file: str | None,
        place: tuple[int | None, int | None],
        instead: str | None = None,
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
                instead=instead,
            )
        )

    @property
    def has_errors(self) -> bool:
        return any(d.level is Level.ERROR for d in self._items)

    @property
    def failed(self) -> bool:
        """The run must stop: an error, or under ``strict`` any warning."""
        warned = any(d.level is Level.WARNING for d in self._items)
        return self.has_errors or (self.strict and warned)

    def items(self, locate: Locator | None = None) -> tuple[Diagnostic, ...]:
        """All diagnostics, errors first, duplicates removed, lines filled in by ``locate``."""
        seen: set[tuple[Level, str, str, str | None, int | None, int | None]] = set()
        unique: list[Diagnostic] = []
        for d in strict(self._items) if self.strict else self._items:
            key = (d.level, d.pointer, d.message, d.file, d.line, d.column)
            if key not in seen:
                seen.add(key)
                unique.append(d)
        unique.sort(key=lambda d: d.level is not Level.ERROR)
        if locate is None:
            return tuple(unique)
        return tuple(_located(d, locate) for d in unique)

    def raise_if_errors(self, locate: Locator | None = None) -> None:
        """Raise :class:`GenerationError` with the errors and warnings (located) if the run
        :attr:`failed`."""
        if self.failed:
            found = list(self.items())
            if locate is not None:  # only those shown are worth locating
                errors = sum(d.level is Level.ERROR for d in found)
                found = [
                    _located(d, locate) if i < MAX_ERRORS or i >= errors else d
                    for i, d in enumerate(found)
                ]
            raise GenerationError(found)


def _located(d: Diagnostic, locate: Locator) -> Diagnostic:
    if d.line is not None or not d.pointer:
        return d
    where = locate(d.file, d.pointer)
    if where is None:
        return d
    return replace(d, line=where[0], column=where[1])
