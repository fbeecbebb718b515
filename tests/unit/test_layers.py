"""The generator's stages depend one way: a stage never imports a later one, nor any cycle.

Layers, earliest first: the shared modules (``cache``, ``config``, ``diagnostics``,
``pointers``, ``startup``), then ``load``, ``ir``, ``naming``, ``plan``, ``render``,
``output``. ``diff`` is a side branch that reads the IR and the names (``gen diff``), and the
entry points (``cli``, ``pipeline``, ``config_file`` with ``config_webhooks``, ``__main__``) sit
on top.
Imports under ``if TYPE_CHECKING:`` are for the type checker only and do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "generator"

#: the stage of each top-level part of ``generator``: a module may import equal or lower ranks
RANK = {
    "cache": 0,
    "config": 0,
    "diagnostics": 0,
    "pointers": 0,
    "startup": 0,
    "load": 1,
    "ir": 2,
    "naming": 3,
    "diff": 3.5,
    "plan": 4,
    "render": 5,
    "output": 6,
    "cli": 9,
    "pipeline": 9,
    "config_file": 9,
    "config_webhooks": 9,
    "config_pagination": 9,
    "__main__": 9,
    "__init__": 9,
}
#: only the entry points may use these parts
ENTRY_ONLY = {
    "diff",
    "cli",
    "pipeline",
    "config_file",
    "config_webhooks",
    "config_pagination",
    "__main__",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _import_nodes(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if _type_checking_only(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def imports_of(name: str) -> set[str]:
    """The generator modules ``name`` imports at run time (submodules named in ``from`` too)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in _import_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("generator"))
            continue
        if node.level:
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            target = ".".join([*base, *([node.module] if node.module else [])])
        elif node.module and node.module.startswith("generator"):
            target = node.module
        else:
            continue
        out.add(target)
        out.update(f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES)
    # a module's parent packages are imported before it anyway: an edge to one is no cycle
    ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
    return {m for m in out if m in MODULES and m != name and m not in ancestors}


def part(name: str) -> str:
    pieces = name.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


GRAPH = {name: imports_of(name) for name in MODULES}


def test_every_part_has_a_rank() -> None:
    assert {part(name) for name in MODULES} <= set(RANK), sorted({part(n) for n in MODULES})


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_imports_a_later_stage(name: str) -> None:
    mine = part(name)
    for target in sorted(GRAPH[name]):
        theirs = part(target)
        if theirs == mine:
            continue
        assert RANK[theirs] <= RANK[mine], f"{name} (stage {mine}) imports {target} ({theirs})"
        if theirs in ENTRY_ONLY:
            assert RANK[mine] == 9, f"{name} imports {target}: only entry points may"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(GRAPH[name]):
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


@pytest.mark.parametrize("name", sorted(n for n, p in MODULES.items() if p.name == "__init__.py"))
def test_each_package_states_its_job_and_interface(name: str) -> None:
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{name}: say what this package does in its docstring"
    if name != "generator":
        assigned = [
            n
            for n in tree.body
            if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "__all__"
        ]
        assert assigned, f"{name}: export the package's interface with __all__"


def test_the_checker_sees_imports_and_cycles() -> None:
    """The graph is real: known edges are found (a checker that sees nothing passes anything)."""
    assert "generator.ir.nodes" in GRAPH["generator.ir.build"]
    assert "generator.plan.types" in GRAPH["generator.plan.models.planner"]  # from .. import types
    assert "generator.load.loader" not in GRAPH["generator.load.sourcemap"]  # TYPE_CHECKING only
    assert "generator.pipeline" in GRAPH["generator.cli"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name: str) -> None:
    """About 500 lines at most; the ECMA-262 regex translator is one self-contained parser."""
    limit = 1200 if name == "generator.ir.ecma_regex" else 520
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= limit, f"{name} has {lines} lines: split it along its seams"
