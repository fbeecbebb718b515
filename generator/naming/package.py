"""The package's own name: a Python identifier that shadows nothing the package imports.

A generated package named ``json``, ``typing`` or ``httpx`` would be found first on
``sys.path`` by every ``import json`` (its own included), so such names are refused from
``--package-name`` and ``gen.yaml``; a name made from ``info.title`` gets ``_client`` instead.
"""

from __future__ import annotations

import keyword
import sys

from .words import identifier

__all__ = ["TAKEN_MODULES", "default_package_name", "package_name_problem"]

#: top-level names a generated package may not take (it would shadow them on sys.path)
TAKEN_MODULES = frozenset(sys.stdlib_module_names) | {
    "httpx",
    "httpcore",
    "anyio",
    "idna",
    "certifi",
    "sniffio",
    "h11",
    "generator",
    "tests",
}


def package_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name the package, or None when it can."""
    if not (name.isidentifier() and name.isascii() and not keyword.iskeyword(name)):
        return f"{name!r} is not a Python identifier"
    if name in TAKEN_MODULES:
        return f"{name!r} would shadow the module of that name that Python or the package needs"
    return None


def default_package_name(title: str) -> str:
    """``Kombo API`` -> ``kombo_api``; a name that is taken gets ``_client``."""
    name = identifier(title)
    return f"{name}_client" if name in TAKEN_MODULES or name.startswith("_") else name
