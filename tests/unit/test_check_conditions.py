"""The negated type and enum conditions the validator templates print (render/filters.py), and
the batched checks (render/batch_filters.py)."""

from __future__ import annotations

import pytest

from generator.plan.types import FieldDecode, TPrim
from generator.plan.validators import checks as c
from generator.render.batch_filters import (
    all_failed,
    decode_runs,
    type_test,
    typed_table_name,
    typed_tables,
)
from generator.render.filters import enum_condition, negate, type_condition
from templates.runtime import _validation

ROOT = c.JsonPath("p")
VALUES: tuple[object, ...] = ("a", None, 1, 1.0, 1.5, True, [], {})


def switch(*allowed: str) -> c.Switch:
    return c.Switch(var="x", path=ROOT, allowed=allowed, message="", branches=())


def accepts(accepted: tuple[object, ...], value: object) -> bool:
    return any(type(value) is type(a) and value == a for a in accepted)


def fails(condition: str, value: object) -> bool:
    names = {"x": value, "is_integer": _validation.is_integer, "is_number": _validation.is_number}
    return bool(eval(condition, {}, names))  # text built by the filter under test


@pytest.mark.parametrize(
    ("allowed", "accepted"),
    [
        (("string", "null"), ("a", None)),
        (("integer", "null"), (None, 1, 1.0)),
        (("number", "boolean"), (1, 1.0, 1.5, True)),
        (("array", "object", "null"), (None, [], {})),
    ],
)
def test_negated_type_condition_fails_exactly_the_other_values(
    allowed: tuple[str, ...], accepted: tuple[object, ...]
) -> None:
    condition = type_condition(switch(*allowed), negated=True)
    assert "(not" not in condition  # the parts joined by ``and`` need no parentheses
    for value in VALUES:
        assert fails(condition, value) is not accepts(accepted, value), value


def test_negated_enum_condition_with_null_and_numbers() -> None:
    enum = c.EnumIn(
        var="x",
        path=ROOT,
        keyword="enum",
        strings=("a",),
        strings_const=None,
        others_const=None,
        null=True,
        true=False,
        false=False,
        numbers=(1,),
        message="",
    )
    condition = enum_condition(enum, negated=True)
    assert condition == (
        "x != 'a' and x is not None and "
        "not ((type(x) is int or type(x) is float or is_number(x)) and x in (1,))"
    )
    accepted = ("a", None, 1, 1.0)
    for value in VALUES:
        assert fails(condition, value) is not accepts(accepted, value), value


@pytest.mark.parametrize(
    ("condition", "negated"),
    [
        ('v["err"] is None', 'v["err"] is not None'),  # not `not (... is None)`: ruff E714
        ('v.get("a is None") is None', 'v.get("a is None") is not None'),  # a key with " is "
        ("is_integer(x)", "not is_integer(x)"),
        ('"k" not in v or v["k"] is None', 'not ("k" not in v or v["k"] is None)'),
    ],
)
def test_negate_prints_what_ruff_accepts_and_means_the_opposite(
    condition: str, negated: str
) -> None:
    assert negate(condition) == negated
    for value in ({"err": None, "k": None}, {"err": 1, "k": 1}, {"err": 1, "a is None": 1}):
        names = {"v": value, "x": 1, "is_integer": _validation.is_integer}
        truth = bool(eval(condition, {}, names))  # text built by the test itself
        assert bool(eval(negated, {}, names)) is not truth


def _field(check: c.Check, *, required: bool = True) -> FieldDecode:
    return FieldDecode(
        attr="a", wire="a", type=TPrim("str"), required=required, kind="plain", checks=(check,)
    )


def test_a_run_of_type_tests_fails_when_any_of_them_does() -> None:
    tests = [
        type_test(_field(switch("string")), "x1"),
        type_test(_field(switch("integer", "null")), "x2"),
    ]
    condition = all_failed(tests)
    for x1, x2, failed in [("a", 1, False), ("a", None, False), (1, 1, True), ("a", "b", True)]:
        assert failed is bool(
            eval(condition, {"is_integer": _validation.is_integer}, {"x1": x1, "x2": x2})
        )


def test_only_a_property_with_a_bare_type_test_joins_a_run() -> None:
    assert type_test(_field(switch("string")), "x1") == "isinstance(x1, str)"
    optional = type_test(_field(switch("string", "null"), required=False), "x1")
    assert optional == "x1 is UNSET or isinstance(x1, str) or x1 is None"
    untyped = c.Switch(var="x", path=ROOT, allowed=None, message="", branches=())
    assert type_test(_field(untyped), "x1") == ""
    branch = c.SwitchBranch(group="string", body=(untyped,), guaranteed=True)
    narrowed = c.Switch(var="x", path=ROOT, allowed=("string",), message="", branches=(branch,))
    assert type_test(_field(narrowed), "x1") == ""


def test_runs_are_two_or_more_tested_properties_in_a_row() -> None:
    plain = _field(switch("string"))
    untyped = _field(c.Switch(var="x", path=ROOT, allowed=None, message="", branches=()))
    runs = decode_runs((plain, plain, untyped, plain, untyped, plain, plain, plain))
    assert [[(var, bool(test)) for _, var, test in run] for run in runs] == [
        [("x1", True), ("x2", True)],
        [("x", False)],
        [("x", False)],  # one alone is decoded as any other property
        [("x", False)],
        [("x6", True), ("x7", True), ("x8", True)],
    ]


def _typed(*names: str) -> c.Typed:
    rows = tuple(c.TypedRow(name=n, test=switch("string"), required=False) for n in names)
    return c.Typed(var="v", path=ROOT, rows=rows)


def test_long_typed_tables_are_module_constants_one_per_distinct_table() -> None:
    short, long, other = _typed("a", "b"), _typed("a", "b", "c"), _typed("a", "b", "d")
    assert typed_table_name(short) == ""  # written in the call
    assert typed_table_name(long).startswith("_TYPES_")
    assert typed_table_name(long) == typed_table_name(_typed("a", "b", "c"))
    assert typed_table_name(long) != typed_table_name(other)
    nested = c.Nullable(var="v", path=ROOT, body=(long, short))

    def function(mode: c.Mode, *body: c.Check) -> c.ValidatorFunction:
        return c.ValidatorFunction(name="f", module="m", mode=mode, pointer="#", body=body)

    file = c.ValidatorFile(
        name="m",
        functions=(function("check", nested, long), function("valid", other)),
        regexes=(),
        string_sets=(),
        name_lists=(),
        json_sets=(),
        tables=(),
    )
    assert typed_tables(file) == [(typed_table_name(long), long.table)]
