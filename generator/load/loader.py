"""Load stage: read YAML or JSON documents and resolve ``$ref`` URIs between them.

The entry document and every file it references through a relative ``$ref`` are read once,
checked against sanity limits (size, nesting depth, node count — YAML aliases can make a small
file expand into an enormous tree), and normalised to plain JSON values: mapping keys become
strings (``200:`` in YAML is the string ``"200"``). YAML is read as YAML 1.2 (core schema), as
JSON Schema and OpenAPI tooling reads it: ``on``/``no`` are text, ``0777`` is 777, ``1:30`` and
timestamps stay strings (see :mod:`generator.load.yaml12`). Values JSON
cannot hold (``.nan``, ``!!binary``, a lone surrogate, an alias that contains itself) are errors.

The tree is checked iteratively before any recursive stage sees it, so no input can exhaust the
Python stack. Problems are reported as diagnostics with the file, line, column and pointer;
nothing here raises on bad input, whatever the bytes. Line numbers of later problems are found
on demand by :mod:`generator.load.sourcemap`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Reporter, close_matches
from ..pointers import child, split_ref, unescape_parts
from .document import Document, Limits, Site
from .read import read

__all__ = ["LIMITS", "SourceSet", "load", "walk"]

#: The limits in force; read at call time, so tests may replace it.
LIMITS = Limits()


@dataclass(slots=True)
class SourceSet:
    """The entry document plus every document reached through ``$ref``; loads files lazily."""

    entry: Document
    reporter: Reporter
    root_dir: Path
    limits: Limits = field(default_factory=lambda: LIMITS)
    documents: dict[str, Document | None] = field(default_factory=dict)

    def display(self, file_id: str) -> str:
        doc = self.documents.get(file_id)
        if doc is not None:
            return doc.display
        return str(Path(self.entry.display).parent / file_id) if file_id else self.entry.display

    def document(
        self, file_id: str, *, pointer: str, from_file: str, ref: str = ""
    ) -> Document | None:
        """The document ``file_id`` (loading it on first use); None after reporting a problem.

        ``pointer`` is where the reference ``ref`` is written in ``from_file``.
        """
        if file_id in self.documents:
            return self.documents[file_id]
        site = Site(self.display(from_file), pointer, ref or file_id)
        path = (self.root_dir / file_id).resolve()
        doc: Document | None = None
        if not path.is_relative_to(self.root_dir):
            self.reporter.error(
                pointer,
                f"cannot resolve $ref {site.ref!r}: it leaves the folder of the entry document",
                hint="keep referenced files beside the spec or in a subfolder of it",
                file=site.display,
            )
        else:
            doc = read(path, file_id, self.display(file_id), site, self.reporter, self.limits)
        self.documents[file_id] = doc
        return doc

    def resolve(
        self, ref: str, base_file: str, pointer: str, instead: str | None = None
    ) -> tuple[str, str, Any] | None:
        """Resolve ``ref`` written in ``base_file`` at ``pointer`` (the ``$ref`` itself).

        Returns ``(file_id, "#fragment", value)`` or None after reporting why it cannot: a remote
        reference, a bad pointer or one to nothing is a workaround when the caller says what it
        does ``instead``; a file that cannot be read or is outside the folder is an error.
        """
        problem = _RefProblem(self, base_file, pointer, instead)
        target = _target(ref, base_file)
        if target is None:
            problem.report(
                f"cannot resolve $ref {ref!r}: only local pointers and relative files work",
                "download the remote document and refer to it by a relative path",
            )
            return None
        file_id, fragment = target
        if file_id and (self.root_dir / file_id).resolve() == self.entry.path:
            file_id = ""  # a reference back into the entry document by its file name
        try:
            parts = unescape_parts(fragment)
        except ValueError:
            problem.report(
                f"$ref {ref!r} is not a valid JSON pointer: after '#' it must start with '/'",
                f"write {_fixed_fragment(ref)!r}",
            )
            return None
        doc = self.document(file_id, pointer=pointer, from_file=base_file, ref=ref)
        if doc is None:
            return None
        try:
            value = walk(doc.root, parts)
        except (KeyError, IndexError, ValueError, TypeError):
            where = f" in {doc.display}" if file_id != base_file else ""
            missing, hint = _missing_target(doc.root, parts)
            problem.report(f"$ref {ref!r} points to nothing{where}: {missing}", hint)
            return None
        return file_id, "#" + fragment, value


@dataclass(frozen=True, slots=True)
class _RefProblem:
    """Where a ``$ref`` that cannot be followed is reported, and what is done instead."""

    sources: SourceSet
    base_file: str
    pointer: str
    instead: str | None

    def report(self, message: str, hint: str) -> None:
        file = self.sources.display(self.base_file)
        if self.instead is None:
            self.sources.reporter.error(self.pointer, message, hint=hint, file=file)
        else:
            self.sources.reporter.workaround(
                self.pointer, message, self.instead, hint=hint, file=file
            )


def _target(ref: str, base_file: str) -> tuple[str, str] | None:
    file_part, fragment = split_ref(ref)
    if "://" in file_part or file_part.startswith(("/", "\\")):
        return None
    if not file_part:
        return base_file, fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base_file), file_part))
    return joined, fragment


def _fixed_fragment(ref: str) -> str:
    file_part, fragment = split_ref(ref)
    return f"{file_part}#/{fragment.lstrip('/')}"


def _missing_target(root: Any, parts: list[str]) -> tuple[str, str]:
    """What is missing on the way to ``parts``, and a hint (a close name where one exists)."""
    node, done = root, 0
    for part in parts:
        try:
            node = _step(node, part)
        except (KeyError, IndexError, ValueError, TypeError):
            break
        done += 1
    where = child("#", *parts[:done]) if done else "the top level"
    token = parts[min(done, len(parts) - 1)]
    if isinstance(node, dict):
        close = close_matches(token, [str(k) for k in node])
        if close:
            return (
                f"{where} has no {token!r}",
                f"did you mean {child('#', *parts[:done], close[0])!r}?",
            )
        return f"{where} has no {token!r}", "check the spelling of the target"
    if isinstance(node, list):
        return f"{where} has no item {token!r} (it has {len(node)})", "check the index"
    return f"{where} is not an object or an array", "check the pointer after '#'"


def walk(node: Any, parts: list[str]) -> Any:
    """Follow pointer tokens into a JSON value; raises KeyError/IndexError/ValueError."""
    for part in parts:
        node = _step(node, part)
    return node


def _step(node: Any, part: str) -> Any:
    if isinstance(node, dict):
        return node[part]
    if isinstance(node, list):
        if not part.isdigit() or (part != "0" and part.startswith("0")):
            raise ValueError(part)
        return node[int(part)]
    raise TypeError(part)


def load(path: Path, reporter: Reporter, limits: Limits | None = None) -> SourceSet | None:
    """Read the entry document; None after reporting why it cannot be read."""
    limits = limits or LIMITS
    display = str(path)
    site = Site(display, "")
    doc = read(path, "", display, site, reporter, limits)
    if doc is None:
        return None
    sources = SourceSet(entry=doc, reporter=reporter, root_dir=path.resolve().parent, limits=limits)
    sources.documents[""] = doc
    return sources
