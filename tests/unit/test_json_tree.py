"""The quick check of trees that share no containers (``json.loads``, plain YAML) agrees with
the full walk and defers to it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.load import tree
from generator.load.document import Limits, Problem
from generator.load.parse import parse


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


YAML_KEYS = """\
responses:
  200: {description: ok}
  true: [1, {null: x, 1.5: y}]
  '404': {description: missing}
"""


def test_plain_yaml_takes_the_quick_check_with_its_keys_made_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed = parse(YAML_KEYS, ".yaml", Limits())
    assert not isinstance(parsed, Problem)
    root, is_json, unshared, _ = parsed
    assert (is_json, unshared) == (False, True)
    expected = parse(YAML_KEYS, ".yaml", Limits())
    assert not isinstance(expected, Problem)
    assert tree.check_tree(expected[0], Limits(), strings=False) is None
    monkeypatch.setattr(tree._TreeWalk, "run", lambda self, root: pytest.fail("walked"))
    assert tree.check_json_tree(root, Limits(), strings=False) is None
    assert root == expected[0] == {
        "responses": {
            "200": {"description": "ok"},
            "true": [1, {"null": "x", "1.5": "y"}],
            "404": {"description": "missing"},
        }
    }


@pytest.mark.parametrize(
    ("text", "limits", "message"),
    [
        ("a: {b: {c: {d: [1]}}}\n", Limits(max_depth=3), "nests deeper than 3"),
        ("a: [1, 2, 3, 4, 5]\nb: {1: 2, 3: 4}\n", Limits(max_nodes=6), "more than 6 values"),
        ("a: [.inf]\n", Limits(), "infinity is not a JSON number"),
    ],
)
def test_plain_yaml_past_a_limit_gets_the_full_walks_answer(
    text: str, limits: Limits, message: str
) -> None:
    parsed = parse(text, ".yaml", limits)
    assert not isinstance(parsed, Problem) and parsed[2]
    problem = tree.check_json_tree(parsed[0], limits, strings=False)
    fresh = parse(text, ".yaml", limits)
    assert not isinstance(fresh, Problem)
    assert problem is not None and message in problem.message
    assert problem == tree.check_tree(fresh[0], limits, strings=False)


def test_yaml_with_a_shared_container_keeps_the_full_walk() -> None:
    parsed = parse("a: &x {b: 1}\nc: *x\n", ".yaml", Limits())
    assert not isinstance(parsed, Problem)
    assert parsed[2] is False  # the alias: the same object twice


@pytest.mark.parametrize("text", ["a: [1, 2]\n", '{"a": [1, 2]}'])
@pytest.mark.parametrize("max_nodes", [2, 3, 4, 5])
def test_the_quick_check_counts_the_root_as_the_full_walk_does(text: str, max_nodes: int) -> None:
    limits = Limits(max_nodes=max_nodes)
    parsed, again = parse(text, ".yaml", limits), parse(text, ".yaml", limits)
    assert not isinstance(parsed, Problem) and not isinstance(again, Problem)
    quick = tree.check_json_tree(parsed[0], limits, strings=False)
    assert quick == tree.check_tree(again[0], limits, strings=False)
