"""``gen diff OLD NEW``: API-level changes between two specs, classified for client users.

Both documents are loaded and built into the IR exactly as for generation; if either has
errors, the diagnostics are the output and the exit code is 2. Otherwise every change is
listed with its JSON pointer and classified *for someone calling the API through the generated
client*, and the exit code is 1 when anything breaks such a caller, else 0.

Classification, in short (the full tables: :data:`generator.diff_changes.RULES` and the
docstrings of :mod:`~generator.diff_operations`, :mod:`~generator.diff_schemas`,
:mod:`~generator.diff_api`):

* **breaking**

  - operations: removed; moved (same operationId, new method or path); renamed (same method
    and path, new operationId); named or grouped differently by the generated client (a new
    short summary or first tag: ``client-method-renamed``);
  - parameters: removed or renamed, became required, new and required, serialised
    differently; request bodies: removed, made required, added as required, a media type
    removed;
  - fields: removed from a request or a response; new and required in a request; became
    required in a request; became optional or nullable in a response;
  - narrowing a request (a type taken away, null no longer accepted, a new enum restriction,
    a lower ``maxLength``/``maximum``/``maxItems``, a higher ``minLength``/``minimum``/
    ``minItems``, tighter exclusive bounds, a new or changed ``pattern``,
    ``additionalProperties`` true -> false, a ``oneOf`` alternative removed);
  - widening a response, since generated clients validate what they decode (a changed or
    widened type, a relaxed constraint, a new alternative);
  - a removed enum value (requests and responses); a changed discriminator (property, or a
    mapping entry removed or changed);
  - responses: a removed status that had a body, a removed media type or header;
  - security: authentication required where none was, an accepted requirement removed, a
    security scheme removed or changed; a component schema removed or renamed (its model
    class is gone).

* **compatible** — new operations, optional parameters, optional request fields, response
  fields, statuses, media types, headers and component schemas; new enum values (in responses
  too: generated clients keep unknown enum values); relaxed request constraints and narrowed
  response ones; a request field or parameter that became optional; deprecations; defaults.
* **docs** (compatible) — summaries, descriptions, titles, examples, tags (when the client's
  method names stay the same).

Suggested version bump: major when anything breaks, minor for other API changes, patch when
only docs changed, none when nothing did.
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, GenerationError, Level, Reporter
from ..ir.build import build_api
from ..ir.nodes import Api
from ..load.loader import load
from ..load.sourcemap import Locator
from .api import diff_apis
from .report import RENDERERS

__all__ = ["run_diff"]

EXIT_OK, EXIT_BREAKING, EXIT_BAD_INPUT = 0, 1, 2


def run_diff(old: Path, new: Path, fmt: str) -> tuple[int, str]:
    """(exit code, report text): 1 when a change breaks clients, 0 otherwise, 2 bad input."""
    render = RENDERERS.get(fmt)
    if render is None:
        return EXIT_BAD_INPUT, f"gen diff: unknown format {fmt!r} (text or json)\n"
    (old_api, old_errors), (new_api, new_errors) = _build(old), _build(new)
    errors = old_errors + new_errors
    if old_api is None or new_api is None or errors:
        return EXIT_BAD_INPUT, _error_text(errors)
    changes = diff_apis(old_api, new_api)
    code = EXIT_BREAKING if any(c.breaking for c in changes) else EXIT_OK
    return code, render(changes)


def _build(path: Path) -> tuple[Api | None, tuple[Diagnostic, ...]]:
    """The IR of the spec at ``path``, or None with its error diagnostics (warnings dropped)."""
    reporter = Reporter(default_file=str(path))
    sources = load(path, reporter)
    api = None
    try:
        if sources is None:
            reporter.raise_if_errors()
        else:
            api = build_api(sources, reporter)
            reporter.raise_if_errors(Locator(sources))
    except GenerationError as exc:
        return None, exc.diagnostics
    return api, ()


def _error_text(errors: tuple[Diagnostic, ...]) -> str:
    count = sum(1 for d in errors if d.level is Level.ERROR)
    lines = [d.format() for d in errors]
    lines.append(f"gen diff: {count} error{'s' if count != 1 else ''}; nothing was compared.")
    return "\n".join(lines) + "\n"
