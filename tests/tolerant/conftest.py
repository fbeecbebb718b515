"""Fixtures for the tests of a client generated from ``specs/absences.yaml``.

That spec's own examples contradict its schemas (a ``start_date`` declared ``null`` sent as a
date, a count sent as ``"half"``, a note longer than its ``maxLength``, a date where the
request schema says ``date-time``), as real specs do. ``absences`` is the package, generated
once per session into a temporary folder; ``fake_server`` answers with those examples (and
records the requests); ``make_client(**overrides)`` builds a ``Client`` on it.
"""

from __future__ import annotations

import copy
import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from click.testing import CliRunner
from tolerant_support import API_KEY, PACKAGE, SPEC, FakeServer

from generator.cli import cli


def _forget() -> None:
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


@pytest.fixture(scope="session")
def generated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("absences") / "dist"
    result = CliRunner().invoke(cli, ["--spec", str(SPEC), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def absences(generated_dir: Path) -> Iterator[ModuleType]:
    _forget()
    sys.path.insert(0, str(generated_dir))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(generated_dir))
        _forget()


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    with SPEC.open(encoding="utf-8") as handle:
        document: dict[str, Any] = yaml.safe_load(handle)
    return document


@pytest.fixture
def page_example(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec's own example of ``GET /absences`` (which breaks its schema)."""
    content = spec["paths"]["/absences"]["get"]["responses"]["200"]["content"]
    return copy.deepcopy(content["application/json"]["examples"]["page"]["value"])


@pytest.fixture
def fake_server(page_example: dict[str, Any]) -> FakeServer:
    return FakeServer(lambda request: httpx.Response(200, json=page_example))


@pytest.fixture
def make_client(absences: ModuleType, fake_server: FakeServer) -> Callable[..., Any]:
    def make(**overrides: Any) -> Any:
        options: dict[str, Any] = {
            "api_key": API_KEY,
            "transport": httpx.MockTransport(fake_server),
            "sleep": lambda seconds: None,
        }
        options.update(overrides)
        return absences.Client(**options)

    return make
