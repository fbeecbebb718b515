"""The benchmark scripts still read the generated package's layout (they run outside make test)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from import_time import package_of  # noqa: E402


def test_import_time_finds_a_model_class_of_the_committed_client() -> None:
    name, model = package_of(ROOT / "generated" / "kombo_api")
    assert name == "kombo_api"
    assert model[:1].isupper(), model  # a class, not a module name
    models = (ROOT / "generated" / "kombo_api" / name / "models" / "__init__.py").read_text()
    assert f'    "{model}",' in models
