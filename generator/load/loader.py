"""Load stage: read YAML or JSON documents and resolve ``$ref`` URIs between them.

The entry document and every file it references through a relative ``$ref`` are read once,
checked against sanity limits (size, nesting depth, node count — YAML aliases can make a small
file expand into an enormous tree), and normalised to plain JSON values: mapping keys become
strings (``200:`` in YAML is the string ``"200"``) and YAML timestamps stay strings. Values JSON
cannot hold (``.nan``, ``!!binary``, a lone surrogate, an alias that contains itself) are errors.

The tree is checked iteratively before any recursive stage sees it, so no input can exhaust the
Python stack. Problems are reported as diagnostics with the file, line, column and pointer;
nothing here raises on bad input, whatever the bytes. Line numbers of later problems are found
on demand by :mod:`generator.sourcemap`.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import posixpath
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Reporter
from ..pointers import child, split_ref, unescape_parts
from .sourcemap import line_col, position

__all__ = ["LIMITS", "Document", "Limits", "SourceSet", "load", "walk"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Sanity limits for one input file (far above any real API description).

    Real documents nest under 30 levels. Values (``default``, ``const``, examples) are printed
    as Python literals, which Python cannot parse beyond about 200 nested brackets: 128 keeps
    every generated file compilable.
    """

    max_bytes: int = 64 * 1024 * 1024
    max_depth: int = 128
    max_nodes: int = 2_000_000


#: The limits in force; read at call time, so tests may replace it.
LIMITS = Limits()


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """One parsed file. ``file_id`` is its path relative to the entry document's folder.

    ``sha256`` is the digest of the bytes read (a pipe or a changed file is not read twice).
    """

    file_id: str
    path: Path
    display: str
    text: str
    is_json: bool
    root: Any
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class _Problem:
    """Why a file cannot be used; placed in the file itself unless ``at_site``."""

    message: str
    hint: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str = ""
    at_site: bool = False  # the problem is the reference (or --spec), not the file's content


@dataclass(frozen=True, slots=True)
class _Site:
    """Where a file was asked for: the ``--spec`` option, or a ``$ref`` in another file."""

    display: str
    pointer: str
    ref: str = ""  # empty for the entry document

    @property
    def is_entry(self) -> bool:
        return not self.ref


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
        site = _Site(self.display(from_file), pointer, ref or file_id)
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
            doc = _read(path, file_id, self.display(file_id), site, self.reporter, self.limits)
        self.documents[file_id] = doc
        return doc

    def resolve(self, ref: str, base_file: str, pointer: str) -> tuple[str, str, Any] | None:
        """Resolve ``ref`` written in ``base_file`` at ``pointer`` (the ``$ref`` itself).

        Returns ``(file_id, "#fragment", value)`` or None after reporting why it cannot.
        """
        target = _target(ref, base_file)
        if target is None:
            self._ref_error(
                base_file,
                pointer,
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
            self._ref_error(
                base_file,
                pointer,
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
            self._ref_error(
                base_file, pointer, f"$ref {ref!r} points to nothing{where}: {missing}", hint
            )
            return None
        return file_id, "#" + fragment, value

    def _ref_error(self, base_file: str, pointer: str, message: str, hint: str) -> None:
        self.reporter.error(pointer, message, hint=hint, file=self.display(base_file))


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
        close = difflib.get_close_matches(token, [str(k) for k in node], n=1)
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
    site = _Site(display, "")
    doc = _read(path, "", display, site, reporter, limits)
    if doc is None:
        return None
    sources = SourceSet(entry=doc, reporter=reporter, root_dir=path.resolve().parent, limits=limits)
    sources.documents[""] = doc
    return sources


# ---------------------------------------------------------------- one file


def _read(
    path: Path, file_id: str, display: str, site: _Site, reporter: Reporter, limits: Limits
) -> Document | None:
    result = _document(path, file_id, display, site, limits)
    if isinstance(result, _Problem):
        problem = result
        at_site = problem.at_site and not site.is_entry
        reporter.error(
            site.pointer if at_site else problem.pointer,
            problem.message,
            hint=problem.hint,
            file=site.display if at_site else display,
            line=problem.line,
            column=problem.column,
        )
        return None
    doc, warnings = result
    for w in warnings:
        reporter.warning(
            w.pointer, w.message, hint=w.hint, file=display, line=w.line, column=w.column
        )
    return doc


def _document(
    path: Path, file_id: str, display: str, site: _Site, limits: Limits
) -> tuple[Document, list[_Problem]] | _Problem:
    data = _read_bytes(path, display, site, limits)
    if isinstance(data, _Problem):
        return data
    text = _decode(data)
    if isinstance(text, _Problem):
        return text
    parsed = _parse(text, path.suffix.lower(), limits)
    if isinstance(parsed, _Problem):
        return parsed
    root, is_json, warnings = parsed
    problem = _check_tree(root, limits, strings=is_json and _has_surrogate_escape(text))
    if problem is not None:
        return _placed(problem, text, is_json)
    doc = Document(
        file_id=file_id,
        path=path,
        display=display,
        text=text,
        is_json=is_json,
        root=root,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return doc, warnings


def _read_bytes(path: Path, display: str, site: _Site, limits: Limits) -> bytes | _Problem:
    try:
        if not path.exists():
            return _unreadable(
                site, "no such file", f"there is no file {display}", _missing_hint(site)
            )
        if path.is_dir():
            folder = "this is a folder, not a file"
            return _unreadable(site, folder, f"{display} is a folder", _folder_hint(path))
        with path.open("rb") as f:  # not read_bytes(): /dev/zero or a pipe has no size
            data = f.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:
            return _Problem(
                f"file is larger than the limit of {limits.max_bytes:,} bytes",
                "a real OpenAPI document is far smaller; check that this is the right file",
            )
        return data
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _unreadable(
            site,
            f"cannot read the file: {reason}",
            f"cannot read {display}: {reason}",
            "check that the file is readable by you",
        )


def _unreadable(site: _Site, entry_text: str, ref_text: str, hint: str | None) -> _Problem:
    if site.is_entry:
        return _Problem(entry_text, hint)
    return _Problem(f"cannot resolve $ref {site.ref!r}: {ref_text}", hint, at_site=True)


def _missing_hint(site: _Site) -> str:
    if site.is_entry:
        return "check the path given to --spec"
    if "#" not in site.ref and "/" not in site.ref and "." not in site.ref:
        return f"a reference into this document starts with '#': '#/components/schemas/{site.ref}'"
    return "the path is relative to the folder of the file that holds the $ref"


def _folder_hint(path: Path) -> str:
    try:
        found = sorted(
            p.name for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml", ".json")
        )
    except OSError:
        found = []
    if not found:
        return "pass the OpenAPI document itself, not the folder that holds it"
    listed = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
    return f"pass the OpenAPI document itself; this folder holds {listed}"


_UTF_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _decode(data: bytes) -> str | _Problem:
    if not data.strip():
        return _Problem("file is empty", "an OpenAPI document starts with 'openapi: 3.1.0'")
    encoding = next((name for bom, name in _UTF_BOMS if data.startswith(bom)), None)
    if encoding is not None:
        return _Problem(f"file is {encoding} text", "save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_place(data, nul)
        return _Problem(
            f"file is binary, not YAML or JSON text (a NUL byte at offset {nul})",
            "pass the OpenAPI document (.yaml, .yml or .json)",
            line,
            column,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_place(data, exc.start)
        return _Problem(
            f"file is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
            "save the file as UTF-8",
            line,
            column,
        )


def _byte_place(data: bytes, offset: int) -> tuple[int, int]:
    start = data.rfind(b"\n", 0, offset) + 1
    prefix = data[start:offset].decode("utf-8", "replace").lstrip("\ufeff")
    return data.count(b"\n", 0, offset) + 1, len(prefix) + 1


# ---------------------------------------------------------------- parsing

_Parsed = tuple[Any, bool, list[_Problem]]


def _parse(text: str, suffix: str, limits: Limits) -> _Parsed | _Problem:
    """JSON for ``.json`` (and for other files that start like JSON), YAML otherwise."""
    starts_json = text.lstrip()[:1] in ("{", "[")
    if suffix == ".json" or (starts_json and suffix not in (".yaml", ".yml")):
        root = _parse_json(text, limits)
        return root if isinstance(root, _Problem) else (root, True, [])
    if starts_json:  # a .yaml file in JSON syntax: parse it as JSON when that works
        root = _parse_json(text, limits)
        if not isinstance(root, _Problem):
            return root, True, []
    return _parse_yaml(text, limits)


def _parse_json(text: str, limits: Limits) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        return _Problem(f"invalid JSON: {exc.msg}", _json_hint(exc), exc.lineno, exc.colno)
    except RecursionError:
        return _json_too_deep(text, limits)
    except ValueError as exc:  # an integer longer than Python converts
        return _long_number(text, str(exc))


def _json_hint(exc: json.JSONDecodeError) -> str | None:
    before = exc.doc[: exc.pos].rstrip()[-1:]
    at = exc.doc[exc.pos : exc.pos + 1]
    if exc.pos >= len(exc.doc.rstrip()) and not exc.msg.startswith("Extra data"):
        return "the file ends before the document does; is it cut short?"
    if before == "," and at in ("}", "]"):
        return f"remove the comma before '{at}': JSON allows no trailing commas"
    if exc.msg.startswith("Expecting property name") and at == "'":
        return "JSON strings and keys use double quotes"
    if exc.msg.startswith("Expecting property name"):
        return "put the key in double quotes"
    if exc.msg.startswith("Expecting ',' delimiter"):
        return "a comma is missing between two items, or a bracket is not closed"
    if exc.msg.startswith("Extra data"):
        return "there is more text after the end of the JSON document"
    return _JSON_HINTS.get(exc.msg.split(":")[0].split(" starting")[0])


_JSON_HINTS = {
    "Unterminated string": 'close the string with "',
    "Invalid control character at": r"write line breaks and tabs in strings as \n and \t",
    "Invalid \\escape": r"in JSON strings only \" \\ \/ \b \f \n \r \t and \uXXXX are escapes",
    "Invalid \\uXXXX escape": r"\u must be followed by four hex digits",
    "Expecting value": "a value is missing here (JSON has no comments and no trailing commas)",
}


def _json_too_deep(text: str, limits: Limits) -> _Problem:
    found = _json_deep_offset(text, limits.max_depth)
    if found is None:
        return _depth_problem(limits)
    offset, tokens = found
    line, column = line_col(text, offset)
    return _depth_problem(limits, _pointer(tokens), line, column)


_JSON_TOKEN = re.compile(r'("[^"\\]*(?:\\.[^"\\]*)*")(\s*:)?|[\[\]{},]')


def _json_deep_offset(text: str, max_depth: int) -> tuple[int, list[str | int]] | None:
    """Offset and path of the first container deeper than ``max_depth``, by a flat scan.

    The offset is that of the container's key in its parent object (as the source map gives
    it), or of the container itself in an array.
    """
    slots: list[str | int] = []  # per open container: the key or index being read
    key_at = 0  # offset of the last key read
    for m in _JSON_TOKEN.finditer(text):
        c = m.group()[0]
        if c == '"' and m.group(2) and slots:
            slots[-1] = _json_string(m.group(1))
            key_at = m.start()
        elif c in "[{":
            if len(slots) >= max_depth:
                return (key_at if isinstance(slots[-1], str) else m.start()), slots
            slots.append(0 if c == "[" else "")
        elif c in "]}" and slots:
            slots.pop()
        elif c == "," and slots and isinstance(slots[-1], int):
            slots[-1] += 1
    return None


def _json_string(token: str) -> str:
    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]


def _long_number(text: str, detail: str) -> _Problem:
    limit = sys.get_int_max_str_digits()
    match = re.search(rf"\d{{{limit + 1},}}", text)
    line, column = line_col(text, match.start()) if match else (None, None)
    digits = f"{len(match.group()):,} digits" if match else "too many digits"
    if "digits" not in detail:
        return _Problem(f"a value cannot be read: {detail}", None, line, column)
    return _Problem(
        f"a number has {digits}; at most {limit:,} are supported",
        "write an identifier this long as a string (in quotes)",
        line,
        column,
    )


def _parse_yaml(text: str, limits: Limits) -> _Parsed | _Problem:
    loader = _Loader(text)
    try:
        root = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        return _yaml_problem(exc, text, limits)
    except yaml.reader.ReaderError as exc:  # exc.position counts UTF-8 bytes
        line, column = _byte_place(text.encode("utf-8", "surrogatepass"), exc.position)
        return _Problem(
            f"invalid YAML: {exc.reason}: U+{exc.character:04X}",
            "remove it, or write it as an escape (e.g. \\x01) inside double quotes",
            line,
            column,
        )
    except (yaml.YAMLError, TypeError, RecursionError) as exc:
        return _Problem(f"invalid YAML: {exc}")
    except ValueError as exc:  # an integer longer than Python converts, or a bad !!float
        return _long_number(text, str(exc))
    finally:
        loader.dispose()
    return root, False, loader.duplicates


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str, limits: Limits) -> _Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    problem = exc.problem or exc.context or "syntax error"
    if "maximum nesting depth" in problem:
        return _depth_problem(limits, "", line, column)
    hint = _yaml_hint(problem, text, mark, exc.context_mark)
    message = next((m for key, m in _YAML_MESSAGES.items() if key in problem), problem)
    if "could not determine a constructor" in problem:
        message = f"unsupported tag {_tag(problem)}"
    return _Problem(f"invalid YAML: {message}", hint, line, column)


def _tag(problem: str) -> str:
    found = re.search(r"'([^']*)'", problem)
    return (found.group(1) if found else "").replace("tag:yaml.org,2002:", "!!")


def _yaml_hint(problem: str, text: str, mark: Any, opened: Any) -> str | None:
    if "cannot start any token" in problem:
        at = text[mark.index : mark.index + 1] if mark is not None else ""
        if at == "\t":
            return "indent with spaces: YAML does not allow tabs for indentation"
        return f"quote a value that starts with {at!r}" if at else None
    if problem.startswith("did not find expected ',' or") and opened is not None:
        closer = problem[-2]
        return (
            f"the bracket opened at line {opened.line + 1}, column {opened.column + 1} "
            f"is not closed with {closer!r}"
        )
    if "could not determine a constructor" in problem:
        return "remove the tag: an OpenAPI document needs only plain YAML values"
    return next((hint for key, hint in _YAML_HINTS.items() if key in problem), None)


_YAML_MESSAGES = {
    "but found another document": "the file holds more than one YAML document",
    "found unhashable key": "a key is a list or a mapping",
}

_YAML_HINTS = {
    "found another document": "keep one document per file: remove the second '---' and after",
    "mapping values are not allowed": (
        "check the indentation, and quote values that contain ': ' (a colon and a space)"
    ),
    "did not find expected key": "check the indentation of this line and the lines above",
    "did not find expected '-' indicator": "check the indentation of this list item",
    "found undefined alias": "define the anchor (&name) before using the alias (*name)",
    "found unknown escape character": (
        "in double quotes write a backslash as \\\\, or use single quotes"
    ),
    "found invalid Unicode character escape code": (
        "write characters outside the BMP as \\UXXXXXXXX; lone surrogates are not text"
    ),
    "found unhashable key": "a key must be a plain value, not a list or a mapping",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "could not find expected ':'": "a key needs ': ' after it, or a long value needs quotes",
}


class _Loader(yaml.CSafeLoader):
    """Safe YAML loading without the YAML 1.1 timestamp resolver (dates stay strings).

    Records duplicate mapping keys (YAML forbids them; PyYAML keeps the last silently).
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[_Problem] = []

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if isinstance(node, yaml.MappingNode):
            self._find_duplicates(node)
        return super().construct_mapping(node, deep=deep)

    def _find_duplicates(self, node: yaml.MappingNode) -> None:
        first: dict[str, Any] = {}
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue
            earlier: Any = first.setdefault(str(key.value), key.start_mark)
            if earlier is not key.start_mark:
                mark: Any = key.start_mark
                self.duplicates.append(
                    _Problem(
                        f"duplicate key {key.value!r}: the one at line {earlier.line + 1} "
                        "is ignored",
                        "remove or rename one of them; YAML does not allow repeated keys",
                        mark.line + 1,
                        mark.column + 1,
                    )
                )


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


# ---------------------------------------------------------------- the tree


def _depth_problem(
    limits: Limits, pointer: str = "", line: int | None = None, column: int | None = None
) -> _Problem:
    return _Problem(
        f"the document nests deeper than {limits.max_depth} levels",
        "no real API needs this; move deep schemas into components and refer to them with $ref",
        line,
        column,
        pointer,
    )


def _pointer(tokens: list[str | int]) -> str:
    return child("#", *tokens)


def _placed(problem: _Problem, text: str, is_json: bool) -> _Problem:
    """``problem`` with the line and column of its pointer filled in."""
    if problem.line is not None or not problem.pointer:
        return problem
    found = position(text, is_json, unescape_parts(problem.pointer[1:]))
    if found is None:
        return problem
    return _Problem(problem.message, problem.hint, found[0], found[1], problem.pointer)


@dataclass(slots=True)
class _Frame:
    """A container being walked: its children, its slot in the parent, counts so far."""

    node: dict[str, Any] | list[Any]
    children: Iterator[tuple[str | int, Any]]
    slot: str | int
    size: int = 1
    height: int = 1


class _TreeProblem(Exception):
    def __init__(self, problem: _Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _check_tree(root: Any, limits: Limits, *, strings: bool) -> _Problem | None:
    """Check limits and values, and make mapping keys strings, in one iterative pass.

    Containers shared through YAML aliases are walked once; their expanded size and height
    count at every place they appear. ``strings`` also checks text for lone surrogates.
    """
    if not isinstance(root, dict | list):
        problem = _scalar_problem(root, strings)
        return _Problem(*problem, pointer="#") if problem else None
    try:
        _TreeWalk(limits, strings).run(root)
    except _TreeProblem as exc:
        return exc.problem
    return None


@dataclass(slots=True)
class _TreeWalk:
    limits: Limits
    strings: bool
    stack: list[_Frame] = field(default_factory=list)
    done: dict[int, tuple[int, int]] = field(default_factory=dict)  # id -> (size, height)
    active: set[int] = field(default_factory=set)

    def run(self, root: dict[str, Any] | list[Any]) -> None:
        self._enter(root, None)
        while self.stack:
            top = self.stack[-1]
            nxt = next(top.children, None)
            if nxt is None:
                self._leave()
            elif isinstance(nxt[1], dict | list):
                self._container(*nxt)
            else:
                self._check(nxt[1], nxt[0])
                self._grow(1, 0)

    def _enter(self, node: dict[str, Any] | list[Any], slot: str | int | None) -> None:
        """Push a container (``slot`` in the top frame; None for the root)."""
        if len(self.stack) >= self.limits.max_depth:
            self._fail(_depth_problem(self.limits, _pointer(self._path(slot))))
        children: Iterator[tuple[str | int, Any]]
        if isinstance(node, dict):
            if not all(type(k) is str for k in node):
                _string_keys(node)
            elif self.strings:
                for key in node:
                    self._check(key, slot, key)
            children = iter(node.items())
        else:
            children = enumerate(node)
        self.active.add(id(node))
        self.stack.append(_Frame(node, children, "" if slot is None else slot))

    def _check(self, value: Any, *slots: str | int | None) -> None:
        problem = _scalar_problem(value, self.strings)
        if problem is not None:
            path = [*self._path(None), *(s for s in slots if s is not None)]
            self._fail(_Problem(*problem, pointer=_pointer(path)))

    def _leave(self) -> None:
        frame = self.stack.pop()
        self.active.discard(id(frame.node))
        self.done[id(frame.node)] = (frame.size, frame.height)
        if self.stack:
            self._grow(frame.size, frame.height)

    def _container(self, slot: str | int, node: dict[str, Any] | list[Any]) -> None:
        known = self.done.get(id(node))
        if known is not None:  # a YAML alias of a container walked before
            if len(self.stack) + known[1] > self.limits.max_depth:
                self._fail(_depth_problem(self.limits, _pointer(self._path(slot))))
            self._grow(*known)
        elif id(node) in self.active:
            self._fail(
                _Problem(
                    "a YAML alias makes this value contain itself",
                    "an alias (*name) may only refer to a node outside itself",
                    pointer=_pointer(self._path(slot)),
                )
            )
        else:
            self._enter(node, slot)

    def _grow(self, size: int, height: int) -> None:
        """Add a child of ``size`` values and ``height`` container levels to the top frame."""
        top = self.stack[-1]
        top.size += size
        top.height = max(top.height, height + 1)
        if top.size > self.limits.max_nodes:
            self._fail(
                _Problem(
                    f"the document expands to more than {self.limits.max_nodes:,} values",
                    "YAML aliases (*name) can multiply a small file; expand or remove them",
                    pointer=_pointer(self._path(None)),
                )
            )

    def _path(self, slot: str | int | None) -> list[str | int]:
        """The pointer tokens of the top frame, plus ``slot`` when given."""
        path = [f.slot for f in self.stack[1:]]
        return path if slot is None else [*path, slot]

    def _fail(self, problem: _Problem) -> None:
        raise _TreeProblem(problem)


_NOT_JSON: dict[type, str] = {
    bytes: "binary data (!!binary)",
    set: "a set (!!set)",
    tuple: "a list of pairs (!!pairs or !!omap)",
}


def _scalar_problem(value: Any, strings: bool) -> tuple[str, str] | None:
    """(message, hint) when ``value`` is not a JSON scalar."""
    if isinstance(value, str):
        if strings and _SURROGATE.search(value):
            return "text holds a lone surrogate escape (\\ud800-\\udfff)", _SURROGATE_HINT
        return None
    if value is None or isinstance(value, bool | int):
        return None
    if isinstance(value, float):
        if math.isfinite(value):
            return None
        name = "NaN" if math.isnan(value) else "infinity"
        return f"{name} is not a JSON number", "write a finite number, or a string"
    what = _NOT_JSON.get(type(value), f"a YAML {type(value).__name__} value")
    return f"{what} cannot be represented in JSON", "write it as a plain string"


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_HINT = "write a character outside the BMP as a surrogate pair, e.g. \\ud83d\\ude00"


def _has_surrogate_escape(text: str) -> bool:
    return re.search(r"\\u[dD][89a-fA-F]", text) is not None


def _string_keys(node: dict[Any, Any]) -> None:
    """Make the keys of ``node`` strings, in place (so aliases stay shared)."""
    items = list(node.items())
    node.clear()
    for key, value in items:
        node[_key_text(key)] = value


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)
