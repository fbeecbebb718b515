"""The loader never raises, whatever the bytes; line endings do not shift places."""

from __future__ import annotations

from pathlib import Path

import pytest
from errors_support import MINIMAL, fails_strictly, fails_with, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.diagnostics import Level, Reporter
from generator.ir.build import build_api
from generator.load.loader import load
from tests.hypo import examples

YAMLISH = st.text(
    alphabet=st.sampled_from(list("{}[]:,-?&*!|>\"'#\n\t \\%@`.0123456789eaz\x00\ufeff"))
)


def _load_and_build(path: Path) -> None:
    reporter = Reporter(default_file=str(path))
    sources = load(path, reporter)
    if sources is not None:
        build_api(sources, reporter)
    if sources is None:  # a file that cannot be used says why
        assert any(d.level is Level.ERROR for d in reporter.items())
    for d in reporter.items():
        assert d.format()


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".yaml", ".json", ".txt"]))
def test_any_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"spec{suffix}"
    path.write_bytes(data)
    _load_and_build(path)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=YAMLISH, cut=st.integers(0, len(MINIMAL)), suffix=st.sampled_from([".yaml", ".json"]))
def test_mangled_specs(
    tmp_path_factory: pytest.TempPathFactory, text: str, cut: int, suffix: str
) -> None:
    path = tmp_path_factory.mktemp("text") / f"spec{suffix}"
    path.write_text(MINIMAL[:cut] + text + MINIMAL[cut:], encoding="utf-8", errors="surrogatepass")
    _load_and_build(path)


def test_crlf_yaml(work: Path) -> None:
    write("spec.yaml", MINIMAL.replace("type: string", "type: strng").replace("\n", "\r\n"))
    fails_strictly(
        "spec.yaml",
        "spec.yaml:12:11: #/components/schemas/Pet/properties/name/type: error: unknown type "
        "'strng' (expected one of: null, boolean, object, array, number, integer, string)\n"
        "    hint: did you mean 'string'?\n",
    )


def test_crlf_json(work: Path) -> None:
    write("spec.json", '{\r\n  "openapi": "3.1.0",\r\n  "info": {"title": "T",}\r\n}\r\n')
    # line 3: the '}' after the trailing comma is column 25
    fails_with(
        "spec.json",
        "spec.json:3:25: #/info: error: invalid JSON: "
        "Expecting property name enclosed in double quotes\n"
        "    hint: remove the comma before '}': JSON allows no trailing commas\n",
    )
