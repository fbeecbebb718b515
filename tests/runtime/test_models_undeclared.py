"""templates/runtime/_models.py: ``json_names`` and ``undeclared`` (the properties a decoded
class keeps apart), ``lazy_siblings``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.runtime.conftest import PACKAGE


def _pet(models: ModuleType) -> type:
    @dataclass(slots=True, kw_only=True)
    class Pet(models.Model):  # type: ignore[misc,name-defined]
        id: int
        from_: str = field(default="", metadata={"json": "from", "default": "x"})
        name: str = ""
        additional_properties: dict[str, Any] = field(default_factory=dict)

    return Pet


def test_json_names_are_the_attributes_but_where_the_metadata_names_the_key(
    runtime: Callable[[str], ModuleType],
) -> None:
    models = runtime("_models")
    pet = _pet(models)
    assert models.json_names(pet) == (("id", "id"), ("from_", "from"), ("name", "name"))
    assert models.json_names(pet) is models.json_names(pet)  # worked out once


def test_undeclared_keeps_only_the_properties_not_declared_in_order(
    runtime: Callable[[str], ModuleType],
) -> None:
    models = runtime("_models")
    pet = _pet(models)
    data = {"id": 1, "new": [1], "from": "a", "from_": 2, "other": None, "name": "b"}
    kept = models.undeclared(data, pet)
    assert kept == {"new": [1], "from_": 2, "other": None}
    assert list(kept) == ["new", "from_", "other"]
    assert data == {"id": 1, "new": [1], "from": "a", "from_": 2, "other": None, "name": "b"}


def test_undeclared_is_empty_when_everything_is_declared(
    runtime: Callable[[str], ModuleType],
) -> None:
    models = runtime("_models")
    pet = _pet(models)
    assert models.undeclared({"id": 1, "from": "x"}, pet) == {}
    assert models.undeclared({}, pet) == {}


def test_lazy_siblings_binds_each_module_and_loads_it_on_first_use(
    runtime: Callable[[str], ModuleType],
) -> None:
    models = runtime("_models")
    folder = Path(models.__file__).parent / "models"
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    (folder / "_pet.py").write_text("NAME = 'pet'\n", encoding="utf-8")
    (folder / "_tag.py").write_text("NAME = 'tag'\n", encoding="utf-8")
    namespace: dict[str, object] = {"__package__": f"{PACKAGE}.models"}

    models.lazy_siblings(namespace, "_pet\n _tag")

    assert sorted(k for k in namespace if k.startswith("_m")) == ["_m_pet", "_m_tag"]
    assert f"{PACKAGE}.models._pet" not in sys.modules  # nothing loaded yet
    assert namespace["_m_pet"].NAME == "pet"  # type: ignore[attr-defined]
    assert namespace["_m_pet"] is sys.modules[f"{PACKAGE}.models._pet"]  # replaced by the module
    assert f"{PACKAGE}.models._tag" not in sys.modules
