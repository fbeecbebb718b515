"""Identifiers: every name the output uses is made here, once, deterministically.

Rules
-----
* Words are split at non-alphanumerics, case changes and digit boundaries
  (``PostLmsCoursesBulk``, ``foo-bar.baz``, ``HTTPResponse2`` -> ``post lms courses bulk`` ...).
* Only ASCII is emitted: letters with accents are folded (``café`` -> ``cafe``); a name with no
  letters or digits at all is spelled from its symbols (``+`` -> ``plus``), else ``value``.
* A name may not start with a digit (``n`` is put in front), may not be a keyword, soft keyword,
  dunder or one of the names a scope reserves (builtins for parameters and module-level names,
  the annotation vocabulary and model methods for dataclass fields, the package's own runtime
  names for classes): a trailing ``_`` is added (``class`` -> ``class_``, ``Client`` ->
  ``ClientModel`` for classes).
* Collisions inside one scope are resolved in spec order: the first keeps the plain name, later
  ones get ``_2``, ``_3`` ... (only when no meaningful alternative exists; callers try those
  first). Wire names are never changed: generated code maps each identifier to its exact key.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from typing import Protocol

__all__ = [
    "ANNOTATION_NAMES",
    "BUILTINS",
    "MAX_NAME",
    "Scope",
    "class_name",
    "class_names",
    "constant_name",
    "fit",
    "identifier",
    "pascal",
    "shorten_snake",
    "snake",
    "split_words",
]

MAX_NAME = 60
BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_")) | {"__builtins__"}
#: names used inside generated model annotations/bodies: a field may not be called this
ANNOTATION_NAMES = frozenset({
    "str", "int", "float", "bool", "bytes", "None", "list", "dict", "object", "Any",
    "Literal", "Unset", "UNSET", "ClassVar", "Self", "field", "dataclass", "annotations",
    "to_dict", "from_dict", "from_json", "to_json", "additional_properties", "replace",
})  # fmt: skip

_SYMBOLS = {
    "+": "plus", "-": "minus", "*": "star", "@": "at", "$": "dollar", "#": "hash",
    "%": "percent", "&": "and", "!": "not", "=": "eq", "<": "lt", ">": "gt", ".": "dot",
    "/": "slash", ":": "colon", "~": "tilde", "^": "caret", "?": "question", "|": "pipe",
    "_": "underscore",
}  # fmt: skip
#: the soft keywords of Python 3.11, written out: ``keyword.softkwlist`` grows with the Python
#: that runs gen (``type`` in 3.12), and the names gen makes must not depend on it
_SOFT_KEYWORDS = frozenset({"_", "case", "match"})
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*")


@lru_cache(maxsize=65536)  # names are split again and again (snake, pascal, fit...)
def _words(text: str) -> tuple[str, ...]:
    words = _WORD.findall(_ascii(text))
    if words:
        return tuple(words)
    spelled = [_SYMBOLS[ch] for ch in text if ch in _SYMBOLS]
    return tuple(spelled or ["value"])


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return folded.encode("ascii", "ignore").decode("ascii")


def split_words(text: str) -> list[str]:
    """The words of ``text``: ``"PostLmsCourses2FA-bulk"`` -> ``Post Lms Courses 2 FA bulk``."""
    return list(_words(text))


@lru_cache(maxsize=65536)
def snake(text: str) -> str:
    return "_".join(w.lower() for w in _words(text))


@lru_cache(maxsize=65536)
def pascal(text: str) -> str:
    return "".join(w[:1].upper() + w[1:].lower() for w in _words(text))


def constant_name(text: str) -> str:
    return snake(text).upper()


def _lead(name: str, prefix: str) -> str:
    return prefix + name if name[:1].isdigit() else name


def _shorten(name: str, sep: str, limit: int = MAX_NAME) -> str:
    """Cut a long name to at most ``limit`` characters at word boundaries (deterministic).

    The head (first word, with a leading ``_prefix_``) and the tail (the most specific words)
    are kept; words right after the head go first.
    """
    if len(name) <= limit:
        return name
    parts = name.split(sep) if sep else _WORD.findall(name)
    keep = 2 if sep and name.startswith(sep) else 1
    while len(sep.join(parts)) > limit and len(parts) > keep + 1:
        parts.pop(keep)
    return sep.join(parts)[:limit]


def _cuts(name: str, most: int = 40) -> list[str]:
    """Other ways to cut a long name (when :func:`fit`'s is taken): drop the fewest words in
    a row that make it fit, the earliest first (the head always stays)."""
    if len(name) <= MAX_NAME:
        return []
    sep = "_" if "_" in name.strip("_") else ""
    parts = name.split(sep) if sep else _WORD.findall(name)
    keep = 2 if sep and name.startswith(sep) else 1
    out: list[str] = []
    for k in range(1, len(parts) - keep):
        for first in range(keep, len(parts) - k + 1):
            cut = sep.join(parts[:first] + parts[first + k :])
            if len(cut) <= MAX_NAME and cut not in out and not cut.endswith(sep or " "):
                out.append(cut)
                if len(out) >= most:
                    return out
        if out:
            return out
    return out


def shorten_snake(name: str, limit: int) -> str:
    """A snake_case ``name`` cut to ``limit`` characters the way :func:`fit` cuts names."""
    return _shorten(name, "_", limit)


def fit(name: str) -> str:
    """``name`` shortened to MAX_NAME (snake_case, SCREAMING_CASE or PascalCase)."""
    if len(name) <= MAX_NAME:
        return name
    return _shorten(name, "_" if "_" in name.strip("_") else "")


_NOTHING: frozenset[str] = frozenset()


class _Namer(Protocol):
    def __call__(self, text: str, reserved: Iterable[str] = ()) -> str: ...


def _remembered(make: Callable[[str, Iterable[str]], str]) -> _Namer:
    """``make(text, reserved)``, remembered for a ``reserved`` that can be a key (a frozenset,
    or none): the same names come back schema after schema."""
    cached = lru_cache(maxsize=65536)(make)

    @wraps(make)
    def call(text: str, reserved: Iterable[str] = ()) -> str:
        if isinstance(reserved, frozenset) or reserved == ():
            return cached(text, reserved or _NOTHING)
        return make(text, reserved)

    return call


def _make_identifier(text: str, reserved: Iterable[str]) -> str:
    """A snake_case identifier for ``text`` that is not a keyword, dunder or reserved name."""
    name = _shorten(_lead(snake(text), "n"), "_")
    if keyword.iskeyword(name) or name in _SOFT_KEYWORDS or name in reserved:
        name += "_"
    return name


def _make_class_name(text: str, reserved: Iterable[str]) -> str:
    """A PascalCase class name for ``text``; reserved names get a ``Model`` suffix.

    A name that already is a PascalCase ASCII identifier is kept as written (``APIKey``).
    """
    verbatim = text.isascii() and text.isidentifier() and text[:1].isupper()
    name = _shorten(text if verbatim else _lead(pascal(text), "N"), "")
    if name in reserved or name in BUILTINS or keyword.iskeyword(name):
        name += "Model"
    return name


identifier = _remembered(_make_identifier)
class_name = _remembered(_make_class_name)


def class_names(text: str, reserved: Iterable[str] = ()) -> list[str]:
    """:func:`class_name`, then other cuts of it when it is long (see :func:`_cuts`)."""
    first = class_name(text, reserved)
    verbatim = text.isascii() and text.isidentifier() and text[:1].isupper()
    full = text if verbatim else _lead(pascal(text), "N")
    taken = set(reserved) | BUILTINS
    return [first] + [c for c in _cuts(full) if c != first and c not in taken]


class Scope:
    """Names taken in one Python namespace; :meth:`claim` makes a name unique in it."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)

    def __contains__(self, name: str) -> bool:
        return name in self._taken

    def take(self, name: str) -> None:
        self._taken.add(name)

    def claim(self, name: str) -> str:
        """``name`` if free, else ``name_2``, ``name_3`` ... (``Name2`` for PascalCase)."""
        fitted = fit(name)
        if fitted not in self._taken:  # most names are free: other cuts are not needed
            self._taken.add(fitted)
            return fitted
        for candidate in _cuts(name):
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate
        name = fitted
        sep = "" if name[:1].isupper() else "_"
        base = name[: MAX_NAME - 4]
        n = 2
        while f"{base}{sep}{n}" in self._taken:
            n += 1
        result = f"{base}{sep}{n}"
        self._taken.add(result)
        return result

    def first_free(self, candidates: Iterable[str]) -> str | None:
        for name in candidates:
            if name not in self._taken:
                self._taken.add(name)
                return name
        return None
