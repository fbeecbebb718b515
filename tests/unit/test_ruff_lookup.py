"""Which ruff formats the output: the one installed with gen, never a stray one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

from generator.output import format as fmt


def test_in_a_virtual_environment_the_script_beside_python(monkeypatch: pytest.MonkeyPatch) -> None:
    if sys.prefix == sys.base_prefix:
        pytest.fail("the tests run in the project's virtual environment (make test)")
    assert fmt._ruff() == [str(Path(sys.prefix) / "bin" / "ruff")]
    assert Path(fmt._ruff()[0]).samefile(find_ruff_bin())


def test_outside_a_virtual_environment_the_ruff_package_decides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A system Python (prefix /usr) may keep pip's scripts in /usr/local/bin while another
    ruff sits in /usr/bin: the package's own lookup is asked, not the prefix."""
    stray = tmp_path / "bin" / "ruff"
    stray.parent.mkdir()
    stray.write_text("#!/bin/sh\necho stray\n")
    package = tmp_path / "local" / "lib" / "python3" / "dist-packages" / "ruff" / "__init__.py"
    found = importlib.util.spec_from_file_location("ruff", package)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n: found if n == "ruff" else real(n))
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setattr(sys, "base_prefix", str(tmp_path))
    assert fmt._ruff() == [str(find_ruff_bin())]
    assert fmt._ruff() != [str(stray)]
