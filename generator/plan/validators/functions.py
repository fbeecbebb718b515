"""The containers of the validator plan: functions, entry points, dispatch tables, and the
modules of ``_validators`` they are split into (the checks themselves: :mod:`.checks`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...ir.nodes import Json, Pattern

if TYPE_CHECKING:
    from .checks import Check, Mode

__all__ = [
    "DispatchTable",
    "EntryPoint",
    "TableEntry",
    "ValidatorFile",
    "ValidatorFunction",
    "ValidatorModule",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DispatchTable:
    """A discriminator's table: tag value -> the function of its alternative."""

    name: str
    mode: Mode
    entries: tuple[tuple[str, str], ...]  # tag -> function


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidatorFunction:
    """One validator function: its name, module, mode and checks."""

    name: str  # its name in its module
    module: str  # the module of ``_validators`` defining it
    mode: Mode
    pointer: str
    body: tuple[Check, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryPoint:
    """``validate_<name>`` for a component schema, listed in ``SCHEMA_VALIDATORS``."""

    name: str
    schema_name: str
    function: str
    pointer: str
    module: str  # the module of ``_validators`` defining ``function``


@dataclass(frozen=True, slots=True, kw_only=True)
class TableEntry:
    """One entry of a dispatch table: the tag and the function it selects."""

    tag: str
    function: str  # a name in the table's module, or ``_v.<module>.<name>``
    signature: str  # "" for a plain reference; else the parameters of a deferred call


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidatorFile:
    """One module of ``_validators``: the functions of one owner (a component schema, an
    operation...), the constants and tables they use, references to other modules made
    through ``_v`` (the package, which imports a module on first use)."""

    name: str
    functions: tuple[ValidatorFunction, ...]
    regexes: tuple[tuple[str, str, Pattern], ...]
    string_sets: tuple[tuple[str, tuple[str, ...]], ...]
    name_lists: tuple[tuple[str, tuple[str, ...]], ...]  # ordered, with set comparisons
    json_sets: tuple[tuple[str, tuple[Json, ...]], ...]
    tables: tuple[tuple[str, Mode, tuple[TableEntry, ...]], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidatorModule:
    """The validator plan of the package: every function, entry point, constant and table,
    and the modules of ``_validators`` they are split into."""

    functions: tuple[ValidatorFunction, ...]
    entry_points: tuple[EntryPoint, ...]
    webhook_entry_points: tuple[EntryPoint, ...]
    regexes: tuple[tuple[str, str, Pattern], ...]  # constant, its memo, the pattern
    string_sets: tuple[tuple[str, tuple[str, ...]], ...]
    json_sets: tuple[tuple[str, tuple[Json, ...]], ...]
    tables: tuple[DispatchTable, ...]
    #: pointer key of a schema -> id (``<module>.<name>``) of its function, per mode
    index: tuple[tuple[str, Mode, str], ...]
    #: the same functions split into the modules of ``_validators``, names resolved
    files: tuple[ValidatorFile, ...] = ()
    #: function id -> its module
    modules: tuple[tuple[str, str], ...] = ()
    #: (pointer key, mode) -> ``<module>.<function>`` (the function's id), for :meth:`ref_for`
    refs: Mapping[tuple[str, Mode], str] = field(default_factory=dict, compare=False)

    def function_for(self, key: str, mode: Mode) -> str | None:
        for k, m, name in self.index:
            if k == key and m == mode:
                return name
        return None

    def ref_for(self, key: str, mode: Mode) -> str | None:
        """``<module>.<function>`` (relative to ``_validators``) of a schema, per mode."""
        return self.refs.get((key, mode))
