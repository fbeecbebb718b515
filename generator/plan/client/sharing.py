"""What a group module writes once for all its operations: response decoders and tables.

Operations of one group mostly answer with the same few schemas (an ``Error`` for every
error status, an ``Account`` for a dozen calls), so the module has one decode function per
distinct response schema and one response table (status -> how to read the body) per
distinct set of responses; each operation refers to them by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ...naming.words import Scope, snake
from .. import types as t
from .plans import OperationPlan, ResponsePlan, TablePlan

__all__ = ["DecoderNames", "SharedTables", "decoder_key", "share_tables"]

#: what makes two JSON responses decode the same way
DecoderKey = tuple[object, ...]


def decoder_key(r: ResponsePlan) -> DecoderKey:
    return (r.check_fn, r.loose_fn, r.model_decoder, r.type)


@dataclass(slots=True)
class DecoderNames:
    """The decode function of each distinct response schema of one group module."""

    scope: Scope
    names: dict[DecoderKey, str]

    def name(self, r: ResponsePlan) -> str:
        key = decoder_key(r)
        found = self.names.get(key)
        if found is None:
            found = self.names[key] = self.scope.claim(f"_decode_{_stem(r)}")
        return found


def _stem(r: ResponsePlan) -> str:
    """What a decode function is named after: the model it returns (schemas that validate
    alike share a check function, yet decode to their own classes), else its check."""
    expr = r.type.item if isinstance(r.type, t.TList) else r.type
    if isinstance(expr, t.TNamed):
        return snake(expr.name) + ("_list" if expr is not r.type else "")
    return r.check_fn.rsplit(".", 1)[-1].removeprefix("_check").strip("_") or "body"


@dataclass(frozen=True, slots=True)
class SharedTables:
    operations: tuple[OperationPlan, ...]
    decoders: tuple[ResponsePlan, ...]  # one response per distinct decode function
    tables: tuple[TablePlan, ...]


def _table_key(responses: tuple[ResponsePlan, ...], shapes: bool) -> tuple[object, ...]:
    return (shapes, tuple((r.status, r.kind, r.decoder) for r in responses))


def _responses(op: OperationPlan) -> Iterable[ResponsePlan]:
    yield from op.success
    yield from op.errors
    if op.stream_switch is not None:
        yield op.stream_switch.response


def share_tables(ops: tuple[OperationPlan, ...], scope: Scope) -> SharedTables:
    """Each operation's success and error tables named after the first operation that has
    the same one (error tables: ``_ERRORS`` when the module has only one); the decoders,
    each once."""
    decoders: dict[str, ResponsePlan] = {}
    for op in ops:
        for r in _responses(op):
            if r.decoder:
                decoders.setdefault(r.decoder, r)
    tables: dict[tuple[object, ...], TablePlan] = {}
    one_errors_table = len({_table_key(op.errors, False) for op in ops}) == 1

    def table(responses: tuple[ResponsePlan, ...], shapes: bool, stem: str) -> str:
        key = _table_key(responses, shapes)
        if key not in tables:
            name = scope.claim(stem).upper()
            tables[key] = TablePlan(name=name, responses=responses, shapes=shapes)
        return tables[key].name

    shared = []
    for op in ops:
        success = table(op.success, True, f"_{op.name}_success")
        errors = table(op.errors, False, "_errors" if one_errors_table else f"_{op.name}_errors")
        names = replace(op.names, success_table=success, errors_table=errors)
        shared.append(replace(op, names=names))
    return SharedTables(tuple(shared), tuple(decoders.values()), tuple(tables.values()))
