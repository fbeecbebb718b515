"""Tests for ``lazy_models`` and ``group_of`` (templates/runtime/_base.py, through ``rt``)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from tests.runtime.conftest import PACKAGE


def test_lazy_models_binds_each_module_and_loads_it_on_first_use(rt: SimpleNamespace) -> None:
    models = Path(rt.base.__file__).parent / "models"
    models.mkdir()
    (models / "__init__.py").write_text("", encoding="utf-8")
    (models / "_pet.py").write_text("NAME = 'pet'\n", encoding="utf-8")
    (models / "_tag.py").write_text("NAME = 'tag'\n", encoding="utf-8")
    namespace: dict[str, object] = {"__name__": f"{PACKAGE}._ops.pets"}

    rt.base.lazy_models(namespace, "_pet\n _tag")

    assert sorted(k for k in namespace if k.startswith("_m")) == ["_m_pet", "_m_tag"]
    assert f"{PACKAGE}.models._pet" not in sys.modules  # nothing loaded yet
    assert namespace["_m_pet"].NAME == "pet"  # type: ignore[attr-defined]
    assert namespace["_m_pet"] is sys.modules[f"{PACKAGE}.models._pet"]  # replaced by the module
    assert f"{PACKAGE}.models._tag" not in sys.modules


def test_group_of_makes_a_group_once_and_keeps_it(rt: SimpleNamespace) -> None:
    ops = Path(rt.base.__file__).parent / "_ops"
    ops.mkdir()
    (ops / "__init__.py").write_text("", encoding="utf-8")
    (ops / "pets.py").write_text(
        "class PetsApi:\n    def __init__(self, ctx):\n        self.ctx = ctx\n", encoding="utf-8"
    )
    groups: dict[str, object] = {}
    ctx = object()
    client = SimpleNamespace(_ctx=ctx, _groups=groups)

    first = rt.base.group_of(client, "pets", "PetsApi")

    assert type(first).__name__ == "PetsApi"
    assert first.ctx is ctx
    assert groups == {"pets": first}
    assert rt.base.group_of(client, "pets", "PetsApi") is first
