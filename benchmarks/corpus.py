"""Run gen over a folder of real-world OpenAPI documents and check everything about each output.

Usage::

    python benchmarks/corpus.py DIR [--jobs N] [--keep DIR] [--only NAME,...]
                                    [--mypy-timeout S] [--no-details]

Every ``*.yaml``/``*.yml``/``*.json`` file under DIR (recursively, hidden folders skipped) that
has a top-level ``openapi`` key is a spec. Each is generated into its own folder (a package
named after the file: ``oai-petstore.yaml`` -> ``oai_petstore``) and gets one row:

==========  ================================================================================
spec        the file, relative to DIR
exit        gen's exit code
modules     ``.py`` files in the generated package
imports     ``ok``, or how many of those modules fail to import (each is imported in turn)
schemas     component schemas with an entry in ``validators.SCHEMA_VALIDATORS`` / in the spec
operations  ``OPERATIONS`` entries that resolve to a method on ``Client`` / non-webhook
            operations in the spec (every operationId of the spec must be a key)
mypy        ``ok``, the number of errors of ``mypy --strict <pkg>`` (run inside the output
            folder, one cache folder shared by the run), ``timeout`` or ``crash``
ruff        ``ok`` or the number of findings of ``ruff check`` inside the output folder
tests       ``ok``, or how many of the generated package's own tests (``pytest tests``
            inside the output folder) fail, ``timeout`` or ``crash``
names       ``ok`` or the number of bad names (:func:`check_names`)
import      ms for ``import <pkg>`` in a fresh interpreter, best of 3; then ``+ms`` for
            ``<pkg>.Client`` and ``+ms`` for one model class (``<pkg>.models.X``)
examples    ``ok``, or the number of ``example``/``examples`` values of component schemas that
            fail the generated validator and that no warning of gen names
paged       operations gen treats as paginated (from the line gen prints)
warnings    warning lines gen printed
time        gen's CPU seconds (user + system, its child processes included)
==========  ================================================================================

A spec passes when gen exits 0, every module imports, schemas and operations are complete,
mypy, ruff, the generated tests and names are ok, ``import <pkg>`` takes less than 150 ms and
examples are ok. The problems behind every failed cell are listed after the table
(``--no-details`` leaves them out); the last line is ``N/M specs pass``. Specs run in parallel
(``--jobs``, default 2); gen, mypy, ruff and the imports each run in a subprocess of their own.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import collections
import json
import keyword
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

IMPORT_LIMIT_MS = 150.0
MAX_NAME = 60
GEN_TIMEOUT = 900.0
TOOL_TIMEOUT = 600.0
DETAIL_LINES = 8
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
BIN = Path(sys.executable).parent

Json = Any

# --------------------------------------------------------------------------- subprocesses


@dataclass(frozen=True, slots=True)
class Ran:
    """A finished subprocess: exit code (``None``: killed at its timeout), output, CPU time."""

    code: int | None
    out: str
    err: str
    cpu: float


def run(cmd: Sequence[object], *, timeout: float, cwd: Path | None = None, stdin: str = "") -> Ran:
    """Run ``cmd`` in a session of its own; kill its process group at ``timeout`` seconds.

    The child is waited for with ``wait4`` so its CPU time (and that of the processes it waited
    for, like gen's ruff) is known even when several run at once.
    """
    with (
        tempfile.TemporaryFile() as inp,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        inp.write(stdin.encode())
        inp.seek(0)
        proc = subprocess.Popen(
            [str(c) for c in cmd],
            cwd=cwd,
            stdin=inp,
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        lock = threading.Lock()
        state = {"done": False, "killed": False}

        def kill() -> None:
            with lock:
                if not state["done"]:
                    state["killed"] = True
                    os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        # wait without reaping, so the process group cannot be reused before the timer is off
        os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        with lock:
            state["done"] = True
        timer.cancel()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Ran(
            code=None if state["killed"] else proc.returncode,
            out=out.read().decode(errors="replace"),
            err=err.read().decode(errors="replace"),
            cpu=usage.ru_utime + usage.ru_stime,
        )


# --------------------------------------------------------------------------- the spec


def _yaml_loader() -> type[yaml.SafeLoader]:
    """A safe loader (libyaml when there) that keeps timestamps as strings, like gen."""
    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    resolvers = {
        first: [(tag, rx) for tag, rx in pairs if tag != "tag:yaml.org,2002:timestamp"]
        for first, pairs in base.yaml_implicit_resolvers.items()
    }
    return type("CorpusLoader", (base,), {"yaml_implicit_resolvers": resolvers})


_LOADER = _yaml_loader()
_YAML_OPENAPI = re.compile(r"""^(["']?)openapi\1[ \t]*:""", re.MULTILINE)


def _plain(value: Json) -> Json:
    """JSON data: mapping keys become strings (``200:`` -> ``"200"``)."""
    if isinstance(value, dict):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _key(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def load_document(path: Path) -> Json:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".json":
        return json.loads(text)
    return _plain(yaml.load(text, Loader=_LOADER))


def is_openapi(path: Path) -> bool:
    """Whether the file has a top-level ``openapi`` key (YAML: looked for in the text)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    if path.suffix != ".json":
        return _YAML_OPENAPI.search(text) is not None
    try:
        document = json.loads(text)
    except ValueError:
        return False
    return isinstance(document, dict) and "openapi" in document


def find_specs(root: Path) -> list[Path]:
    found = [
        p
        for p in root.rglob("*")
        if p.suffix in {".yaml", ".yml", ".json"}
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted((p for p in found if is_openapi(p)), key=lambda p: p.relative_to(root).as_posix())


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def resolve_ref(document: Json, base: Path, ref: str) -> tuple[Json, Json, Path]:
    """The target of ``ref`` (local or relative file), its document and that file."""
    file_part, _, fragment = ref.partition("#")
    if file_part:
        base = (base.parent / file_part).resolve()
        document = load_document(base)
    node = document
    for token in filter(None, fragment.split("/")):
        key = _unescape(token)
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node, document, base


@dataclass(frozen=True, slots=True)
class Example:
    """An example of a component schema: where it is, the pointers a warning may name."""

    schema: str
    pointer: str
    accepted: frozenset[str]
    value: Json


@dataclass(frozen=True, slots=True)
class Facts:
    """What the checks need to know about a spec."""

    schemas: tuple[str, ...]
    operation_ids: tuple[str, ...]
    operations: int
    examples: tuple[Example, ...]
    words: frozenset[str]


def _operations(document: Json, path: Path) -> tuple[int, list[str]]:
    count, ids = 0, []
    paths = document.get("paths") or {}
    for key, raw in paths.items() if isinstance(paths, dict) else ():
        if not key.startswith("/") or not isinstance(raw, dict):
            continue
        item = raw
        if isinstance(raw.get("$ref"), str):
            item, _, _ = resolve_ref(document, path, raw["$ref"])
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                count += 1
                if isinstance(op.get("operationId"), str) and op["operationId"]:
                    ids.append(op["operationId"])
    return count, ids


def _canonical(value: Json) -> str:
    return json.dumps(value, sort_keys=True)


def _schema_examples(name: str, schema: Json) -> Iterator[Example]:
    """``example`` first, then ``examples`` (a list), as gen numbers them (duplicates once)."""
    if not isinstance(schema, dict):
        return
    base = f"#/components/schemas/{escape_token(name)}"
    values: list[tuple[str, Json]] = []
    if "example" in schema:
        values.append((f"{base}/example", schema["example"]))
    if isinstance(schema.get("examples"), list):
        values += [(f"{base}/examples/{i}", v) for i, v in enumerate(schema["examples"])]
    seen: dict[str, int] = {}
    for pointer, value in values:
        index = seen.setdefault(_canonical(value), len(seen))
        accepted = frozenset({pointer, f"{base}/examples/{index}"})
        yield Example(schema=name, pointer=pointer, accepted=accepted, value=value)


def normal_word(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _spec_words(document: Json) -> frozenset[str]:
    """Every mapping key and every ``operationId``/``name``/``title`` value, normalised."""
    words: set[str] = set()
    stack: list[Json] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                words.add(normal_word(k))
                if k in {"operationId", "name", "title"} and isinstance(v, str):
                    words.add(normal_word(v))
                stack.append(v)
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(words)


def spec_facts(path: Path) -> Facts:
    document = load_document(path)
    schemas = (document.get("components") or {}).get("schemas") or {}
    count, ids = _operations(document, path)
    examples = [e for name, s in schemas.items() for e in _schema_examples(name, s)]
    return Facts(
        schemas=tuple(schemas),
        operation_ids=tuple(ids),
        operations=count,
        examples=tuple(examples),
        words=_spec_words(document),
    )


# --------------------------------------------------------------------------- names


RUNTIME_NAMES_FALLBACK = frozenset({"Client", "AsyncClient", "ValidationError", "ApiError"})
RESERVED = (
    frozenset(n for n in dir(builtins) if not n.startswith("__"))
    | frozenset(keyword.kwlist)
    | frozenset(keyword.softkwlist)
)
_NUMBERED = re.compile(r"^(?P<base>.+?)(?:_\d+|(?<=[A-Za-z])\d+)$")
_GENERIC = re.compile(
    r"(?:^|_|[a-z0-9])(?:Type|Item|Variant|Option|Alternative|OneOf|AnyOf|AllOf|Member|Choice"
    r"|Union|Object|Schema|Element|Entry|Model|Value)_?\d{1,2}$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class BadName:
    file: str
    scope: str
    kind: str
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.scope}: {self.kind} {self.name!r}: {self.reason}"


@dataclass(slots=True)
class _Scope:
    """The names bound in one scope, with their kinds, in order."""

    label: str
    names: list[tuple[str, str]] = field(default_factory=list)


def _arg_names(args: ast.arguments) -> list[str]:
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    return [a.arg for a in every if a.arg not in {"self", "cls"}]


def _targets(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    name = getattr(node, "name", None)  # ``type X = ...`` (Python 3.12)
    if type(node).__name__ == "TypeAlias" and isinstance(name, ast.Name):
        return [name.id]
    return []


def _bindings(body: Iterable[ast.stmt]) -> Iterator[tuple[str, str]]:
    """``(kind, name)`` of what a module or class body defines."""
    for node in body:
        if isinstance(node, ast.ClassDef):
            yield "class", node.name
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield "function", node.name
        else:
            yield from (("attribute", n) for n in _targets(node))


def _self_attributes(func: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[str]:
    for node in ast.walk(func):
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for t in targets:
            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name):
                if t.value.id == "self":
                    yield t.attr


def _scopes(tree: ast.Module, module: str) -> Iterator[_Scope]:
    """The module scope, every class body and every function's parameters."""
    top = _Scope(module, list(_bindings(tree.body)))
    yield top
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            scope = _Scope(f"{module}.{node.name}", list(_bindings(node.body)))
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    scope.names += [("attribute", a) for a in _self_attributes(item)]
            yield scope
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            params = [("parameter", a) for a in _arg_names(node.args)]
            yield _Scope(f"{module}.{node.name}()", params)


def _numbered(name: str, present: set[str], words: frozenset[str]) -> str | None:
    if normal_word(name) in words:
        return None
    if _GENERIC.search(name):
        return "generic numbered name"
    match = _NUMBERED.match(name)
    if match is None:
        return None
    base = match["base"]
    if {base, base + "_", base.rstrip("_")} & present:
        return f"numbered collision suffix (the plain {base!r} exists)"
    return None


def _scope_problems(
    scope: _Scope, module_level: bool, words: frozenset[str], runtime: frozenset[str]
) -> Iterator[tuple[str, str, str]]:
    present = {n for _, n in scope.names}
    for kind, name in dict.fromkeys(scope.names):
        if len(name) > MAX_NAME:
            yield kind, name, f"{len(name)} characters (> {MAX_NAME})"
        suffix = _numbered(name, present, words)
        if suffix is not None:
            yield kind, name, suffix
        if (module_level or kind == "parameter") and name in RESERVED:
            yield kind, name, "shadows a builtin or keyword"
        if module_level and name in runtime:
            yield kind, name, "clashes with the package's runtime name"


SPEC_MODULES = frozenset({"__init__.py", "_client.py", "validators.py"})


def _exported(tree: ast.Module) -> set[str]:
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and "__all__" in _targets(node):
            value = node.value
            if isinstance(value, ast.List | ast.Tuple):
                return {str(e.value) for e in value.elts if isinstance(e, ast.Constant)}
    return set()


def _runtime_names(package: Path) -> frozenset[str]:
    """What the package exports (``__all__``, modules aside) and its runtime modules define.

    Runtime modules are the package's top-level modules that do not depend on the spec
    (all but ``__init__``, ``_client`` and ``validators``); ``_ops`` modules import from them.
    """
    names = set(RUNTIME_NAMES_FALLBACK)
    for path in sorted(package.glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            continue
        if path.name == "__init__.py":
            names |= {n for n in _exported(tree) if n[:1].isupper()}
        elif path.name not in SPEC_MODULES:
            names |= {n for _, n in _bindings(tree.body) if not n.startswith("_")}
    return frozenset(names)


def _top_statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, looking into ``if``/``try`` blocks."""
    for node in body:
        if isinstance(node, ast.If):
            yield from _top_statements([*node.body, *node.orelse])
        elif isinstance(node, ast.Try):
            yield from _top_statements([*node.body, *node.orelse, *node.finalbody])
        else:
            yield node


def _double_bindings(tree: ast.Module) -> Iterator[tuple[str, str]]:
    """``(name, sources)`` for module-level names bound by two different imports or defs."""
    sources: dict[str, set[str]] = collections.defaultdict(set)
    for node in _top_statements(tree.body):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                origin = f"{'.' * node.level}{node.module or ''}.{alias.name}"
                sources[alias.asname or alias.name].add(f"import {origin}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                sources[alias.asname or alias.name.split(".")[0]].add(f"import {alias.name}")
        elif isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            sources[node.name].add(f"def line {node.lineno}")
    for name, found in sources.items():
        if len(found) > 1:
            yield name, ", ".join(sorted(found))


def check_names(package: Path, words: frozenset[str]) -> list[BadName]:
    """Bad names in the generated package ``package`` (a folder), see the module docstring.

    * every class, function, attribute (module-level, class-level, ``self.x``) and parameter
      name is at most :data:`MAX_NAME` characters;
    * no numbered collision suffix (``Pet2``/``pet_2`` beside ``Pet``/``pet`` in the same
      scope; the public names of all models modules share one scope) and no generic numbered name
      (``Type0``, ``Item1``, ``OneOf2``...), unless the spec itself spells the name so;
    * no module-level name or parameter shadows a builtin, keyword or soft keyword;
    * no model class or alias takes a name the package exports at run time (``Client``...)
      or one its runtime modules define (``Context``, ``RequestSpec``...), and no module binds
      one name twice (a model imported over a runtime name).
    """
    runtime = _runtime_names(package)
    bad: list[BadName] = []
    model_classes = _Scope("models")
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        inside = path.relative_to(package).parts
        is_model = len(inside) == 2 and inside[0] == "models" and inside[1] != "__init__.py"
        bad += [
            BadName(rel, "module", "name", name, f"bound twice: {how}")
            for name, how in _double_bindings(tree)
        ]
        for scope in _scopes(tree, rel.removesuffix(".py").replace("/", ".")):
            module_level = scope.label == rel.removesuffix(".py").replace("/", ".")
            clash = runtime if (module_level and is_model) else frozenset()
            bad += [
                BadName(rel, scope.label, kind, name, reason)
                for kind, name, reason in _scope_problems(scope, module_level, words, clash)
            ]
            if module_level and is_model:
                model_classes.names += [(k, n) for k, n in scope.names if n[:1] != "_"]
    present = {n for _, n in model_classes.names}
    for kind, name in dict.fromkeys(model_classes.names):
        reason = _numbered(name, present, words)
        if reason is not None and not any(b.name == name for b in bad):
            bad.append(BadName("models/*", "models", kind, name, reason))
    return bad


# --------------------------------------------------------------------------- probes

PROBE = r"""
import importlib, json, sys, traceback
from pathlib import Path

out, pkg = sys.argv[1], sys.argv[2]
sys.path.insert(0, out)
request = json.load(sys.stdin)
result = {"failed": {}, "validators": [], "operations": {}, "model": None, "examples": [],
          "error": None}
for path in sorted((Path(out) / pkg).rglob("*.py")):
    parts = path.relative_to(out).with_suffix("").parts
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    try:
        importlib.import_module(name)
    except BaseException as exc:
        result["failed"][name] = traceback.format_exception_only(exc)[-1].strip()[:400]
try:
    table = importlib.import_module(pkg + ".validators").SCHEMA_VALIDATORS
    result["validators"] = list(table)
except BaseException as exc:
    table = {}
    result["error"] = "validators: " + repr(exc)[:300]
for name, value in request["examples"]:
    check = table.get(name)
    if check is None:
        result["examples"].append("no validator")
        continue
    try:
        issues = check(value)
    except BaseException as exc:
        result["examples"].append("validator raised " + repr(exc)[:300])
        continue
    result["examples"].append("; ".join(str(i) for i in issues[:3]) or None)
try:
    package = importlib.import_module(pkg)
    client = package.Client(base_url="http://corpus.invalid")
    for op_id, where in package.OPERATIONS.items():
        target = client
        try:
            for part in where.split("."):
                target = getattr(target, part)
            result["operations"][op_id] = callable(target)
        except Exception:
            result["operations"][op_id] = False
    client.close()
    models = importlib.import_module(pkg + ".models")
    result["model"] = next(
        (n for n in models.__all__ if isinstance(getattr(models, n), type)), None
    )
except BaseException as exc:
    result["error"] = "client: " + traceback.format_exception_only(exc)[-1].strip()[:300]
print(json.dumps(result))
"""

TIMING = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
pkg = __import__(sys.argv[2])
t1 = time.perf_counter()
pkg.Client
t2 = time.perf_counter()
if sys.argv[3]:
    getattr(pkg.models, sys.argv[3])
t3 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000)
"""


@dataclass(frozen=True, slots=True)
class Probe:
    failed: dict[str, str]
    validators: frozenset[str]
    operations: dict[str, bool]
    model: str | None
    examples: list[str | None]
    error: str | None


def probe(out: Path, package: str, facts: Facts) -> Probe:
    request = {"examples": [[e.schema, e.value] for e in facts.examples]}
    ran = run(
        [sys.executable, "-I", "-c", PROBE, out, package],
        timeout=TOOL_TIMEOUT,
        stdin=json.dumps(request),
    )
    try:
        data = json.loads(ran.out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        tail = (ran.err.strip().splitlines() or ["no output"])[-1]
        every = {"*": f"the probe failed (exit {ran.code}): {tail}"}
        return Probe(every, frozenset(), {}, None, ["probe failed"] * len(facts.examples), None)
    return Probe(
        failed=data["failed"],
        validators=frozenset(data["validators"]),
        operations=data["operations"],
        model=data["model"],
        examples=data["examples"],
        error=data["error"],
    )


def import_times(out: Path, package: str, model: str | None) -> tuple[float, float, float] | None:
    """Best of 3 fresh interpreters: ``import pkg``, then ``pkg.Client``, then one model."""
    best: list[float] | None = None
    for _ in range(3):
        ran = run(
            [sys.executable, "-I", "-c", TIMING, out, package, model or ""], timeout=TOOL_TIMEOUT
        )
        if ran.code != 0:
            return None
        times = [float(x) for x in ran.out.split()]
        best = times if best is None else [min(a, b) for a, b in zip(best, times, strict=True)]
    assert best is not None
    return best[0], best[1], best[2]


_MYPY_ERROR = re.compile(r"^\S.*?:\d+: error: .*?(?:\[(?P<code>[a-z-]+)\])?$", re.MULTILINE)


def mypy(out: Path, package: str, cache: Path, timeout: float) -> tuple[str, list[str]]:
    cmd = [BIN / "mypy", "--strict", "--cache-dir", cache, "--no-pretty", package]
    ran = run(cmd, cwd=out, timeout=timeout)
    if ran.code is None:
        return "timeout", [f"mypy took more than {timeout:.0f} s"]
    errors = [m.group(0) for m in _MYPY_ERROR.finditer(ran.out)]
    if ran.code == 0:
        return "ok", []
    if ran.code != 1 or not errors:
        return "crash", (ran.out + ran.err).strip().splitlines()[-DETAIL_LINES:]
    codes = collections.Counter(m["code"] or "?" for m in _MYPY_ERROR.finditer(ran.out))
    summary = ", ".join(f"{c} x{n}" for c, n in codes.most_common())
    return str(len(errors)), [f"(by code: {summary})", *errors]


def ruff(out: Path) -> tuple[str, list[str]]:
    cmd = [BIN / "ruff", "check", "--no-cache", "--output-format", "json", "."]
    ran = run(cmd, cwd=out, timeout=TOOL_TIMEOUT)
    try:
        findings: list[dict[str, Any]] = json.loads(ran.out)
    except ValueError:
        return "crash", (ran.out + ran.err).strip().splitlines()[-DETAIL_LINES:]
    if not findings:
        return "ok", []
    codes = collections.Counter(str(f.get("code")) for f in findings)
    lines = [f"(by code: {', '.join(f'{c} x{n}' for c, n in codes.most_common())})"]
    for f in findings:
        place = Path(f["filename"]).relative_to(out.resolve()).as_posix()
        row = (f.get("location") or {}).get("row")
        lines.append(f"{place}:{row}: {f.get('code')} {f.get('message')}")
    return str(len(findings)), lines


_PYTEST_TOTALS = re.compile(r"(\d+) (failed|passed|errors?)")
_PYTEST_FAILED = re.compile(r"^(?:FAILED|ERROR) .*$", re.MULTILINE)


def own_tests(out: Path) -> tuple[str, list[str]]:
    """The generated package's own tests, run where a user of the package would run them."""
    cmd = [BIN / "python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    ran = run(cmd, cwd=out, timeout=TOOL_TIMEOUT)
    if ran.code is None:
        return "timeout", [f"the generated tests took more than {TOOL_TIMEOUT:.0f} s"]
    totals = {kind: int(n) for n, kind in _PYTEST_TOTALS.findall(ran.out)}
    if ran.code == 0:
        return "ok", []
    bad = totals.get("failed", 0) + totals.get("error", 0) + totals.get("errors", 0)
    if not bad:
        return "crash", (ran.out + ran.err).strip().splitlines()[-DETAIL_LINES:]
    return str(bad), _PYTEST_FAILED.findall(ran.out)


def names_summary(bad: Sequence[BadName]) -> str:
    """``(by reason: ...)``: how many bad names of each reason and kind, and how many public."""
    counts: collections.Counter[str] = collections.Counter()
    for b in bad:
        reason = "too long" if "characters" in b.reason else b.reason.split(" (")[0]
        public = "public" if not b.name.startswith("_") else "private"
        counts[f"{reason}: {public} {b.kind}"] += 1
    return f"(by reason: {', '.join(f'{k} x{n}' for k, n in sorted(counts.items()))})"


# --------------------------------------------------------------------------- one spec


@dataclass(slots=True)
class Row:
    spec: str
    exit: str = "-"
    modules: str = "-"
    imports: str = "-"
    schemas: str = "-"
    operations: str = "-"
    mypy: str = "-"
    ruff: str = "-"
    tests: str = "-"
    names: str = "-"
    import_ms: str = "-"
    examples: str = "-"
    paged: str = "-"
    warnings: str = "-"
    time: str = "-"
    passed: bool = False
    details: dict[str, list[str]] = field(default_factory=dict)

    def note(self, column: str, lines: Iterable[str]) -> None:
        self.details.setdefault(column, []).extend(lines)


_WARNING = re.compile(r": warning: ")
_PAGED = re.compile(r"^gen: (\d+) paginated operation", re.MULTILINE)


def _warned_pointers(stderr: str) -> set[str]:
    pointers = set()
    for line in stderr.splitlines():
        head, sep, _ = line.partition(": warning: ")
        if sep and "#/" in head:
            pointers.add(head[head.index("#/") :])
    return pointers


@dataclass(frozen=True, slots=True)
class Options:
    root: Path
    work: Path
    mypy_cache: Path
    mypy_timeout: float


def package_name(spec: Path, taken: set[str]) -> str:
    name = re.sub(r"\W+", "_", spec.stem.lower()).strip("_") or "api"
    if name[0].isdigit() or keyword.iskeyword(name) or name in sys.stdlib_module_names:
        name = f"api_{name}"
    base, n = name, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _check_generation(row: Row, ran: Ran) -> bool:
    row.exit = "timeout" if ran.code is None else str(ran.code)
    row.time = f"{ran.cpu:.1f}"
    warnings = [line for line in ran.err.splitlines() if _WARNING.search(line)]
    row.warnings = str(len(warnings))
    paged = _PAGED.search(ran.err)
    row.paged = paged.group(1) if paged else "0"
    if ran.code != 0:
        row.note("exit", ran.err.strip().splitlines()[-DETAIL_LINES:])
        return False
    return True


def _check_probe(row: Row, facts: Facts, found: Probe, warned: set[str]) -> bool:
    row.imports = "ok" if not found.failed else str(len(found.failed))
    row.note("imports", [f"{m}: {e}" for m, e in found.failed.items()])
    if found.error:
        row.note("imports", [found.error])
    covered = [s for s in facts.schemas if s in found.validators]
    row.schemas = f"{len(covered)}/{len(facts.schemas)}"
    row.note("schemas", [f"no validator for {s!r}" for s in facts.schemas if s not in covered])
    resolved = sum(found.operations.values())
    row.operations = f"{resolved}/{facts.operations}"
    missing = [i for i in facts.operation_ids if i not in found.operations]
    unresolved = [i for i, ok in found.operations.items() if not ok]
    row.note("operations", [f"operationId {i!r} not in OPERATIONS" for i in missing])
    row.note("operations", [f"OPERATIONS[{i!r}] is not a client method" for i in unresolved])
    ops_ok = not missing and not unresolved and resolved == facts.operations
    bad = []
    for example, problem in zip(facts.examples, found.examples, strict=True):
        if problem is not None and not (example.accepted & warned):
            bad.append(f"{example.pointer}: {problem}")
        elif problem is None and example.accepted & warned:
            row.note("notes", [f"{example.pointer}: gen warned, but the validator accepts it"])
        if example.pointer not in warned and example.accepted & warned:
            named = ", ".join(sorted(example.accepted & warned))
            row.note("notes", [f"{example.pointer}: gen's warning names {named} instead"])
    row.examples = "ok" if not bad else str(len(bad))
    row.note("examples", bad)
    return not found.failed and not found.error and len(covered) == len(facts.schemas) and ops_ok


def _check_import_time(row: Row, out: Path, package: str, model: str | None) -> bool:
    times = import_times(out, package, model)
    if times is None:
        row.import_ms = "fail"
        return False
    row.import_ms = f"{times[0]:.0f}+{times[1]:.0f}+{times[2]:.0f}"
    if model is None:
        row.note("import", ["no model class found to time"])
    if times[0] >= IMPORT_LIMIT_MS:
        row.note("import", [f"import {package} took {times[0]:.0f} ms (limit {IMPORT_LIMIT_MS})"])
    return times[0] < IMPORT_LIMIT_MS


def check_spec(spec: Path, package: str, options: Options) -> Row:
    row = Row(spec=spec.relative_to(options.root).as_posix())
    out = options.work / package
    cmd = [BIN / "gen", "--spec", spec, "--out", out, "--package-name", package]
    generated = run(cmd, timeout=GEN_TIMEOUT)
    if not _check_generation(row, generated):
        return row
    facts = spec_facts(spec)
    modules = sorted((out / package).rglob("*.py"))
    row.modules = str(len(modules))
    found = probe(out, package, facts)
    ok = _check_probe(row, facts, found, _warned_pointers(generated.err))
    ok = _check_import_time(row, out, package, found.model) and ok
    row.mypy, lines = mypy(out, package, options.mypy_cache, options.mypy_timeout)
    row.note("mypy", lines)
    row.ruff, lines = ruff(out)
    row.note("ruff", lines)
    row.tests, lines = own_tests(out)
    row.note("tests", lines)
    bad = check_names(out / package, facts.words)
    row.names = "ok" if not bad else str(len(bad))
    row.note("names", [names_summary(bad), *map(str, bad)] if bad else [])
    checked = (row.mypy, row.ruff, row.tests, row.names)
    row.passed = ok and row.examples == "ok" and all(cell == "ok" for cell in checked)
    return row


def check_spec_safely(spec: Path, package: str, options: Options) -> Row:
    """:func:`check_spec`, with a crash of the checks themselves reported in the row."""
    try:
        return check_spec(spec, package, options)
    except Exception as exc:
        row = Row(spec=spec.relative_to(options.root).as_posix(), exit="?")
        row.note("corpus.py", [f"the checks crashed: {exc!r}"])
        return row


# --------------------------------------------------------------------------- report

COLUMNS: tuple[tuple[str, str], ...] = (
    ("spec", "spec"),
    ("exit", "exit"),
    ("modules", "modules"),
    ("imports", "imports"),
    ("schemas", "schemas"),
    ("operations", "operations"),
    ("mypy", "mypy"),
    ("ruff", "ruff"),
    ("tests", "tests"),
    ("names", "names"),
    ("import ms", "import_ms"),
    ("examples", "examples"),
    ("paged", "paged"),
    ("warnings", "warnings"),
    ("time", "time"),
    ("pass", "passed"),
)


def _cell(row: Row, attr: str) -> str:
    value = getattr(row, attr)
    if isinstance(value, bool):
        return "yes" if value else "NO"
    return str(value)


def format_table(rows: Sequence[Row]) -> str:
    cells = [[title for title, _ in COLUMNS]]
    cells += [[_cell(r, attr) for _, attr in COLUMNS] for r in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_details(rows: Sequence[Row], limit: int) -> str:
    parts = []
    for r in rows:
        if not r.details:
            continue
        parts.append(f"\n== {r.spec}")
        for column, lines in r.details.items():
            if not lines:
                continue
            parts.append(f"  [{column}] {len(lines)}")
            parts += [f"    {line}" for line in lines[:limit]]
            if len(lines) > limit:
                parts.append(f"    ... {len(lines) - limit} more")
    return "\n".join(parts)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of OpenAPI documents")
    parser.add_argument("--jobs", type=int, default=2, help="specs checked at once (default 2)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--only", default="", help="comma-separated spec names (file or stem)")
    parser.add_argument("--mypy-timeout", type=float, default=1800.0, help="seconds per run")
    parser.add_argument("--detail-lines", type=int, default=DETAIL_LINES, help="per problem")
    parser.add_argument("--no-details", action="store_true", help="only the table")
    return parser.parse_args(argv)


def _selected(specs: list[Path], root: Path, only: str) -> list[Path]:
    wanted = {w.strip() for w in only.split(",") if w.strip()}
    if not wanted:
        return specs

    def keys(p: Path) -> set[str]:
        return {p.name, p.stem, p.relative_to(root).as_posix()}

    chosen = [p for p in specs if keys(p) & wanted]
    unknown = wanted - {k for p in specs for k in keys(p)}
    if unknown:
        raise SystemExit(f"corpus.py: no spec named {', '.join(sorted(unknown))}")
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    root: Path = args.folder.resolve()
    specs = _selected(find_specs(root), root, args.only)
    if not specs:
        raise SystemExit(f"corpus.py: no OpenAPI documents under {root}")
    with tempfile.TemporaryDirectory(prefix="corpus-") as scratch:
        work = args.keep.resolve() if args.keep else Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        options = Options(root, work, work / ".mypy_cache", args.mypy_timeout)
        taken: set[str] = set()
        jobs = [(spec, package_name(spec, taken)) for spec in specs]
        started = time.monotonic()

        def one(job: tuple[Path, str]) -> Row:
            row = check_spec_safely(job[0], job[1], options)
            state = "pass" if row.passed else "FAIL"
            print(f"[{time.monotonic() - started:6.1f}s] {state} {row.spec}", file=sys.stderr)
            return row

        # the biggest first, so that a long one does not start last
        biggest = sorted(jobs, key=lambda job: -job[0].stat().st_size)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            done = dict(zip(biggest, pool.map(one, biggest), strict=True))
        rows = [done[job] for job in jobs]
    print(format_table(rows))
    if not args.no_details:
        print(format_details(rows, args.detail_lines))
    print(f"{sum(r.passed for r in rows)}/{len(rows)} specs pass")
    return 0 if all(r.passed for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
