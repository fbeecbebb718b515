"""Unit tests of ``generator.plan.validators``: schema fragments in, check trees out."""

from __future__ import annotations

from typing import Any

from generator.ir.nodes import Json, Pattern
from generator.plan.validators import checks as c
from tests.unit.plan_support import document, validators_of

ROOT = c.JsonPath("p")


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def functions(module: c.ValidatorModule) -> dict[str, c.ValidatorFunction]:
    return {f"{f.module}.{f.name}": f for f in module.functions}


def body(module: c.ValidatorModule, name: str) -> tuple[c.Check, ...]:
    return functions(module)[name].body


def branch(check: c.Check, group: str) -> tuple[c.Check, ...]:
    assert isinstance(check, c.Switch)
    found = [b for b in check.branches if b.group == group]
    assert len(found) == 1, check
    return found[0].body


def plan(schemas: dict[str, Any], loose: tuple[str, ...] = ()) -> c.ValidatorModule:
    return validators_of(document(schemas), loose=loose)[1]


def test_string_checks() -> None:
    module = plan({"Name": {"type": "string", "minLength": 2, "maxLength": 1, "pattern": "^a+$"}})
    (entry,) = module.entry_points
    assert (entry.name, entry.schema_name, entry.module, entry.function) == (
        "validate_name",
        "Name",
        "_name",
        "check",  # a function's name in its module says only the mode and the place
    )
    (switch,) = body(module, "_name.check")
    assert isinstance(switch, c.Switch)
    assert switch.allowed == ("string",) and switch.message == "expected string"
    assert switch.branches[0].guaranteed  # ``type: string``: no guard needed
    low, high, pattern = branch(switch, "string")
    assert low == c.Compare(
        var="v",
        path=ROOT,
        subject="len",
        op="<",
        bound=2,
        keyword="minLength",
        message="must be at least 2 characters long",
    )
    assert isinstance(high, c.Compare)
    assert (high.op, high.bound, high.message) == (">", 1, "must be at most 1 character long")
    assert isinstance(pattern, c.PatternSearch)
    assert pattern.source == "^a+$"
    assert pattern.seen == pattern.regex + "_SEEN"
    # the compiled regex is a module constant: the ECMA-262 source translated for ``re``
    assert module.regexes == ((pattern.regex, pattern.seen, Pattern("^a+$", r"\Aa+\Z")),)
    assert pattern.regex.startswith("_RE_")


def test_number_bounds() -> None:
    module = plan(
        {
            "N": {
                "type": "integer",
                "minimum": 0,
                "exclusiveMaximum": 10,
                "multipleOf": 2,
            }
        }
    )
    (switch,) = body(module, "_n.check")
    low, high, multiple = branch(switch, "number")
    assert isinstance(low, c.Compare) and (low.op, low.bound, low.message) == (
        "<",
        0,
        "must be >= 0",
    )
    assert isinstance(high, c.Compare)
    assert (high.op, high.bound, high.keyword) == (">=", 10, "exclusiveMaximum")
    assert multiple == c.MultipleOf(var="v", path=ROOT, divisor=2)


def test_enum_is_checked_strictly_but_open_when_loose() -> None:
    module = plan({"Color": {"type": "string", "enum": ["red", "green"]}}, loose=("Color",))
    switch, enum = body(module, "_color.check")
    assert isinstance(switch, c.Switch)
    assert enum == c.EnumIn(
        var="v",
        path=ROOT,
        keyword="enum",
        strings=("red", "green"),
        strings_const=None,
        null=False,
        true=False,
        false=False,
        numbers=(),
        others_const=None,
        message='must be one of: "red", "green"',
    )
    # decoding a response: an unknown colour from a newer server is kept
    assert module.function_for("#/components/schemas/Color", "loose") == "_color.loose"
    assert not any(isinstance(x, c.EnumIn) for x in body(module, "_color.loose"))


def test_long_enum_uses_a_shared_constant() -> None:
    values = ["a", "b", "c", "d", "e", 1, None]
    module = plan({"E": {"enum": values}, "F": {"enum": values}})
    (enum,) = body(module, "_e.check")
    assert isinstance(enum, c.EnumIn)
    assert enum.strings == ("a", "b", "c", "d", "e") and enum.numbers == (1,) and enum.null
    assert enum.strings_const is not None
    assert module.string_sets == ((enum.strings_const, enum.strings),)
    # same structure: one function for both
    assert module.function_for("#/components/schemas/F", "check") == "_e.check"


def test_required_properties_and_forbidden_extras() -> None:
    module = plan(
        {
            "Strict": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "string"}, "odd key": {"type": "integer"}},
                "additionalProperties": False,
            }
        },
        loose=("Strict",),
    )
    (switch,) = body(module, "_strict.check")
    required, typed, keys = branch(switch, "object")
    assert required == c.Required(var="v", path=ROOT, names=("id",), names_const=None)
    # properties only type-tested: one table (check mode) or one condition (other modes)
    assert isinstance(typed, c.Typed)
    prop_id, prop_odd = typed.rows
    assert (prop_id.name, prop_id.required) == ("id", True)
    inner = prop_id.test
    assert isinstance(inner, c.Switch) and inner.allowed == ("string",)
    assert inner.var == "v1" and inner.path == ROOT.key(".id")
    assert prop_odd.name == "odd key" and not prop_odd.required
    assert prop_odd.test.path == ROOT.key('["odd key"]')  # not an identifier: bracketed
    assert typed.table == (("id", "string"), ("odd key", "integer"))
    assert isinstance(keys, c.ObjectKeys)
    assert keys.forbid and keys.known == ("id", "odd key") and keys.additional is None
    # lenient decoding keeps what a newer server adds
    (loose_switch,) = body(module, "_strict.loose")
    loose_checks = branch(loose_switch, "object")
    assert not any(isinstance(x, c.ObjectKeys) for x in loose_checks)
    # few required names: tested inline in every mode, no constant
    assert loose_checks[0] == c.Required(var="v", path=ROOT, names=("id",), names_const=None)


def test_many_required_names_are_one_ordered_constant_shared_by_the_modes() -> None:
    names = ("b", "a", "c")  # spec order, kept for the issues
    module = plan(
        {"Many": {"type": "object", "required": list(names)}, "Pair": {"required": ["x", "y"]}},
        loose=("Many",),
    )
    (switch,) = body(module, "_many.check")
    (required,) = branch(switch, "object")
    assert isinstance(required, c.Required) and required.names_const is not None
    assert required.names == names
    (lenient,) = body(module, "_many.valid")  # loose mode is valid mode here (no enums)
    assert branch(lenient, "object") == (required,)  # the same constant
    (file,) = (f for f in module.files if f.name == "_many")
    assert file.name_lists == ((required.names_const, names),)
    assert c.names_used(body(module, "_many.check")) == {required.names_const}
    (pair,) = body(module, "_pair.check")
    assert branch(pair, "object") == (
        c.Required(var="v", path=ROOT, names=("x", "y"), names_const=None),
    )


def test_additional_properties_schema_checks_each_value() -> None:
    module = plan({"M": {"type": "object", "additionalProperties": {"type": "integer"}}})
    (switch,) = body(module, "_m.check")
    (keys,) = branch(switch, "object")
    assert isinstance(keys, c.ObjectKeys)
    assert not keys.forbid and keys.known == ()
    assert keys.additional is not None
    (value,) = keys.additional
    assert isinstance(value, c.Switch)
    assert value.var == keys.value_var == "v1"
    assert value.path == ROOT.dynamic("k1")


def test_discriminator_dispatches_through_a_table() -> None:
    module = plan(
        {
            "Cat": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"const": "cat"}},
            },
            "Dog": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"const": "dog"}},
            },
            "Pet": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "kind"}},
        }
    )
    (dispatch,) = body(module, "_pet.check")
    assert isinstance(dispatch, c.Dispatch)
    assert dispatch.property_name == "kind" and dispatch.tags == ("cat", "dog")
    assert dispatch.tag_path == ROOT.key(".kind")
    tables = {table.name: table for table in module.tables}
    table = tables[dispatch.table]
    assert table.mode == "check"
    # the alternatives live in their own modules, reached through the package
    assert table.entries == (("cat", "_v._cat.check"), ("dog", "_v._dog.check"))


def test_one_of_without_discriminator_counts_matches() -> None:
    module = plan({"U": {"oneOf": [{"type": "string"}, {"type": "integer"}]}})
    (one_of,) = body(module, "_u.check")
    assert isinstance(one_of, c.OneOf)
    assert one_of.functions == ("valid_one0", "valid_one1")  # in the module: plain names
    assert functions(module)["_u.valid_one0"].mode == "valid"


def test_ref_is_a_call_and_nullable_wraps_the_checks() -> None:
    module = validators_of(
        document(
            {
                "Name": {"type": "string", "minLength": 1},
                "Holder": {"type": "object", "properties": {"name": ref("Name")}},
                "Maybe": {"type": "string", "nullable": True},
            },
            openapi="3.0.3",
        )
    )[1]
    (switch,) = body(module, "_holder.check")
    (prop,) = branch(switch, "object")
    assert isinstance(prop, c.Property)
    assert prop.body == (c.Call(var="v1", path=ROOT.key(".name"), function="_v._name.check"),)
    (nullable,) = body(module, "_maybe.check")
    assert isinstance(nullable, c.Nullable)
    assert isinstance(nullable.body[0], c.Switch)


def test_structurally_equal_schemas_share_one_function() -> None:
    same = {"type": "object", "properties": {"q": {"type": "integer", "minimum": 0}}}
    module = plan({"Same1": same, "Same2": same, "Other": {**same, "required": ["q"]}})
    by_schema = {e.schema_name: f"{e.module}.{e.function}" for e in module.entry_points}
    assert by_schema == {"Same1": "_same1.check", "Same2": "_same1.check", "Other": "_other.check"}
    assert [e.name for e in module.entry_points] == [
        "validate_same1",
        "validate_same2",
        "validate_other",
    ]
    assert sorted(functions(module)) == ["_other.check", "_same1.check"]


def test_names_used_finds_the_references_of_a_check_tree() -> None:
    pattern = c.PatternSearch(var="v", path=ROOT, regex="_RE_A", seen="_RE_A_SEEN", source="a")
    keys = c.ObjectKeys(
        var="v",
        path=ROOT,
        key_var="k1",
        value_var="v1",
        match_var="m1",
        key_path=ROOT.dynamic("k1"),
        known=("a", "b", "c", "d", "e"),
        known_const="_STRINGS_K",
        patterns=(c.PatternProperty(regex="_RE_B", body=(pattern,)),),
        additional=(c.Call(var="v1", path=ROOT, function="_value.check"),),
        forbid=False,
    )
    evaluated = c.Evaluated(
        conditions=(("_cond.valid", False), ("", True)),
        present=(),
        names=("plain_name",),
        regexes=("_RE_C",),
        everything=False,
    )
    unevaluated = c.Unevaluated(
        var="v",
        path=ROOT,
        base=evaluated,
        conditional=(),
        names_var="e1",
        regexes_var="r1",
        all_var="a1",
        key_var="k1",
        value_var="v1",
        key_path=ROOT,
        body=(),
        forbid=True,
    )
    tree = (
        c.Switch(
            var="v",
            path=ROOT,
            allowed=("object",),
            message="expected object",
            branches=(c.SwitchBranch(group="object", body=(keys, unevaluated), guaranteed=True),),
        ),
        c.AnyOf(var="v", path=ROOT, functions=("_x.valid", "_y.valid")),
        c.Nullable(var="v", path=ROOT, body=(c.Not(var="v", path=ROOT, function="_not.valid"),)),
        c.Required(var="v", path=ROOT, names=("not_a_reference",), names_const="_NAMES_R"),
        c.Required(var="v", path=ROOT, names=("inline",), names_const=None),
    )
    assert c.names_used(tree) == {
        "_NAMES_R",
        "_RE_A",
        "_RE_A_SEEN",
        "_STRINGS_K",
        "_RE_B",
        "_value.check",
        "_cond.valid",
        "_RE_C",
        "_x.valid",
        "_y.valid",
        "_not.valid",
    }
    assert c.names_used(()) == set()


def test_names_used_of_planned_functions() -> None:
    module = plan(
        {
            "Cat": {
                "type": "object",
                "properties": {"kind": {"const": "cat"}},
                "required": ["kind"],
            },
            "Pet": {
                "oneOf": [ref("Cat")],
                "discriminator": {"propertyName": "kind"},
            },
            "Code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        }
    )
    (dispatch,) = body(module, "_pet.check")
    assert isinstance(dispatch, c.Dispatch)
    assert c.names_used(body(module, "_pet.check")) == {dispatch.table}
    ((regex, seen, _),) = module.regexes
    assert c.names_used(body(module, "_code.check")) == {regex, seen}
    assert c.names_used(body(module, "_cat.check")) == set()


def test_values_of_enums_of_objects_go_to_a_constant() -> None:
    module = plan({"Shape": {"enum": [{"a": 1}, [1], "x"]}})
    (enum,) = body(module, "_shape.check")
    assert isinstance(enum, c.EnumIn)
    assert enum.others_const is not None
    assert module.json_sets == ((enum.others_const, (Json.of({"a": 1}), Json.of([1]))),)
    assert c.names_used((enum,)) == {enum.others_const}
