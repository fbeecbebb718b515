"""Test-suite wide set-up: Hypothesis profiles (see ``tests/hypo.py``) and the ``slow`` marker.

``make test`` runs everything; ``make test-fast`` leaves out the modules below, which check the
generated packages with external tools (mypy, ruff, their own test suites), compare against
oracles (jsonschema, pydantic, Prism), throw many generated inputs at gen or move 200 MiB
bodies through a local server.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hypo import load_profile

load_profile()

HERE = Path(__file__).resolve().parent

#: modules whose tests are all ``slow``
SLOW_MODULES = frozenset(
    {
        "client/test_client_prism.py",
        "errors/test_hardening.py",
        "fuzz/test_fuzz_smoke.py",
        "golden/test_decoders.py",
        "golden/test_quality.py",
        "kombo/test_oracle.py",
        "security/test_hostile_specs.py",
        "streams/test_large_files.py",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        relative = item.path.resolve().relative_to(HERE).as_posix()
        if relative in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _private_gen_cache() -> Iterator[None]:
    """gen's cache (compiled templates, records of runs) in a folder of the test session's
    own, so that tests neither read what earlier runs left nor fill the user's cache."""
    saved = os.environ.get("GEN_CACHE_DIR")
    with tempfile.TemporaryDirectory(prefix="gen-cache-") as folder:
        os.environ["GEN_CACHE_DIR"] = folder
        try:
            yield
        finally:
            if saved is None:
                os.environ.pop("GEN_CACHE_DIR", None)
            else:
                os.environ["GEN_CACHE_DIR"] = saved
