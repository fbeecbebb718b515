"""The expected outputs hold test suites of their own: they run in their own folder (see
test_quality.py), never collected as part of this one.

The ``load`` fixture imports an expected golden package (its complete copy, see
``support.installed``) for one test."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from .support import installed, package_name

collect_ignore = ["expected", "specs"]

Load = Callable[[str], Any]


def _forget(stem: str) -> None:
    folder = str(installed(stem))
    while folder in sys.path:
        sys.path.remove(folder)
    name = package_name(stem)
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        del sys.modules[module]
    importlib.invalidate_caches()


@pytest.fixture
def load(monkeypatch: pytest.MonkeyPatch) -> Iterator[Load]:
    """``load(stem)`` imports ``golden_<stem>`` (a copy of ``expected/<stem>``); undone after."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    loaded: list[str] = []

    def _load(stem: str) -> Any:
        _forget(stem)
        sys.path.insert(0, str(installed(stem)))
        loaded.append(stem)
        return importlib.import_module(package_name(stem))

    yield _load
    for stem in loaded:
        _forget(stem)
