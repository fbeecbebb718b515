"""Fixtures for the error tests (helpers are in errors_support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.register_assert_rewrite("errors_support")


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty current directory for one test."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
