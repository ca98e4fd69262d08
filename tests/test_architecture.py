"""The layout keeps its shape: no import cycles, small modules, third-party libraries at
their one door (STYLE.md, "Layout shows the architecture").

Read with ``ast``, never imported, so a broken module fails here with its path.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "opslint"
MAX_LINES = 400

# Third-party package → the only modules (or package folders, ending in ".") that import it.
DOORS: dict[str, tuple[str, ...]] = {
    "markdown_it": ("opslint.document.parse",),
    "mdit_py_plugins": ("opslint.document.parse",),
    "click": ("opslint.cli", "opslint.cli."),
    "rich": ("opslint.reporters.", "opslint.explain"),
    "pygls": ("opslint.server.",), "lsprotocol": ("opslint.server.",),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def _tree(name: str) -> ast.Module:
    path = _modules()[name]
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """Every node below ``node`` except the bodies of ``if TYPE_CHECKING:`` blocks."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for other in child.orelse:
                yield other
                yield from _runtime_nodes(other)
            continue
        yield child
        yield from _runtime_nodes(child)


def _imported(name: str) -> Iterator[tuple[str, int]]:
    """(absolute module name, line) of every runtime import in module ``name``, at any depth.

    ``from pkg import x`` names ``pkg.x`` when that is a module, else ``pkg``.
    """
    yield from _imports_of(_tree(name), name, _modules()[name].name == "__init__.py")


def _imports_of(tree: ast.Module, name: str, is_package: bool) -> Iterator[tuple[str, int]]:
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield (sub if sub in _modules() else base), node.lineno


def _with_packages(name: str, target: str) -> Iterator[str]:
    """``target`` and the packages above it that importing it runs first.

    ``import opslint.checks.common`` runs ``opslint/checks/__init__.py``, which imports every
    check; a module inside ``opslint.checks`` already sits below that package, so only
    packages that do not contain ``name`` count.
    """
    parts = target.split(".")
    for depth in range(2, len(parts)):
        package = ".".join(parts[:depth])
        if not name.startswith(package + "."):
            yield package
    yield target


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {
            module
            for target, _ in _imported(name)
            for module in _with_packages(name, target)
            if module in modules and module != name
        }
        for name in modules
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component (Tarjan), each as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path_within(graph, set(c)) for c in sorted(components)]


def _path_within(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the first module of a strongly connected component."""
    start = min(component)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for nxt in sorted(graph[node] & component):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    return sorted(component)


def test_no_import_cycle_inside_opslint() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "import cycles (module-level and function-level imports):\n" + "\n".join(
        " -> ".join(cycle) for cycle in cycles
    )


def test_import_reader_counts_function_level_imports_but_not_type_checking() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import opslint.lint\nelse:\n    import opslint.cli\n"
        "def f() -> None:\n    from opslint.facts import quantities\n"
        "from . import reading\n"
    )
    found = [target for target, _ in _imports_of(tree, "opslint.facts.text", False)]
    assert found == ["typing", "opslint.cli", "opslint.facts.quantities", "opslint.facts.reading"]


def test_importing_a_module_runs_the_packages_above_it() -> None:
    assert list(_with_packages("opslint.facts.text", "opslint.checks.common")) == [
        "opslint.checks", "opslint.checks.common"]
    assert list(_with_packages("opslint.checks.slo", "opslint.checks.common")) == [
        "opslint.checks.common"]


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_over_the_line_limit() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): count
        for path in _modules().values()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines (split them): {long}"


@pytest.mark.parametrize("library", sorted(DOORS))
def test_third_party_library_imported_only_at_its_door(library: str) -> None:
    doors = DOORS[library]
    offenders = sorted(
        f"{name}:{line}"
        for name in _modules()
        for target, line in _imported(name)
        if target.split(".")[0] == library
        and not any(name == d or (d.endswith(".") and name.startswith(d)) for d in doors)
    )
    assert not offenders, f"{library} imported outside {', '.join(doors)}: {offenders}"
