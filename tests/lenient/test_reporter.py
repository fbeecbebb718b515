"""The Reporter's part in best effort: workarounds, ``strict``, warnings beside errors."""

from __future__ import annotations

from generator.diagnostics import GenerationError, Level, Reporter, strict


def test_a_workaround_is_a_warning_with_what_was_done_instead() -> None:
    reporter = Reporter(default_file="s.yaml")
    reporter.workaround("#/a", "bad a", "read as any value", hint="fix a", line=3, column=5)
    (found,) = reporter.items()
    assert found.level is Level.WARNING and found.is_workaround
    assert found.format() == (
        "s.yaml:3:5: #/a: warning: bad a\n    workaround: read as any value\n    hint: fix a"
    )
    assert not reporter.failed


def test_strict_turns_warnings_into_the_errors_they_stand_for() -> None:
    reporter = Reporter(default_file="s.yaml", strict=True)
    reporter.warning("#/w", "odd w")
    reporter.error("#/e", "broken e")
    reporter.workaround("#/a", "bad a", "read as any value", hint="fix a")
    assert reporter.failed and reporter.has_errors
    # promoted before sorting: the order of the run is kept
    assert [d.format() for d in reporter.items()] == [
        "s.yaml: #/w: error: odd w",
        "s.yaml: #/e: error: broken e",
        "s.yaml: #/a: error: bad a\n    hint: fix a",
    ]
    assert strict(Reporter().items()) == ()


def test_strict_alone_fails_a_run_with_only_warnings() -> None:
    reporter = Reporter(strict=True)
    reporter.warning("#/w", "odd w")
    assert reporter.failed and not reporter.has_errors


def test_a_failed_run_shows_its_warnings_after_its_errors() -> None:
    reporter = Reporter()
    reporter.warning("#/w", "odd w")
    reporter.error("#/e", "broken e")
    try:
        reporter.raise_if_errors()
    except GenerationError as exc:
        assert [d.level for d in exc.diagnostics] == [Level.ERROR, Level.WARNING]
        assert (exc.error_count, exc.warning_count) == (1, 1)
    else:
        raise AssertionError("no GenerationError")
