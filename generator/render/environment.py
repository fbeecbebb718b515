"""Render stage: planned files -> source text, through Jinja templates.

The environment is strict (an undefined name is an error, never an empty string), does no
autoescaping (the filters in :mod:`generator.filters` escape by target: literal, docstring,
comment) and looks templates up first in a user folder (``--templates``), then in the built-in
``templates/``. Files under ``runtime/`` are copied verbatim.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import jinja2

from ..plan.files import PlannedFile
from .batch_filters import BATCH_FILTERS
from .bytecode import template_cache
from .filters import FILTERS
from .finish import finish_python
from .shape_filters import SHAPE_FILTERS
from .type_filters import TYPE_FILTERS

__all__ = ["TEMPLATES", "PlannedFile", "environment", "formatted_already", "render_files"]


def _builtin_templates() -> Path:
    here = Path(__file__).resolve().parents[1]
    for candidate in (here.parent / "templates", here / "_templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the generator's templates folder is missing")


TEMPLATES = _builtin_templates()


#: how templates are read (the compiled-template cache's key; keep in step with the call)
_LEXER = "trim_blocks lstrip_blocks keep_trailing_newline"


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
        # gen's own templates are not checked for changes on every use (a stat per file);
        # a --templates folder is, as a program may generate again after editing it
        auto_reload=override is not None,
        bytecode_cache=template_cache(_LEXER),
    )
    env.filters.update(FILTERS)
    env.filters.update(TYPE_FILTERS)
    env.filters.update(SHAPE_FILTERS)
    env.filters.update(BATCH_FILTERS)
    return env


def render_files(files: Sequence[PlannedFile], override: Path | None = None) -> dict[str, str]:
    env = environment(override)
    out: dict[str, str] = {}
    for f in files:
        if f.runtime is not None:
            out[f.path] = _runtime_text(f.runtime, override)
        elif f.template is not None:
            text = env.get_template(f.template).render(**(f.context or {}))
            out[f.path] = finish_python(text) if f.path.endswith(".py") else text
    return out


def formatted_already(files: Sequence[PlannedFile], override: Path | None = None) -> set[str]:
    """The files copied from gen's own ``runtime/`` folder: they are kept formatted as ruff
    formats the output (``tests/unit/test_format.py`` holds them to it), so the format stage
    skips them. A runtime file of a ``--templates`` folder is formatted like any other."""
    return {
        f.path
        for f in files
        if f.runtime is not None
        and (override is None or not (override / "runtime" / f.runtime).is_file())
    }


def _runtime_text(name: str, override: Path | None) -> str:
    for folder in ([override] if override is not None else []) + [TEMPLATES]:
        path = folder / "runtime" / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise FileNotFoundError(f"runtime file {name} is missing")
