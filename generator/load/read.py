"""Read one file of the spec: bytes within the size limit, decoded as UTF-8 (BOMs handled), parsed,
its tree checked; every failure is a problem with its place and a hint.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import replace
from pathlib import Path

from ..diagnostics import Reporter
from .document import Document, Limits, Problem, Site
from .errorpath import byte_place, json_path_at, yaml_path_at
from .parse import parse
from .tree import check_json_tree, check_tree, has_surrogate_escape, placed, pointer

__all__ = []


def read(
    path: Path, file_id: str, display: str, site: Site, reporter: Reporter, limits: Limits
) -> Document | None:
    result = _document(path, file_id, display, site, limits)
    if isinstance(result, Problem):
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
    path: Path, file_id: str, display: str, site: Site, limits: Limits
) -> tuple[Document, list[Problem]] | Problem:
    data = _read_bytes(path, display, site, limits)
    if isinstance(data, Problem):
        return data
    text = _decode(data)
    if isinstance(text, Problem):
        return _with_pointer(text, data, path.suffix.lower() == ".json")
    parsed = parse(text, path.suffix.lower(), limits)
    if isinstance(parsed, Problem):
        return parsed
    root, is_json, unshared, warnings = parsed
    strings = is_json and has_surrogate_escape(text)
    if unshared:
        problem = check_json_tree(root, limits, strings=strings, text_keys=is_json)
    else:
        problem = check_tree(root, limits, strings=strings)
    if problem is not None:
        return placed(problem, text, is_json)
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


def _with_pointer(problem: Problem, data: bytes, is_json: bool) -> Problem:
    """A problem at a byte (NUL, not UTF-8) with the pointer of the value it is in."""
    if problem.pointer or problem.line is None or problem.column is None:
        return problem
    lines = data.split(b"\n")[: problem.line]
    lines[-1] = lines[-1].decode("utf-8", "replace")[: problem.column - 1].encode()
    before = b"\n".join(lines).decode("utf-8", "replace").replace("\x00", " ")
    if is_json or before.lstrip()[:1] in ("{", "["):
        tokens = json_path_at(before, len(before))
    else:
        tokens = yaml_path_at(before, len(before))
    return replace(problem, pointer=pointer(tokens))


def _read_bytes(path: Path, display: str, site: Site, limits: Limits) -> bytes | Problem:
    try:
        if not path.exists():
            return _unreadable(
                site, "no such file", f"there is no file {display}", _missing_hint(site)
            )
        if path.is_dir():
            folder = "this is a folder, not a file"
            return _unreadable(site, folder, f"{display} is a folder", _folder_hint(path))
        if not site.is_entry and not stat.S_ISREG(path.stat().st_mode):
            # opening a named pipe waits for a writer, a device may never end: only --spec
            # may be one (``--spec <(curl ...)``), on purpose
            kind = _KINDS.get(stat.S_IFMT(path.stat().st_mode), "not a regular file")
            return _unreadable(
                site, kind, f"{display} is {kind}", "a $ref may only name a regular file"
            )
        with path.open("rb") as f:  # not read_bytes(): /dev/zero or a pipe has no size
            data = f.read(limits.max_bytes + 1)
        if len(data) > limits.max_bytes:
            return Problem(
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


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def _unreadable(site: Site, entry_text: str, ref_text: str, hint: str | None) -> Problem:
    if site.is_entry:
        return Problem(entry_text, hint)
    return Problem(f"cannot resolve $ref {site.ref!r}: {ref_text}", hint, at_site=True)


def _missing_hint(site: Site) -> str:
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


def _decode(data: bytes) -> str | Problem:
    if not data.strip():
        start = "an OpenAPI document starts with 'openapi: 3.1.0'"
        return Problem("file is empty", start, 1, 1, "#")
    encoding = next((name for bom, name in _UTF_BOMS if data.startswith(bom)), None)
    if encoding is not None:  # its byte order mark says so
        return Problem(f"file is {encoding} text", "save it as UTF-8", 1, 1, "#")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = byte_place(data, nul)
        return Problem(
            f"file is binary, not YAML or JSON text (a NUL byte at offset {nul})",
            "pass the OpenAPI document (.yaml, .yml or .json)",
            line,
            column,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_place(data, exc.start)
        return Problem(
            f"file is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
            "save the file as UTF-8",
            line,
            column,
        )
