"""Line and column of an offset: the index used for long texts agrees with counting."""

from __future__ import annotations

import random

import pytest

from generator.load import sourcemap


def _counted(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@pytest.mark.parametrize("seed", range(6))
def test_long_texts_give_the_counted_line_and_column(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["a", "\n", "bc", "\n\n", "xyz\n", "\r\n", "é"]
    text = "".join(rng.choice(pieces) for _ in range(rng.randint(40_000, 70_000)))
    assert len(text) >= sourcemap._INDEXED  # the index is what is tested
    newlines = [i for i, c in enumerate(text) if c == "\n"][:50]
    offsets = [0, 1, len(text), *newlines, *(n + 1 for n in newlines)]
    offsets += [rng.randint(0, len(text)) for _ in range(200)]
    for offset in offsets:
        assert sourcemap.line_col(text, offset) == _counted(text, offset), offset


def test_short_texts_and_the_edges() -> None:
    assert sourcemap.line_col("", 0) == (1, 1)
    assert sourcemap.line_col("ab\ncd", 3) == (2, 1)
    assert sourcemap.line_col("ab\ncd", 2) == (1, 3)
    long = "x" * sourcemap._INDEXED + "\n" + "y"
    assert sourcemap.line_col(long, len(long)) == (2, 2)
    assert sourcemap.line_col(long, 0) == (1, 1)
