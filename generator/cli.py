"""The ``gen`` command: the only module that prints or exits.

Exit codes: 0 success; 1 ``--check`` found a difference (or ``gen diff`` found a breaking
change); 2 bad input or usage. A traceback is printed only for a bug in the generator itself,
with a line asking to report it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from types import FrameType
from typing import TextIO

import click

from . import __version__
from .config import Config
from .diagnostics import GenerationError, Level
from .naming.package import package_name_problem
from .output.format import FormatError
from .output.write import OutputConflict
from .pipeline import Result, generate

__all__ = ["main"]

_REPORT = "This is a bug in gen; please report it with the spec that triggers it."


#: a run shows its progress once it has taken this long (seconds)
PROGRESS_AFTER = 1.0


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised like Ctrl-C so every ``finally`` cleans up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


class _Progress:
    """``gen: [3/6] planning 120 schemas, 14 operations`` on stderr, from a second into the run.

    On a terminal one line is rewritten in place (and erased at the end); otherwise each stage
    is a plain line. With ``always`` (``-v``) every stage shows from the start, with its time.
    """

    def __init__(self, stream: TextIO, *, always: bool) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._always = always
        self._start = time.monotonic()
        self._lock = threading.Lock()
        self._line = ""
        self._shown = always
        self._width = 0
        self._timer = threading.Timer(PROGRESS_AFTER, self._due)
        self._timer.daemon = True
        if not always:
            self._timer.start()

    def __call__(self, step: int, total: int, text: str) -> None:
        elapsed = f" ({time.monotonic() - self._start:.1f} s)" if self._always else ""
        with self._lock:
            self._line = f"gen: [{step}/{total}] {text}{elapsed}"
            if self._shown:
                self._emit()

    def _due(self) -> None:
        with self._lock:
            self._shown = True
            if self._line:
                self._emit()

    def _emit(self) -> None:
        try:
            if not self._tty:
                self._stream.write(self._line + "\n")
            else:
                columns = shutil.get_terminal_size().columns - 1
                line = self._line[:columns].ljust(self._width)  # covers a longer line before
                self._stream.write("\r" + line)
                self._width = len(line)
            self._stream.flush()
        except (OSError, ValueError):  # stderr closed or its reader gone (``2>&1 | head``):
            self._always = self._shown = False  # the run goes on without progress lines
            self._width = 0
            self._timer.cancel()

    def close(self) -> None:
        """Stop; on a terminal erase the line (what follows is the report)."""
        self._timer.cancel()
        with self._lock:
            self._shown = False
            if self._tty and self._width:
                self._stream.write("\r" + " " * self._width + "\r")
                self._stream.flush()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


#: paginated operations listed by name on the last lines (``-v``: all of them)
_SHOWN_PAGINATED = 8


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
@click.option(
    "-v",
    "--verbose",
    "verbosity",
    flag_value="verbose",
    help="Show every stage as it starts, with times.",
)
@click.option("-q", "--quiet", "verbosity", flag_value="quiet", help="Print errors only.")
@click.option(
    "--strict",
    is_flag=True,
    help="Every defect of the spec is an error (default: a warning and a stated workaround).",
)
@click.version_option(__version__, prog_name="gen")
@click.pass_context
def cli(  # noqa: PLR0913, PLR0917  (one parameter per option)
    ctx: click.Context,
    spec: Path | None,
    out: Path | None,
    package_name: str | None,
    check: bool,
    templates: Path | None,
    config_file: Path | None,
    verbosity: str | None,
    strict: bool,
) -> None:
    """Generate a typed Python client package from an OpenAPI 3.0/3.1 document."""
    if ctx.invoked_subcommand is not None:
        return
    if spec is None:
        raise click.UsageError("missing option '--spec' (the OpenAPI file to generate from)")
    problem = package_name_problem(package_name) if package_name is not None else None
    if problem is not None:
        raise click.BadParameter(problem, param_hint="'--package-name'")
    config = Config(
        spec=spec,
        out=out,
        package_name=package_name,
        check=check,
        templates=templates,
        config=config_file,
        verbose=verbosity == "verbose",
        strict=strict,
    )
    sys.exit(_run(config, quiet=verbosity == "quiet"))


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
    from .diff.run import run_diff  # noqa: PLC0415  (imported by this command only: start-up)

    code, text = run_diff(old, new, fmt)
    click.echo(text, nl=False, err=code == 2)
    sys.exit(code)


def _run(config: Config, *, quiet: bool = False) -> int:
    progress = None if quiet else _Progress(sys.stderr, always=config.verbose)
    try:
        result = generate(config, progress or _silent)
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
    except KeyboardInterrupt as exc:
        if progress is not None:
            progress.close()
        click.echo("gen: interrupted; the previous output is unchanged.", err=True)
        return 128 + getattr(exc, "signum", signal.SIGINT)
    except FormatError as exc:
        click.echo(
            f"gen: formatting the output failed; nothing was written.\n{exc}\n{_REPORT}", err=True
        )
        return 3
    except Exception:  # a bug: show it, ask for a report
        traceback.print_exc()
        click.echo(_REPORT, err=True)
        return 3
    finally:
        if progress is not None:
            progress.close()
    return _report(config, result, quiet)


def _silent(step: int, total: int, text: str) -> None:
    """No progress (``--quiet``)."""


def _summary(result: Result) -> str:
    """``3 warnings, 1 workaround`` for the last line (workarounds are warnings too)."""
    warnings = [d for d in result.warnings if d.level is Level.WARNING]
    workarounds = sum(1 for d in warnings if d.is_workaround)
    return f"{_plural(len(warnings), 'warning')}, {_plural(workarounds, 'workaround')}"


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


def _report(config: Config, result: Result, quiet: bool) -> int:
    def say(text: str) -> None:
        if not quiet:
            click.echo(text, err=True)

    for w in result.warnings:
        say(w.format())
    if not quiet:
        _print_paginated(result.paginated, config.verbose)

    changed = result.outcome.changed
    if config.check:
        if changed:
            click.echo(result.outcome.diff, nl=False)
            say(f"gen: {_plural(len(changed), 'file')} in {result.out} differ from the spec:")
            for name in changed:
                say(f"  {name}")
            say(f"gen: nothing was written; {_summary(result)}.")
            return 1
        say(f"gen: {result.out} is up to date; {_summary(result)}.")
        return 0
    files = _plural(len(changed), "file")
    say(f"gen: wrote {result.out} ({files} changed); {_summary(result)}.")
    return 0


def main() -> None:
    """The ``gen`` command: SIGTERM and SIGHUP stop it like Ctrl-C (cleaning up), no traceback."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # started with it closed (``2>&-``): say nothing
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)
    try:
        code = cli.main(prog_name="gen", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except (KeyboardInterrupt, click.Abort) as exc:
        click.echo("gen: interrupted; nothing was written.", err=True)
        # click turns an interrupt outside the command's own handling into Abort: the signal
        # that caused it is on the original exception
        cause = exc.__cause__ or exc.__context__ if isinstance(exc, click.Abort) else exc
        code = 128 + getattr(cause, "signum", signal.SIGINT)
    except BrokenPipeError:  # stdout closed early (gen ... | head): not an error of gen
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    sys.exit(code if isinstance(code, int) else 0)
