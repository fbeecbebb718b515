"""Load stage: read YAML or JSON documents and resolve ``$ref`` URIs between them.

The entry document and every file it references through a relative ``$ref`` are read once,
checked against sanity limits (size, nesting depth, node count — YAML aliases can make a small
file expand into an enormous tree), and normalised to plain JSON values: mapping keys become
strings (``200:`` in YAML is the string ``"200"``) and YAML timestamps stay strings.

Problems are reported as diagnostics with the file and pointer; nothing here raises on bad input.
Line numbers are not computed here: :mod:`generator.sourcemap` finds them on demand.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Reporter
from .pointers import split_ref, unescape_parts

__all__ = ["LIMITS", "Document", "Limits", "SourceSet", "load"]


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 256
    max_nodes: int = 5_000_000


LIMITS = Limits()


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One parsed file. ``file_id`` is its path relative to the entry document's folder."""

    file_id: str
    path: Path
    display: str
    text: str
    is_json: bool
    root: Any


class _Loader(yaml.CSafeLoader):
    """Safe YAML loading without the YAML 1.1 timestamp resolver (dates stay strings)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(slots=True)
class SourceSet:
    """The entry document plus every document reached through ``$ref``; loads files lazily."""

    entry: Document
    reporter: Reporter
    root_dir: Path
    limits: Limits = LIMITS
    documents: dict[str, Document | None] = field(default_factory=dict)

    def display(self, file_id: str) -> str:
        doc = self.documents.get(file_id)
        return doc.display if doc is not None else file_id

    def document(self, file_id: str, *, pointer: str, from_file: str) -> Document | None:
        """The document ``file_id`` (loading it on first use); None after reporting a problem."""
        if file_id in self.documents:
            return self.documents[file_id]
        path = (self.root_dir / file_id).resolve()
        doc: Document | None = None
        if not path.is_relative_to(self.root_dir):
            self.reporter.error(
                pointer,
                f"$ref to {file_id!r} leaves the folder of the entry document",
                hint="keep referenced files beside the spec or in a subfolder of it",
                file=self.display(from_file),
            )
        else:
            display = str(Path(self.entry.display).parent / file_id)
            doc = _read(path, file_id, display, self.reporter, self.limits, pointer)
        self.documents[file_id] = doc
        return doc

    def resolve(self, ref: str, base_file: str, pointer: str) -> tuple[str, str, Any] | None:
        """Resolve ``ref`` written in ``base_file`` at ``pointer``.

        Returns ``(file_id, "#fragment", value)`` or None after reporting why it cannot.
        """
        target = _target(ref, base_file)
        if target is None:
            self.reporter.error(
                pointer,
                f"cannot resolve $ref {ref!r}: only local pointers and relative files work",
                hint="download remote documents and reference them by relative path",
                file=self.display(base_file),
            )
            return None
        file_id, fragment = target
        doc = self.document(file_id, pointer=pointer, from_file=base_file)
        if doc is None:
            return None
        try:
            value = walk(doc.root, unescape_parts(fragment))
        except (KeyError, IndexError, ValueError, TypeError):
            where = f" in {doc.display}" if file_id != base_file else ""
            self.reporter.error(
                pointer,
                f"$ref {ref!r} points to nothing{where}",
                hint="check the spelling of the target and that it exists",
                file=self.display(base_file),
            )
            return None
        return file_id, "#" + fragment, value


def _target(ref: str, base_file: str) -> tuple[str, str] | None:
    file_part, fragment = split_ref(ref)
    if "://" in file_part or file_part.startswith("/"):
        return None
    if not file_part:
        return base_file, fragment
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base_file), file_part))
    return joined, fragment


def walk(node: Any, parts: list[str]) -> Any:
    """Follow pointer tokens into a JSON value; raises KeyError/IndexError/ValueError."""
    for part in parts:
        if isinstance(node, dict):
            node = node[part]
        elif isinstance(node, list):
            if not part.isdigit() or (part != "0" and part.startswith("0")):
                raise ValueError(part)
            node = node[int(part)]
        else:
            raise TypeError(part)
    return node


def load(path: Path, reporter: Reporter, limits: Limits = LIMITS) -> SourceSet | None:
    """Read the entry document; None after reporting why it cannot be read."""
    display = str(path)
    if not path.exists():
        reporter.error("", f"no such file: {display}", hint="check the path given to --spec")
        return None
    if path.is_dir():
        reporter.error("", f"{display} is a directory, not a file", hint="pass the spec file")
        return None
    doc = _read(path.resolve(), "", display, reporter, limits, "")
    if doc is None:
        return None
    sources = SourceSet(entry=doc, reporter=reporter, root_dir=path.resolve().parent, limits=limits)
    sources.documents[""] = doc
    return sources


def _read(
    path: Path, file_id: str, display: str, reporter: Reporter, limits: Limits, pointer: str
) -> Document | None:
    def fail(message: str, hint: str | None = None) -> None:
        reporter.error(pointer, message, hint=hint, file=display)

    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            fail(
                f"file is {size:,} bytes; the limit is {limits.max_bytes:,}",
                "a real OpenAPI document is far smaller; check that this is the right file",
            )
            return None
        data = path.read_bytes()
    except OSError as exc:
        fail(f"cannot read file: {exc.strerror or exc}")
        return None
    text = _decode_text(data, fail)
    if text is None:
        return None
    root = _parse(text, path, fail)
    if root is _FAILED:
        return None
    root = _normalise(root, limits, fail)
    if root is _FAILED:
        return None
    is_json = text.lstrip()[:1] in ("{", "[")
    return Document(
        file_id=file_id, path=path, display=display, text=text, is_json=is_json, root=root
    )


_FAILED: Any = object()


def _decode_text(data: bytes, fail: Any) -> str | None:
    if not data.strip():
        fail("file is empty", "an OpenAPI document starts with 'openapi: 3.1.0'")
        return None
    if b"\x00" in data:
        fail("file is binary, not YAML or JSON text")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(f"file is not UTF-8 text (bad byte at offset {exc.start})", "save it as UTF-8")
        return None


def _parse(text: str, path: Path, fail: Any) -> Any:
    if text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            fail(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
            return _FAILED
        except RecursionError:
            fail("JSON nesting is too deep to be a real document")
            return _FAILED
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        fail(f"invalid YAML{where}: {problem}")
        return _FAILED
    except yaml.YAMLError as exc:
        fail(f"invalid YAML: {exc}")
        return _FAILED
    except RecursionError:
        fail("YAML nesting is too deep to be a real document")
        return _FAILED


def _normalise(root: Any, limits: Limits, fail: Any) -> Any:
    """Check size limits and make mapping keys strings, in one iterative pass."""
    if isinstance(root, dict):
        root = _string_keys(root)
    stack: list[tuple[Any, int]] = [(root, 0)] if isinstance(root, dict | list) else []
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > limits.max_nodes:
            fail(
                f"document expands to more than {limits.max_nodes:,} nodes",
                "YAML aliases (*name) can multiply a small file; expand or remove them",
            )
            return _FAILED
        if depth > limits.max_depth:
            fail(f"document nests deeper than {limits.max_depth} levels")
            return _FAILED
        slots = node.items() if isinstance(node, dict) else enumerate(node)
        for slot, value in list(slots):
            child = value
            if isinstance(value, dict) and not all(type(k) is str for k in value):
                child = node[slot] = _string_keys(value)
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
    return root


def _string_keys(mapping: Mapping[Any, Any]) -> dict[str, Any]:
    return {_key_text(k): v for k, v in mapping.items()}


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)
