"""Real-world spec shapes, end to end: small specs in ``specs/`` -> ``gen`` -> import -> use.

Each spec is generated once per module (all in parallel, through the CLI) into a temporary
folder, then imported. Requests go to an ``httpx.MockTransport``, so the tests see exactly what
the generated client puts on the wire: URL, query string, headers, cookies and body bytes.

* ``models.yaml`` — ``enum: []``, enum values equal after normalisation (``ASC``/``asc``),
  dotted and dashed schema names, ``allOf`` chains, (mutually) recursive schemas,
  ``additionalProperties`` maps, response codes written as YAML integers;
* ``webhooks.yaml`` — a 3.1 document with ``webhooks`` only;
* ``multifile/api.yaml`` — relative ``$ref`` s into files and subfolders that refer back up;
* ``wire.yaml`` — multipart, form, octet-stream, text and NDJSON bodies, bytes and text
  responses, every parameter style and location, a server URL with variables.
"""

from __future__ import annotations

import dataclasses
import email.parser
import email.policy
import importlib
import inspect
import io
import json
import os
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

SPECS = Path(__file__).parent / "specs"
BIN = Path(sys.executable).parent
GEN_TIMEOUT = 120
BASE_URL = "https://api.test/base"

#: package name -> spec file
PACKAGES = {
    "shapes_models": SPECS / "models.yaml",
    "shapes_webhooks": SPECS / "webhooks.yaml",
    "shapes_multifile": SPECS / "multifile" / "api.yaml",
    "shapes_wire": SPECS / "wire.yaml",
}


# --------------------------------------------------------------------------- generation


@dataclass(frozen=True, slots=True)
class Output:
    """One generated package: where it is and what gen said."""

    name: str
    root: Path
    code: int
    stderr: str

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if ": warning: " in line]

    def modules(self) -> list[str]:
        """Dotted names of every module of the package."""
        names = []
        for path in sorted((self.root / self.name).rglob("*.py")):
            parts = path.relative_to(self.root).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        return names


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Output]:
    """Every spec generated through the CLI (``python -m generator``), in parallel."""
    base = tmp_path_factory.mktemp("shapes")
    running = {
        name: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "--spec",
                str(spec),
                "--out",
                str(base / name),
                "--package-name",
                name,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, spec in PACKAGES.items()
    }
    done = {}
    for name, proc in running.items():
        _, stderr = proc.communicate(timeout=GEN_TIMEOUT)
        done[name] = Output(name, base / name, proc.returncode, stderr)
    return done


def _forget(name: str) -> None:
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]


def _import(output: Output) -> Iterator[ModuleType]:
    assert output.code == 0, f"gen exited with {output.code}:\n{output.stderr}"
    sys.path.insert(0, str(output.root))
    _forget(output.name)
    try:
        yield importlib.import_module(output.name)
    finally:
        sys.path.remove(str(output.root))
        _forget(output.name)


@pytest.fixture(scope="module")
def models_pkg(outputs: dict[str, Output]) -> Iterator[ModuleType]:
    yield from _import(outputs["shapes_models"])


@pytest.fixture(scope="module")
def webhooks_pkg(outputs: dict[str, Output]) -> Iterator[ModuleType]:
    yield from _import(outputs["shapes_webhooks"])


@pytest.fixture(scope="module")
def multifile_pkg(outputs: dict[str, Output]) -> Iterator[ModuleType]:
    yield from _import(outputs["shapes_multifile"])


@pytest.fixture(scope="module")
def wire_pkg(outputs: dict[str, Output]) -> Iterator[ModuleType]:
    yield from _import(outputs["shapes_wire"])


# --------------------------------------------------------------------------- the wire


class Wire:
    """A mock server: records every request and answers with ``reply``."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.reply = httpx.Response(204)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.reply

    @property
    def last(self) -> httpx.Request:
        assert len(self.requests) == 1, f"expected one request, got {len(self.requests)}"
        return self.requests[0]


@pytest.fixture
def wire() -> Wire:
    return Wire()


def make_client(package: ModuleType, wire: Wire, **options: Any) -> Any:
    options.setdefault("base_url", BASE_URL)
    return package.Client(
        transport=httpx.MockTransport(wire), retry=package.RetryPolicy.none(), **options
    )


def operation(package: ModuleType, client: object, operation_id: str) -> Callable[..., Any]:
    """The client method of ``operation_id``, found through ``OPERATIONS``."""
    target: Any = client
    for part in package.OPERATIONS[operation_id].split("."):
        target = getattr(target, part)
    assert callable(target)
    return typing.cast(Callable[..., Any], target)


def call(package: ModuleType, wire: Wire, operation_id: str, *args: Any, **kwargs: Any) -> Any:
    with make_client(package, wire) as client:
        return operation(package, client, operation_id)(*args, **kwargs)


def query_pairs(request: httpx.Request) -> list[tuple[str, str]]:
    return parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)


def media_type(request: httpx.Request) -> str:
    return request.headers["Content-Type"].split(";")[0].strip()


def multipart_parts(request: httpx.Request) -> dict[str, tuple[str | None, str, bytes]]:
    """``name -> (filename, content type, payload)`` of a multipart/form-data body."""
    head = f"Content-Type: {request.headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    assert message.is_multipart()
    parts = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        parts[name] = (part.get_filename(), part.get_content_type(), payload)
    return parts


# --------------------------------------------------------------------------- every package


@pytest.mark.parametrize("name", list(PACKAGES))
def test_generation_succeeds(outputs: dict[str, Output], name: str) -> None:
    assert outputs[name].code == 0, outputs[name].stderr


@pytest.mark.parametrize("name", list(PACKAGES))
def test_every_generated_module_imports(
    outputs: dict[str, Output], name: str, request: pytest.FixtureRequest
) -> None:
    request.getfixturevalue(name.removeprefix("shapes_") + "_pkg")
    failures = {}
    modules = outputs[name].modules()
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as exc:
            failures[module] = repr(exc)
    assert failures == {}
    assert {f"{name}._client", f"{name}.validators", f"{name}.models"} <= set(modules)


@pytest.mark.parametrize("name", list(PACKAGES))
def test_generated_package_is_ruff_clean(outputs: dict[str, Output], name: str) -> None:
    ran = subprocess.run(
        [BIN / "ruff", "check", "--no-cache", "--output-format", "concise", "."],
        cwd=outputs[name].root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr


def test_generated_packages_pass_mypy_strict(
    outputs: dict[str, Output], tmp_path_factory: pytest.TempPathFactory
) -> None:
    roots = [o.root for o in outputs.values()]
    packages = [arg for o in outputs.values() for arg in ("-p", o.name)]
    ran = subprocess.run(
        [BIN / "mypy", "--strict", "--cache-dir", tmp_path_factory.mktemp("mypy"), *packages],
        cwd=tmp_path_factory.mktemp("mypy-cwd"),
        env={**os.environ, "MYPYPATH": os.pathsep.join(map(str, roots))},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr


# --------------------------------------------------------------------------- models.yaml


def test_the_empty_enum_is_the_only_warning(outputs: dict[str, Output]) -> None:
    warnings = outputs["shapes_models"].warnings
    assert len(warnings) == 1, warnings
    assert "#/components/schemas/Nothing/enum: warning: 'enum' is empty" in warnings[0]


def test_every_component_schema_has_a_validator(models_pkg: ModuleType) -> None:
    assert set(models_pkg.validators.SCHEMA_VALIDATORS) == {
        "Nothing",
        "SortOrder",
        "Level",
        "foo.bar.Baz",
        "my-schema",
        "Animal",
        "Mammal",
        "Dog",
        "TreeNode",
        "Person",
        "Company",
        "Labels",
        "Inventory",
        "Zoo",
    }


@pytest.mark.parametrize("value", ["", "x", 0, None, [], {}])
def test_an_empty_enum_accepts_nothing(models_pkg: ModuleType, value: object) -> None:
    issues = models_pkg.validators.SCHEMA_VALIDATORS["Nothing"](value)
    assert "enum" in [i.keyword for i in issues]
    with pytest.raises(models_pkg.ValidationError):
        models_pkg.models.decode_nothing(value)


SORT_ORDERS = ("ASC", "asc", "Desc", "desc", "a-b", "a_b", "a.b")


def test_enum_values_equal_after_normalisation_all_stay_in_the_type(
    models_pkg: ModuleType,
) -> None:
    # a received string enum: typed open, ``Literal[...] | UnknownValue``
    literal, unknown = typing.get_args(models_pkg.models.SortOrder)
    assert typing.get_args(literal) == SORT_ORDERS
    assert unknown is models_pkg.UnknownValue


@pytest.mark.parametrize("value", SORT_ORDERS)
def test_enum_values_equal_after_normalisation_keep_their_spelling(
    models_pkg: ModuleType, value: str
) -> None:
    models = models_pkg.models
    assert models_pkg.validators.SCHEMA_VALIDATORS["SortOrder"](value) == []
    assert models.decode_sort_order(value) == value
    zoo = models.Zoo.from_dict({"order": value, "dogs": []})
    assert zoo.order == value
    assert zoo.to_dict() == {"order": value, "dogs": []}


@pytest.mark.parametrize("value", ["Asc", "ab", "a b", "DESC"])
def test_enum_values_are_matched_exactly(models_pkg: ModuleType, value: str) -> None:
    issues = models_pkg.validators.SCHEMA_VALIDATORS["SortOrder"](value)
    assert [(i.path, i.keyword) for i in issues] == [("$", "enum")]


def test_an_integer_enum_is_a_literal_of_ints(models_pkg: ModuleType) -> None:
    assert typing.get_args(models_pkg.models.Level) == (1, 2, 3)
    assert models_pkg.validators.SCHEMA_VALIDATORS["Level"](4) != []


def test_dotted_and_dashed_schema_names_become_classes(models_pkg: ModuleType) -> None:
    models = models_pkg.models
    value = models.MySchema.from_dict({"name": "n", "baz": {"id": 7}})
    assert isinstance(value.baz, models.FooBarBaz)
    assert value.baz.id == 7
    assert value.to_dict() == {"name": "n", "baz": {"id": 7}}
    assert inspect.isclass(models.FooBarBaz)
    assert inspect.isclass(models.MySchema)


def test_dotted_and_dashed_schema_names_keep_their_validators(models_pkg: ModuleType) -> None:
    validators = models_pkg.validators.SCHEMA_VALIDATORS
    assert [(i.path, i.keyword) for i in validators["foo.bar.Baz"]({"id": "7"})] == [
        ("$.id", "type")
    ]
    assert [(i.path, i.keyword) for i in validators["my-schema"]({"baz": {}})] == [
        ("$.baz", "required")
    ]


def test_an_allof_chain_merges_every_level(models_pkg: ModuleType) -> None:
    dog_type = models_pkg.models.Dog
    fields = {f.name for f in dataclasses.fields(dog_type)}
    assert {"name", "legs", "breed"} <= fields
    dog = dog_type.from_dict({"name": "Rex", "legs": 4, "breed": "lab"})
    assert (dog.name, dog.legs, dog.breed) == ("Rex", 4, "lab")
    assert dog.to_dict() == {"name": "Rex", "legs": 4, "breed": "lab"}
    assert dog_type(name="Ada", legs=3).to_dict() == {"name": "Ada", "legs": 3}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"legs": 4}, [("$", "required")]),  # from Animal, two levels up
        ({"name": "Rex"}, [("$", "required")]),  # from Mammal
        ({"name": "Rex", "legs": -1}, [("$.legs", "minimum")]),
        ({"name": "Rex", "legs": 4, "breed": 5}, [("$.breed", "type")]),
    ],
)
def test_an_allof_chain_validates_every_level(
    models_pkg: ModuleType, value: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    issues = models_pkg.validators.SCHEMA_VALIDATORS["Dog"](value)
    assert [(i.path, i.keyword) for i in issues] == expected
    with pytest.raises(models_pkg.ValidationError):
        models_pkg.models.Dog.from_dict(value)


TREE = {
    "value": 1,
    "parent": {"value": 0},
    "children": [{"value": 2, "children": [{"value": 3, "children": []}]}],
}


def test_a_recursive_schema_decodes_at_every_depth(models_pkg: ModuleType) -> None:
    node_type = models_pkg.models.TreeNode
    tree = node_type.from_dict(TREE)
    assert isinstance(tree.parent, node_type)
    assert isinstance(tree.children[0], node_type)
    assert isinstance(tree.children[0].children[0], node_type)
    assert tree.children[0].children[0].value == 3
    assert tree.to_dict() == TREE


def test_a_recursive_schema_validates_at_every_depth(models_pkg: ModuleType) -> None:
    bad = {"value": 1, "children": [{"value": 2, "children": [{"value": "3"}]}]}
    issues = models_pkg.validators.SCHEMA_VALIDATORS["TreeNode"](bad)
    assert [(i.path, i.keyword) for i in issues] == [("$.children[0].children[0].value", "type")]


def test_mutually_recursive_schemas_decode(models_pkg: ModuleType) -> None:
    models = models_pkg.models
    data = {
        "name": "Ann",
        "employer": {"title": "Acme", "employees": [{"name": "Bob", "employer": {"title": "B"}}]},
    }
    person = models.Person.from_dict(data)
    assert isinstance(person.employer, models.Company)
    assert isinstance(person.employer.employees[0], models.Person)
    assert isinstance(person.employer.employees[0].employer, models.Company)
    assert person.to_dict() == data
    issues = models_pkg.validators.SCHEMA_VALIDATORS["Company"]({"title": "A", "employees": [{}]})
    assert [(i.path, i.keyword) for i in issues] == [("$.employees[0]", "required")]


def test_a_map_schema_is_a_dict(models_pkg: ModuleType) -> None:
    models = models_pkg.models
    assert models.decode_labels({"a": "x", "b c": "y"}) == {"a": "x", "b c": "y"}
    issues = models_pkg.validators.SCHEMA_VALIDATORS["Labels"]({"a": "x", "b": 1})
    assert [(i.path, i.keyword) for i in issues] == [("$.b", "type")]


def test_a_map_of_models_decodes_its_values(models_pkg: ModuleType) -> None:
    models = models_pkg.models
    data = {"counts": {"a": 1}, "dogs": {"rex": {"name": "Rex", "legs": 4}}}
    inventory = models.Inventory.from_dict(data)
    assert inventory.counts == {"a": 1}
    assert isinstance(inventory.dogs["rex"], models.Dog)
    assert inventory.to_dict() == data


def test_additional_properties_false_rejects_unknown_keys(models_pkg: ModuleType) -> None:
    issues = models_pkg.validators.SCHEMA_VALIDATORS["Inventory"](
        {"extra": 1, "counts": {"a": "x"}}
    )
    assert sorted((i.path, i.keyword) for i in issues) == [
        ("$.counts.a", "type"),
        ("$.extra", "additionalProperties"),
    ]


def test_yaml_integer_status_codes_decode_the_success_body(
    models_pkg: ModuleType, wire: Wire
) -> None:
    wire.reply = httpx.Response(200, json={"order": "asc", "dogs": [{"name": "Rex", "legs": 4}]})
    zoo = call(models_pkg, wire, "getZoo")
    assert isinstance(zoo, models_pkg.models.Zoo)
    assert isinstance(zoo.dogs[0], models_pkg.models.Dog)
    assert str(wire.last.url) == f"{BASE_URL}/zoo"


def test_yaml_integer_status_codes_decode_the_error_body(
    models_pkg: ModuleType, wire: Wire
) -> None:
    wire.reply = httpx.Response(404, json={"name": "nothing here"})
    with pytest.raises(models_pkg.NotFoundError) as caught:
        call(models_pkg, wire, "getZoo")
    assert isinstance(caught.value.body, models_pkg.models.MySchema)
    assert caught.value.body.name == "nothing here"


# --------------------------------------------------------------------------- webhooks.yaml


def test_webhooks_only_has_no_operations(webhooks_pkg: ModuleType, wire: Wire) -> None:
    assert webhooks_pkg.OPERATIONS == {}
    with make_client(webhooks_pkg, wire) as client:
        assert repr(client) == f"Client(base_url={BASE_URL!r})"
    assert wire.requests == []


def test_webhook_payloads_have_validators(webhooks_pkg: ModuleType) -> None:
    validators = webhooks_pkg.validators.SCHEMA_VALIDATORS
    assert set(validators) == {"PetEvent", "Pet"}
    good = {"kind": "created", "pet": {"name": "Rex", "tags": None}}
    assert validators["PetEvent"](good) == []
    bad = {"kind": "deleted", "pet": {"tags": ["a", 1]}}
    assert sorted((i.path, i.keyword) for i in validators["PetEvent"](bad)) == [
        ("$.kind", "const"),
        ("$.pet", "required"),
        ("$.pet.tags[1]", "type"),
    ]


def test_webhook_payloads_have_models(webhooks_pkg: ModuleType) -> None:
    models = webhooks_pkg.models
    data = {"kind": "created", "pet": {"name": "Rex", "tags": ["a"]}}
    event = models.PetEvent.from_dict(data)
    assert isinstance(event.pet, models.Pet)
    assert event.pet.tags == ["a"]
    assert event.to_dict() == data
    assert models.Pet.from_dict({"name": "N", "tags": None}).tags is None


def test_an_inline_webhook_payload_has_a_model(webhooks_pkg: ModuleType) -> None:
    pointer = "#/webhooks/petGone/post/requestBody/content/application~1json/schema"
    models = webhooks_pkg.models
    found: list[Any] = [
        cls
        for name in models.__all__
        if inspect.isclass(cls := getattr(models, name)) and pointer in (cls.__doc__ or "")
    ]
    assert len(found) == 1, f"no model documents {pointer}"
    assert found[0].from_dict({"petId": 3}).to_dict() == {"petId": 3}
    with pytest.raises(webhooks_pkg.ValidationError):
        found[0].from_dict({"petId": 0})


# --------------------------------------------------------------------------- multifile/


def test_multifile_generates_without_warnings(outputs: dict[str, Output]) -> None:
    assert outputs["shapes_multifile"].warnings == []


def test_multifile_components_keep_their_names(multifile_pkg: ModuleType) -> None:
    models = multifile_pkg.models
    assert set(multifile_pkg.validators.SCHEMA_VALIDATORS) == {"Pet", "Owner", "Error"}
    for name in ("Pet", "Owner", "Error"):
        assert inspect.isclass(getattr(models, name)), f"models.{name} is not a class"
    numbered = [n for n in models.__all__ if n[-1].isdigit()]
    assert numbered == []


def test_multifile_validators_follow_refs_across_files(multifile_pkg: ModuleType) -> None:
    validators = multifile_pkg.validators.SCHEMA_VALIDATORS
    pet = {"id": 1, "name": "Rex", "tag": "bird", "owner": {"name": "Ann", "pets": [{"id": 2}]}}
    assert sorted((i.path, i.keyword) for i in validators["Pet"](pet)) == [
        ("$.owner.pets[0]", "required"),
        ("$.tag", "enum"),
    ]
    assert validators["Error"]({"code": "x"})[0].path == "$.code"


def test_multifile_decodes_models_defined_in_subfolders(
    multifile_pkg: ModuleType, wire: Wire
) -> None:
    models = multifile_pkg.models
    data = {
        "id": 7,
        "name": "Rex",
        "tag": "cat",
        "owner": {"name": "Ann", "pets": [{"id": 8, "name": "Kit"}]},
    }
    wire.reply = httpx.Response(200, json=data)
    pet = call(multifile_pkg, wire, "getPet", 7)
    assert wire.last.url.raw_path == b"/base/pets/7"
    assert isinstance(pet, models.Pet)
    assert isinstance(pet.owner, models.Owner)
    assert isinstance(pet.owner.pets[0], models.Pet)
    assert pet.to_dict() == data


def test_multifile_error_model_from_a_shared_file(multifile_pkg: ModuleType, wire: Wire) -> None:
    wire.reply = httpx.Response(500, json={"code": 42, "message": "boom"})
    with pytest.raises(multifile_pkg.ApiError) as caught:
        call(multifile_pkg, wire, "getPet", 7)
    assert isinstance(caught.value.body, multifile_pkg.models.Error)
    assert caught.value.body.code == 42


def test_multifile_parameter_from_a_shared_file(multifile_pkg: ModuleType, wire: Wire) -> None:
    wire.reply = httpx.Response(200, json=[{"name": "Ann"}])
    owners = call(multifile_pkg, wire, "listOwners", limit=5)
    assert query_pairs(wire.last) == [("limit", "5")]
    assert [type(o) for o in owners] == [multifile_pkg.models.Owner]
    with pytest.raises(multifile_pkg.RequestValidationError):
        call(multifile_pkg, wire, "listOwners", limit=500)
    assert len(wire.requests) == 1


# --------------------------------------------------------------------------- wire.yaml: bodies


def test_multipart_sends_a_file_part_and_fields(wire_pkg: ModuleType, wire: Wire) -> None:
    wire.reply = httpx.Response(201, json={"size": 5})
    body = {"file": ("a.txt", b"hello", "text/plain"), "description": "greeting", "count": 3}
    receipt = call(wire_pkg, wire, "uploadFile", body=body)
    assert isinstance(receipt, wire_pkg.models.Receipt)
    assert receipt.size == 5
    assert media_type(wire.last) == "multipart/form-data"
    assert multipart_parts(wire.last) == {
        "file": ("a.txt", "text/plain", b"hello"),
        "description": (None, "text/plain", b"greeting"),
        "count": (None, "text/plain", b"3"),
    }


def test_multipart_checks_required_parts_before_sending(wire_pkg: ModuleType, wire: Wire) -> None:
    with pytest.raises(wire_pkg.RequestValidationError):
        call(wire_pkg, wire, "uploadFile", body={"description": "no file"})
    assert wire.requests == []


def test_form_body_is_urlencoded(wire_pkg: ModuleType, wire: Wire) -> None:
    result = call(
        wire_pkg, wire, "submitForm", body={"name": "Rex A", "age": 3, "tags": ["a", "b"]}
    )
    assert result is None
    assert wire.last.method == "POST"
    assert media_type(wire.last) == "application/x-www-form-urlencoded"
    assert wire.last.content == b"name=Rex+A&age=3&tags=a&tags=b"


def test_form_body_is_validated_before_sending(wire_pkg: ModuleType, wire: Wire) -> None:
    with pytest.raises(wire_pkg.RequestValidationError):
        call(wire_pkg, wire, "submitForm", body={"age": "three"})
    assert wire.requests == []


@pytest.mark.parametrize("make_body", [bytes, io.BytesIO], ids=["bytes", "file"])
def test_octet_stream_sends_bytes_and_returns_a_binary_response(
    wire_pkg: ModuleType, wire: Wire, make_body: Callable[[bytes], Any]
) -> None:
    wire.reply = httpx.Response(
        200, content=b"\x01\x02\xff", headers={"Content-Type": "application/octet-stream"}
    )
    result = call(wire_pkg, wire, "putBlob", body=make_body(b"\x00\xffdata"))
    assert isinstance(result, wire_pkg.BinaryResponse)  # body, headers, filename
    assert result.content == b"\x01\x02\xff"
    assert result.content_type == "application/octet-stream"
    assert wire.last.method == "PUT"
    assert wire.last.headers["Content-Type"] == "application/octet-stream"
    assert wire.last.content == b"\x00\xffdata"


def test_text_plain_sends_and_returns_text(wire_pkg: ModuleType, wire: Wire) -> None:
    wire.reply = httpx.Response(
        200, content="réponse ✓".encode(), headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    result = call(wire_pkg, wire, "postNote", body="héllo ✓")
    assert result == "réponse ✓"
    assert media_type(wire.last) == "text/plain"
    charset = wire.last.headers["Content-Type"].partition("charset=")[2]
    assert charset.lower() in {"", "utf-8"}
    assert wire.last.content == "héllo ✓".encode()


def test_ndjson_sends_one_json_document_per_line(wire_pkg: ModuleType, wire: Wire) -> None:
    event = wire_pkg.models.Event(id=3)
    call(wire_pkg, wire, "postEvents", body=[{"id": 1, "kind": "a"}, {"id": 2}, event])
    assert wire.last.headers["Content-Type"] == "application/x-ndjson"
    assert wire.last.content == b'{"id":1,"kind":"a"}\n{"id":2}\n{"id":3}\n'
    assert [json.loads(line) for line in wire.last.content.splitlines()][2] == {"id": 3}


def test_ndjson_items_are_validated_before_sending(wire_pkg: ModuleType, wire: Wire) -> None:
    with pytest.raises(wire_pkg.RequestValidationError):
        call(wire_pkg, wire, "postEvents", body=[{"id": 1}, {"kind": "no id"}])
    assert wire.requests == []


# --------------------------------------------------------------------------- wire.yaml: query


def test_query_styles(wire_pkg: ModuleType, wire: Wire) -> None:
    wire.reply = httpx.Response(200, json={"total": 0})
    call(
        wire_pkg,
        wire,
        "search",
        ids=[1, 2],
        tags=["a", "b"],
        point={"x": 1, "y": 2},
        bbox={"x": 3, "y": 4},
        filter_={"status": "open", "kind": "bug"},
        pipes=["a", "b"],
        spaces=["a", "b"],
    )
    assert query_pairs(wire.last) == [
        ("ids", "1"),
        ("ids", "2"),
        ("tags", "a,b"),
        ("x", "1"),
        ("y", "2"),
        ("bbox", "x,3,y,4"),
        ("filter[status]", "open"),
        ("filter[kind]", "bug"),
        ("pipes", "a|b"),
        ("spaces", "a b"),
    ]


def test_an_object_query_parameter_takes_its_model(wire_pkg: ModuleType, wire: Wire) -> None:
    wire.reply = httpx.Response(200, json={"total": 0})
    call(wire_pkg, wire, "search", point=wire_pkg.models.Point(x=1, y=2))
    assert query_pairs(wire.last) == [("x", "1"), ("y", "2")]


def test_query_form_no_explode_escapes_commas_inside_values(
    wire_pkg: ModuleType, wire: Wire
) -> None:
    """The delimiter stays a literal comma; a comma inside a value is percent-encoded."""
    wire.reply = httpx.Response(200, json={"total": 0})
    call(wire_pkg, wire, "search", tags=["a,b", "c"])
    assert wire.last.url.query == b"tags=a%2Cb,c"


def test_allow_reserved_sends_reserved_characters_as_they_are(
    wire_pkg: ModuleType, wire: Wire
) -> None:
    """``allowReserved``: ``/?:@,=&`` stay literal (the value is a URL path, say); ``#``, space
    and non-ASCII are still encoded; other parameters are encoded as usual."""
    wire.reply = httpx.Response(200, json={"total": 0})
    call(wire_pkg, wire, "search", next_="/a/b?c=d&e:f@g,h #é", tags=["/x"])
    assert wire.last.url.query == b"tags=%2Fx&next=/a/b?c=d&e:f@g,h%20%23%C3%A9"


def test_unset_query_parameters_are_left_out(wire_pkg: ModuleType, wire: Wire) -> None:
    wire.reply = httpx.Response(200, json={"total": 0})
    call(wire_pkg, wire, "search")
    assert str(wire.last.url) == f"{BASE_URL}/search"
    assert "Cookie" not in wire.last.headers


def test_header_parameters(wire_pkg: ModuleType, wire: Wire) -> None:
    wire.reply = httpx.Response(200, json={"total": 0})
    call(wire_pkg, wire, "search", request_id="req-1", flags=["a", "b"])
    assert wire.last.headers["X-Request-Id"] == "req-1"
    assert wire.last.headers["X-Flags"] == "a,b"


def test_cookie_parameters(wire_pkg: ModuleType, wire: Wire) -> None:
    wire.reply = httpx.Response(200, json={"total": 0})
    call(wire_pkg, wire, "search", session="s1", theme="dark")
    assert wire.last.headers.get_list("Cookie") == ["session=s1; theme=dark"]


# --------------------------------------------------------------------------- wire.yaml: path


def test_path_styles_for_arrays(wire_pkg: ModuleType, wire: Wire) -> None:
    call(wire_pkg, wire, "getByArrays", [1, 2], ["a", "b"], ["c", "d"])
    assert wire.last.url.raw_path == b"/base/arrays/1,2/.a,b/;matrix=c;matrix=d"


def test_path_styles_for_objects(wire_pkg: ModuleType, wire: Wire) -> None:
    point = {"x": 1, "y": 2}
    call(wire_pkg, wire, "getByObjects", point, point, point)
    assert wire.last.url.raw_path == b"/base/objects/x=1,y=2/.x=1.y=2/;matrix=x,1,y,2"


def test_an_object_path_parameter_takes_its_model(wire_pkg: ModuleType, wire: Wire) -> None:
    point = wire_pkg.models.Point(x=1, y=2)
    call(wire_pkg, wire, "getByObjects", point, point, point)
    assert wire.last.url.raw_path == b"/base/objects/x=1,y=2/.x=1.y=2/;matrix=x,1,y,2"


def test_path_styles_for_primitives(wire_pkg: ModuleType, wire: Wire) -> None:
    call(wire_pkg, wire, "getByPrimitives", "a b/c", 5, True)
    assert wire.last.url.raw_path == b"/base/primitives/a%20b%2Fc/.5/;matrix=true"


# --------------------------------------------------------------------------- wire.yaml: servers


@pytest.fixture
def no_base_url_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIRE_SHAPES_BASE_URL", raising=False)


@pytest.mark.usefixtures("no_base_url_env")
@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        (None, "https://eu.example.com/v2/note"),
        ({"region": "us"}, "https://us.example.com/v2/note"),
        ({"version": "v3"}, "https://eu.example.com/v3/note"),
    ],
)
def test_server_variables_fill_the_url(
    wire_pkg: ModuleType, wire: Wire, variables: dict[str, str] | None, expected: str
) -> None:
    wire.reply = httpx.Response(200, text="ok")
    with make_client(wire_pkg, wire, base_url=None, server_variables=variables) as client:
        operation(wire_pkg, client, "postNote")(body="x")
    assert str(wire.last.url) == expected


@pytest.mark.usefixtures("no_base_url_env")
def test_a_server_variable_outside_its_enum_is_refused(wire_pkg: ModuleType, wire: Wire) -> None:
    with pytest.raises(ValueError, match="region"):
        make_client(wire_pkg, wire, base_url=None, server_variables={"region": "mars"})
