"""The models' one-pass decoders accept exactly what the lenient validators accept.

Each model class decodes in one pass (checking each property while it fills the slots); its
``_loose`` validator is the reference. Values are the golden packages' own valid bases, each
broken at a random place (a value replaced by random JSON, or a key deleted), so both the
accepting and the rejecting paths of every decoder are walked.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hypo import examples

from .support import EXPECTED, spec_stems

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.floats(-2, 2)
    | st.sampled_from(["", "text", "a@b.c", "2024-01-01", "x" * 40, "EXTERNAL", "draft", "1"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)


def _pairs(stem: str) -> list[tuple[str, int]]:
    """(model class, base index) of every case the golden package's tests build from."""
    cases = json.loads((EXPECTED / stem / "tests" / "schema_cases.json").read_text("utf-8"))
    # a target row is [schema, check, decoder]: a class name, [decode, encode] or null; a
    # violation row starts [target, base value, ...]
    decoders = [target[2] for target in cases["targets"]]
    found = {
        (decoders[row[0]], row[1])
        for row in cases["violations"]
        if isinstance(decoders[row[0]], str)
    }
    return sorted(found)


def _bases(stem: str) -> list[Any]:
    cases = json.loads((EXPECTED / stem / "tests" / "schema_cases.json").read_text("utf-8"))
    return list(cases["values"])


def _places(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _places(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _places(item, (*at, i))
    return out


def _break(value: Any, place: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not place:
        return new
    value = copy.deepcopy(value)
    node = value
    for token in place[:-1]:
        node = node[token]
    if delete and isinstance(node, dict):
        del node[place[-1]]
    else:
        node[place[-1]] = new
    return value


STEMS = [stem for stem in spec_stems() if _pairs(stem)]


@pytest.mark.parametrize("stem", STEMS)
@settings(
    max_examples=examples(150),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_decoder_agrees_with_the_lenient_validator(load: Any, stem: str, data: Any) -> None:
    pkg = load(stem)
    name, index = data.draw(st.sampled_from(_pairs(stem)))
    cls = getattr(pkg.models, name)
    base = _bases(stem)[index]
    place = data.draw(st.sampled_from(_places(base)))
    broken = _break(base, place, data.draw(JSON), data.draw(st.booleans()))
    expected = cls._loose(broken)
    try:
        obj = cls.from_dict(broken)
    except pkg.ValidationError:
        assert not expected, broken
    else:
        assert expected, broken
        assert obj.to_dict() == broken
