"""The ``gen`` command: the only module that prints or exits.

Exit codes: 0 success; 1 ``--check`` found a difference (or ``gen diff`` found a breaking
change); 2 bad input or usage. A traceback is printed only for a bug in the generator itself,
with a line asking to report it.
"""

from __future__ import annotations

import keyword
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .config import Config
from .diagnostics import GenerationError
from .diff.run import run_diff
from .output.format import FormatError
from .output.write import OutputConflict
from .pipeline import Result, generate

__all__ = ["main"]

_REPORT = "This is a bug in gen; please report it with the spec that triggers it."


_SHOWN_PAGINATED = 8


def _print_warnings(result_warnings: tuple[object, ...], verbose: bool) -> None:
    for w in result_warnings:
        click.echo(getattr(w, "format")(), err=True)  # noqa: B009


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--spec", type=click.Path(path_type=Path, dir_okay=True), help="OpenAPI file.")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Output folder (default: generated/<package-name>).",
)
@click.option("--package-name", help="Python package name (default: from info.title).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 with a diff if OUT is stale.")
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder of templates overriding the built-in ones by relative name.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Generator configuration file (default: gen.yaml beside the spec).",
)
@click.option("-v", "--verbose", is_flag=True, help="More detail in messages.")
@click.version_option(__version__, prog_name="gen")
@click.pass_context
def cli(
    ctx: click.Context,
    spec: Path | None,
    out: Path | None,
    package_name: str | None,
    check: bool,
    templates: Path | None,
    config_file: Path | None,
    verbose: bool,
) -> None:
    """Generate a typed Python client package from an OpenAPI 3.0/3.1 document."""
    if ctx.invoked_subcommand is not None:
        return
    if spec is None:
        raise click.UsageError("missing option '--spec' (the OpenAPI file to generate from)")
    if package_name is not None and not (
        package_name.isidentifier()
        and package_name.isascii()
        and not keyword.iskeyword(package_name)
    ):
        raise click.BadParameter(
            f"{package_name!r} is not a Python identifier", param_hint="'--package-name'"
        )
    config = Config(
        spec=spec,
        out=out,
        package_name=package_name,
        check=check,
        templates=templates,
        config=config_file,
        verbose=verbose,
    )
    sys.exit(_run(config))


@cli.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text for people, json for machines.",
)
def diff_command(old: Path, new: Path, fmt: str) -> None:
    """Compare two specs at the API level; exit 1 when a change breaks clients."""
    code, text = run_diff(old, new, fmt)
    click.echo(text, nl=False, err=code == 2)
    sys.exit(code)


def _run(config: Config) -> int:
    try:
        result = generate(config)
    except GenerationError as exc:
        for d in exc.diagnostics:
            click.echo(d.format(), err=True)
        errors = exc.error_count
        click.echo(
            f"gen: {errors} error{'s' if errors != 1 else ''}; nothing was written.", err=True
        )
        return 2
    except OutputConflict as exc:
        click.echo(f"gen: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        click.echo("gen: interrupted; the previous output is unchanged.", err=True)
        return 130
    except FormatError as exc:
        click.echo(
            f"gen: formatting the output failed; nothing was written.\n{exc}\n{_REPORT}", err=True
        )
        return 3
    except Exception:  # a bug: show it, ask for a report
        traceback.print_exc()
        click.echo(_REPORT, err=True)
        return 3
    return _report(config, result)


def _print_paginated(paginated: tuple[tuple[str, str, str], ...], verbose: bool) -> None:
    if not paginated:
        return
    shown = paginated if verbose else paginated[:_SHOWN_PAGINATED]
    names = ", ".join(f"{method} ({scheme})" for _, method, scheme in shown)
    more = (
        f", and {len(paginated) - len(shown)} more (-v lists all)"
        if paginated[len(shown) :]
        else ""
    )
    click.echo(f"gen: {len(paginated)} paginated operation(s): {names}{more}.", err=True)


def _report(config: Config, result: Result) -> int:
    _print_warnings(result.warnings, config.verbose)
    _print_paginated(result.paginated, config.verbose)
    changed = result.outcome.changed
    if config.check:
        if changed:
            click.echo(result.outcome.diff, nl=False)
            click.echo(
                f"gen: {len(changed)} file(s) in {result.out} differ from the spec:", err=True
            )
            for name in changed:
                click.echo(f"  {name}", err=True)
            return 1
        click.echo(f"gen: {result.out} is up to date.", err=True)
        return 0
    click.echo(f"gen: wrote {result.out} ({len(changed)} file(s) changed).", err=True)
    return 0


def main() -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    cli.main(prog_name="gen", standalone_mode=True)
