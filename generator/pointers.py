"""JSON pointers (RFC 6901) as carried by the IR: ``file#/a/b~1c``.

The fragment part is kept in its escaped form (``~0``, ``~1``) and without percent-encoding, so a
pointer printed in a diagnostic reads like the document it points into.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar
from urllib.parse import unquote

T = TypeVar("T")

__all__ = [
    "child",
    "escape",
    "longest_prefix",
    "section_entry",
    "split_ref",
    "unescape",
    "unescape_parts",
]


def escape(token: str) -> str:
    if "~" not in token and "/" not in token:  # most tokens: nothing to replace
        return token
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """One reference token as written in a pointer (``b~1c``) -> its text (``b/c``)."""
    return token.replace("~1", "/").replace("~0", "~")


def child(pointer: str, *tokens: str | int) -> str:
    """``child("#/a", "b/c", 0) == "#/a/b~1c/0"``."""
    if len(tokens) == 1:  # the usual call: no generator, no join
        return f"{pointer}/{escape(str(tokens[0]))}"
    return pointer + "".join("/" + escape(str(t)) for t in tokens)


def unescape_parts(fragment: str) -> list[str]:
    """The reference tokens of a pointer fragment (``/a/b~1c`` -> ``["a", "b/c"]``).

    The fragment may be percent-encoded, as it is in a ``$ref`` URI reference.
    """
    if not fragment:
        return []
    if not fragment.startswith("/"):
        raise ValueError(f"JSON pointer {fragment!r} must start with '/'")
    return [unescape(unquote(token)) for token in fragment[1:].split("/")]


def split_ref(ref: str) -> tuple[str, str]:
    """``"other.yaml#/a"`` -> ``("other.yaml", "/a")``; ``"#/a"`` -> ``("", "/a")``."""
    file_part, _, fragment = ref.partition("#")
    return file_part, fragment


def longest_prefix(pointer: str, table: Mapping[str, T]) -> str | None:
    """The longest key of ``table`` that is ``pointer`` or one of its ancestors."""
    candidate = pointer
    while True:
        if candidate in table:
            return candidate
        cut = candidate.rfind("/")
        if cut <= 0:
            return None
        candidate = candidate[:cut]


def section_entry(pointer: str) -> tuple[str, str, str] | None:
    """The named entry of ``components`` (or ``webhooks``) that ``pointer`` is in, if any.

    ``f#/components/responses/Not~1Found/content`` ->
    ``("responses", "Not/Found", "f#/components/responses/Not~1Found")``;
    ``#/webhooks/ping/post`` -> ``("webhooks", "ping", "#/webhooks/ping")``.
    """
    parts = pointer.split("/")
    if len(parts) >= 4 and parts[1] == "components":
        return parts[2], unescape(parts[3]), "/".join(parts[:4])
    if len(parts) >= 3 and parts[1] == "webhooks":
        return "webhooks", unescape(parts[2]), "/".join(parts[:3])
    return None
