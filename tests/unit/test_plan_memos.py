"""The planners' memos give the answers the plain computations give, in any order of asking.

Planning memoises per pointer (prefixes, open parts), per structure (inline checks that name
nothing) and per name (identifiers): these tests ask in different orders and compare with the
unmemoised functions, on specs with cycles and on nodes that differ only where names matter.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from generator.naming.words import class_name, identifier
from generator.plan.client.plans import OperationPlan
from generator.plan.client.tasks import _item_gets
from generator.plan.validators import ValidatorPlanner, owner_bases
from generator.plan.validators import checks as c
from generator.plan.validators.nodes import NODE_PLANS
from generator.plan.validators.state import Planner, _has_open_parts
from generator.pointers import longest_prefix
from tests.unit.plan_support import build, document, validators_of


def _cyclic_spec() -> dict[str, Any]:
    """A -> B -> A with an open enum under B (via C), and a closed F seen first on the way;
    D -> E -> D with nothing open."""
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    return document(
        {
            "A": {"type": "object", "properties": {"f": ref("F"), "b": ref("B")}},
            "B": {"type": "object", "properties": {"a": ref("A"), "c": ref("C")}},
            "C": {"type": "string", "enum": ["x", "y"]},
            "D": {"type": "object", "properties": {"e": ref("E")}},
            "E": {"type": "object", "properties": {"d": ref("D"), "n": {"type": "integer"}}},
            "F": {"type": "object", "properties": {"n": {"type": "integer"}}},
        }
    )


def test_open_parts_agree_with_a_fresh_search_whatever_is_asked_first() -> None:
    api = build(_cyclic_spec())
    nodes = {name: schema for name, schema in api.components}
    expected = {name: _has_open_parts(api, s, set(), {}) for name, s in nodes.items()}
    assert expected == {"A": True, "B": True, "C": True, "D": False, "E": False, "F": False}
    for order in (list(nodes), list(reversed(nodes)), ["E", "B", "D", "A", "C", "F"]):
        planner = Planner(api, owner_bases(api), NODE_PLANS)
        assert {name: planner.has_open_parts(nodes[name]) for name in order} == expected


def test_prefix_is_the_longest_prefix_for_every_pointer_in_any_order() -> None:
    bases = {"#/components/schemas/A": "a", "#/paths/~1x/get": "get_x", "f.yaml#": "f"}
    pointers = [
        "#/components/schemas/A/properties/b/items",
        "#/components/schemas/A",
        "#/components/schemas/Ab/properties/c",
        "#/paths/~1x/get/responses/200/content/application~1json/schema",
        "#/paths/~1x",
        "f.yaml#/Thing/properties/x",
        "g.yaml#/Thing",
        "#",
    ]
    api = build(document({}))
    for order in (pointers, list(reversed(pointers))):
        planner = Planner(api, bases, NODE_PLANS)
        found = {p: planner.prefix(p) for p in order}
        assert found == {p: longest_prefix(p, bases) or "" for p in pointers}


def _inline_spec() -> dict[str, Any]:
    short = {"type": "string", "maxLength": 5}
    coded = {"type": "string", "pattern": "^[a-z]+$"}
    return document(
        {
            "First": {"type": "object", "properties": {"name": short, "code": coded}},
            "Second": {"type": "object", "properties": {"title": short, "key": coded}},
        }
    )


def _regexes(checks: tuple[c.Check, ...]) -> list[str]:
    return [x.regex for x in _walk(checks) if isinstance(x, c.PatternSearch)]


def _walk(checks: tuple[c.Check, ...]) -> list[c.Check]:
    out: list[c.Check] = []
    for check in checks:
        out.append(check)
        if isinstance(check, c.Switch):
            for branch in check.branches:
                out += _walk(branch.body)
    return out


def test_inline_checks_are_shared_only_when_they_name_nothing() -> None:
    api = build(_inline_spec())
    planner = ValidatorPlanner(api, owner_bases(api))
    first, second = (dict(schema.properties) for _, schema in api.components)
    short_a, short_b = planner.inline(first["name"], "x"), planner.inline(second["title"], "x")
    assert short_a == short_b and short_a  # the same checks (made once)
    coded_a, coded_b = planner.inline(first["code"], "x"), planner.inline(second["key"], "x")
    # a constant is reached through the module of the schema that uses it
    (regex_a,), (regex_b,) = _regexes(coded_a), _regexes(coded_b)
    assert regex_a.startswith("_v._first._RE_") and regex_b.startswith("_v._second._RE_")
    assert regex_a.rpartition(".")[2] == regex_b.rpartition(".")[2]


def test_names_are_the_same_whatever_collection_holds_the_reserved_ones() -> None:
    reserved = ["value", "Model", "class_"]
    for text in ("value", "Model", "class", "2fa code", "Ünïcode name"):
        assert identifier(text, frozenset(reserved)) == identifier(text, set(reserved))
        assert identifier(text, frozenset(reserved)) == identifier(text, reserved)
        assert class_name(text, frozenset(reserved)) == class_name(text, set(reserved))
        assert identifier(text) == identifier(text, set())


def test_item_gets_takes_the_first_get_of_one_path_parameter_below_a_path() -> None:
    ops = cast(
        "list[OperationPlan]",
        [
            SimpleNamespace(method="GET", path="/jobs/{id}/logs"),
            SimpleNamespace(method="POST", path="/jobs/{id}"),
            SimpleNamespace(method="GET", path="/jobs/{a}{b}"),
            SimpleNamespace(method="GET", path="/jobs/{id}"),
            SimpleNamespace(method="GET", path="/jobs/{other}"),
            SimpleNamespace(method="GET", path="/jobs/plain"),
        ],
    )
    found = _item_gets(ops)
    assert set(found) == {"/jobs"} and found["/jobs"] is ops[3]


def test_checks_made_once_by_structure_still_define_their_constants_in_each_module() -> None:
    tag = {"type": "string", "pattern": "^[a-z]+$", "minLength": 2}
    count = {"type": "integer", "minimum": 1}
    spec = document(
        {  # the same property checks in three functions (of different structure)
            name: {"type": "object", "properties": {"tag": tag, name.lower(): count}}
            for name in ("First", "Second", "Third")
        }
    )
    _, module = validators_of(spec)
    by_name = {f.name: f for f in module.files}
    regexes = [{name for name, _, _ in by_name[m].regexes} for m in ("_first", "_second")]
    assert regexes[0] == regexes[1] and len(regexes[0]) == 1  # each module defines it
    checks = [repr(f.body) for f in module.functions if f.mode == "check"]
    seen = {(b.count("keyword='minLength'"), b.count("keyword='minimum'")) for b in checks}
    assert len(checks) == 3 and len(seen) == 1 and min(seen.pop()) > 0  # alike in each
