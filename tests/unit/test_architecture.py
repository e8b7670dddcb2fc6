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
