"""Fixtures that import the runtime templates as a throw-away package.

The files in ``templates/runtime`` use relative imports, so they are copied into
``<tmp_path>/rtpkg/`` (with an empty ``__init__.py``) and imported from there. Only the
requested modules and the sibling modules they import are copied; the package is removed
from ``sys.modules`` and ``sys.path`` after each test.
"""

from __future__ import annotations

import ast
import importlib
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

RUNTIME_DIR = Path(__file__).resolve().parents[2] / "templates" / "runtime"
PACKAGE = "rtpkg"


def _sibling_imports(path: Path) -> set[str]:
    """Names of the modules imported relatively (``from .x import y``) by ``path``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _copy_with_dependencies(modules: list[str], target: Path) -> None:
    pending, done = list(modules), set()
    while pending:
        name = pending.pop()
        if name in done:
            continue
        done.add(name)
        source = RUNTIME_DIR / f"{name}.py"
        shutil.copy(source, target / source.name)
        pending.extend(_sibling_imports(source))


def _forget_package() -> None:
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


@pytest.fixture
def rt(tmp_path: Path) -> Iterator[SimpleNamespace]:
    """Namespace with the freshly imported ``http`` (``_http``), ``errors`` and ``base``."""
    package_dir = tmp_path / PACKAGE
    package_dir.mkdir()
    (package_dir / "__init__.py").write_text("", encoding="utf-8")
    _copy_with_dependencies(["_http", "errors", "_base"], package_dir)
    _forget_package()
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    try:
        http: ModuleType = importlib.import_module(f"{PACKAGE}._http")
        errors: ModuleType = importlib.import_module(f"{PACKAGE}.errors")
        base: ModuleType = importlib.import_module(f"{PACKAGE}._base")
        yield SimpleNamespace(http=http, errors=errors, base=base)
    finally:
        _forget_package()
        sys.path.remove(str(tmp_path))


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Callable[[str], ModuleType]]:
    """``runtime("_webhooks")`` imports that runtime module (and its siblings) afresh."""
    package_dir = tmp_path / PACKAGE
    package_dir.mkdir()
    (package_dir / "__init__.py").write_text("", encoding="utf-8")
    _forget_package()
    sys.path.insert(0, str(tmp_path))

    def load(name: str) -> ModuleType:
        _copy_with_dependencies([name], package_dir)
        importlib.invalidate_caches()
        return importlib.import_module(f"{PACKAGE}.{name}")

    try:
        yield load
    finally:
        _forget_package()
        sys.path.remove(str(tmp_path))


@pytest.fixture
def rtx(tmp_path: Path) -> Iterator[SimpleNamespace]:
    """Namespace with every runtime module a list operation uses (``base``, ``http``,
    ``pagination``, ``response``, ``unset``, ``errors``), freshly imported."""
    package_dir = tmp_path / PACKAGE
    package_dir.mkdir()
    (package_dir / "__init__.py").write_text("", encoding="utf-8")
    names = {"base": "_base", "http": "_http", "pagination": "_pagination"}
    names |= {"response": "_response", "unset": "_unset", "errors": "errors"}
    _copy_with_dependencies(list(names.values()), package_dir)
    _forget_package()
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    try:
        modules = {k: importlib.import_module(f"{PACKAGE}.{v}") for k, v in names.items()}
        yield SimpleNamespace(**modules)
    finally:
        _forget_package()
        sys.path.remove(str(tmp_path))
