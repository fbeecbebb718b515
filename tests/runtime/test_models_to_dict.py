"""templates/runtime/_models.py: ``Model.to_dict``, the one ``to_dict`` of every model class
(made from the class's fields on first use)."""

from __future__ import annotations

import datetime as _dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, TypeAlias

import pytest

#: the runtime's ``Unset``, named as generated annotations name it (they are read as text)
Unset: TypeAlias = Any


@pytest.fixture
def models(runtime: Callable[[str], ModuleType]) -> ModuleType:
    runtime("_tolerant")  # looked up by _models on first use (with _dates: they import it)
    return runtime("_models")


def _classes(models: ModuleType) -> tuple[type, type]:
    unset = models.UNSET
    shapes = sys.modules[models.__name__.replace("_models", "_tolerant")]

    @dataclass(slots=True, kw_only=True)
    class Tag(models.Model):  # type: ignore[misc,name-defined]
        name: str
        additional_properties: dict[str, Any] = field(default_factory=dict)

    @dataclass(slots=True, kw_only=True)
    class Pet(models.Model):  # type: ignore[misc,name-defined]
        id: int
        born: _dt.date
        kind: str = field(default="dog", metadata={"json": 'k"i\nnd\\'})
        seen: _dt.datetime | Unset | None = unset
        tags: list[Tag] | Unset = unset
        best: Tag | Unset | None = unset
        by_name: dict[str, Tag] | Unset = unset
        note: str | Unset | None = unset
        codes: list[str] | Unset = unset
        additional_properties: dict[str, Any] = field(default_factory=dict)

        @staticmethod
        def _shapes() -> dict[str, Any]:  # the fields that are not plain JSON
            return {
                "born": shapes.date,
                "seen": shapes.date_time,
                "tags": shapes.list_of(shapes.model(Tag)),
                "best": shapes.model(Tag),
                "by_name": shapes.map_of(shapes.model(Tag)),
                "additional_properties": shapes.map_of(shapes.model(Tag)),
            }

    return Tag, Pet


def test_to_dict_writes_each_field_under_its_key_in_class_order(models: ModuleType) -> None:
    _, pet = _classes(models)
    value = pet(id=1, born=_dt.date(2020, 1, 2), note=None)
    assert value.to_dict() == {"id": 1, "born": "2020-01-02", 'k"i\nnd\\': "dog", "note": None}
    assert list(value.to_dict()) == ["id", "born", 'k"i\nnd\\', "note"]  # UNSET ones left out


def test_to_dict_encodes_models_lists_maps_and_dates_inside(models: ModuleType) -> None:
    tag, pet = _classes(models)
    seen = _dt.datetime(2020, 1, 2, 3, 4, 5, tzinfo=_dt.UTC)
    value = pet(
        id=1,
        born=_dt.date(2020, 1, 2),
        seen=seen,
        tags=[tag(name="a"), tag(name="b", additional_properties={"x": [1]})],
        best=None,
        by_name={"z": tag(name="z")},
    )
    assert value.to_dict() == {
        "id": 1,
        "born": "2020-01-02",
        'k"i\nnd\\': "dog",
        "seen": "2020-01-02T03:04:05Z",
        "tags": [{"name": "a"}, {"name": "b", "x": [1]}],
        "best": None,
        "by_name": {"z": {"name": "z"}},
    }
    assert pet(id=1, born=_dt.date(2020, 1, 2), seen=None).to_dict()["seen"] is None


def test_plain_json_fields_are_written_as_they_are(models: ModuleType) -> None:
    tag, pet = _classes(models)
    codes = ["a", "b"]
    assert pet(id=1, born=_dt.date(2020, 1, 2), codes=codes).to_dict()["codes"] is codes
    assert tag(name="a", additional_properties={"x": codes}).to_dict()["x"] is codes


def test_undeclared_properties_come_last_encoded(models: ModuleType) -> None:
    tag, pet = _classes(models)
    value = pet(id=1, born=_dt.date(2020, 1, 2), additional_properties={"extra": tag(name="e")})
    assert list(value.to_dict().items())[-1] == ("extra", {"name": "e"})


def test_a_subclass_with_more_fields_gets_its_own(models: ModuleType) -> None:
    tag, _ = _classes(models)
    assert tag(name="a").to_dict() == {"name": "a"}  # the class's own is made first

    @dataclass(slots=True, kw_only=True)
    class Label(tag):  # type: ignore[misc,valid-type]
        color: str = "red"

    assert Label(name="b").to_dict() == {"name": "b", "color": "red"}
    assert tag(name="c").to_dict() == {"name": "c"}


def test_a_subclass_s_own_to_dict_is_kept(models: ModuleType) -> None:
    tag, _ = _classes(models)

    @dataclass(slots=True, kw_only=True)
    class Upper(tag):  # type: ignore[misc,valid-type]
        def to_dict(self) -> dict[str, Any]:
            return {k: v.upper() for k, v in tag.to_dict(self).items()}

    assert Upper(name="b").to_dict() == {"name": "B"}
    assert Upper(name="c").to_dict() == {"name": "C"}
    assert tag(name="d").to_dict() == {"name": "d"}
