"""templates/runtime/_models.py: ``undeclared``, the properties a decoded class keeps apart."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType


def test_undeclared_keeps_only_the_properties_not_declared_in_order(
    runtime: Callable[[str], ModuleType],
) -> None:
    models = runtime("_models")
    data = {"id": 1, "new": [1], "name": "a", "other": None}
    kept = models.undeclared(data, frozenset("id name".split()))
    assert kept == {"new": [1], "other": None}
    assert list(kept) == ["new", "other"]
    assert data == {"id": 1, "new": [1], "name": "a", "other": None}  # not changed


def test_undeclared_is_empty_when_everything_is_declared(
    runtime: Callable[[str], ModuleType],
) -> None:
    models = runtime("_models")
    assert models.undeclared({"id": 1}, frozenset({"id", "name"})) == {}
    assert models.undeclared({}, frozenset()) == {}
