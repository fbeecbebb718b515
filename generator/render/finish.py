"""Rendered Python made final: exactly the imports a module uses, ``__all__`` sorted.

Templates write a fixed import header per kind of module (every runtime helper a model
module might call); which helpers a module really calls depends on its schemas, so the names
it does not use are dropped here, from the rendered text, instead of by ``ruff check --fix``
after writing. A name counts as used when it appears in the module's code outside string
literals and comments (so no text from the spec, which reaches the output only inside
literals, docstrings and comments, can keep an import alive), inside an f-string, in a quoted
``TypeAlias`` value, or in ``__all__``. Only the leading block of top-level imports is
pruned; imports under ``if TYPE_CHECKING:`` are planned exactly already.

``__all__`` lists are sorted the way ruff's RUF022 sorts them (``SCREAMING_CASE``, then
``CamelCase``, then the rest, each in natural order), and the import block is followed by
one blank line (two before a ``def`` or ``class``), as ruff's isort rules want.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

__all__ = ["finish_python"]

#: comments and string literals (a prefix letter is left behind: it is never an imported name);
#: one flat alternation whose branches all start with a literal character, so the regex engine
#: skips to the next ``#``, ``"`` or ``'`` at once (a nested group made it try every position)
_LITERAL = re.compile(
    r"""#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''"""
    r"""|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'"""
)
#: one-line literals whose text is code: f-strings and quoted ``TypeAlias`` values
_CODE_LITERAL = re.compile(
    r"""(?:(?<!\w)[fF][rR]?|(?<!\w)[rR][fF])(?:"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')"""
    r"""|TypeAlias = (?:"[^"\n]*"|'[^'\n]*')"""
)
#: a quoted ``TypeAlias`` value too long for its line, laid out as ruff lays it out:
#: ``X: TypeAlias = (`` / ``"A | B"`` / ``)``
_WRAPPED_ALIAS = re.compile(r"""TypeAlias = \(\n[ ]*("[^"\n]*"|'[^'\n]*')\n[ ]*\)""")
_FROM = re.compile(r"from (\S+) import (.*)")
_ALL_ITEM = re.compile(r"""\s*(["'])([A-Za-z_][A-Za-z_0-9]*)\1,?\s*""")


def _used(parts: tuple[str, ...], candidates: set[str]) -> set[str]:
    """The names of ``candidates`` that the text ``parts`` make (joined by line breaks) uses in
    code (see the module docstring); ``parts`` split it between statements, so a part blanked
    once (the body after a guarded import block) serves the next question about it too.

    Names not in the text at all are out at once; the others are looked for in the text with
    its literals and comments blanked out, then, for the few still missing, in the f-strings
    and quoted aliases of the lines that mention them."""
    text = "\n".join(parts)
    present = {n for n in candidates if n in text}
    if not present:
        return set()
    code = "\n".join(map(_blanked, parts))
    found = {n for n in present if _has_word(code, n)}
    missing = present - found
    if missing:
        lines = _lines_with(text, missing)
        # one search over the lines together: no code literal spans a line break
        literals = _CODE_LITERAL.findall("\n".join(lines))
        if "TypeAlias = (\n" in text:
            literals += _WRAPPED_ALIAS.findall(text)
        found.update(n for n in missing if any(_has_word(lit, n) for lit in literals))
    return found


@functools.lru_cache(maxsize=4)
def _blanked(text: str) -> str:
    """``text`` with its literals and comments blanked out."""
    return _LITERAL.sub(" ", text)


def _lines_with(text: str, names: set[str]) -> list[str]:
    """The lines of ``text`` that mention any of ``names`` (each once, in order)."""
    spans: set[tuple[int, int]] = set()
    for name in names:
        at = text.find(name)
        while at != -1:
            end = text.find("\n", at)
            end = len(text) if end == -1 else end
            spans.add((text.rfind("\n", 0, at) + 1, end))
            at = text.find(name, end)
    return [text[start:end] for start, end in sorted(spans)]


def _has_word(text: str, name: str) -> bool:
    """Does ``name`` occur in ``text`` as a whole identifier?"""
    at = text.find(name)
    while at != -1:
        end = at + len(name)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            return True
        at = text.find(name, at + 1)
    return False


def _statements(lines: list[str], start: int) -> Iterator[tuple[int, int]]:
    """(first line, end line) of each top-level import statement from ``start`` on."""
    i = start
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith("#"):
            i += 1
            continue
        if not line.startswith(("import ", "from ")):
            return
        end = i + 1
        if line.rstrip().endswith("("):
            while end < len(lines) and not lines[end - 1].strip().endswith(")"):
                end += 1
        yield i, end
        i = end


def _header_end(lines: list[str]) -> int:
    """The first line after the leading comments (``# pyright: ...``) and module docstring."""
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1
    if start >= len(lines) or not lines[start].startswith('"""'):
        return start
    if lines[start].count('"""') >= 2 and len(lines[start].strip()) > 3:
        return start + 1
    for i in range(start + 1, len(lines)):
        if '"""' in lines[i]:
            return i + 1
    return start


def _bound(name: str) -> str:
    """The name an imported item binds (``a as b`` -> ``b``; ``a.b`` -> ``a``)."""
    parts = name.split(" as ")
    return parts[-1].strip() if len(parts) == 2 else parts[0].strip().split(".")[0]


def _names(statement: str) -> list[str]:
    """The imported items of one statement (``a``, ``b as c``)."""
    found = _FROM.fullmatch(statement)
    items = found.group(2).strip("()") if found else statement[len("import ") :]
    return [n.strip() for n in items.split(",") if n.strip()]


def _rewrite(statement: list[str], used: set[str]) -> list[str]:
    """The statement with only the names in ``used``, or nothing."""
    text = " ".join(line.strip() for line in statement)
    if text.startswith("from __future__"):
        return statement
    found = _FROM.fullmatch(text)
    if found is None:  # import a, b
        names = [n.strip() for n in text[len("import ") :].split(",")]
        kept = [n for n in names if _bound(n) in used]
        return [f"import {n}" for n in kept] if len(kept) != len(names) else statement
    module, items = found.groups()
    names = [n.strip() for n in items.strip("()").split(",") if n.strip()]
    kept = [n for n in names if _bound(n) in used]
    if len(kept) == len(names):
        return statement
    if not kept:
        return []
    one = f"from {module} import {', '.join(kept)}"
    if len(one) <= 100:
        return [one]
    return [f"from {module} import (", *(f"    {n}," for n in kept), ")"]


@functools.lru_cache(maxsize=16384)  # the same names come back in file after file
def _member_key(name: str) -> tuple[int, list[object], str]:
    """isort's order of imported names: constants, classes, the rest; case-insensitive."""
    bound = name.split(" as ", maxsplit=1)[0].strip()
    if len(bound) > 1 and bound.isupper():
        kind = 0
    elif bound[:1].isupper():
        kind = 1
    else:
        kind = 2
    return kind, _natural_parts(bound.lower()), bound


@functools.lru_cache(maxsize=16384)
def _module_key(line: str) -> tuple[object, ...]:
    """isort's order of ``from`` imports: furthest relative first, then by module and name."""
    found = _FROM.fullmatch(line.strip())
    if found is None:
        return (1, line)
    module, items = found.groups()
    level = len(module) - len(module.lstrip("."))
    name = module.lstrip(".")
    first = items.strip("()").split(",")[0]
    return (0, -level, name != "", _natural_parts(name.lower()), name, _member_key(first))


def _natural_parts(text: str) -> list[object]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def _sorted_guarded(lines: list[str], exported: set[str]) -> tuple[list[str], int]:
    """Runs of one-line ``from`` imports under ``if TYPE_CHECKING:`` in isort's order, the
    names the rest of the module does not use dropped (``as`` imports are kept: re-exports
    and module aliases; so are the names ``__all__`` lists); and where the last run ends."""
    out = list(lines)
    i = after = 0
    while i < len(out):
        if out[i].rstrip() != "if TYPE_CHECKING:":
            i += 1
            continue
        start = end = i + 1
        while end < len(out) and out[end].startswith("    from ") and "(" not in out[end]:
            end += 1
        merged = _pruned(_merged(sorted(out[start:end], key=_module_key)), out[end:], exported)
        run = [w for line in merged for w in _wrapped([line])] or ["    pass"]
        out[start:end] = run
        i = after = start + len(run)
    return out, after


def _pruned(imports: list[str], rest: list[str], exported: set[str]) -> list[str]:
    """Guarded ``from M import a, b`` lines without the names neither ``rest`` uses nor
    ``__all__`` lists (``exported``)."""
    plain = [line for line in imports if " as " not in line]
    candidates = {n for line in plain for n in _names(line.strip())}
    used = _used(("\n".join(rest),), candidates - exported) | (candidates & exported)
    kept: list[str] = []
    for line in imports:
        if " as " in line:
            kept.append(line)
            continue
        found = _FROM.fullmatch(line.strip())
        names = [n for n in _names(line.strip()) if n in used]
        if found is not None and names:
            kept.append(f"    from {found.group(1)} import {', '.join(names)}")
    return kept


def _merged(lines: list[str]) -> list[str]:
    """Adjacent ``from M import a`` / ``from M import b`` as one (not ``as`` re-exports)."""
    out: list[str] = []
    held: tuple[str, list[str]] | None = None
    for line in [*lines, ""]:
        found = _FROM.fullmatch(line.strip()) if " as " not in line else None
        module = found.group(1) if found else None
        if held is not None and module == held[0] and found is not None:
            held[1].extend(n.strip() for n in found.group(2).split(","))
            continue
        if held is not None:
            names = sorted(dict.fromkeys(held[1]), key=_member_key)
            out.append(f"    from {held[0]} import {', '.join(names)}")
            held = None
        if found is not None and module is not None:
            held = (module, [n.strip() for n in found.group(2).split(",")])
        elif line:
            out.append(line)
    return out


def _wrapped(statement: list[str]) -> list[str]:
    """A one-line ``from`` import longer than the line limit, split as isort splits it."""
    if len(statement) != 1 or len(statement[0]) <= 100:
        return statement
    line = statement[0]
    indent = line[: len(line) - len(line.lstrip())]
    found = _FROM.fullmatch(line.strip())
    if found is None or "(" in line:
        return statement
    module, items = found.groups()
    names = [f"{indent}    {n.strip()}," for n in items.split(",")]
    return [f"{indent}from {module} import (", *names, f"{indent})"]


def _natural(name: str) -> tuple[int, list[object]]:
    # as RUF022: one capital letter (``A``) is a class name, not a constant
    if (len(name) > 1 and name.isupper()) or (name.upper() == name and "_" in name):
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    return group, _natural_parts(name)


def _exports(lines: list[str]) -> tuple[set[str], list[str]]:
    """Names listed in a top-level ``__all__`` and the lines with the list sorted."""
    for i, line in enumerate(lines):
        if not line.startswith("__all__ = ["):
            continue
        if line.rstrip().endswith("]"):  # one line
            inner = line.rstrip()[len("__all__ = [") : -1]
            names = [n.strip().strip("\"'") for n in inner.split(",") if n.strip()]
            ordered = sorted(names, key=_natural)
            lines = [*lines[:i], f"__all__ = [{', '.join(map(_quoted, ordered))}]", *lines[i + 1 :]]
            return set(names), lines
        end = i + 1
        while end < len(lines) and lines[end].strip() != "]":
            end += 1
        items = [_ALL_ITEM.fullmatch(x) for x in lines[i + 1 : end]]
        if not all(items):
            return set(), lines
        names = [m.group(2) for m in items if m]
        ordered = sorted(names, key=_natural)
        body = [f"    {_quoted(n)}," for n in ordered]
        return set(names), [*lines[: i + 1], *body, *lines[end:]]
    return set(), lines


def _quoted(name: str) -> str:
    return f'"{name}"'


def finish_python(text: str) -> str:
    """``text`` with unused leading imports dropped and ``__all__`` sorted."""
    lines = text.split("\n")
    exported, lines = _exports(lines) if "\n__all__ = [" in text else (set(), lines)
    guarded = 0  # where the last guarded block ends
    if "\nif TYPE_CHECKING:\n" in text:
        lines, guarded = _sorted_guarded(lines, exported)
    start = _header_end(lines)
    spans = list(_statements(lines, start))
    if not spans:
        return "\n".join(lines)
    first, last = spans[0][0], spans[-1][1]
    statements = [tuple(lines[begin:end]) for begin, end in spans]
    candidates = {name for statement in statements for name in _bound_names(statement)}
    parts: tuple[str, ...]
    if guarded > last:  # the text after the guarded block was blanked for it already
        parts = ("\n".join(lines[last:guarded]), "\n".join(lines[guarded:]))
    else:
        parts = ("\n".join(lines[last:]),)
    used = _used(parts, candidates - exported) | exported
    block: list[str] = []
    previous_end = first
    for (begin, end), statement in zip(spans, statements, strict=True):
        gap = lines[previous_end:begin]
        block.extend(gap)
        block.extend(_final(statement, frozenset(used.intersection(_bound_names(statement)))))
        previous_end = end
    rest = lines[last:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    after = 2 if rest and rest[0].startswith(("def ", "class ", "@", "async def ")) else 1
    block = _tidy_gaps(block)
    return "\n".join([*lines[:first], *block, *([""] * after), *rest])


@functools.lru_cache(maxsize=4096)
def _bound_names(statement: tuple[str, ...]) -> frozenset[str]:
    """The names one import statement binds (modules of one kind share their import header,
    so the same statements come back file after file)."""
    return frozenset(_bound(n) for n in _names(" ".join(line.strip() for line in statement)))


@functools.lru_cache(maxsize=4096)
def _final(statement: tuple[str, ...], used: frozenset[str]) -> list[str]:
    """An import statement with only the names in ``used``, laid out; do not mutate."""
    return _wrapped(_rewrite(list(statement), set(used)))


def _tidy_gaps(block: list[str]) -> list[str]:
    """No trailing blank lines and no runs of blank lines left where statements went away."""
    tidy: list[str] = []
    for line in block:
        if not line.strip() and (not tidy or not tidy[-1].strip()):
            continue
        tidy.append(line)
    while tidy and not tidy[-1].strip():
        tidy.pop()
    return tidy
