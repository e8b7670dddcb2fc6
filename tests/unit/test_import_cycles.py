"""No import circles inside a core: each module can be read after the ones it imports.

The graph has an edge from a module to every core module it imports, including imports
under `TYPE_CHECKING` (a circle hidden from the interpreter is still a circle for a reader)
and `from package import submodule`. A package's own `__init__` is not implied by importing
one of its modules, so a module that imports its room's face is caught as a circle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORES = ["itembank"]


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path, core: str) -> dict[str, set[str]]:
    """Module name -> the modules of `core` it imports."""
    paths = {module_name(root, path): path for path in sorted((root / core).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                targets.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[module] = {target for target in targets if target in paths} - {module}
    return graph


def circles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


@pytest.mark.parametrize("core", CORES)
def test_core_has_no_import_circle(core: str) -> None:
    graph = import_graph(ROOT, core)
    assert len(graph) > 10
    assert circles(graph) == []


def test_the_checker_finds_circles_also_behind_type_checking(tmp_path: Path) -> None:
    room = tmp_path / "core" / "room"
    room.mkdir(parents=True)
    (tmp_path / "core" / "__init__.py").write_text("")
    (room / "__init__.py").write_text("from core.room.a import A\n")
    (room / "a.py").write_text("import core.room.b\nA = 1\n")
    (room / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from core.room.c import C\n"
    )
    (room / "c.py").write_text("from core.room.a import A\nC = 2\n")
    (room / "d.py").write_text("from core.room.a import A\n")
    assert circles(import_graph(tmp_path, "core")) == [
        ["core.room.a", "core.room.b", "core.room.c"]
    ]


def test_the_checker_sees_a_module_importing_its_own_face(tmp_path: Path) -> None:
    room = tmp_path / "core" / "room"
    room.mkdir(parents=True)
    (tmp_path / "core" / "__init__.py").write_text("")
    (room / "__init__.py").write_text("from core.room.a import A\n")
    (room / "a.py").write_text("from core.room import B\nA = 1\n")
    assert circles(import_graph(tmp_path, "core")) == [["core.room", "core.room.a"]]
