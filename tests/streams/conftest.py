"""The package generated from tests/golden/specs/files_streams.yaml, imported for the session
under its own name (``gen`` runs in process on the spec, into a temporary folder)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "golden" / "specs" / "files_streams.yaml"
PACKAGE = "fs_client"


@pytest.fixture(scope="session")
def fs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("files-streams") / "out"
    result = CliRunner().invoke(
        cli, ["--spec", str(SPEC), "--out", str(out), "--package-name", PACKAGE]
    )
    assert result.exit_code == 0, result.output
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]
