"""The pipeline: load -> build IR -> plan -> render -> format -> write, one pure stage each.

:func:`generate` runs them for one :class:`Config` and returns what happened; it raises
:class:`~generator.diagnostics.GenerationError` for bad input (nothing is written then) and
never prints: reporting is the CLI's job.
"""

from __future__ import annotations

import gc
import hashlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import __version__
from .config import Config
from .config_file import FileConfig, check_against, find_config, read_config
from .diagnostics import Diagnostic, GenerationError, Reporter
from .ir.build import build_api
from .load.loader import SourceSet, load
from .load.sourcemap import Locator
from .naming.package import default_package_name
from .output.format import FORMATTED_SUFFIXES, format_tree, formatter_id
from .output.incremental import rendered_digests, reusable_renders, write_output
from .output.record import (
    RunRecord,
    options_digest,
    read_record,
    tool_digest,
    unchanged,
    write_record,
)
from .output.write import MANIFEST, Outcome
from .plan.package import plan_package
from .render.environment import TEMPLATES, environment, formatted_already, render_files
from .render.inputs import input_digests

__all__ = ["Progress", "Result", "default_package_name", "generate"]


@dataclass(frozen=True, slots=True)
class Result:
    """What a run did: the output folder and package, what changed, the warnings."""

    out: Path
    package: str
    outcome: Outcome
    warnings: tuple[Diagnostic, ...]
    #: (operationId, ``group.method``, scheme) of each operation that pages
    paginated: tuple[tuple[str, str, str], ...] = ()


def _with_file_config(config: Config, reporter: Reporter) -> tuple[Config, FileConfig, str]:
    """The run's options with the generator configuration file merged in (CLI wins)."""
    path = find_config(config.spec, config.config)
    if path is None:
        return config, FileConfig(), ""
    found = read_config(path, reporter)
    merged = replace(
        config,
        package_name=config.package_name or found.package_name,
        namespaces=found.namespaces + config.namespaces,
        method_names=found.method_names + config.method_names,
        retry_safe=found.retry_safe + config.retry_safe,
        tasks=found.tasks + config.tasks,
        strict=config.strict or found.strict,
        client_defaults=found.client_defaults + config.client_defaults,
        webhook_signature=config.webhook_signature or found.webhook_signature,
        pagination=found.pagination or config.pagination,
        idempotency_header=config.idempotency_header or found.idempotency_header,
        native_dates=config.native_dates if found.native_dates is None else found.native_dates,
    )
    return merged, found, str(path)


def _spec_digest(sources: SourceSet) -> str:
    """The entry document's SHA-256, or with other files, one over all of them (by name)."""
    docs = sorted((d.file_id, d.sha256) for d in sources.documents.values() if d is not None)
    if len(docs) == 1:
        return docs[0][1]
    return hashlib.sha256("\n".join(f"{f} {h}" for f, h in docs).encode()).hexdigest()


#: ``progress(step, total, text)``: a stage begins (for people; see the CLI)
Progress = Callable[[int, int, str], None]

_STEPS = 6


def _quiet(step: int, total: int, text: str) -> None:
    """The default progress hook: says nothing."""


def generate(config: Config, progress: Progress = _quiet) -> Result:
    # planning and rendering recurse per schema level (bounded by the loader's depth limits);
    # the caller's limit is restored afterwards
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    # a run builds millions of long-lived objects and almost no garbage cycles: the cyclic
    # collector would walk them again and again (1.5 s of 8.9 on Stripe) to free ~2 MB of its
    # 256 MB peak, so it pauses for the run; the caller's setting is restored afterwards
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _generate(config, progress)
    finally:
        sys.setrecursionlimit(limit)
        if collecting:
            gc.enable()


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


def _generate(config: Config, progress: Progress) -> Result:
    progress(1, _STEPS, f"reading {config.spec}")
    settings = Reporter()  # problems of the configuration file, reported with the spec's
    config, file_config, config_display = _with_file_config(config, settings)
    settings.strict = config.strict
    reporter = Reporter(default_file=str(config.spec), strict=config.strict)
    options = _run_options(config, config_display)
    done = read_record(options)
    if done is not None and unchanged(done, options):  # same inputs, output intact
        return Result(Path(done.out), done.package, Outcome((), ""), done.warnings)
    sources = load(config.spec, reporter)
    if sources is None:
        raise GenerationError(settings.items() + reporter.items())
    locate = Locator(sources)
    progress(2, _STEPS, "checking the spec")
    api = build_api(sources, reporter)
    if api is not None and config_display:
        check_against(file_config, api, settings, config_display)
    if settings.failed or reporter.failed:
        raise GenerationError(settings.items() + reporter.items(locate))
    assert api is not None
    package = config.package_name or default_package_name(api.title)
    out = config.out or Path("generated") / package
    header = "Generated by gen; do not edit (see .gen-manifest.json)."
    counts = f"{_count(len(api.schemas), 'schema')}, {_count(len(api.operations), 'operation')}"
    progress(3, _STEPS, f"planning {counts}")
    plan = plan_package(api, package, header, config, reporter)
    reporter.raise_if_errors(locate)
    # a file whose inputs are those of the previous run's, whose text the output still holds
    # as formatted then, is neither rendered nor formatted again
    templates = options_digest(tool_digest(TEMPLATES), config.templates)
    inputs = input_digests(plan.files, environment(config.templates), options, templates)
    earlier = done.renders if done is not None and Path(done.out) == out else {}
    same = {n: earlier[n][1] for n, d in inputs.items() if n in earlier and earlier[n][0] == d}
    known = reusable_renders(out, same, formatter_id()) if same else {}
    todo = [f for f in plan.files if f.path not in known]
    progress(4, _STEPS, f"rendering {_count(len(todo), 'file')}")
    files = render_files(todo, config.templates)
    rendered = {**rendered_digests(files), **known}
    warnings = reporter.items(locate)
    meta: dict[str, object] = {
        "generator": f"gen {__version__}",
        "spec": config.spec.name,
        "spec_sha256": _spec_digest(sources),
        "package": package,
        "formatter": formatter_id(),
    }
    workarounds = [_workaround(d, config.spec.parent) for d in warnings if d.is_workaround]
    if workarounds:  # each defect of the spec gen worked around, and how
        meta["workarounds"] = workarounds

    final = formatted_already(todo, config.templates)

    def prepare(stage: Path, staged: Sequence[str]) -> Sequence[str]:  # the changed files
        chosen = [n for n in staged if n.endswith(FORMATTED_SUFFIXES) and n not in final]
        progress(5, _STEPS, f"formatting {_count(len(chosen), 'file')} with ruff")
        format_tree(stage, chosen)
        progress(6, _STEPS, f"{'comparing with' if config.check else 'writing'} {out}")
        return chosen

    outcome = write_output(out, files, meta, prepare, check=config.check, rendered=rendered)
    if not config.check or not outcome.changed:
        renders = {n: (d, rendered[n]) for n, d in inputs.items() if n in rendered}
        _remember(options, out, package, sources, config_display, tuple(warnings), renders)
    return Result(
        out=out,
        package=package,
        outcome=outcome,
        warnings=tuple(warnings),
        paginated=plan.paginated,
    )


def _workaround(d: Diagnostic, folder: Path) -> dict[str, str]:
    """A workaround as the manifest records it: where (the file relative to the spec's folder,
    so the manifest does not depend on how the spec was named), the defect, and what gen did
    instead."""
    file = os.path.relpath(d.file, folder) if d.file is not None else None
    place = ":".join(str(part) for part in (file, d.line, d.column) if part is not None)
    return {"at": place, "pointer": d.pointer, "defect": d.message, "instead": d.instead or ""}


def _run_options(config: Config, config_file: str) -> str:
    """Everything besides the documents' contents that decides a run's output."""
    chosen = (
        os.getcwd(),
        str(config.spec.absolute()),
        str(config.out.absolute()) if config.out else None,
        config.package_name,
        str(config.templates.absolute()) if config.templates else None,
        config.method_names,
        config.retry_safe,
        config.tasks,
        config.namespaces,
        config.strict,
        config.client_defaults,
        config.webhook_signature,
        config.pagination,
        config.idempotency_header,
        config.native_dates,
        sorted(config.extra.items()),
        str(Path(config_file).absolute()) if config_file else None,
        tool_digest(TEMPLATES),
    )
    return options_digest(repr(chosen), config.templates)


def _remember(
    options: str,
    out: Path,
    package: str,
    sources: SourceSet,
    config_file: str,
    warnings: tuple[Diagnostic, ...],
    renders: dict[str, tuple[str, str]],
) -> None:
    """Record the run for the next one (see :mod:`generator.output.record`)."""
    read = [d for d in sources.documents.values() if d is not None]
    if any(not d.sha256 or not d.path.is_file() for d in read):
        return  # a pipe or a file that changed while read: nothing to compare with later
    documents = {str(d.path.absolute()): d.sha256 for d in read}
    if config_file:
        path = Path(config_file).absolute()
        documents[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest = hashlib.sha256((out / MANIFEST).read_bytes()).hexdigest()
    record = RunRecord(options, str(out), package, documents, manifest, warnings, renders)
    write_record(record)
