"""Fixtures for the error tests (helpers are in errors_support.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import generator.cli

pytest.register_assert_rewrite("errors_support")


@pytest.fixture(autouse=True)
def no_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    """No progress lines (a slow machine would add them to the exact messages compared)."""
    monkeypatch.setattr(generator.cli, "PROGRESS_AFTER", 3600.0)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty current directory for one test."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
