"""The validators split into ``_validators/<module>.py``: modules load on first use, every one
imports on its own (no import-time cycles, even between recursive schemas), results unchanged.

Each check runs in a fresh interpreter, so what is in ``sys.modules`` is what the code loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .support import installed, package_name, spec_stems


def run(stem: str, code: str, prelude: str = "") -> object:
    """Run ``code`` (``pkg`` is the package's name) in a fresh interpreter; its last
    printed line, read as JSON."""
    head = f"import json, sys\npkg = {package_name(stem)!r}\n{prelude}"
    program = head + textwrap.dedent(code)
    done = subprocess.run(
        [sys.executable, "-B", "-c", program],
        cwd=installed(stem),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


LOADED = """
def loaded():
    prefix = pkg + "._validators."
    return sorted(name[len(prefix):] for name in sys.modules if name.startswith(prefix))
"""


@pytest.mark.parametrize("stem", spec_stems())
def test_every_module_imports_alone(stem: str) -> None:
    folder = installed(stem) / package_name(stem) / "_validators"
    modules = sorted(p.stem for p in folder.glob("_*.py") if not p.stem.startswith("__"))
    assert modules, "no validator modules"
    found = run(
        stem,
        """
        import importlib
        folder = __import__(pkg + "._validators", fromlist=["x"]).__path__[0]
        import os
        done = []
        for file in sorted(os.listdir(folder)):
            if not file.startswith("_") or file.startswith("__") or not file.endswith(".py"):
                continue
            for name in [n for n in sys.modules if n.startswith(pkg + "._validators.")]:
                del sys.modules[name]
            importlib.import_module(pkg + "._validators." + file[:-3])
            done.append(file[:-3])
        print(json.dumps(done))
        """,
    )
    assert found == modules


def test_a_recursive_pair_loads_its_other_half_on_first_use() -> None:
    found = run(
        "recursion",
        prelude=LOADED,
        code="""
        validators = __import__(pkg + ".validators", fromlist=["x"])
        before = loaded()
        ok = validators.validate_a({"name": "x", "b": {"a": {"name": "y"}}})
        bad = validators.validate_a({"name": "x", "b": {"a_list": [{"name": 1}]}})
        print(json.dumps([before, loaded(), ok, [str(i) for i in bad]]))
        """,
    )
    assert found == [
        [],
        ["_a", "_b"],
        [],
        ["$.b.a_list[0].name: expected string, got integer"],
    ]


def test_a_discriminator_table_loads_an_alternative_only_when_its_tag_comes() -> None:
    found = run(
        "discriminator_mapping",
        prelude=LOADED,
        code="""
        validators = __import__(pkg + ".validators", fromlist=["x"])
        missing = validators.validate_pet({})
        after_missing = loaded()
        cat = validators.validate_pet({"pet_type": "cat", "lives": 10})
        texts = [[str(i) for i in issues] for issues in (missing, cat)]
        print(json.dumps([after_missing, loaded(), *texts]))
        """,
    )
    after_missing, after_cat, missing, cat = found  # type: ignore[misc]
    assert after_missing == ["_pet"]
    assert after_cat == ["_cat", "_pet"]
    assert missing == ["$: missing discriminator property 'pet_type'"]
    assert cat == ["$.lives: must be <= 9"]


def test_an_operation_group_loads_only_the_validators_its_call_uses() -> None:
    found = run(
        "recursion",
        prelude=LOADED,
        code="""
        import httpx
        client_module = __import__(pkg, fromlist=["Client"])
        body = {"name": "x", "b": {"a_list": [{"name": "y"}]}}
        client = client_module.Client(
            base_url="https://api.invalid",
            transport=httpx.MockTransport(lambda request: httpx.Response(200, json=body)),
        )
        group = client.pairs
        after_group = loaded()
        pair = group.get_pair()
        print(json.dumps([after_group, loaded(), pair.b.a_list[0].name]))
        """,
    )
    after_group, after_call, name = found  # type: ignore[misc]
    assert after_group == []
    assert "_tree_node" not in after_call and "_a" in after_call
    assert name == "y"


def test_the_public_registry_is_unchanged_in_shape() -> None:
    root = installed("recursion") / package_name("recursion")
    text = (root / "validators.py").read_text(encoding="utf-8")
    assert "SCHEMA_VALIDATORS" in text and "WEBHOOK_VALIDATORS" in text
    assert not (root / "validators").exists()
    assert Path(root / "_validators" / "__init__.py").is_file()
