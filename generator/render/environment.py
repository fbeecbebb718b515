"""Render stage: planned files -> source text, through Jinja templates.

The environment is strict (an undefined name is an error, never an empty string), does no
autoescaping (the filters in :mod:`generator.filters` escape by target: literal, docstring,
comment) and looks templates up first in a user folder (``--templates``), then in the built-in
``templates/``. Files under ``runtime/`` are copied verbatim.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from .filters import FILTERS
from .shape_filters import SHAPE_FILTERS
from .type_filters import TYPE_FILTERS

__all__ = ["TEMPLATES", "PlannedFile", "environment", "render_files"]


def _builtin_templates() -> Path:
    here = Path(__file__).resolve().parents[1]
    for candidate in (here.parent / "templates", here / "_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the generator's templates folder is missing")


TEMPLATES = _builtin_templates()


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedFile:
    """One output file: rendered from ``template`` with ``context``, or copied from ``runtime``."""

    path: str  # relative, POSIX
    template: str | None = None
    runtime: str | None = None  # a file under templates/runtime/
    context: Mapping[str, Any] | None = None


@cache
def environment(override: Path | None = None) -> jinja2.Environment:
    folders = [str(override)] if override is not None else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, str(TEMPLATES)]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters.update(TYPE_FILTERS)
    env.filters.update(SHAPE_FILTERS)
    return env


def render_files(files: Sequence[PlannedFile], override: Path | None = None) -> dict[str, str]:
    env = environment(override)
    out: dict[str, str] = {}
    for f in files:
        if f.runtime is not None:
            out[f.path] = _runtime_text(f.runtime, override)
        elif f.template is not None:
            out[f.path] = env.get_template(f.template).render(**(f.context or {}))
    return out


def _runtime_text(name: str, override: Path | None) -> str:
    for folder in ([override] if override is not None else []) + [TEMPLATES]:
        path = folder / "runtime" / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"runtime file {name} is missing")
