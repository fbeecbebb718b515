"""Fixtures for the webhook tests: generated packages imported under their own names.

* ``kombo_webhooks``: ``kombo_api.webhooks`` from the committed ``generated/kombo_api``;
* ``generate``: runs ``gen`` (in process) on a spec text and an optional ``gen.yaml`` text in a
  temporary folder, imports the package (a fresh name per call) and returns it.
"""

from __future__ import annotations

import importlib
import itertools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[2]
KOMBO_DIR = ROOT / "generated" / "kombo_api"
_COUNTER = itertools.count()


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n == package or n.startswith(f"{package}.")]:
        del sys.modules[name]


@pytest.fixture
def kombo_webhooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    monkeypatch.delenv("KOMBO_WEBHOOK_SECRET", raising=False)
    _forget("kombo_api")
    sys.path.insert(0, str(KOMBO_DIR))
    try:
        module = importlib.import_module("kombo_api.webhooks")
        assert Path(module.__file__ or "").is_relative_to(KOMBO_DIR)
        yield module
    finally:
        sys.path.remove(str(KOMBO_DIR))
        _forget("kombo_api")


Generate = Callable[[str, str | None], ModuleType]


@pytest.fixture
def generate(tmp_path: Path) -> Iterator[Generate]:
    made: list[tuple[str, str]] = []

    def run(spec: str, config: str | None) -> ModuleType:
        work = tmp_path / f"w{next(_COUNTER)}"
        work.mkdir()
        (work / "api.yaml").write_text(spec, encoding="utf-8")
        (work / "gen.yaml").write_text(config or "", encoding="utf-8")
        package = f"wh_pkg_{next(_COUNTER)}"
        out = work / "out"
        args = ["--spec", str(work / "api.yaml"), "--out", str(out), "--package-name", package]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        sys.path.insert(0, str(out))
        made.append((package, str(out)))
        module = importlib.import_module(package)
        importlib.import_module(f"{package}.webhooks")  # sets module.webhooks
        return module

    try:
        yield run
    finally:
        for package, path in made:
            sys.path.remove(path)
            _forget(package)
