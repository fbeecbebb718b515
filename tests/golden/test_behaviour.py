"""What the expected golden packages do at run time, one section per feature.

Each test imports the package it needs from ``expected/<stem>`` (put on ``sys.path`` for the
test only, without writing bytecode there) and forgets it afterwards, so no two tests share
module state. Values are plain JSON as a server would send them.
"""

from __future__ import annotations

import dataclasses
import json
import keyword
import sys
import typing
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import yaml

from .conftest import _forget
from .support import SPECS, installed, package_name, spec_stems

Load = Callable[[str], Any]
Json = Any


def issues(found: list[Any]) -> list[tuple[str, str]]:
    """``(path, keyword)`` of each validation issue, in order."""
    return [(i.path, i.keyword) for i in found]


def rejected(pkg: Any, decode: Callable[[Json], Any], value: Json) -> list[tuple[str, str]]:
    """Decode ``value``, expecting a ValidationError; its ``(path, keyword)`` pairs."""
    with pytest.raises(pkg.ValidationError) as caught:
        decode(value)
    return issues(list(caught.value.issues))


def returns(function: Callable[..., Any]) -> Any:
    """The return annotation of a generated function, evaluated (aliases resolved)."""
    return typing.get_type_hints(function)["return"]


def field_names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def required_fields(cls: type) -> set[str]:
    missing = dataclasses.MISSING
    return {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is missing and f.default_factory is missing
    }


class Server:
    """An ``httpx.MockTransport`` handler answering every request with one JSON response."""

    def __init__(self, status: int = 200, body: Json = None) -> None:
        self.status = status
        self.body = body
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.body is None:
            return httpx.Response(self.status)
        return httpx.Response(self.status, json=self.body)

    def client(self, pkg: Any) -> Any:
        return pkg.Client(
            base_url="https://api.test",
            transport=httpx.MockTransport(self),
            retry=pkg.RetryPolicy.none(),
        )

    @property
    def sent(self) -> Json:
        return json.loads(self.requests[-1].content)


# --------------------------------------------------------------------------- every package


def component_names(stem: str) -> list[str]:
    spec = yaml.safe_load((SPECS / f"{stem}.yaml").read_text(encoding="utf-8"))
    return list(spec["components"]["schemas"])


@pytest.mark.parametrize("stem", spec_stems())
def test_schema_validators_has_every_component_by_its_exact_name(load: Load, stem: str) -> None:
    validators = load(stem).validators
    assert sorted(validators.SCHEMA_VALIDATORS) == sorted(component_names(stem))
    for name, validate in validators.SCHEMA_VALIDATORS.items():
        assert isinstance(validate(object()), list), name


@pytest.mark.parametrize("stem", spec_stems())
def test_every_exported_model_name_can_be_imported(load: Load, stem: str) -> None:
    models = load(stem).models
    assert len(set(models.__all__)) == len(models.__all__)  # (its order is ruff's RUF022)
    for name in models.__all__:
        assert getattr(models, name) is not None, name


def test_packages_are_imported_from_expected_and_forgotten(load: Load) -> None:
    first = load("const")
    assert first.__file__.startswith(str(installed("const")))
    _forget("const")
    assert package_name("const") not in sys.modules
    second = load("const")
    assert second is not first


# --------------------------------------------------------------------------- mapping tags

DOG = {"pet_type": "dog", "bark": True}
CAT = {"pet_type": "cat", "lives": 9}
KITTEN = {"pet_type": "kitten", "lives": 1}
LIZARD = {"pet_type": "lizard", "scales": "green"}


@pytest.mark.parametrize(
    ("data", "cls"),
    [
        (DOG, "Dog"),
        (CAT, "Cat"),
        (KITTEN, "Cat"),
        (LIZARD, "Lizard"),
        ({"pet_type": "lizard"}, "Lizard"),
    ],
)
def test_mapping_selects_the_class_by_tag(load: Load, data: Json, cls: str) -> None:
    pkg = load("discriminator_mapping")
    pet = pkg.models.decode_pet(data)
    assert type(pet) is getattr(pkg.models, cls)
    assert pkg.models.encode_pet(pet) == data
    assert pkg.validators.validate_pet(data) == []


def test_mapping_tag_decides_which_schema_must_match(load: Load) -> None:
    pkg = load("discriminator_mapping")
    dog_tag_cat_body = {"pet_type": "dog", "lives": 3}
    assert rejected(pkg, pkg.models.decode_pet, dog_tag_cat_body) == [("$", "required")]


def test_mapping_unknown_tag_is_rejected_naming_the_tag(load: Load) -> None:
    pkg = load("discriminator_mapping")
    with pytest.raises(pkg.ValidationError) as caught:
        pkg.models.decode_pet({"pet_type": "fish", "bark": True})
    assert "'fish'" in str(caught.value)
    assert issues(list(caught.value.issues)) == [("$.pet_type", "discriminator")]
    owner = {"name": "Ann", "pets": [DOG, {"pet_type": "Dog", "bark": True}]}
    assert rejected(pkg, pkg.models.Owner.from_dict, owner) == [
        ("$.pets[1].pet_type", "discriminator")
    ]
    assert "'Dog'" in pkg.validators.validate_owner(owner)[0].message


def test_mapping_missing_tag_is_reported(load: Load) -> None:
    pkg = load("discriminator_mapping")
    found = pkg.validators.validate_pet({"bark": True})
    assert issues(found) == [("$", "discriminator")]
    assert "pet_type" in found[0].message


def test_mapping_null_tag_is_an_unknown_tag_not_a_missing_one(load: Load) -> None:
    pkg = load("discriminator_mapping")
    found = pkg.validators.validate_pet({"pet_type": None, "bark": True})
    assert issues(found) == [("$.pet_type", "discriminator")]
    assert "missing" not in found[0].message


def test_mapping_union_inside_models_round_trips(load: Load) -> None:
    pkg = load("discriminator_mapping")
    data = {"name": "Ann", "pets": [DOG, KITTEN, LIZARD], "favourite": CAT}
    owner = pkg.models.Owner.from_dict(data)
    assert [type(p).__name__ for p in owner.pets] == ["Dog", "Cat", "Lizard"]
    assert type(owner.favourite) is pkg.models.Cat
    assert owner.to_dict() == data
    bare = pkg.models.Owner.from_dict({"name": "Bo", "pets": []})
    assert bare.favourite is pkg.UNSET
    assert bare.to_dict() == {"name": "Bo", "pets": []}


def test_mapping_client_sends_a_model_and_decodes_the_answer_by_tag(load: Load) -> None:
    pkg = load("discriminator_mapping")
    server = Server(200, KITTEN)
    with server.client(pkg) as client:
        pet = client.pets.create_pet(body=pkg.models.Dog(pet_type="dog", bark=True))
    assert type(pet) is pkg.models.Cat
    assert pet.lives == 1
    assert server.requests[0].method == "POST"
    assert server.requests[0].url.path == "/pets"
    assert server.sent == DOG


# --------------------------------------------------------------------------- implicit tags


def test_implicit_tag_from_const(load: Load) -> None:
    pkg = load("discriminator_implicit")
    circle = pkg.models.decode_shape({"kind": "circle", "radius": 1.5})
    assert type(circle) is pkg.models.Circle
    assert circle.radius == 1.5
    assert pkg.models.Circle(radius=2.0).to_dict() == {"kind": "circle", "radius": 2.0}


def test_implicit_tag_from_single_value_enum(load: Load) -> None:
    pkg = load("discriminator_implicit")
    square = pkg.models.decode_shape({"kind": "square", "side": 2})
    assert type(square) is pkg.models.Square
    assert square.to_dict() == {"kind": "square", "side": 2}


@pytest.mark.parametrize(
    ("data", "cls"),
    [({"vehicle_type": "Car", "seats": 4}, "Car"), ({"vehicle_type": "Bike"}, "Bike")],
)
def test_implicit_tag_from_schema_name(load: Load, data: Json, cls: str) -> None:
    pkg = load("discriminator_implicit")
    vehicle = pkg.models.decode_vehicle(data)
    assert type(vehicle) is getattr(pkg.models, cls)
    assert vehicle.to_dict() == data


@pytest.mark.parametrize(
    ("decode", "data", "tag"),
    [
        ("decode_shape", {"kind": "triangle", "side": 1}, "triangle"),
        ("decode_shape", {"kind": "Circle", "radius": 1}, "Circle"),
        ("decode_vehicle", {"vehicle_type": "Truck"}, "Truck"),
        ("decode_vehicle", {"vehicle_type": "car", "seats": 1}, "car"),
    ],
)
def test_implicit_unknown_tag_is_rejected_naming_the_tag(
    load: Load, decode: str, data: Json, tag: str
) -> None:
    pkg = load("discriminator_implicit")
    with pytest.raises(pkg.ValidationError) as caught:
        getattr(pkg.models, decode)(data)
    assert repr(tag) in str(caught.value)
    assert [i.keyword for i in caught.value.issues] == ["discriminator"]


def test_implicit_inline_union_dispatches_and_maps_keyword_fields(load: Load) -> None:
    pkg = load("discriminator_implicit")
    data = {
        "shapes": [{"kind": "square", "side": 1}, {"kind": "circle", "radius": 2}],
        "background": {"mode": "gradient", "from": "#000", "to": "#fff"},
    }
    drawing = pkg.models.Drawing.from_dict(data)
    assert [type(s).__name__ for s in drawing.shapes] == ["Square", "Circle"]
    assert type(drawing.background) is pkg.models.GradientBackground
    assert drawing.background.from_ == "#000"
    assert drawing.to_dict() == data
    solid = pkg.models.SolidBackground(color="red")
    assert solid.to_dict() == {"mode": "solid", "color": "red"}
    bad = {"shapes": [], "background": {"mode": "pattern"}}
    assert rejected(pkg, pkg.models.Drawing.from_dict, bad) == [
        ("$.background.mode", "discriminator")
    ]


def test_implicit_client_decodes_a_list_of_tagged_objects(load: Load) -> None:
    pkg = load("discriminator_implicit")
    server = Server(
        200, [{"vehicle_type": "Bike", "gears": 3}, {"vehicle_type": "Car", "seats": 2}]
    )
    with server.client(pkg) as client:
        vehicles = client.vehicles.list_vehicles()
    assert [type(v).__name__ for v in vehicles] == ["Bike", "Car"]


# --------------------------------------------------------------------------- const


def test_const_fields_default_to_their_value(load: Load) -> None:
    pkg = load("const")
    event = pkg.models.Event(payload="p")
    assert (event.kind, event.version) == ("created", 2)
    assert event.enabled is pkg.UNSET
    assert event.source is pkg.UNSET
    assert event.to_dict() == {"kind": "created", "version": 2, "payload": "p"}


def test_const_values_round_trip(load: Load) -> None:
    pkg = load("const")
    data = {"kind": "created", "version": 2, "enabled": True, "payload": "p", "source": "web"}
    assert pkg.models.Event.from_dict(data).to_dict() == data
    assert pkg.validators.validate_event({**data, "version": 2.0}) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("kind", "deleted"),
        ("kind", "Created"),
        ("version", 3),
        ("version", True),
        ("version", "2"),
        ("enabled", False),
        ("enabled", 1),
        ("source", "app"),
    ],
)
def test_const_rejects_other_values(load: Load, key: str, value: Json) -> None:
    pkg = load("const")
    data = {"kind": "created", "version": 2, "payload": "p", key: value}
    assert (f"$.{key}", "const") in issues(pkg.validators.validate_event(data))
    assert (f"$.{key}", "const") in rejected(pkg, pkg.models.Event.from_dict, data)


def test_const_required_on_the_wire_even_with_a_python_default(load: Load) -> None:
    pkg = load("const")
    assert rejected(pkg, pkg.models.Event.from_dict, {"version": 2, "payload": "p"}) == [
        ("$", "required")
    ]


def test_const_component(load: Load) -> None:
    pkg = load("const")
    assert pkg.models.decode_ack("ok") == "ok"
    assert typing.get_args(returns(pkg.models.decode_ack)) == ("ok",)
    assert rejected(pkg, pkg.models.decode_ack, "OK") == [("$", "const")]
    assert issues(pkg.validators.validate_ack(None)) == [("$", "const")]


def test_const_client_sends_defaults_and_returns_the_const(load: Load) -> None:
    pkg = load("const")
    server = Server(200, "ok")
    with server.client(pkg) as client:
        assert client.events.send_event(body=pkg.models.Event(payload="p")) == "ok"
    assert server.sent == {"kind": "created", "version": 2, "payload": "p"}


# --------------------------------------------------------------------------- nullable (3.1)


def test_nullable_31_null_stays_null_and_absent_stays_absent(load: Load) -> None:
    pkg = load("nullable_31")
    thing = pkg.models.Thing.from_dict({"name": "n", "nickname": None})
    assert thing.nickname is None
    for name in ("count", "nothing", "inner", "tags"):
        assert getattr(thing, name) is pkg.UNSET, name
    assert thing.to_dict() == {"name": "n", "nickname": None}


def test_nullable_31_every_null_is_kept(load: Load) -> None:
    pkg = load("nullable_31")
    data = {
        "name": "n",
        "nickname": None,
        "count": None,
        "nothing": None,
        "inner": None,
        "tags": [None, "a"],
    }
    thing = pkg.models.Thing.from_dict(data)
    assert (thing.count, thing.nothing, thing.inner, thing.tags) == (None, None, None, [None, "a"])
    assert thing.to_dict() == data
    assert pkg.validators.validate_thing(data) == []


def test_nullable_31_values_beside_null(load: Load) -> None:
    pkg = load("nullable_31")
    data = {"name": "n", "nickname": "nick", "count": 0, "inner": {"id": 7}, "tags": ["x"]}
    thing = pkg.models.Thing.from_dict(data)
    assert type(thing.inner) is pkg.models.Inner
    assert thing.inner.id == 7
    assert thing.to_dict() == data


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"name": None}, ("$.name", "type")),
        ({"nickname": 1}, ("$.nickname", "type")),
        ({"nothing": 0}, ("$.nothing", "type")),
        ({"nothing": "null"}, ("$.nothing", "type")),
        ({"count": -1}, ("$.count", "minimum")),
        ({"count": "1"}, ("$.count", "type")),
        ({"tags": [1]}, ("$.tags[0]", "type")),
        ({"inner": {"id": "x"}}, ("$.inner", "anyOf")),
    ],
)
def test_nullable_31_rejects(load: Load, change: Json, problem: tuple[str, str]) -> None:
    pkg = load("nullable_31")
    data = {"name": "n", "nickname": None, **change}
    assert issues(pkg.validators.validate_thing(data)) == [problem]
    assert rejected(pkg, pkg.models.Thing.from_dict, data) == [problem]


def test_nullable_31_nullable_field_is_still_required(load: Load) -> None:
    pkg = load("nullable_31")
    assert rejected(pkg, pkg.models.Thing.from_dict, {"name": "n"}) == [("$", "required")]


def test_nullable_31_type_null_component(load: Load) -> None:
    pkg = load("nullable_31")
    assert pkg.models.decode_nothing(None) is None
    assert rejected(pkg, pkg.models.decode_nothing, 0) == [("$", "type")]
    assert issues(pkg.validators.validate_nothing(False)) == [("$", "type")]


# --------------------------------------------------------------------------- nullable (3.0)

RECORD_NULLS = {
    "title": "t",
    "subtitle": None,
    "score": None,
    "status": None,
    "owner": None,
    "reviewers": None,
}
RECORD_FULL = {
    "title": "t",
    "subtitle": "s",
    "score": 1.5,
    "status": "draft",
    "owner": {"name": "o"},
    "reviewers": [{"name": "r1"}, {"name": "r2"}],
}


def test_nullable_30_nulls_are_accepted_and_kept(load: Load) -> None:
    pkg = load("nullable_30")
    record = pkg.models.Record.from_dict(RECORD_NULLS)
    assert all(getattr(record, k) is None for k in RECORD_NULLS if k != "title")
    assert record.to_dict() == RECORD_NULLS
    assert pkg.validators.validate_record(RECORD_NULLS) == []


def test_nullable_30_values_round_trip(load: Load) -> None:
    pkg = load("nullable_30")
    record = pkg.models.Record.from_dict(RECORD_FULL)
    assert [type(r) for r in record.reviewers] == [pkg.models.Person] * 2
    assert record.owner.name == "o"
    assert record.to_dict() == RECORD_FULL
    absent = pkg.models.Record.from_dict({"title": "t", "subtitle": None})
    assert absent.owner is pkg.UNSET
    assert absent.to_dict() == {"title": "t", "subtitle": None}


def test_nullable_30_nullable_ref_wrapper_is_the_referenced_class(load: Load) -> None:
    """``owner: {allOf: [{$ref: Person}], nullable: true}`` is the 3.0 way to say Person | None."""
    pkg = load("nullable_30")
    record = pkg.models.Record.from_dict(RECORD_FULL)
    assert type(record.owner) is pkg.models.Person


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"title": None}, ("$.title", "type")),
        ({"score": -1}, ("$.score", "minimum")),
        ({"score": "1"}, ("$.score", "type")),
        ({"reviewers": [None]}, ("$.reviewers[0]", "type")),
        ({"owner": {}}, ("$.owner", "required")),
    ],
)
def test_nullable_30_rejects(load: Load, change: Json, problem: tuple[str, str]) -> None:
    pkg = load("nullable_30")
    data = {**RECORD_NULLS, **change}
    assert issues(pkg.validators.validate_record(data)) == [problem]
    assert rejected(pkg, pkg.models.Record.from_dict, data) == [problem]


def test_nullable_30_nullable_enum_is_open_when_decoding(load: Load) -> None:
    pkg = load("nullable_30")
    data = {**RECORD_NULLS, "status": "archived"}
    assert issues(pkg.validators.validate_record(data)) == [("$.status", "enum")]
    assert pkg.models.Record.from_dict(data).status == "archived"


def test_nullable_30_client_path_parameter(load: Load) -> None:
    pkg = load("nullable_30")
    server = Server(200, RECORD_NULLS)
    with server.client(pkg) as client:
        record = client.records.get_record("r 1/2")
    assert record.to_dict() == RECORD_NULLS
    assert server.requests[0].url.raw_path == b"/records/r%201%2F2"


# --------------------------------------------------------------------------- allOf

EMPLOYEE = {
    "id": "e1",
    "created_at": "2024-01-02T03:04:05Z",
    "name": "Eve",
    "email": "eve@example.com",
    "employee_number": 7,
    "manager": {"id": "p1", "name": "Max"},
}


def test_all_of_merges_the_fields_of_every_level(load: Load) -> None:
    models = load("all_of").models
    base = ["id", "created_at"]
    person = [*base, "name", "email"]
    employee = [*person, "employee_number", "manager"]
    assert sorted(field_names(models.Entity)) == sorted([*base, "additional_properties"])
    assert sorted(field_names(models.Person)) == sorted([*person, "additional_properties"])
    assert sorted(field_names(models.Employee)) == sorted([*employee, "additional_properties"])
    assert required_fields(models.Person) == {"id", "name"}
    assert required_fields(models.Employee) == {"id", "name", "employee_number"}
    assert required_fields(models.Label) == {"text", "color", "priority"}


def test_all_of_round_trip(load: Load) -> None:
    pkg = load("all_of")
    employee = pkg.models.Employee.from_dict(EMPLOYEE)
    assert type(employee.manager) is pkg.models.Person
    assert employee.manager.email is pkg.UNSET
    assert employee.to_dict() == EMPLOYEE
    assert pkg.validators.validate_employee(EMPLOYEE) == []


@pytest.mark.parametrize("missing", ["id", "name", "employee_number"])
def test_all_of_requires_what_every_level_requires(load: Load, missing: str) -> None:
    pkg = load("all_of")
    data = {k: v for k, v in EMPLOYEE.items() if k != missing}
    found = pkg.validators.validate_employee(data)
    assert issues(found) == [("$", "required")]
    assert repr(missing) in found[0].message
    assert rejected(pkg, pkg.models.Employee.from_dict, data) == [("$", "required")]


def test_all_of_checks_every_part(load: Load) -> None:
    pkg = load("all_of")
    data = {**EMPLOYEE, "employee_number": 0, "created_at": "yesterday", "manager": {"id": "m"}}
    assert sorted(issues(pkg.validators.validate_employee(data))) == [
        ("$.created_at", "format"),
        ("$.employee_number", "minimum"),
        ("$.manager", "required"),
    ]


def test_all_of_required_from_a_part_without_properties(load: Load) -> None:
    pkg = load("all_of")
    found = pkg.validators.validate_label({"text": "t", "priority": 1})
    assert issues(found) == [("$", "required")]
    assert "'color'" in found[0].message
    label = pkg.models.Label.from_dict({"text": "t", "priority": 1, "color": "red"})
    assert label.to_dict() == {"text": "t", "color": "red", "priority": 1}


def test_all_of_client(load: Load) -> None:
    pkg = load("all_of")
    server = Server(201, EMPLOYEE)
    with server.client(pkg) as client:
        body = pkg.models.Employee(id="e1", name="Eve", employee_number=7)
        employee = client.employees.hire_employee(body=body)
    assert server.sent == {"id": "e1", "name": "Eve", "employee_number": 7}
    assert employee.to_dict() == EMPLOYEE
    with Server(204).client(pkg) as client:
        label = {"text": "t", "color": "c", "priority": 1}
        assert client.labels.create_label(body=label) is None


# --------------------------------------------------------------------------- recursion

TREE = {
    "value": 1,
    "children": [
        {"value": 2, "children": [{"value": 3}]},
        {"value": 4, "parent": None, "children": []},
    ],
    "parent": {"value": 0},
}
PAIR = {"name": "a1", "b": {"a": {"name": "a2"}, "a_list": [{"name": "a3", "b": {}}]}}


def test_recursive_tree_decodes_to_nested_instances(load: Load) -> None:
    pkg = load("recursion")
    node = pkg.models.TreeNode
    tree = node.from_dict(TREE)
    nodes = [tree, tree.children[0], tree.children[0].children[0], tree.children[1], tree.parent]
    assert [type(n) for n in nodes] == [node] * 5
    assert tree.children[0].children[0].children is pkg.UNSET
    assert tree.children[1].parent is None
    assert tree.children[1].children == []
    assert tree.to_dict() == TREE


def test_recursive_tree_built_in_python(load: Load) -> None:
    node = load("recursion").models.TreeNode
    tree = node(value=1, children=[node(value=2, parent=None)], parent=node(value=0))
    assert tree.to_dict() == {
        "value": 1,
        "children": [{"value": 2, "parent": None}],
        "parent": {"value": 0},
    }


def test_recursive_tree_problem_deep_inside_has_its_path(load: Load) -> None:
    pkg = load("recursion")
    data = {"value": 1, "children": [{"value": 2, "children": [{"value": "three"}]}]}
    problem = ("$.children[0].children[0].value", "type")
    assert issues(pkg.validators.validate_tree_node(data)) == [problem]
    assert rejected(pkg, pkg.models.TreeNode.from_dict, data) == [problem]


def test_recursive_tree_deep_chain(load: Load) -> None:
    node = load("recursion").models.TreeNode
    data: Json = {"value": 0}
    for depth in range(1, 150):
        data = {"value": depth, "children": [data]}
    tree = node.from_dict(data)
    assert tree.to_dict() == data


def test_mutually_recursive_schemas(load: Load) -> None:
    pkg = load("recursion")
    a = pkg.models.A.from_dict(PAIR)
    assert type(a.b) is pkg.models.B
    assert type(a.b.a) is pkg.models.A
    assert type(a.b.a_list[0]) is pkg.models.A
    assert type(a.b.a_list[0].b) is pkg.models.B
    assert a.b.a_list[0].b.a is pkg.UNSET
    assert a.to_dict() == PAIR
    broken = {"name": "a1", "b": {"a_list": [{"name": "a3", "b": {"a": {}}}]}}
    assert rejected(pkg, pkg.models.A.from_dict, broken) == [("$.b.a_list[0].b.a", "required")]


def test_recursive_client(load: Load) -> None:
    pkg = load("recursion")
    server = Server(200, PAIR)
    with server.client(pkg) as client:
        assert client.pairs.get_pair().to_dict() == PAIR
    with Server(200, TREE).client(pkg) as client:
        tree = client.trees.plant_tree(body=pkg.models.TreeNode.from_dict(TREE))
    assert tree.children[0].children[0].value == 3


# --------------------------------------------------------------------------- relative-file $refs

ADDRESS = {"street": "Main 1", "country": "DE", "tier": "pro"}
CUSTOMER = {"name": "c", "address": ADDRESS, "billing": {"street": "B 2", "country": "FR"}}


def test_relative_refs_decode_into_one_class_per_referenced_schema(load: Load) -> None:
    pkg = load("relative_refs")
    customer = pkg.models.Customer.from_dict({**CUSTOMER, "tier": "free"})
    assert type(customer.address) is type(customer.billing)
    assert customer.address.country == "DE"
    assert customer.to_dict() == {**CUSTOMER, "tier": "free"}


def test_relative_refs_schemas_are_named_by_the_spec_not_by_their_first_use(load: Load) -> None:
    """``common/defs.yaml#/Problem`` is the class ``Problem`` (not ``CreateACustomerError``, a
    name made from the operation that happens to use it first); ``#/Address`` is ``Address``
    or, as the component ``HomeAddress`` aliases it, ``HomeAddress``."""
    pkg = load("relative_refs")
    customer = pkg.models.Customer.from_dict(CUSTOMER)
    assert type(customer.address).__name__ in {"Address", "HomeAddress"}
    assert "Problem" in pkg.models.__all__


def test_relative_refs_constraints_come_from_the_other_file(load: Load) -> None:
    pkg = load("relative_refs")
    data = {"name": "c", "address": {"street": "s", "country": "de", "tier": "gold"}}
    assert sorted(issues(pkg.validators.validate_customer(data))) == [
        ("$.address.country", "pattern"),
        ("$.address.tier", "enum"),
    ]
    assert rejected(pkg, pkg.models.Customer.from_dict, data) == [("$.address.country", "pattern")]


def test_relative_refs_component_aliasing_a_string_in_the_other_file(load: Load) -> None:
    pkg = load("relative_refs")
    assert pkg.models.decode_country("DE") == "DE"
    assert rejected(pkg, pkg.models.decode_country, "Germany") == [("$", "pattern")]
    assert returns(pkg.models.decode_country) is str


def test_relative_refs_component_aliasing_an_object_in_the_other_file(load: Load) -> None:
    """``HomeAddress: {$ref: common/defs.yaml#/Address}`` decodes to the one Address class."""
    pkg = load("relative_refs")
    customer = pkg.models.Customer.from_dict(CUSTOMER)
    decode = getattr(pkg.models, "decode_home_address", None) or pkg.models.HomeAddress.from_dict
    home = decode(ADDRESS)
    assert type(home) is type(customer.address)
    assert home.to_dict() == ADDRESS


def test_relative_refs_error_body_from_the_other_file(load: Load) -> None:
    pkg = load("relative_refs")
    with Server(400, {"message": "bad"}).client(pkg) as client:
        with pytest.raises(pkg.ApiError) as caught:
            client.customers.create_customer(body=CUSTOMER)
    assert caught.value.status == 400
    assert caught.value.body.message == "bad"


# --------------------------------------------------------------------------- enums

SORT_ORDERS = ("ASC", "asc", "DESC", "desc", "foo-bar", "foo_bar")


def test_enum_literals_hold_the_exact_values(load: Load) -> None:
    pkg = load("enums")
    models = pkg.models
    # string enums the client only receives are open: ``Literal[...] | UnknownValue``
    color, unknown = typing.get_args(models.Color)
    assert typing.get_args(color) == ("red", "green", "blue")
    assert unknown is pkg.UnknownValue
    assert typing.get_args(models.Priority) == (1, 2, 3)  # not strings: closed
    # SortOrder is sent (a request takes it): it stays a closed Literal
    assert typing.get_args(models.SortOrder) == SORT_ORDERS


@pytest.mark.parametrize("value", SORT_ORDERS)
def test_enum_values_that_collide_when_normalised_are_all_accepted(load: Load, value: str) -> None:
    pkg = load("enums")
    assert pkg.validators.validate_sort_order(value) == []
    assert pkg.models.decode_sort_order(value) == value
    query = pkg.models.Query.from_dict({"color": "red", "order": value})
    assert query.to_dict() == {"color": "red", "order": value}


@pytest.mark.parametrize("value", ["Asc", "ascending", "foo bar", "FOO-BAR", "fooBar", ""])
def test_enum_near_misses_rejected_by_validators_but_kept_by_decoding(
    load: Load, value: str
) -> None:
    pkg = load("enums")
    assert issues(pkg.validators.validate_sort_order(value)) == [("$", "enum")]
    assert pkg.models.decode_sort_order(value) == value


def test_enum_unknown_string_value_is_kept_in_models(load: Load) -> None:
    pkg = load("enums")
    data = {"color": "purple", "mode": "turbo", "size": "medium"}
    assert sorted(issues(pkg.validators.validate_query(data))) == [
        ("$.color", "enum"),
        ("$.mode", "enum"),
        ("$.size", "enum"),
    ]
    query = pkg.models.Query.from_dict(data)
    assert (query.color, query.mode, query.size) == ("purple", "turbo", "medium")
    assert query.to_dict() == data


def test_enum_string_value_of_the_wrong_type_is_rejected(load: Load) -> None:
    pkg = load("enums")
    assert issues(pkg.validators.validate_query({"color": 1})) == [
        ("$.color", "type"),
        ("$.color", "enum"),
    ]
    # decoding reports what it does not tolerate: the type, not the (open) enum
    assert rejected(pkg, pkg.models.Query.from_dict, {"color": 1}) == [("$.color", "type")]


def test_enum_of_integers(load: Load) -> None:
    pkg = load("enums")
    validate = pkg.validators.validate_priority
    assert [validate(v) for v in (1, 2, 3, 2.0)] == [[], [], [], []]
    assert issues(validate(4)) == [("$", "enum")]
    assert issues(validate(True)) == [("$", "type"), ("$", "enum")]
    assert issues(validate("1")) == [("$", "type"), ("$", "enum")]
    assert pkg.models.decode_priority(3) == 3
    # only string enums are open when decoding (templates/validators: ``loose`` mode)
    assert rejected(pkg, pkg.models.decode_priority, 4) == [("$", "enum")]


def test_enum_with_null(load: Load) -> None:
    pkg = load("enums")
    assert pkg.validators.validate_size(None) == []
    assert pkg.models.decode_size(None) is None
    assert pkg.models.decode_size("large") == "large"
    assert issues(pkg.validators.validate_size("medium")) == [("$", "enum")]
    assert pkg.models.Query.from_dict({"color": "red", "size": None}).size is None


def test_enum_with_null_type_allows_none(load: Load) -> None:
    allowed = returns(load("enums").models.decode_size)
    flat = [
        a for arg in typing.get_args(allowed) or (allowed,) for a in typing.get_args(arg) or (arg,)
    ]
    assert flat.count(None) + flat.count(type(None)) == 1, allowed


@pytest.mark.parametrize("value", ["", "x", None, 0])
def test_empty_enum_accepts_nothing(load: Load, value: Json) -> None:
    pkg = load("enums")
    assert ("$", "enum") in issues(pkg.validators.validate_never(value))
    with pytest.raises(pkg.ValidationError):
        pkg.models.decode_never(value)
    with pytest.raises(pkg.ValidationError):
        pkg.models.Query.from_dict({"color": "red", "never": value})


def test_enum_client_parameters(load: Load) -> None:
    pkg = load("enums")
    server = Server(200, {"color": "green"})
    with server.client(pkg) as client:
        assert client.search.search(order="asc", priority=2).color == "green"
        with pytest.raises(pkg.RequestValidationError):
            client.search.search(order="sideways")
    assert len(server.requests) == 1
    assert server.requests[0].url.params.multi_items() == [("order", "asc"), ("priority", "2")]


# --------------------------------------------------------------------------- additionalProperties


def test_additional_properties_true_are_kept(load: Load) -> None:
    pkg = load("additional_properties")
    data = {"id": "o", "x": 1, "nested": {"y": [1, None]}}
    open_ = pkg.models.Open.from_dict(data)
    assert open_.additional_properties == {"x": 1, "nested": {"y": [1, None]}}
    assert open_.to_dict() == data
    empty = pkg.models.Open.from_dict({})
    assert (empty.id, empty.additional_properties) == (pkg.UNSET, {})
    assert empty.to_dict() == {}


def test_additional_properties_false_rejected_by_validators(load: Load) -> None:
    pkg = load("additional_properties")
    assert pkg.validators.validate_closed({"id": "c"}) == []
    found = pkg.validators.validate_closed({"id": "c", "x": 1, "y": 2})
    assert issues(found) == [("$.x", "additionalProperties"), ("$.y", "additionalProperties")]
    nested = {"inventory": {"a": {"name": "A", "extra": 1}}, "closed": {"z": 0}}
    assert sorted(issues(pkg.validators.validate_bag(nested))) == [
        ("$.closed.z", "additionalProperties"),
        ("$.inventory.a.extra", "additionalProperties"),
    ]


def test_additional_properties_false_extras_from_a_server_are_kept(load: Load) -> None:
    """Decoding tolerates undeclared properties and keeps them (``Model.from_dict`` contract)."""
    pkg = load("additional_properties")
    data = {"id": "c", "x": 1}
    assert pkg.models.Closed.from_dict(data).to_dict() == data


def test_additional_properties_schema_types_the_extras(load: Load) -> None:
    pkg = load("additional_properties")
    data = {"total": 3, "apples": 1, "pears": 2}
    counters = pkg.models.Counters.from_dict(data)
    assert counters.additional_properties == {"apples": 1, "pears": 2}
    assert counters.to_dict() == data
    wrong = {"total": 3, "apples": "many"}
    assert issues(pkg.validators.validate_counters(wrong)) == [("$.apples", "type")]
    assert rejected(pkg, pkg.models.Counters.from_dict, wrong) == [("$.apples", "type")]


def test_additional_properties_map_of_models(load: Load) -> None:
    pkg = load("additional_properties")
    data = {"a": {"name": "A"}, "odd key": {"name": "B"}}
    inventory = pkg.models.decode_inventory(data)
    assert sorted(inventory) == ["a", "odd key"]
    assert all(type(item) is pkg.models.Item for item in inventory.values())
    assert pkg.models.encode_inventory(inventory) == data
    assert rejected(pkg, pkg.models.decode_inventory, {"a": {}}) == [("$.a", "required")]
    assert rejected(pkg, pkg.models.decode_inventory, {"odd key": 1}) == [('$["odd key"]', "type")]


def test_additional_properties_bag_round_trip(load: Load) -> None:
    pkg = load("additional_properties")
    data = {
        "open": {"id": "o", "more": True},
        "closed": {"id": "c"},
        "counters": {"total": 1, "x": 2},
        "inventory": {"k": {"name": "K"}},
        "undeclared": [1],
    }
    bag = pkg.models.Bag.from_dict(data)
    assert type(bag.inventory["k"]) is pkg.models.Item
    assert bag.additional_properties == {"undeclared": [1]}
    assert bag.to_dict() == data
    with Server(200, data).client(pkg) as client:
        assert client.bags.store_bag(body=bag).to_dict() == data


# --------------------------------------------------------------------------- keywords and odd names

WIRE = {
    "class": "c",
    "from": "f",
    "type": "t",
    "self": "s",
    "2fa": True,
    "foo-bar": "dash",
    "fooBar": "camel",
    "foo_bar": "snake",
    "list": ["x"],
}


def test_keyword_fields_get_safe_attribute_names(load: Load) -> None:
    model = load("keywords").models.ClientModel
    names = field_names(model)
    assert len(set(names)) == len(names)
    for name in names:
        assert name.isidentifier(), name
        assert not keyword.iskeyword(name), name
        assert not keyword.issoftkeyword(name), name
    obj = model.from_dict(WIRE)
    expected = {
        "class_": "c",
        "from_": "f",
        "type": "t",
        "self_": "s",
        "n2fa": True,
        "list_": ["x"],
    }
    assert {k: getattr(obj, k) for k in expected} == expected
    spelled = {getattr(obj, n) for n in names if n.startswith("foo")}
    assert spelled == {"dash", "camel", "snake"}


def test_keyword_fields_keep_exact_wire_names(load: Load) -> None:
    model = load("keywords").models.ClientModel
    assert model.from_dict(WIRE).to_dict() == WIRE
    assert model(class_="c", from_="f").to_dict() == {"class": "c", "from": "f"}


def test_schema_named_client_does_not_hide_the_http_client(load: Load) -> None:
    pkg = load("keywords")
    assert hasattr(pkg.Client, "clients")
    assert pkg.models.ClientModel.from_dict({"class": "c", "from": "f"}).class_ == "c"
    assert "Client" not in pkg.models.__all__


def test_schema_named_list(load: Load) -> None:
    pkg = load("keywords")
    items = pkg.models.decode_list([WIRE, {"class": "k", "from": "g"}])
    assert [type(i) for i in items] == [pkg.models.ClientModel] * 2
    assert pkg.models.encode_list(items) == [WIRE, {"class": "k", "from": "g"}]
    assert rejected(pkg, pkg.models.decode_list, [{"class": "k"}]) == [("$[0]", "required")]


def test_keyword_parameters_use_wire_names(load: Load) -> None:
    pkg = load("keywords")
    server = Server(200, WIRE)
    with server.client(pkg) as client:
        got = client.clients.get_client("a/b c", class_="x", type_="y")
    assert got.to_dict() == WIRE
    request = server.requests[0]
    assert request.url.raw_path == b"/clients/a%2Fb%20c?class=x&type=y"


def test_keyword_client_sends_a_list_of_models(load: Load) -> None:
    pkg = load("keywords")
    server = Server(200, [WIRE])
    body = [pkg.models.ClientModel(class_="c", from_="f")]
    with server.client(pkg) as client:
        answer = client.lists.store_list(body=body)
    assert server.sent == [{"class": "c", "from": "f"}]
    assert answer[0].to_dict() == WIRE


def test_keyword_matrix_path_parameter_uses_its_wire_name(load: Load) -> None:
    pkg = load("keywords")
    server = Server(204)
    with server.client(pkg) as client:
        client.rooms.get_room("r1")
    assert server.requests[0].url.raw_path == b"/rooms/;for=r1"


# ---------------------------------------------------------------- lazy model modules
def test_a_model_loads_the_modules_it_refers_to_only_when_decoding_needs_them(load: Load) -> None:
    pkg = load("discriminator_mapping")
    prefix = package_name("discriminator_mapping") + ".models."
    pet = pkg.models.Pet  # the union's module, not its alternatives'
    assert prefix + "_pet" in sys.modules
    assert prefix + "_dog" not in sys.modules and prefix + "_cat" not in sys.modules
    module = sys.modules[prefix + "_pet"]
    assert type(module._m_dog).__name__ == "LazyModule"
    # the first decode fills the tag table: the alternatives' modules load then
    dog = pkg.models.decode_pet({"pet_type": "dog", "name": "Rex", "bark": True})
    assert type(dog).__name__ == "Dog" and prefix + "_dog" in sys.modules
    assert module._m_dog is sys.modules[prefix + "_dog"]  # the stand-in replaced itself
    assert pkg.models.decode_pet(dog.to_dict()) == dog
    assert pet is not None
