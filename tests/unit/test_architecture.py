"""The pure domain packages stay pure: no web or database library, no service, no each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN_EVERYWHERE = {
    "litestar",
    "sqlalchemy",
    "advanced_alchemy",
    "asyncpg",
    "aiosqlite",
    "alembic",
    "service",
    "granian",
    "httpx",
}
PURE_PACKAGES = {"itembank": {"credentials"}, "credentials": {"itembank"}}


def imported_top_level_modules(path: Path) -> set[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[tuple[str, int]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update((alias.name.split(".")[0], node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                found.add((".relative", node.lineno))
            elif node.module:
                found.add((node.module.split(".")[0], node.lineno))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add((str(node.args[0].value).split(".")[0], node.lineno))
    return found


def violations(package: str) -> list[str]:
    forbidden = FORBIDDEN_EVERYWHERE | PURE_PACKAGES[package]
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for module, line in imported_top_level_modules(path):
            if module in forbidden or module == ".relative":
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("package", sorted(PURE_PACKAGES))
def test_pure_package_imports_nothing_forbidden(package: str) -> None:
    assert (ROOT / package / "__init__.py").exists()
    assert violations(package) == []


def test_the_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom sqlalchemy import select\nimport credentials.keys\nfrom . import x\n"
        "importlib.import_module('litestar')\n"
    )
    modules = {module for module, _ in imported_top_level_modules(sample)}
    assert {"sqlalchemy", "credentials", ".relative", "litestar", "os"} <= modules


# Public faces: outside a core, code imports the core's package or one of its rooms (a
# subpackage), and only names that face lists in `__all__`. A core's modules may move or
# split freely behind their face. Unit tests of a core (tests/unit/<core>_*) may reach in.
CORES_WITH_FACES = ["itembank"]
OUTSIDE_CORES = [
    "service",
    "migrations",
    "tests/api",
    "tests/integration",
    "tests/e2e",
    "tests/interop",
    "tests/benchmarks",
]


def face_exports(root: Path, module: str) -> set[str] | None:
    """The `__all__` of package `module` under `root`, or None when it is not a package."""
    init = root.joinpath(*module.split("."), "__init__.py")
    if not init.exists():
        return None
    tree = ast.parse(init.read_text(encoding="utf-8"), filename=str(init))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return {str(e.value) for e in node.value.elts if isinstance(e, ast.Constant)}
    return set()


def face_violations(root: Path, core: str, path: Path) -> list[str]:
    """Imports in `path` that reach past a face of `core`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(root)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == core and len(parts) > 1:
                    found.append(f"{where}:{node.lineno} imports module {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] != core:
                continue
            exports = face_exports(root, node.module)
            if len(parts) > 2 or exports is None:
                found.append(f"{where}:{node.lineno} imports {node.module}, not a face")
                continue
            for alias in node.names:
                is_room = face_exports(root, f"{node.module}.{alias.name}") is not None
                if alias.name not in exports and not (len(parts) == 1 and is_room):
                    found.append(
                        f"{where}:{node.lineno} imports {alias.name} from {node.module}, "
                        "which its face does not export"
                    )
    return found


@pytest.mark.parametrize("core", CORES_WITH_FACES)
def test_code_outside_a_core_imports_only_its_faces(core: str) -> None:
    found = [
        problem
        for folder in OUTSIDE_CORES
        for path in sorted((ROOT / folder).rglob("*.py"))
        for problem in face_violations(ROOT, core, path)
    ]
    assert found == []


def test_the_face_checker_catches_reaching_past_a_face(tmp_path: Path) -> None:
    core = tmp_path / "core"
    (core / "room").mkdir(parents=True)
    (core / "__init__.py").write_text('__all__ = ["Top"]\n')
    (core / "room" / "__init__.py").write_text('__all__ = ["Public"]\n')
    (core / "room" / "inner.py").write_text("")
    (core / "flat.py").write_text("")
    sample = tmp_path / "user.py"
    sample.write_text(
        "from core import Top, room\n"
        "from core.room import Public\n"
        "from core.room import Hidden\n"
        "from core.room.inner import Public\n"
        "from core.flat import x\n"
        "import core.room.inner\n"
        "from core import Missing\n"
    )
    found = face_violations(tmp_path, "core", sample)
    assert [problem.split(" ")[0] for problem in found] == [
        "user.py:3",
        "user.py:4",
        "user.py:5",
        "user.py:6",
        "user.py:7",
    ]
