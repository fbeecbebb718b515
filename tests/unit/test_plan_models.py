"""Unit tests of ``generator.plan.models``: schema fragments in, declarations and types out."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.ir.nodes import Json
from generator.plan import types as t
from generator.plan.models import MODEL_RESERVED
from tests.unit.plan_support import client_of, document, models_of, operation

STR = t.TPrim("str")
INT = t.TPrim("int")
NONE = t.NONE


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: tuple[str, ...] = (), **props: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = list(required)
    return out


def klass(plan: Any, name: str) -> t.ModelClass:
    decl = plan.components[name]
    assert isinstance(decl, t.ModelClass)
    return decl


def declared(plan: Any) -> dict[str, t.Declaration]:
    """Every declaration of a model plan by its name."""
    return {d.name: d for m in plan.modules for d in m.declarations}


def fields(decl: t.ModelClass) -> dict[str, t.Field]:
    return {f.wire: f for f in decl.fields}


# ------------------------------------------------------------------ objects and fields


def test_object_schema_is_one_class_with_its_fields() -> None:
    plan = models_of(
        document(
            {
                "Employee": obj(
                    ("id", "class"),
                    id={"type": "string"},
                    **{
                        "class": {"type": "string"},
                        "2fa": {"type": "boolean", "default": False},
                        "foo-bar": {"type": "integer"},
                        "foo_bar": {"type": "integer"},
                        "self": {"type": "string"},
                        "to_dict": {"type": "string"},
                        "additional_properties": {"type": "string"},
                        "kind": {"const": "employee"},
                    },
                )
            }
        )
    )
    emp = klass(plan, "Employee")
    assert emp.name == "Employee"
    assert emp.schema_name == "Employee"
    assert emp.pointer == "#/components/schemas/Employee"
    by_wire = fields(emp)
    assert list(by_wire) == [
        "id", "class", "2fa", "foo-bar", "foo_bar", "self", "to_dict",
        "additional_properties", "kind",
    ]  # fmt: skip
    attrs = {wire: f.attr for wire, f in by_wire.items()}
    assert attrs == {
        "id": "id",
        "class": "class_",  # keyword
        "2fa": "n2fa",  # leading digit
        "foo_bar": "foo_bar",  # already an identifier: keeps it
        "foo-bar": "foo_bar_2",  # ... so the odd spelling yields
        "self": "self_",
        "to_dict": "to_dict_",  # a model method
        "additional_properties": "additional_properties_",  # the extras attribute
        "kind": "kind",
    }
    assert emp.extras_attr == "additional_properties"
    assert [w for w, f in by_wire.items() if f.required] == ["id", "class"]
    assert by_wire["id"].type == STR
    assert by_wire["2fa"].type == t.TPrim("bool")
    assert by_wire["2fa"].default == Json.of(False)
    assert by_wire["foo-bar"].type == INT
    assert by_wire["kind"].type == t.TLiteral((Json.of("employee"),))
    assert by_wire["kind"].const == Json.of("employee")
    assert by_wire["id"].const is None and by_wire["id"].default is None


def test_undeclared_properties_are_kept_even_when_forbidden() -> None:
    plan = models_of(
        document(
            {
                "Open": obj(a={"type": "string"}),
                "Closed": {**obj(a={"type": "string"}), "additionalProperties": False},
                "Typed": {**obj(a={"type": "string"}), "additionalProperties": {"type": "integer"}},
            }
        )
    )
    assert klass(plan, "Open").extras == t.TAny()
    assert klass(plan, "Closed").extras == t.TAny()
    assert klass(plan, "Typed").extras == INT


def test_plain_object_gets_a_one_pass_decoder() -> None:
    plan = models_of(
        document(
            {
                "Tag": obj(("name",), name={"type": "string"}),
                "Pet": obj(
                    ("name",),
                    name={"type": "string", "minLength": 1},
                    tag=ref("Tag"),
                    tags={"type": "array", "items": ref("Tag")},
                ),
            }
        )
    )
    pet = klass(plan, "Pet")
    assert pet.decoder is not None
    kinds = {f.wire: (f.kind, f.decoder.name if f.decoder else None) for f in pet.decoder.fields}
    assert kinds == {"name": ("plain", None), "tag": ("child", "Tag"), "tags": ("children", "Tag")}
    name = pet.decoder.fields[0]
    assert name.required and name.checks  # the lenient checks of the value (type, minLength)


def test_all_of_is_merged_into_one_class() -> None:
    plan = models_of(
        document(
            {
                "Base": obj(("id",), id={"type": "string"}, note={"type": "string"}),
                "Derived": {
                    "allOf": [
                        ref("Base"),
                        obj(("name",), name={"type": "string"}, note={"type": "integer"}),
                    ]
                },
            }
        )
    )
    derived = klass(plan, "Derived")
    by_wire = fields(derived)
    assert list(by_wire) == ["id", "note", "name"]  # order of first appearance
    assert by_wire["id"].required and by_wire["name"].required
    assert not by_wire["note"].required
    assert by_wire["note"].type == INT  # the last definition wins
    assert derived.decoder is None  # allOf: validated, then built
    # the parts are not classes of their own (Base is, as a component)
    assert set(declared(plan)) == {"Base", "Derived"}


def test_all_of_wrapper_of_one_reference_is_the_reference() -> None:
    plan = models_of(
        document(
            {
                "Cat": obj(meow={"type": "boolean"}),
                "Owner": obj(cat={"allOf": [ref("Cat")], "nullable": True}),
            },
            openapi="3.0.3",
        )
    )
    cat = fields(klass(plan, "Owner"))["cat"].type
    assert isinstance(cat, t.TUnion)
    assert [o.name if isinstance(o, t.TNamed) else o for o in cat.options] == ["Cat", NONE]


# ------------------------------------------------------------------ enums and constants


def test_component_enum_is_a_literal_alias() -> None:
    plan = models_of(
        document(
            {
                "Color": {"type": "string", "enum": ["red", "green"]},
                "Size": {"type": "integer", "enum": [1, 2]},
            }
        )
    )
    color = plan.components["Color"]
    assert isinstance(color, t.LiteralAlias)
    assert color.values == (Json.of("red"), Json.of("green"))
    assert color.open  # strings: unknown values are kept when decoding
    assert not color.nullable
    assert color.codec is not None and color.codec.decode_fn == "decode_color"
    size = plan.components["Size"]
    assert isinstance(size, t.LiteralAlias) and not size.open


def test_inline_enum_is_inline_literal_when_short_else_a_named_alias() -> None:
    plan = models_of(
        document(
            {
                "Shirt": obj(
                    size={"type": "string", "enum": ["s", "m", "l"]},
                    fit={"type": "string", "enum": ["slim", "regular", "loose", "oversized"]},
                    maybe={"type": "string", "enum": ["a", None], "nullable": True},
                )
            },
            openapi="3.0.3",
        )
    )
    by_wire = fields(klass(plan, "Shirt"))
    # open: a value a newer server sends is kept (typed as UnknownValue beside the literal)
    assert by_wire["size"].type == t.TLiteral(tuple(Json.of(v) for v in ("s", "m", "l")), open=True)
    fit_type = by_wire["fit"].type
    assert isinstance(fit_type, t.TNamed)
    assert (fit_type.name, fit_type.kind, fit_type.strings) == ("ShirtFit", "literal", True)
    assert isinstance(declared(plan)["ShirtFit"], t.LiteralAlias)
    # a null member makes it optional, not a literal None
    assert by_wire["maybe"].type == t.TUnion((t.TLiteral((Json.of("a"),), open=True), NONE))


def test_const_field_is_pinned() -> None:
    plan = models_of(
        document({"Event": obj(("type",), type={"type": "string", "enum": ["created"]})})
    )
    field = fields(klass(plan, "Event"))["type"]
    assert field.const == Json.of("created")
    assert field.attr == "type"


# ------------------------------------------------------------------ unions


def _pets(mapping: bool) -> dict[str, Any]:
    discriminator: dict[str, Any] = {"propertyName": "pet_type"}
    if mapping:
        discriminator["mapping"] = {"cat": ref("Cat")["$ref"], "dog": ref("Dog")["$ref"]}
    return {
        "Cat": obj(("pet_type",), pet_type={"type": "string"}, meow={"type": "boolean"}),
        "Dog": obj(("pet_type",), pet_type={"type": "string"}, bark={"type": "boolean"}),
        "Pet": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": discriminator},
    }


def test_discriminated_one_of_dispatches_on_the_tag_without_trial() -> None:
    plan = models_of(document(_pets(mapping=True)))
    pet = plan.components["Pet"]
    assert isinstance(pet, t.UnionAlias)
    assert pet.tag_property == "pet_type"
    assert [(tag, o.name) for tag, o in pet.dispatch if isinstance(o, t.TNamed)] == [
        ("cat", "Cat"),
        ("dog", "Dog"),
    ]
    assert [o.name for o in pet.options if isinstance(o, t.TNamed)] == ["Cat", "Dog"]
    assert pet.objects == () and pet.arrays == ()  # nothing decoded by trial
    assert pet.decode_fn == "_decode_pet" and pet.decoders_table == "_DECODERS_PET"
    assert pet.codec.decode_fn == "decode_pet"
    module = next(m for m in plan.modules if m.name == "_pet")
    assert module.runtime_imports == ("_cat", "_dog")


def test_discriminator_without_mapping_uses_component_names() -> None:
    pet = models_of(document(_pets(mapping=False))).components["Pet"]
    assert isinstance(pet, t.UnionAlias)
    assert [tag for tag, _ in pet.dispatch] == ["Cat", "Dog"]


def test_union_of_distinct_json_kinds_is_decoded_by_kind() -> None:
    plan = models_of(
        document(
            {
                "Cat": obj(meow={"type": "boolean"}),
                "Mixed": {
                    "oneOf": [
                        {"type": "string"},
                        {"type": "array", "items": {"type": "string"}},
                        ref("Cat"),
                    ]
                },
            }
        )
    )
    mixed = plan.components["Mixed"]
    assert isinstance(mixed, t.UnionAlias)
    assert mixed.tag_property is None and mixed.dispatch == ()
    assert mixed.options[:2] == (STR, t.TList(STR))
    # one candidate per JSON kind: an object goes to Cat, an array to list[str]
    assert [o for _, o in mixed.objects] == [mixed.options[2]]
    assert [o for _, o in mixed.arrays] == [t.TList(STR)]
    assert mixed.decoders_table == ""


def test_union_of_plain_values_needs_no_alias_inline() -> None:
    plan = models_of(
        document({"Box": obj(when={"anyOf": [{"type": "string"}, {"type": "integer"}]})})
    )
    assert fields(klass(plan, "Box"))["when"].type == t.TUnion((STR, INT))
    assert set(declared(plan)) == {"Box"}


def test_untagged_object_alternatives_are_tried_in_order() -> None:
    plan = models_of(
        document(
            {
                "Lesson": obj(
                    owner={
                        "oneOf": [
                            {**obj(name={"type": "string"}), "title": "Person owner"},
                            obj(("team_id",), team_id={"type": "string"}),
                        ]
                    }
                )
            }
        )
    )
    owner = declared(plan)["LessonOwner"]
    assert isinstance(owner, t.UnionAlias)
    # alternatives named by their title, and by the property only one requires
    assert [o.name for _, o in owner.objects if isinstance(o, t.TNamed)] == [
        "PersonOwner",
        "LessonOwnerWithTeamId",
    ]


def test_inline_tagged_alternatives_are_named_by_tag() -> None:
    def alt(tag: str, extra: str) -> dict[str, Any]:
        return obj(("type",), type={"const": tag}, **{extra: {"type": "string"}})

    plan = models_of(
        document(
            {
                "Lesson": obj(
                    course={
                        "oneOf": [alt("EXTERNAL", "url"), alt("INTERNAL", "body")],
                        "discriminator": {"propertyName": "type"},
                    }
                )
            }
        )
    )
    union = declared(plan)["LessonCourse"]
    assert isinstance(union, t.UnionAlias)
    assert [(tag, o.name) for tag, o in union.dispatch if isinstance(o, t.TNamed)] == [
        ("EXTERNAL", "ExternalCourse"),
        ("INTERNAL", "InternalCourse"),
    ]


# ------------------------------------------------------------------ nullable


def test_nullable_30() -> None:
    plan = models_of(
        document(
            {
                "Cat": obj(meow={"type": "boolean"}),
                "Box": obj(
                    text={"type": "string", "nullable": True},
                    cat={"allOf": [ref("Cat")], "nullable": True},
                    inner={**obj(k={"type": "string"}), "nullable": True},
                ),
                "Maybe": {"type": "integer", "nullable": True},
            },
            openapi="3.0.3",
        )
    )
    by_wire = fields(klass(plan, "Box"))
    assert by_wire["text"].type == t.TUnion((STR, NONE))
    inner = by_wire["inner"].type
    assert isinstance(inner, t.TUnion) and inner.options[1] == NONE
    assert isinstance(inner.options[0], t.TNamed) and inner.options[0].name == "BoxInner"
    maybe = plan.components["Maybe"]
    assert isinstance(maybe, t.PlainAlias) and maybe.type == t.TUnion((INT, NONE))


def test_nullable_31() -> None:
    plan = models_of(
        document(
            {
                "Cat": obj(meow={"type": "boolean"}),
                "Box": obj(
                    text={"type": ["string", "null"]},
                    nothing={"type": "null"},
                    inner={"type": ["object", "null"], "properties": {"k": {"type": "string"}}},
                    cat={"oneOf": [ref("Cat"), {"type": "null"}]},
                ),
            }
        )
    )
    by_wire = fields(klass(plan, "Box"))
    assert by_wire["text"].type == t.TUnion((STR, NONE))
    assert by_wire["nothing"].type == NONE
    inner = by_wire["inner"].type
    assert isinstance(inner, t.TUnion) and inner.options[1] == NONE
    assert isinstance(inner.options[0], t.TNamed) and inner.options[0].name == "BoxInner"
    cat = by_wire["cat"].type  # X or null is X | None, no union alias
    assert isinstance(cat, t.TUnion) and cat.options[1] == NONE
    assert isinstance(cat.options[0], t.TNamed) and cat.options[0].name == "Cat"
    assert set(declared(plan)) == {"Cat", "Box", "BoxInner"}


# ------------------------------------------------------------------ recursion


def test_self_reference_terminates_on_the_class() -> None:
    plan = models_of(
        document(
            {
                "Node": obj(
                    children={"type": "array", "items": ref("Node")},
                    next=ref("Node"),
                    by_name={"type": "object", "additionalProperties": ref("Node")},
                )
            }
        )
    )
    node = klass(plan, "Node")
    by_wire = fields(node)
    named = by_wire["next"].type
    assert isinstance(named, t.TNamed) and named.name == "Node"
    assert by_wire["children"].type == t.TList(named)
    assert by_wire["by_name"].type == t.TMap(named)


def test_mutual_and_union_recursion_terminates() -> None:
    plan = models_of(
        document(
            {
                "A": obj(b=ref("B")),
                "B": obj(a=ref("A")),
                "Json": {
                    "oneOf": [
                        {"type": "string"},
                        {"type": "array", "items": ref("Json")},
                        {"type": "object", "additionalProperties": ref("Json")},
                    ]
                },
                "Loop": {"type": "array", "items": ref("Loop")},
            }
        )
    )
    b = fields(klass(plan, "A"))["b"].type
    assert isinstance(b, t.TNamed) and b.name == "B"
    json_alias = plan.components["Json"]
    assert isinstance(json_alias, t.UnionAlias)
    itself = json_alias.options[1]
    assert isinstance(itself, t.TList) and isinstance(itself.item, t.TNamed)
    assert itself.item.name == "Json"
    loop = plan.components["Loop"]  # no class in the loop: the inner level is Any
    assert isinstance(loop, t.PlainAlias) and loop.type == t.TList(t.TAny())


# ------------------------------------------------------------------ names and modules


def test_inline_schemas_are_named_from_their_place() -> None:
    inner = obj(x={"type": "string"})
    plan = models_of(
        document(
            {
                "Employee": obj(address=inner),
                "CreateUserRequestBody": obj(
                    address=inner,
                    data={"type": "array", "items": inner},
                    people={"type": "array", "items": inner},
                    labels={"type": "object", "additionalProperties": inner},
                ),
            }
        )
    )
    employee = fields(klass(plan, "Employee"))["address"].type
    assert isinstance(employee, t.TNamed) and employee.name == "EmployeeAddress"
    body = fields(klass(plan, "CreateUserRequestBody"))
    # the generic tail ``RequestBody`` is dropped from the stem
    names = {wire: _named(f.type) for wire, f in body.items()}
    assert names == {
        "address": ["CreateUserAddress"],
        "data": ["CreateUserDataItem"],
        "people": ["CreateUserPerson"],
        "labels": ["CreateUserLabelValue"],
    }


def _named(expr: t.TypeExpr) -> list[str]:
    if isinstance(expr, t.TNamed):
        return [expr.name]
    if isinstance(expr, t.TList):
        return _named(expr.item)
    if isinstance(expr, t.TMap):
        return _named(expr.value)
    return []


def test_component_names_and_modules() -> None:
    plan = models_of(
        document(
            {
                "FooBar": obj(a={"type": "string"}),
                "foo_bar": obj(a={"type": "string"}),
                "Client": obj(a={"type": "string"}),  # a name the runtime uses
                "Pet": obj(owner=obj(name={"type": "string"})),
            }
        )
    )
    where = {name: (d.name, d.module) for name, d in plan.components.items()}
    assert where == {
        "FooBar": ("FooBar", "_foo_bar"),
        "foo_bar": ("FooBar2", "_foo_bar_2"),
        "Client": ("ClientModel", "_client"),
        "Pet": ("Pet", "_pet"),
    }
    # an inline schema lives in its component's module
    modules = {m.name: [d.name for d in m.declarations] for m in plan.modules}
    assert modules["_pet"] == ["PetOwner", "Pet"]
    assert ("PetOwner", "_pet") in plan.exports


def test_identical_inline_schemas_in_one_place_share_a_class() -> None:
    """The same inline request body written out in two operations that get the same method
    name (in different groups) is one class; a different body with that name is another."""
    body = obj(("title",), title={"type": "string"})

    def op(tag: str, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "post": {
                "operationId": f"create{tag}",
                "summary": "Create item",
                "tags": [tag],
                "requestBody": {"content": {"application/json": {"schema": schema}}},
                "responses": {"204": {"description": "done"}},
            }
        }

    other = obj(("size",), size={"type": "integer"})
    client, models = client_of(
        document(None, {"/a": op("Alpha", body), "/b": op("Beta", body), "/c": op("Gamma", other)})
    )
    types = [operation(client, f"create{tag}").body for tag in ("Alpha", "Beta", "Gamma")]
    assert all(b is not None for b in types)
    alpha, beta, gamma = (b.type for b in types if b is not None)
    assert isinstance(alpha, t.TNamed) and alpha.name == "CreateItemRequest"
    assert beta == alpha
    assert beta.module == alpha.module == "_create_alpha"  # where it was first planned
    # the name is taken by another shape: the kind is added (not a number)
    assert isinstance(gamma, t.TNamed) and gamma.name == "CreateItemRequestObject"
    classes = [d for d in declared(models).values() if isinstance(d, t.ModelClass)]
    assert len(classes) == 2


# ------------------------------------------------------------------ names the modules import

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
_IMPORT = re.compile(r"^from [.\w]+ import (?:\((?P<many>[^)]*)\)|(?P<one>[^\n(]+))$", re.M)


def _imported_names(template: str) -> set[str]:
    """The names a template's fixed ``from ... import ...`` lines bring into the module."""
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    names = set()
    for match in _IMPORT.finditer(text):
        listed = match.group("many") or match.group("one")
        if "{" in listed:
            continue  # imports the plan decides (model names themselves)
        for item in listed.replace("\n", ",").split(","):
            if item.strip():
                names.add(item.split(" as ")[-1].strip())
    return names


def test_model_names_avoid_what_their_modules_import() -> None:
    """A class may not take a name its models module (or a group module, which imports it)
    imports from the runtime: ``Invalid`` would be caught instead of the decoder's error."""
    imported = _imported_names("models/module.py.jinja") | _imported_names(
        "client/namespace.py.jinja"
    )
    assert {"Invalid", "Callable", "field", "model", "RequestBuilder"} <= imported
    class_like = {name for name in imported if name[:1].isupper()}
    assert class_like <= MODEL_RESERVED, sorted(class_like - MODEL_RESERVED)


def test_component_named_like_a_runtime_name_is_renamed() -> None:
    names = ("Invalid", "Callable", "NULL", "Client", "Any")
    plan = models_of(document({name: obj(a={"type": "string"}) for name in names}))
    assert {name: plan.components[name].name for name in names} == {
        name: name + "Model" for name in names
    }
