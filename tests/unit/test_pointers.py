"""JSON pointer helpers shared by every stage (``generator/pointers.py``)."""

from __future__ import annotations

import pytest

from generator.pointers import child, escape, section_entry, unescape, unescape_parts


@pytest.mark.parametrize("token", ["plain", "a/b", "~x", "~1", "/~0/", ""])
def test_escape_and_unescape_are_inverse(token: str) -> None:
    assert unescape(escape(token)) == token
    assert unescape_parts(child("", token)) == [token]
    assert unescape_parts(child("", token, 0, token)) == [token, "0", token]
    assert child("#/a", "b/c", 0) == child(child("#/a", "b/c"), 0) == "#/a/b~1c/0"


def test_unescape_parts_decodes_percent_encoding_before_tildes() -> None:
    assert unescape_parts("/a%20b/c~1d/~01") == ["a b", "c/d", "~1"]


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("#/components/schemas/Pet", ("schemas", "Pet", "#/components/schemas/Pet")),
        (
            "f.yaml#/components/responses/Not~1Found/content",
            ("responses", "Not/Found", "f.yaml#/components/responses/Not~1Found"),
        ),
        ("#/webhooks/ping/post/requestBody", ("webhooks", "ping", "#/webhooks/ping")),
        ("#/paths/~1pets/get", None),
        ("#/components/schemas", None),
    ],
)
def test_section_entry(pointer: str, expected: tuple[str, str, str] | None) -> None:
    assert section_entry(pointer) == expected
