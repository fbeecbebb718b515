"""Incremental output: format and write only the files whose rendered text changed.

The manifest lists, under ``files``, each file with the digest of the bytes written and, when
the formatter changed it, of the text the templates rendered before formatting, as a pair
``[written, rendered]``; both are :func:`~generator.output.write.digest` (SHA-256 cut to 128
bits). One entry a line, so a changed file is a one-line diff of the manifest. The formatter
that ran is recorded too. On the next run a file whose rendered text hashes the same, whose
formatter is the same, and whose bytes on disk still match the manifest is taken as it is:
it is neither formatted again nor written. The others are staged and formatted in a
temporary folder (a formatter failure leaves the output untouched), then written into the
output; files gen no longer makes are removed. Files gen does not own are never touched; a
new generated file where such a file sits is an :class:`OutputConflict`.
The new texts are all written to temporary files before any is renamed into place, so a
failure or Ctrl-C while writing leaves the output as it was; only during the renames
themselves (the manifest renamed last) can an interruption leave new files beside old ones,
and the next run then formats and writes those files again.

An output folder without a manifest (a first run) is written as a whole and swapped in, as
:mod:`generator.output.write` describes.

Files need not even be rendered again: the pipeline asks :func:`reusable_renders` which files
whose inputs did not change (:mod:`generator.render.inputs`) the output still holds as the
manifest lists them, and passes only their rendered digests.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .write import (
    MANIFEST,
    Outcome,
    OutputConflict,
    compare,
    conflict_message,
    digest,
    kept_mode,
    owned_files,
    paths_inside,
    safe_path,
    signals_held,
    staged,
    swap_in,
)

__all__ = [
    "Previous",
    "digest",
    "manifest_text",
    "previous_run",
    "rendered_digests",
    "reusable_renders",
    "write_output",
]


@dataclass(frozen=True, slots=True)
class Previous:
    """What the manifest of the previous run says (empty when there is none)."""

    files: Mapping[str, str] = field(default_factory=dict)
    rendered: Mapping[str, str] = field(default_factory=dict)
    formatter: str = ""


def previous_run(manifest: bytes | None) -> Previous:
    if manifest is None:
        return Previous()
    try:
        data = json.loads(manifest)
        files = data.get("files", {})
        if not isinstance(files, dict):
            return Previous()
        # "digest" (the formatter left the file as rendered) or ["written", "rendered"]
        pairs = {str(k): (v, v) if isinstance(v, str) else tuple(v) for k, v in files.items()}
        return Previous(
            {name: str(pair[0]) for name, pair in pairs.items()},
            {name: str(pair[-1]) for name, pair in pairs.items()},
            str(data.get("formatter", "")),
        )
    except (ValueError, AttributeError, UnicodeDecodeError, TypeError, IndexError):
        return Previous()


def manifest_text(
    files: Mapping[str, bytes], rendered: Mapping[str, str], meta: Mapping[str, object]
) -> str:
    """The manifest: ``meta``, then ``files`` (see the module docstring), one entry a line."""
    lines = [f"{json.dumps(key)}: {json.dumps(value)}," for key, value in meta.items()]
    entries = [
        _entry(name, digest(data), rendered.get(name)) for name, data in sorted(files.items())
    ]
    listing = ",\n".join(entries)
    return "{\n" + "\n".join(lines) + f'\n"files": {{\n{listing}\n}}\n}}\n'


def _entry(name: str, written: str, rendered: str | None) -> str:
    same = rendered is None or rendered == written
    return f"{json.dumps(name)}: {json.dumps(written if same else [written, rendered])}"


def _reusable(
    texts: Mapping[str, object], rendered: Mapping[str, str], before: Previous, formatter: str,
    on_disk: Mapping[str, bytes],
) -> dict[str, bytes]:  # fmt: skip
    """The files whose previous bytes are still right, by name."""
    if before.formatter != formatter:
        return {}
    kept: dict[str, bytes] = {}
    for name in texts:
        old = on_disk.get(name)
        if (
            old is not None
            and before.rendered.get(name) == rendered[name]
            and before.files.get(name) == digest(old)
        ):
            kept[name] = old
    return kept


def rendered_digests(texts: Mapping[str, str]) -> dict[str, str]:
    """The digest of each rendered text, as the manifest's ``rendered`` lists them."""
    return {name: digest(text.encode("utf-8", "surrogatepass")) for name, text in texts.items()}


def reusable_renders(out: Path, wanted: Mapping[str, str], formatter: str) -> dict[str, str]:
    """Of ``wanted`` (file -> digest of the text it would render to), those the output holds
    as the previous run formatted them: they need neither rendering nor formatting."""
    try:
        before = previous_run((out / MANIFEST).read_bytes())
    except OSError:
        return {}
    if before.formatter != formatter:
        return {}
    found: dict[str, str] = {}
    inside = paths_inside(out)
    for name, rendered in wanted.items():
        if before.rendered.get(name) != rendered or name not in before.files:
            continue
        try:
            data = inside(name).read_bytes()
        except (OSError, ValueError):
            continue
        if digest(data) == before.files[name]:
            found[name] = rendered
    return found


def write_output(
    out: Path,
    texts: Mapping[str, str],
    meta: Mapping[str, object],
    format_files: Callable[[Path, Sequence[str]], Collection[str]],
    *,
    check: bool,
    rendered: Mapping[str, str] | None = None,
) -> Outcome:
    """Format what changed, then compare (``check``) or write; ``meta['formatter']`` names
    the formatter (a new one formats everything again). ``rendered``: the digest of each
    file's rendered text (:func:`rendered_digests` of ``texts`` when not given), also of
    files not rendered this run (see :func:`reusable_renders`), which the output must still
    hold as the manifest lists them."""
    on_disk = owned_files(out)
    before = previous_run(on_disk.get(MANIFEST))
    rendered = rendered_digests(texts) if rendered is None else rendered
    known = [name for name in rendered if name not in texts]
    kept = _reusable(rendered, rendered, before, str(meta.get("formatter", "")), on_disk)
    lost = [name for name in known if name not in kept]
    if lost:
        raise OutputConflict(
            f"{safe_path(out, lost[0])} changed while gen ran\n    hint: run gen again"
        )
    fresh = {name: text for name, text in texts.items() if name not in kept}
    with staged(out, fresh, format_files if fresh else _as_is) as (stage, written):
        final = {**kept, **written}
        manifest = manifest_text(final, rendered, meta)
        if check:
            return compare({**final, MANIFEST: manifest.encode()}, on_disk, with_diff=True)
        if MANIFEST not in on_disk:  # a first run: nothing kept, the stage holds everything
            (stage / MANIFEST).write_text(manifest, encoding="utf-8", newline="\n")
            staged_files = {**final, MANIFEST: manifest.encode()}
            return swap_in(stage, out, compare(staged_files, on_disk, with_diff=False))
    return _update(out, {**final, MANIFEST: manifest.encode()}, on_disk)


def _as_is(stage: Path, names: Sequence[str]) -> Collection[str]:
    """Nothing to format (so nothing changed)."""
    return ()


def _update(out: Path, final: Mapping[str, bytes], on_disk: Mapping[str, bytes]) -> Outcome:
    """Write the changed files into ``out`` (the manifest last) and remove the dropped ones.

    Every new text is first written to a temporary file beside its target; only when all are
    written are they renamed over their targets, so a failure or Ctrl-C while writing leaves
    the output as it was.
    """
    outcome = compare(final, on_disk, with_diff=False)
    blocked = [
        path
        for name in final
        if name not in on_disk and ((path := safe_path(out, name)).exists() or path.is_symlink())
    ]
    if blocked:
        raise OutputConflict(conflict_message(out, out, blocked))
    names = [n for n in outcome.changed if n in final and n != MANIFEST]
    if MANIFEST in outcome.changed:
        names.append(MANIFEST)  # renamed last: until then the old manifest describes the output
    pending: list[tuple[str, Path]] = []
    try:
        for name in names:
            target = safe_path(out, name)  # each resolved afresh: ``out`` is not ours alone
            pending.append((_temporary(target, final[name]), target))
        with signals_held():  # an interrupt never splits the renames
            while pending:
                temporary, target = pending[0]
                os.replace(temporary, target)
                pending.pop(0)
        for name in outcome.changed:
            if name not in final:
                _remove(out, safe_path(out, name))
    except OSError as exc:
        raise OutputConflict(
            f"cannot write into the output folder {out}: {exc.strerror or exc}"
            "\n    hint: check the folder's permissions and free space; run gen again"
        ) from exc
    finally:
        for temporary, _ in pending:
            Path(temporary).unlink(missing_ok=True)
    return outcome


def _temporary(path: Path, data: bytes) -> str:
    """``data`` in a new file beside ``path``, with ``path``'s permissions (or the umask's)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".gen-new-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, kept_mode(path, 0o666))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return temporary


def _remove(out: Path, path: Path) -> None:
    """Delete a file gen no longer makes, and the folders it leaves empty (not ``out``)."""
    path.unlink(missing_ok=True)
    root = out.resolve()
    for folder in path.parents:
        if folder.resolve() == root or not folder.resolve().is_relative_to(root):
            return
        try:
            folder.rmdir()
        except OSError:
            return
