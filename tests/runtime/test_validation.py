"""The shared checks of ``_validation.py`` that every generated validator and decoder calls:
JSON integer and number tests (booleans are neither; ``1.0`` is an integer) and the memo of a
pattern's answers."""

from __future__ import annotations

import enum
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st


@pytest.fixture
def v(runtime: Callable[[str], ModuleType]) -> ModuleType:
    return runtime("_validation")


RUNTIME = Path(__file__).resolve().parents[2] / "templates" / "runtime"


class Level(enum.IntEnum):
    LOW = 1


@pytest.mark.parametrize(
    ("value", "integer", "number"),
    [
        (0, True, True),
        (-7, True, True),
        (10**30, True, True),
        (1.0, True, True),
        (-0.0, True, True),
        (1.5, False, True),
        (float("inf"), False, True),
        (float("nan"), False, True),
        (True, False, False),
        (False, False, False),
        (Level.LOW, True, True),  # an int subclass other than bool
        ("1", False, False),
        (None, False, False),
        ([1], False, False),
    ],
)
def test_integer_and_number(v: ModuleType, value: object, integer: bool, number: bool) -> None:
    assert v.is_integer(value) is integer
    assert v.is_number(value) is number


def _standalone() -> ModuleType:
    """``_validation.py`` imported on its own (it needs no sibling module)."""
    spec = importlib.util.spec_from_file_location("_validation_alone", RUNTIME / "_validation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


ALONE = _standalone()


@given(st.one_of(st.integers(), st.floats(), st.booleans(), st.none(), st.text()))
def test_the_inline_fast_path_plus_the_helper_is_the_json_integer_test(value: object) -> None:
    expected = (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    )
    assert (type(value) is int or ALONE.is_integer(value)) is expected


def test_matches_answers_and_remembers(v: ModuleType) -> None:
    calls: list[str] = []
    search = re.compile(r"^[a-z]{2}$").search

    def counted(text: str) -> object:
        calls.append(text)
        return search(text)

    matches = v.Matches(counted)
    assert matches["en"] is True
    assert matches["EN"] is False
    assert matches["en"] is True and matches["EN"] is False
    assert calls == ["en", "EN"]  # each text searched once


def test_matches_keeps_at_most_a_few_thousand_answers(v: ModuleType) -> None:
    matches = v.Matches(re.compile("a").search)
    for i in range(5000):
        assert matches[f"a{i}"] is True
    assert len(matches) == 4096
    assert matches["b-not-kept"] is False and "b-not-kept" not in matches


def test_missing_reports_each_absent_name_in_the_given_order(v: ModuleType) -> None:
    out: list[object] = [v.ValidationIssue("$.x", "earlier", "type")]
    names = dict.fromkeys(("id", "it's", "name", "a b")).keys()
    v.missing({"name": 1, "other": 2}, names, "$.pet", out)
    assert out == [
        v.ValidationIssue("$.x", "earlier", "type"),  # appended to, not replaced
        v.ValidationIssue("$.pet", "missing required property 'id'", "required"),
        v.ValidationIssue("$.pet", 'missing required property "it\'s"', "required"),
        v.ValidationIssue("$.pet", "missing required property 'a b'", "required"),
    ]
    v.missing({"id": 0, "it's": 0, "name": 0, "a b": 0}, names, "$", out)
    assert len(out) == 4  # nothing missing: nothing added


@pytest.mark.parametrize(
    ("expected", "value", "message"),
    [
        ("string", 1, "expected string, got integer"),
        ("string or null", 1.5, "expected string or null, got number"),
        ("integer", True, "expected integer, got boolean"),
        ("object", [1], "expected object, got array"),
        ("array", None, "expected array, got null"),
    ],
)
def test_mistyped_names_the_expected_and_the_actual_json_type(
    v: ModuleType, expected: str, value: object, message: str
) -> None:
    out: list[object] = []
    v.mistyped(expected, value, "$.a[0]", out)
    assert out == [v.ValidationIssue("$.a[0]", message, "type")]


@pytest.mark.parametrize(
    ("value", "issues"),
    [
        ({}, []),  # absent properties are not tested
        ({"s": "x", "n": None, "i": 2.0, "o": {}, "odd key": [1]}, []),
        ({"s": 1}, [("$.a.s", "expected string, got integer")]),
        ({"n": True}, [("$.a.n", "expected integer or null, got boolean")]),
        ({"i": 1.5, "o": []}, [("$.a.o", "expected object, got array")]),
        (
            {"i": "1", "n": 1.5},
            [
                ("$.a.n", "expected integer or null, got number"),
                ("$.a.i", "expected number or boolean, got string"),
            ],
        ),
        ({"o": None}, [("$.a.o", "expected object, got null")]),
        ({"odd key": {}}, [('$.a["odd key"]', "expected array, got object")]),
    ],
)
def test_typed_tests_the_type_of_each_present_property_in_table_order(
    v: ModuleType, value: dict[str, object], issues: list[tuple[str, str]]
) -> None:
    rows = (
        ("s", "string"),
        ("n", "integer or null"),
        ("i", "number or boolean"),
        ("o", "object"),
        ("odd key", "array"),
    )
    out: list[object] = []
    v.typed(value, "$.a", out, rows)
    assert out == [v.ValidationIssue(path, message, "type") for path, message in issues]


#: each value and the JSON types it belongs to
MEMBERS: list[tuple[object, set[str]]] = [
    (None, {"null"}),
    (True, {"boolean"}),
    (1, {"integer", "number"}),
    (1.0, {"integer", "number"}),
    (1.5, {"number"}),
    ("s", {"string"}),
    ([], {"array"}),
    ({}, {"object"}),
]


@pytest.mark.parametrize(("value", "types"), MEMBERS)
def test_typed_accepts_exactly_the_members_of_the_json_types(
    v: ModuleType, value: object, types: set[str]
) -> None:
    for expected in ("null", "boolean", "integer", "number", "string", "array", "object"):
        out: list[object] = []
        v.typed({"k": value}, "$", out, (("k", expected),))
        assert (out == []) == (expected in types), (value, expected)
        v.typed({"k": value}, "$", out, (("k", f"{expected} or null"),))
        assert (len(out) <= 1) == (expected in types or value is None), (value, expected)


def test_entry_point_loads_its_check_on_first_call_and_reports_each_issue_once(
    v: ModuleType,
) -> None:
    package = Path(v.__file__).parent
    (package / "_validators").mkdir()
    (package / "_validators" / "__init__.py").write_text("", encoding="utf-8")
    (package / "_validators" / "_thing.py").write_text(
        "from .._validation import ValidationIssue\n"
        "CALLS = []\n"
        "def check(v, p, out):\n"
        "    CALLS.append(v)\n"
        "    if v != 1:\n"
        "        out.append(ValidationIssue(p, 'must be 1', 'const'))\n"
        "        out.append(ValidationIssue(p, 'must be 1', 'const'))  # as allOf parts do\n",
        encoding="utf-8",
    )
    validate = v.entry_point("_thing.check")
    name = f"{v.__package__}._validators._thing"
    assert name not in sys.modules  # nothing loaded until the first call
    assert validate(1) == []
    assert validate(2) == [v.ValidationIssue("$", "must be 1", "const")]
    assert sys.modules[name].CALLS == [1, 2]
    assert "_validators._thing" in (validate.__doc__ or "")


def test_typed_tables_with_equal_rows_answer_alike(v: ModuleType) -> None:
    """Each table is prepared once, as its own: another table never gets its tests."""
    first = (("a", "string"),)
    second = tuple([("a", "integer")])  # built at run time: another object
    for rows, value, issues in ((first, {"a": 1}, 1), (second, {"a": 1}, 0), (first, {}, 0)):
        out: list[object] = []
        v.typed(value, "$", out, rows)
        assert len(out) == issues


def test_typed_checks_the_format_of_strings_after_the_type(v: ModuleType) -> None:
    rows = (("at", "string or null", "date-time"), ("day", "integer", "date"))
    cases: list[tuple[dict[str, object], list[tuple[str, str, str]]]] = [
        ({"at": "2024-01-02T03:04:05Z", "day": 1}, []),
        ({"at": None}, []),  # not a string: no format to check
        ({"at": "yesterday"}, [("$.at", "is not a valid date-time", "format")]),
        ({"at": 5}, [("$.at", "expected string or null, got integer", "type")]),
        # a string where no string is allowed: both problems, as the inline checks report
        (
            {"day": "2024-13-01"},
            [
                ("$.day", "expected integer, got string", "type"),
                ("$.day", "is not a valid date", "format"),
            ],
        ),
    ]
    for value, issues in cases:
        out: list[object] = []
        v.typed(value, "$", out, rows)
        assert out == [v.ValidationIssue(*issue) for issue in issues], value


def test_dispatch_checks_with_the_alternative_of_the_tag_and_reports_the_rest(
    v: ModuleType,
) -> None:
    seen: list[object] = []

    def cat(value: object, path: str, out: list[object]) -> None:
        seen.append((value, path))

    table = {"cat": cat}

    def run(value: object) -> list[tuple[str, str, str]]:
        out: list[object] = []
        v.dispatch(value, "$.pet", out, "kind", table, "$.pet.kind", "cat, dog")
        return [(i.path, i.message, i.keyword) for i in out]

    assert run({"kind": "cat"}) == []
    assert seen == [({"kind": "cat"}, "$.pet")]
    missing = ("$.pet", "missing discriminator property 'kind'", "discriminator")
    assert run({"name": "x"}) == [missing]
    assert run({"kind": 3}) == [
        ("$.pet.kind", "unknown tag 3; expected one of: cat, dog", "discriminator")
    ]
    assert run({"kind": "cow"}) == [
        ("$.pet.kind", "unknown tag 'cow'; expected one of: cat, dog", "discriminator")
    ]
    assert run([1]) == [("$.pet", "expected object, got array", "type")]
