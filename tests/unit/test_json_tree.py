"""The quick check of ``json.loads`` trees agrees with the full walk and defers to it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.load import tree
from generator.load.document import Limits


def _nested(levels: int) -> Any:
    node: Any = 1
    for _ in range(levels):
        node = {"a": [node]} if levels % 2 else [node]
    return node


@pytest.mark.parametrize("levels", [1, 7, 8, 9, 12])
def test_agrees_with_the_full_walk_on_depth(levels: int) -> None:
    limits = Limits(max_depth=8)
    root = json.loads(json.dumps(_nested(levels)))
    quick = tree.check_json_tree(root, limits, strings=False)
    full = tree.check_tree(root, limits, strings=False)
    assert (quick is None) == (full is None)
    assert quick == full


@pytest.mark.parametrize("text", ['{"x": [NaN]}', '{"x": {"y": 1e999}}', '[-Infinity]'])
def test_non_finite_numbers_reach_the_full_walk(text: str) -> None:
    problem = tree.check_json_tree(json.loads(text), Limits(), strings=False)
    assert problem is not None
    assert "not a JSON number" in problem.message


def test_too_many_values_reach_the_full_walk() -> None:
    root = json.loads(json.dumps({"a": list(range(50)), "b": {"c": list(range(50))}}))
    problem = tree.check_json_tree(root, Limits(max_nodes=80), strings=False)
    assert problem is not None
    assert "more than 80 values" in problem.message
    assert tree.check_json_tree(root, Limits(max_nodes=200), strings=False) is None


def test_a_plain_document_skips_the_full_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    def walk(self: object, root: object) -> None:
        raise AssertionError("the full walk ran")

    monkeypatch.setattr(tree._TreeWalk, "run", walk)
    root = json.loads('{"openapi": "3.1.0", "paths": {"/a": {"get": {"x": [1, 2.5, null]}}}}')
    assert tree.check_json_tree(root, Limits(), strings=False) is None
    with pytest.raises(AssertionError, match="full walk"):  # text to check: the walk runs
        tree.check_json_tree(root, Limits(), strings=True)
