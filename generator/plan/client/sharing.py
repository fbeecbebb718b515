"""What a group module writes once for all its operations: response decoders and tables,
the ``Responses`` its plain operations read their answers with, the validators its requests use.

Operations of one group mostly answer with the same few schemas (an ``Error`` for every
error status, an ``Account`` for a dozen calls), so the module has one decode function per
distinct response schema, one response table (status -> how to read the body) per distinct
set of responses, and one ``Responses`` (a success and an errors table) per distinct pair;
each operation refers to them by name. Each validator a request function calls is named
once too, as a ``LazyCheck`` (so a group loads no validator before its first call).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ...naming.words import Scope, fit, snake
from .. import types as t
from .plans import OperationPlan, ResponsePlan, ResponsesPlan, TablePlan

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
    # ``<module>.check_<part>``: the module names the owner, the rest what of it is checked
    module, _, function = r.check_fn.rpartition(".")
    part = function.removeprefix("check").strip("_")
    return "_".join(x for x in (module.strip("_"), part) if x) or "body"


@dataclass(frozen=True, slots=True)
class SharedTables:
    """The operations with the decoders and tables they share across a module."""

    operations: tuple[OperationPlan, ...]
    decoders: tuple[ResponsePlan, ...]  # one response per distinct decode function
    tables: tuple[TablePlan, ...]
    responses: tuple[ResponsesPlan, ...] = ()
    checks: tuple[tuple[str, str], ...] = ()  # (LazyCheck name, validator)


def _table_key(responses: tuple[ResponsePlan, ...], shapes: bool) -> tuple[object, ...]:
    return (shapes, tuple((r.status, r.kind, r.decoder) for r in responses))


def _responses(op: OperationPlan) -> Iterable[ResponsePlan]:
    yield from op.success
    yield from op.errors
    if op.stream_switch is not None:
        yield op.stream_switch.response


def share_tables(ops: tuple[OperationPlan, ...], scope: Scope) -> SharedTables:
    """Each operation's error table named after the first operation that has the same one
    (``_ERRORS`` when the module has only one), its ``Responses`` (the success table inline)
    after the first one reading its answers alike; the decoders, each once."""
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

    pairs: dict[tuple[object, ...], ResponsesPlan] = {}
    shared = []
    for op in ops:
        errors = table(op.errors, False, "_errors" if one_errors_table else f"_{op.name}_errors")
        key = (_table_key(op.success, True), errors, op.return_type)
        if key not in pairs:
            name = scope.claim(f"_{op.name}").upper()
            pairs[key] = ResponsesPlan(
                name=name, success=op.success, errors=errors, type=op.return_type
            )
        names = replace(op.names, errors_table=errors, responses=pairs[key].name)
        shared.append(replace(op, names=names))
    checked, checks = _name_checks(tuple(shared), scope)
    return SharedTables(
        checked,
        tuple(decoders.values()),
        tuple(tables.values()),
        tuple(pairs.values()),
        checks,
    )


def _name_checks(
    ops: tuple[OperationPlan, ...], scope: Scope
) -> tuple[tuple[OperationPlan, ...], tuple[tuple[str, str], ...]]:
    """Each distinct validator of the parameters and bodies of ``ops`` named once, after the
    first parameter or body it checks: ``_check_limit``, ``_check_create_pet_body``; a second
    ``limit`` checked differently is ``_check_<operation>_limit``, not ``_check_limit_2``."""
    names: dict[str, str] = {}

    def ref(check_fn: str | None, *stems: str) -> str:
        if not check_fn:
            return ""
        if check_fn not in names:
            wanted = [fit(f"_check_{stem}") for stem in stems]
            names[check_fn] = scope.first_free(wanted) or scope.claim(wanted[-1])
        return names[check_fn]

    out = []
    for op in ops:
        params = tuple(
            replace(p, check_ref=ref(p.check_fn, snake(p.attr), f"{op.name}_{snake(p.attr)}"))
            for p in op.params
        )
        body = op.body
        if body is not None:
            body = replace(body, check_ref=ref(body.check_fn, f"{op.name}_body"))
        out.append(replace(op, params=params, body=body))
    return tuple(out), tuple((name, fn) for fn, name in names.items())
