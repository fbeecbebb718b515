"""Jinja filters that batch repeated checks: a models decoder's run of properties that only
need a type test (read first, then tested in one condition) and a validator module's long
``typed(...)`` tables (module constants named by their rows, one per distinct table)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import fields, replace

from ..plan.types import FieldDecode
from ..plan.validators.checks import Check, JsonPath, Switch, Typed, TypedRow, ValidatorFile
from .filters import negate, type_tests

__all__ = ["BATCH_FILTERS"]


def type_test(f: FieldDecode, var: str) -> str:
    """The test a models decoder makes of the property ``f`` in ``var`` when it is only a
    ``type`` test of the value used as it is (``isinstance(x1, str)``; an optional property
    may also be ``UNSET``); else ``""``. A decoder reads a run of such properties, then tests
    them all in one condition."""
    if not (f.direct and f.kind == "plain" and len(f.checks) == 1):
        return ""
    check = f.checks[0]
    if not isinstance(check, Switch) or check.allowed is None or check.branches:
        return ""
    tests = [test for test, _ in type_tests(replace(check, var=var))]
    return " or ".join(tests if f.required else [f"{var} is UNSET", *tests])


def decode_runs(fields: tuple[FieldDecode, ...]) -> list[list[tuple[FieldDecode, str, str]]]:
    """The properties of a models decoder in order, in runs: each maximal run of two or more
    consecutive properties that :func:`type_test` tests, as ``(field, variable, test)``
    (variables ``x1``, ``x2``... by position); each other property alone, ``(field, "x",
    "")``."""
    runs: list[list[tuple[FieldDecode, str, str]]] = []
    current: list[tuple[FieldDecode, str, str]] = []
    for n, f in enumerate(fields, 1):
        test = type_test(f, f"x{n}")
        if test:
            current.append((f, f"x{n}", test))
            continue
        runs.extend(_run(current))
        current = []
        runs.append([(f, "x", "")])
    runs.extend(_run(current))
    return runs


def _run(steps: list[tuple[FieldDecode, str, str]]) -> list[list[tuple[FieldDecode, str, str]]]:
    """A run, or its one property alone (decoded as any other is)."""
    if len(steps) == 1:
        return [[(steps[0][0], "x", "")]]
    return [steps] if steps else []


def all_failed(tests: list[str]) -> str:
    """True when one of ``tests`` (made by :func:`type_test`) fails."""
    if len(tests) == 1:
        return negate(tests[0])
    return negate(" and ".join(f"({t})" if " or " in t else t for t in tests))


#: fewer rows than this are written in the ``typed(...)`` call itself
_TABLE_ROWS = 3


def typed_table_name(check: Typed) -> str:
    """The module constant holding the ``typed`` rows of a check-mode ``Typed`` check
    (``_TYPES_<digest of the rows>``: one per distinct table), or ``""`` for a short table
    written in the call."""
    if len(check.table) < _TABLE_ROWS:
        return ""
    return "_TYPES_" + hashlib.sha1(repr(check.table).encode()).hexdigest()[:10].upper()


def typed_tables(file: ValidatorFile) -> list[tuple[str, tuple[tuple[str, ...], ...]]]:
    """``(constant, rows)`` of each table :func:`typed_table_name` names in the check-mode
    functions of ``file``, by name."""
    found: dict[str, tuple[tuple[str, ...], ...]] = {}
    for function in file.functions:
        if function.mode == "check":
            for check in _typed_checks(function.body):
                name = typed_table_name(check)
                if name:
                    found[name] = check.table
    return sorted(found.items())


def _typed_checks(checks: tuple[Check, ...]) -> Iterator[Typed]:
    """The ``Typed`` checks among ``checks`` and everything nested in them (checks hold
    checks in fields, switch branches, pattern properties...: every dataclass is searched)."""
    pending: list[object] = list(checks)
    while pending:
        node = pending.pop()
        if isinstance(node, Typed):
            yield node
        elif isinstance(node, tuple):
            pending.extend(node)
        elif not isinstance(node, _LEAVES):
            pending.extend(getattr(node, name) for name in _field_names(type(node)))


#: values searched no further: plain data and paths
_LEAVES = (str, int, float, bool, type(None), JsonPath, TypedRow)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    found = _FIELD_NAMES.get(kind)
    if found is None:
        is_data = hasattr(kind, "__dataclass_fields__")
        found = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind)) if is_data else ()
    return found


BATCH_FILTERS: dict[str, Callable[..., object]] = {
    "type_test": type_test,
    "decode_runs": decode_runs,
    "typed_table_name": typed_table_name,
    "typed_tables": typed_tables,
    "all_failed": all_failed,
}
