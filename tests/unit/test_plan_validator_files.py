"""Unit tests of the split of the validators into ``_validators/<module>.py``: one module per
schema owner, names resolved per module, tables of other modules deferred, inline checks for
the models reached through ``_v``."""

from __future__ import annotations

from typing import Any

from generator.plan.validators import ValidatorPlanner, owner_bases
from generator.plan.validators import checks as c
from tests.unit.plan_support import build, document


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


PETS: dict[str, Any] = {
    "Owner": {"type": "object", "properties": {"pet": ref("Pet")}},
    "Cat": {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"const": "cat"}, "code": {"type": "string", "pattern": "^c"}},
    },
    "Dog": {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "dog"}}},
    "Pet": {
        "oneOf": [ref("Cat"), ref("Dog")],
        "discriminator": {"propertyName": "kind"},
        "properties": {"owner": ref("Owner")},
    },
}


def planned(schemas: dict[str, Any]) -> tuple[ValidatorPlanner, Any]:
    api = build(document(schemas))
    return ValidatorPlanner(api, owner_bases(api)), api


def files(module: c.ValidatorModule) -> dict[str, c.ValidatorFile]:
    return {f.name: f for f in module.files}


def bodies(file: c.ValidatorFile) -> dict[str, tuple[c.Check, ...]]:
    return {f.name: f.body for f in file.functions}


def test_one_module_per_owner_and_calls_between_them_through_the_package() -> None:
    planner, _ = planned(PETS)
    module = planner.finish()
    by_name = files(module)
    assert sorted(by_name) == ["_cat", "_dog", "_owner", "_pet"]
    owner = bodies(by_name["_owner"])["check"]
    assert c.names_used(owner) == {"_v._pet.check"}
    # a function's own module names it plainly: the recursion Pet -> Owner -> Pet
    pet = by_name["_pet"]
    assert {f.name for f in pet.functions} == {"check"}
    used = c.names_used(bodies(pet)["check"])
    assert "_v._owner.check" in used
    assert dict(module.modules)["_owner.check"] == "_owner"


def test_a_table_defers_calls_into_other_modules() -> None:
    planner, _ = planned(PETS)
    pet = files(planner.finish())["_pet"]
    ((_, mode, entries),) = pet.tables
    assert mode == "check"
    assert [(e.tag, e.function, e.signature) for e in entries] == [
        ("cat", "_v._cat.check", "v, p, out"),
        ("dog", "_v._dog.check", "v, p, out"),
    ]


def test_constants_go_to_every_module_that_uses_them_and_nowhere_else() -> None:
    planner, _ = planned(
        {
            "A": {"type": "string", "pattern": "^x"},
            "B": {"type": "object", "properties": {"x": {"type": "string", "pattern": "^x"}}},
            "C": {"type": "integer"},
        }
    )
    by_name = files(planner.finish())
    assert len(by_name["_a"].regexes) == len(by_name["_b"].regexes) == 1
    assert by_name["_a"].regexes == by_name["_b"].regexes
    assert by_name["_c"].regexes == ()


def test_outside_names_are_reached_through_their_module() -> None:
    planner, api = planned(PETS)
    cat = dict(api.components)["Cat"]
    code = dict(cat.properties)["code"]
    assert planner.function(cat, "loose").startswith("_cat.")
    checks = planner.inline(code, "x")
    used = c.names_used(checks)
    assert used and all(name.startswith("_v._cat._RE_") for name in used)
    module = planner.finish()
    (regex,) = files(module)["_cat"].regexes
    assert {f"_v._cat.{regex[0]}", f"_v._cat.{regex[1]}"} == used
    assert module.ref_for(cat.pointer, "check") == "_cat.check"


def test_renamed_keeps_parts_without_names() -> None:
    check = c.Compare(
        var="v", path=c.JsonPath("p"), subject="value", op="<", bound=1, keyword="k", message="m"
    )
    assert c.renamed((check,), str.upper)[0] is check
    call = c.Call(var="v", path=c.JsonPath("p"), function="_f")
    assert c.renamed(call, lambda n: "_v._m." + n).function == "_v._m._f"
