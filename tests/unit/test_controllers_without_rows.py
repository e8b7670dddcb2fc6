"""Controllers of the credential-side areas see values, never ORM rows.

Rows stay behind each area's store; a controller importing ``service.db.models`` is the first
step back to use cases that pass rows around. The areas still being moved (attempts, exams,
bank) join ``AREAS`` when they are done.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICE = Path(__file__).resolve().parents[2] / "service"
AREAS = ("credentials", "public", "keys", "holders", "statistics", "identity", "health")
FORBIDDEN = "service.db.models"


def _controllers() -> list[Path]:
    return sorted(p for area in AREAS for p in (SERVICE / area).glob("*controllers.py"))


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_there_are_controllers_to_check() -> None:
    assert len(_controllers()) >= len(AREAS)


@pytest.mark.parametrize("path", _controllers(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_controller_imports_no_orm_model(path: Path) -> None:
    rows = {
        name for name in _imports(path) if name == FORBIDDEN or name.startswith(FORBIDDEN + ".")
    }
    assert not rows, f"{path.parent.name}/{path.name} imports {sorted(rows)}"
