"""Per-run costs gen avoids: compiled templates cached, GC paused, cheap fingerprints, parsed
JSON values reused, no diff outside ``--check``."""

from __future__ import annotations

import gc
import os
import stat
import time
import unicodedata
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest
import yaml

from generator import pipeline
from generator.cache import cache_folder
from generator.config import Config
from generator.diagnostics import Reporter
from generator.ir.fingerprint import Fingerprints
from generator.ir.nodes import Json, Schema
from generator.load.loader import load
from generator.load.sourcemap import Locator
from generator.output import record
from generator.output.write import check_tree
from generator.pipeline import generate
from generator.render import filters
from generator.render.bytecode import template_cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("keyword", ["minimum", "maximum", "max_length", "max_items"])
def test_a_zero_bound_is_a_keyword_and_changes_the_fingerprint(keyword: str) -> None:
    bounded = Schema(pointer="#/a", types=("integer",), **{keyword: 0})
    free = Schema(pointer="#/b", types=("integer",))
    prints = Fingerprints()
    assert prints(bounded) != prints(free)
    assert keyword in bounded.keywords()


def test_equal_shapes_share_a_fingerprint_and_types_of_numbers_count() -> None:
    prints = Fingerprints()
    item = Schema(pointer="#/i", types=("string",), min_length=1)
    same_item = Schema(pointer="#/j", types=("string",), min_length=1, description="other")
    a = Schema(pointer="#/a", types=("array",), items=item)
    b = Schema(pointer="#/b", types=("array",), items=same_item, title="B")
    assert prints(a) == prints(b)
    assert prints(Schema(pointer="#/x", multiple_of=1)) != prints(
        Schema(pointer="#/y", multiple_of=1.5)
    )
    exact = Fingerprints(exact=True)
    assert exact(a) != exact(b)  # annotations count there


def test_json_values_are_parsed_once_and_containers_stay_private() -> None:
    assert Json.of("x").value == "x"
    assert Json.of(2.5).value == 2.5
    listed = Json.of([1, {"a": None}])
    first = listed.value
    first.append(9)
    assert listed.value == [1, {"a": None}]


def test_cache_folder_follows_the_environment(tmp_path: Path) -> None:
    assert cache_folder({"GEN_CACHE_DIR": str(tmp_path)}) == tmp_path
    assert cache_folder({"GEN_CACHE_DIR": ""}) is None
    assert cache_folder({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "gen"
    assert cache_folder({"XDG_CACHE_HOME": "relative"}) == Path.home() / ".cache" / "gen"


def _environment(cache: jinja2.BytecodeCache | None, folder: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=cache)


def test_compiled_templates_are_reused_and_a_broken_entry_is_recompiled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path / "cache"))
    sources = tmp_path / "t"
    sources.mkdir()
    (sources / "a.jinja").write_text("{{ x }}!", encoding="utf-8")
    cache = template_cache("options")
    assert cache is not None
    assert _environment(cache, sources).get_template("a.jinja").render(x=1) == "1!"
    entries = list((tmp_path / "cache").rglob("*.cache"))
    assert len(entries) == 1
    folder = entries[0].parent
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700

    compiled: list[str] = []
    env = _environment(template_cache("options"), sources)
    original = env.compile

    def counting(*args: object, **kwargs: object) -> object:
        compiled.append("x")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(env, "compile", counting)
    assert env.get_template("a.jinja").render(x=2) == "2!"
    assert compiled == []  # loaded from the cache

    entries[0].write_bytes(b"garbage")
    assert (
        _environment(template_cache("options"), sources).get_template("a.jinja").render(x=3) == "3!"
    )
    (sources / "a.jinja").write_text("{{ x }}?", encoding="utf-8")  # changed source
    assert (
        _environment(template_cache("options"), sources).get_template("a.jinja").render(x=4) == "4?"
    )
    other = template_cache("other options")
    assert other is not None and other.directory != folder  # type: ignore[attr-defined]


def test_a_shared_or_foreign_cache_folder_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o777)
    monkeypatch.setenv("GEN_CACHE_DIR", str(shared))
    assert template_cache("options") is None
    monkeypatch.setenv("GEN_CACHE_DIR", "")
    assert template_cache("options") is None


def test_generation_pauses_gc_and_restores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    original = pipeline.plan_package

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "plan_package", spy)
    assert gc.isenabled()
    generate(Config(spec=ROOT / "specs" / "kombo.yaml", out=tmp_path / "out"))
    assert seen == [False]
    assert gc.isenabled()


def test_diff_text_only_when_asked(tmp_path: Path) -> None:
    stage, out = tmp_path / "stage", tmp_path / "out"
    stage.mkdir()
    out.mkdir()
    (stage / "a.py").write_text("x = 1\n", encoding="utf-8")
    quiet = check_tree(stage, out, with_diff=False)
    assert quiet.changed == ("a.py",) and quiet.diff == ""
    assert "+x = 1" in check_tree(stage, out).diff


def test_yaml_positions_come_from_the_loaders_own_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text("openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\npaths: {}\n")
    sources = load(spec, Reporter())
    assert sources is not None

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("composed a second time")

    monkeypatch.setattr(yaml, "compose", refuse)
    assert Locator(sources)(None, "#/info/title") == (3, 3)


def test_the_tool_digest_follows_every_file_of_the_code_and_templates(tmp_path: Path) -> None:
    """Listed by size and modification and change times (not hashed): any edit, addition or
    removal of a file counts, even an edit of the same size whose modification time is put
    back (``cp -p``, ``rsync -a``, package stores); ``__pycache__`` and a dangling link (an
    editor's lock file) do not."""
    code, templates = tmp_path / "generator", tmp_path / "templates"
    (code / "ir").mkdir(parents=True)
    (templates / "runtime").mkdir(parents=True)
    (code / "ir" / "a.py").write_text("a = 1\n")
    os.utime(code / "ir" / "a.py", ns=(1, 1))
    (templates / "runtime" / "_base.py").write_text("b = 2\n")

    def digest() -> str:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(record, "_CODE", code)
            return record.tool_digest.__wrapped__(templates)

    first = digest()
    assert digest() == first
    (code / "__pycache__").mkdir()
    (code / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (code / ".#a.py").symlink_to(tmp_path / "user@host.1234:1700000000")  # dangling
    assert digest() == first
    seen = {first}
    time.sleep(0.01)  # a later change time, even on coarse clocks
    (code / "ir" / "a.py").write_text("a = 2\n")  # same size, same modification time
    os.utime(code / "ir" / "a.py", ns=(1, 1))
    seen.add(digest())
    (templates / "runtime" / "_base.py").write_text("b = 22\n")
    seen.add(digest())
    (templates / "new.jinja").write_text("")
    seen.add(digest())
    (code / "ir" / "a.py").unlink()
    seen.add(digest())
    assert len(seen) == 5


def test_an_edited_templates_folder_is_read_again_in_the_same_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """gen's own templates are not checked for changes on every use; a ``--templates``
    folder is: a program that edits it and generates again gets the edit."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path / "cache"))
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: Edited, version: '1'}\npaths: {}\n", encoding="utf-8"
    )
    mine = tmp_path / "mine" / "package"
    mine.mkdir(parents=True)
    source = (ROOT / "templates" / "package" / "py.typed.jinja").read_text(encoding="utf-8")
    config = Config(spec=spec, out=tmp_path / "out", templates=tmp_path / "mine")
    for version in ("one", "two"):
        (mine / "py.typed.jinja").write_text(f"{source}# version {version}\n", encoding="utf-8")
        result = generate(config)
        typed = (result.out / result.package / "py.typed").read_text(encoding="utf-8")
        assert typed.endswith(f"# version {version}\n"), typed


def test_docstring_text_escapes_exactly_the_unsafe_characters() -> None:
    """Over every code point: controls (not tab or newline), line and paragraph separators,
    surrogates, zero-width and bidirectional marks, and the byte-order mark are escaped; every
    other character stays as it is."""
    invisible = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D}
    invisible |= {0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF}

    def unsafe(code: int) -> bool:
        kind = unicodedata.category(chr(code))
        return (kind in {"Cc", "Cs", "Zl", "Zp"} and code not in (9, 10)) or code in invisible

    every = "".join(map(chr, range(0x110000)))
    found = {ord(ch) for ch in filters._UNSAFE_DOC.findall(every)}
    assert found == {code for code in range(0x110000) if unsafe(code)}
    assert filters.docstring("a\x00b\x7fc") == "a\\x00b\\x7fc"
    assert filters.docstring("caf\u00e9 \u202e x") == "caf\u00e9 \\u202e x"


def test_run_records_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every new output folder adds a record: the oldest go once there are a quarter too many,
    and so do temporary files of writes that never finished."""
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(record, "KEEP_RECORDS", 8)
    runs = tmp_path / "runs"

    def write(i: int) -> Path:
        record.write_record(record.RunRecord(f"options {i}", "out", "pkg", {}, "", ()))
        path = record._path(f"options {i}")
        assert path is not None and path.is_file()
        os.utime(path, ns=(i * 10**9, i * 10**9))  # written in this order, a second apart
        return path

    paths = [write(i) for i in range(10)]
    assert sorted(runs.iterdir()) == sorted(paths)  # 10: not yet a quarter over
    paths.append(write(10))  # 11 > 10: the three oldest go
    assert sorted(runs.iterdir()) == sorted(paths[3:])
    stale, fresh = runs / ".run-stale", runs / ".run-fresh"
    stale.write_text("{")
    fresh.write_text("{")
    os.utime(stale, ns=(0, 0))
    paths.append(write(11))  # 9 records: only the stale temporary file goes
    assert sorted(runs.iterdir()) == sorted([*paths[3:], fresh])


def test_a_schemas_keywords_are_kept_but_never_part_of_its_value() -> None:
    """``Schema.keywords()`` is computed once per node; the memo changes neither equality,
    hashing, ``repr`` (the render digests) nor fingerprints, and a replaced node asks again."""
    asked = Schema(pointer="#/a", types=("string",), min_length=0)
    fresh = Schema(pointer="#/a", types=("string",), min_length=0)
    assert asked.keywords() == {"types", "min_length"}
    assert asked.keywords() is asked.keywords()
    assert asked == fresh and hash(asked) == hash(fresh) and repr(asked) == repr(fresh)
    for prints in (Fingerprints(), Fingerprints(exact=True)):
        assert prints(asked) == prints(fresh)
    assert replace(asked, min_length=None).keywords() == {"types"}
    assert replace(asked, types=None).keyword_count == 1
