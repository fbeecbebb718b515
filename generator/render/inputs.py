"""What each rendered file depends on, as one digest per file (for incremental re-runs).

A template reads only some of the names in its context (``models/module.py.jinja`` reads
``header``, ``mod`` and ``title``, not the client plan every context also carries); Jinja
tells which from the template's syntax tree. A file's digest covers the run's options (which
include gen's own code and templates, see :mod:`generator.output.record`), the template, the
path and the ``repr`` of each value the template reads: plan data is frozen dataclasses,
tuples, strings and numbers, whose ``repr`` shows every field. Equal digests therefore mean
equal rendered text; a value whose ``repr`` is not stable between runs (a set of strings)
only costs a render, never a wrong file. The client plan is digested from its parts: each
operation group's digest (the group's own module reads the group whole, so it is digested
once) and the ``repr`` of the rest.

A template that reaches further than its own context (``{% include %}``, ``{% extends %}``,
an ``import ... with context`` of a template that does) counts as reading every name. The
names each template reads are kept in the cache folder per set of templates (by digest).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes

from ..cache import cache_folder, private_folder
from ..plan.client.plans import ClientPlan
from ..plan.files import PlannedFile

__all__ = ["input_digests"]

#: "every name in the context"
_ALL: frozenset[str] = frozenset({"*"})


def _names_read(env: jinja2.Environment, name: str, seen: frozenset[str]) -> frozenset[str]:
    """The context names template ``name`` (and what it imports with context) may read."""
    if name in seen:
        return frozenset()
    source = env.loader.get_source(env, name)[0] if env.loader is not None else ""
    tree = env.parse(source)
    found = set(meta.find_undeclared_variables(tree))
    if any(tree.find_all((nodes.Include, nodes.Extends))):
        return _ALL
    imports: list[nodes.Import | nodes.FromImport] = [
        *tree.find_all(nodes.Import),
        *tree.find_all(nodes.FromImport),
    ]
    for node in imports:
        if not node.with_context:
            continue
        if not isinstance(node.template, nodes.Const):
            return _ALL
        more = _names_read(env, str(node.template.value), seen | {name})
        if more == _ALL:
            return _ALL
        found |= more
    return frozenset(found)


def _known_reads(templates: str) -> tuple[Path | None, dict[str, frozenset[str]]]:
    """Where the names each template reads are kept between runs (parsing the templates to
    find them costs more than a small spec's whole run), and what is kept there, for the
    templates whose digest is ``templates``."""
    root = cache_folder()
    if root is None:
        return None, {}
    key = hashlib.sha256(f"{templates}\0{jinja2.__version__}".encode()).hexdigest()
    path = root / "template-reads" / f"{key[:32]}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return path, {str(k): frozenset(str(n) for n in v) for k, v in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return path, {}


def _keep_reads(path: Path, reads: Mapping[str, frozenset[str]]) -> None:
    if not private_folder(path.parent):
        return
    try:
        handle, temporary = tempfile.mkstemp(prefix=".reads-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump({k: sorted(v) for k, v in sorted(reads.items())}, file)
        os.replace(temporary, path)
    except OSError:
        return


def input_digests(
    files: Sequence[PlannedFile], env: jinja2.Environment, salt: str, templates: str
) -> dict[str, str]:
    """Path -> digest of what the file's text depends on, for every templated file; ``salt``
    covers everything else the text depends on (options, gen's code), ``templates`` is a
    digest of every template ``env`` can load."""
    kept, reads = _known_reads(templates)
    known = len(reads)
    values: dict[int, str] = {}  # id of a context value -> digest of its repr (shared values)

    def value_digest(value: Any) -> str:
        key = id(value)
        done = values.get(key)
        if done is None:
            if isinstance(value, ClientPlan):  # its groups are digested once, for their modules
                groups = [value_digest(group) for group in value.namespaces]
                text = "\0".join([repr(replace(value, namespaces=())), *groups])
            else:
                text = repr(value)
            done = values[key] = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()
        return done

    out: dict[str, str] = {}
    for f in files:
        if f.template is None:
            continue
        if f.template not in reads:
            reads[f.template] = _names_read(env, f.template, frozenset())
        context: Mapping[str, Any] = f.context or {}
        names = sorted(context) if reads[f.template] == _ALL else sorted(reads[f.template])
        total = hashlib.sha256(f"{salt}\0{f.template}\0{f.path}".encode())
        for name in names:
            if name in context:
                total.update(f"\0{name}={value_digest(context[name])}".encode())
        out[f.path] = total.hexdigest()
    if kept is not None and len(reads) > known:
        _keep_reads(kept, reads)
    return out
