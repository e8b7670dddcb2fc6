"""No import circle inside credentials/, between its modules or between its rooms.

Read from the source with `ast`, so a circle is caught even where Python would happen to
tolerate it at run time. Modules are nodes; ``from credentials.keys import X`` points at the
keys face (``credentials.keys``), ``from credentials.keys.jwk import X`` at that module. The
implicit import of parent packages is not an edge (every module would depend on the core's
face); instead no module inside the core may import that face at all, which is what makes the
implicit parent imports safe. Rooms are compared too: each room (its modules and face) is one
node, and a top-level module is a node of its own, so "keys below proofs below status" holds.
Modules of a room reach another room only through that room's face.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[3] / "credentials"
ROOMS = {"keys", "proofs", "status", "baking", "presentation"}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def import_edges(package: Path = PACKAGE) -> dict[str, set[str]]:
    """For each module of the package, the modules of the package it imports."""
    known = modules(package)
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                targets = [node.module]
                targets += [f"{node.module}.{alias.name}" for alias in node.names]
            edges[name] |= {target for target in targets if target in known and target != name}
    return edges


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One circle of the graph as a path that returns to its start, or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == "open":
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = "done"
        path.pop()
        return None

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return None


def room_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def room_edges(edges: Mapping[str, set[str]]) -> dict[str, set[str]]:
    rooms: dict[str, set[str]] = {}
    for source, targets in edges.items():
        rooms.setdefault(room_of(source), set()).update(
            room_of(target) for target in targets if room_of(target) != room_of(source)
        )
    return rooms


def test_no_module_circle() -> None:
    assert find_cycle(import_edges()) is None


def test_no_room_circle() -> None:
    assert find_cycle(room_edges(import_edges())) is None


def test_the_rooms_are_layered_keys_proofs_status() -> None:
    rooms = room_edges(import_edges())
    assert "proofs" not in rooms["keys"] and "status" not in rooms["keys"]
    assert "status" not in rooms["proofs"]
    assert rooms["baking"] <= {"errors"}
    assert not rooms["presentation"] & {"keys", "proofs", "status", "verification"}


def test_nothing_inside_the_core_imports_its_face() -> None:
    importers = {source for source, targets in import_edges().items() if "credentials" in targets}
    assert importers == set()


def test_other_rooms_are_reached_through_their_faces() -> None:
    problems = []
    for source, targets in import_edges().items():
        for target in targets:
            room = room_of(target)
            if room in ROOMS and room != room_of(source) and target.count(".") > 1:
                problems.append(f"{source} imports {target}")
    assert problems == []


def test_the_cycle_finder_finds_a_planted_circle(tmp_path: Path) -> None:
    package = tmp_path / "credentials"
    (package / "keys").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "keys" / "__init__.py").write_text("from credentials.keys.a import x\n")
    (package / "keys" / "a.py").write_text("import credentials.top\n")
    (package / "top.py").write_text("from credentials.keys import a\n")
    edges = import_edges(package)
    cycle = find_cycle(edges)
    assert cycle is not None and cycle[0] == cycle[-1]
    assert {"credentials.keys.a", "credentials.top"} <= set(cycle)
    assert find_cycle(room_edges(edges)) == ["keys", "top", "keys"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_verifying_needs_no_presentation_library() -> None:
    """The core face and the keys, proofs and status rooms load without PIL or reportlab."""
    probe = (
        "import sys, credentials, credentials.keys, credentials.proofs, credentials.status\n"
        "print(sorted(m for m in sys.modules"
        " if m.split('.')[0] in {'PIL', 'reportlab', 'qrcode', 'zxingcpp'}"
        " or m.startswith(('credentials.presentation', 'credentials.baking'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=PACKAGE.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert loaded == "[]"
