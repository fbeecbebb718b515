"""The compiled-dataclass cache: same classes, compiled once, exact cache file, no leftovers."""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.startup import compiled_dataclasses

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path / "cache"))
    yield tmp_path / "cache"


def _define(name: str) -> type:
    @dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
    class Point:
        x: int
        y: int = 2
        tags: tuple[str, ...] = ()

    Point.__qualname__ = name
    return Point


def _behaves(cls: type) -> None:
    p = cls(x=1)
    assert (p.x, p.y, p.tags) == (1, 2, ())
    assert p == cls(x=1, y=2) and p != cls(x=3)
    assert hash(p) == hash(cls(x=1))
    assert repr(p).endswith("(x=1, y=2, tags=())")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        cls(1)  # keyword-only


def _cache_files(folder: Path) -> list[Path]:
    return sorted((folder / "dataclasses").glob("*.marshal"))


def test_the_second_run_compiles_nothing_and_builds_the_same_class(cache_dir: Path) -> None:
    with compiled_dataclasses() as first:
        _behaves(_define("A"))
    assert first.compiled > 0
    (saved,) = _cache_files(cache_dir)
    with compiled_dataclasses() as second:
        _behaves(_define("B"))
    assert second.compiled == 0
    assert second.used.keys() == first.used.keys()
    assert _cache_files(cache_dir) == [saved]


def test_the_cache_file_keeps_only_what_the_last_run_used(cache_dir: Path) -> None:
    with compiled_dataclasses():
        _define("A")

        @dataclasses.dataclass(frozen=True)
        class Other:
            z: str

    with compiled_dataclasses() as later:  # Other is gone, a new class comes

        @dataclasses.dataclass
        class New:
            w: float

    assert later.compiled > 0
    (path,) = _cache_files(cache_dir)
    assert marshal.loads(path.read_bytes()).keys() == later.used.keys()  # A and Other dropped
    with compiled_dataclasses() as again:
        pass
    assert again.used == {}
    with compiled_dataclasses() as last:

        @dataclasses.dataclass
        class NewAgain:
            w: float

    assert last.compiled == 0  # New's methods were kept; a run without misses writes nothing
    assert path.exists()


def test_a_damaged_cache_is_ignored_and_replaced(cache_dir: Path) -> None:
    with compiled_dataclasses():
        _define("A")
    (path,) = _cache_files(cache_dir)
    path.write_bytes(b"\x00not marshal data")
    with compiled_dataclasses() as run:
        _behaves(_define("B"))
    assert run.compiled > 0
    with compiled_dataclasses() as fixed:
        _define("C")
    assert fixed.compiled == 0


def test_without_a_cache_folder_everything_compiles_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEN_CACHE_DIR", "")
    with compiled_dataclasses() as run:
        _behaves(_define("A"))
    assert run.compiled > 0
    assert list(tmp_path.iterdir()) == []


def test_dataclasses_is_left_as_it_was(cache_dir: Path) -> None:
    assert "exec" not in vars(dataclasses)
    with pytest.raises(RuntimeError), compiled_dataclasses():
        assert "exec" in vars(dataclasses)
        raise RuntimeError
    assert "exec" not in vars(dataclasses)


def test_gen_starts_from_the_cache(tmp_path: Path) -> None:
    """The command imports its modules inside the cached block: a second start compiles none
    of gen's dataclass methods and writes the same cache file."""
    env = {**os.environ, "GEN_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    for _ in range(2):
        done = subprocess.run([sys.executable, "-m", "generator", "--version"], env=env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
    (path,) = _cache_files(tmp_path)
    before = path.read_bytes()
    probe = (
        "from generator.startup import compiled_dataclasses\n"
        "with compiled_dataclasses() as c:\n"
        "    import generator.cli\n"
        "print(c.compiled, len(c.used))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    compiled, used = map(int, done.stdout.split())
    assert compiled == 0 and used > 100
    assert path.read_bytes() == before


def test_the_command_ends_at_once_with_its_code_and_every_line_written(tmp_path: Path) -> None:
    """``gen`` leaves through ``os._exit`` (no teardown): exit codes and buffered output must
    come through as a normal exit would give them, also into a pipe or a file."""
    env = {**os.environ, "GEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    gen = [sys.executable, "-m", "generator"]
    shown = subprocess.run([*gen, "--help"], env=env, capture_output=True, text=True,
                           check=False)  # fmt: skip
    assert shown.returncode == 0 and "--spec" in shown.stdout
    assert shown.stdout.endswith("\n") and len(shown.stdout.splitlines()) > 20
    missing = subprocess.run([*gen, "--spec", str(tmp_path / "none.yaml")], env=env,
                             capture_output=True, text=True, check=False)  # fmt: skip
    assert missing.returncode == 2
    assert missing.stderr.endswith("nothing was written.\n"), missing.stderr
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      operationId: getA\n      responses:\n        '200': {description: ok}\n"
    )
    with (tmp_path / "log.txt").open("w") as log:
        command = [*gen, "--spec", str(spec), "--out", str(tmp_path / "out")]
        done = subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)
    assert done.returncode == 0
    assert (tmp_path / "log.txt").read_text().rstrip().endswith("0 workarounds.")
    assert (tmp_path / "out" / ".gen-manifest.json").is_file()


def test_a_json_spec_is_generated_without_importing_what_it_does_not_need(
    tmp_path: Path,
) -> None:
    """PyYAML is a tenth of a small run's start-up: only YAML documents (or gen.yaml) load it;
    difflib only a "did you mean" hint or a ``--check`` diff, html only an HTML entity."""
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get":'
        ' {"operationId": "getA", "responses": {"200": {"description": "ok"}}}}}}'
    )
    probe = (
        "import sys\n"
        "from generator.cli import main\n"
        f"sys.argv = ['gen', '--spec', {str(spec)!r}, '--out', {str(tmp_path / 'out')!r}, "
        "'--quiet']\n"  # not -q: click tries a short option as a long one first (and difflib)
        "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
        "lazy = ('yaml', 'difflib', 'html')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in lazy))\n"
    )
    env = {**os.environ, "GEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "out" / ".gen-manifest.json").is_file()


def test_a_cache_others_can_write_to_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached code runs as the user: a folder or file that others may change is ignored."""
    shared = tmp_path / "shared"
    monkeypatch.setenv("GEN_CACHE_DIR", str(shared))
    with compiled_dataclasses():
        _define("A")
    (path,) = _cache_files(shared)
    planted = {source: compile("raise SystemExit('planted')", "<x>", "exec")
               for source in marshal.loads(path.read_bytes())}  # fmt: skip
    path.write_bytes(marshal.dumps(planted))
    for folder in (shared, shared / "dataclasses"):
        folder.chmod(0o777)
        with compiled_dataclasses() as run:
            _behaves(_define("B"))  # the planted code would raise
        assert run.compiled > 0
        folder.chmod(0o700)
    path.chmod(0o666)  # a file others may write
    with compiled_dataclasses() as run:
        _behaves(_define("C"))
    assert run.compiled > 0


def test_the_cache_folder_is_made_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The root is created 0700 (the template cache refuses a root others can read)."""
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path / "fresh" / "gen"))
    with compiled_dataclasses():
        _define("A")
    for folder in (tmp_path / "fresh" / "gen", tmp_path / "fresh" / "gen" / "dataclasses"):
        assert folder.stat().st_mode & 0o077 == 0, oct(folder.stat().st_mode)


def test_methods_compile_as_the_builtin_would(cache_dir: Path) -> None:
    """No future flags of gen's own modules leak into the methods: code flags and
    annotations are those of a class made without the cache."""

    def make() -> type:
        @dataclasses.dataclass
        class Typed:
            x: int

        return Typed

    plain = make()
    for _ in range(2):  # compiled, then loaded from the file
        with compiled_dataclasses():
            cached = make()
        for method in ("__init__", "__repr__", "__eq__"):
            mine, theirs = getattr(cached, method), getattr(plain, method)
            assert mine.__code__.co_flags == theirs.__code__.co_flags, method
            assert mine.__annotations__ == theirs.__annotations__, method


def test_a_file_that_cannot_load_or_a_failed_write_breaks_nothing(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with compiled_dataclasses():
        _define("A")
    (path,) = _cache_files(cache_dir)

    def huge(data: bytes) -> object:  # what a file declaring a 2**31-item tuple gives
        raise MemoryError

    monkeypatch.setattr(marshal, "loads", huge)
    with compiled_dataclasses() as run:
        _behaves(_define("B"))
    assert run.compiled > 0
    monkeypatch.undo()
    monkeypatch.setenv("GEN_CACHE_DIR", str(cache_dir))

    def full(*args: object) -> bytes:
        raise OSError(28, "No space left on device")

    path.unlink()
    monkeypatch.setattr(marshal, "dumps", full)
    with compiled_dataclasses():
        _define("C")
    assert list((cache_dir / "dataclasses").iterdir()) == []  # no partial temporary file


def test_a_closed_stdout_is_no_failure(tmp_path: Path) -> None:
    """Started with stdout closed (``gen ... >&-``), a good run still exits 0."""
    env = {**os.environ, "GEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        f"{sys.executable} -m generator --version >&-", shell=True, env=env,
        capture_output=False, stderr=subprocess.PIPE, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize("streams", ["2>&1 | head -n 0", "| head -n 0", "2>&-"])
def test_output_is_written_when_the_reader_of_the_messages_is_gone(
    tmp_path: Path, streams: str
) -> None:
    """``gen -v ... 2>&1 | head``: the progress lines cannot be written, the run goes on and
    writes its output (the exit code says the report was cut short)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a/{id}:\n    get:\n"
        "      operationId: getA\n      responses:\n        '200': {description: ok}\n"
    )
    env = {**os.environ, "GEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    command = f"{sys.executable} -m generator -v --spec {spec} --out {tmp_path / 'out'} {streams}"
    done = subprocess.run(command, shell=True, env=env, capture_output=True, check=False)
    assert b"Traceback" not in done.stderr + done.stdout
    assert (tmp_path / "out" / ".gen-manifest.json").is_file()


def test_every_dataclass_of_gen_has_a_docstring() -> None:
    """Without one, ``@dataclass`` writes one from ``inspect.signature`` while the module is
    imported: 5 ms of every run for gen's ~90 undocumented classes."""
    probe = (
        "import dataclasses, sys\n"
        "import generator.cli, generator.pipeline\n"
        "for name, module in sorted(sys.modules.items()):\n"
        "    for value in list(vars(module).values()) if name.startswith('generator') else ():\n"
        "        if isinstance(value, type) and dataclasses.is_dataclass(value)"
        " and value.__module__ == name:\n"
        "            print(name, value.__name__, value.__doc__.startswith(value.__name__ + '('))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    classes = done.stdout.splitlines()
    assert len(classes) > 100
    assert [line for line in classes if line.endswith("True")] == []
