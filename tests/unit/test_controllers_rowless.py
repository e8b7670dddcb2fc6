"""Controllers of areas that have a store import no ORM model: rows stop at the store.

Areas are added here as their store lands; the issue's goal is every area (then the list
becomes a glob over ``service/*/controllers*.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AREAS_WITH_A_STORE = ["bank"]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("area", AREAS_WITH_A_STORE)
def test_controllers_import_no_orm_model(area: str) -> None:
    controllers = sorted((ROOT / "service" / area).glob("*controllers*.py"))
    assert controllers, f"service/{area} has no controllers module"
    for path in controllers:
        offending = {m for m in _imported_modules(path) if m.startswith("service.db")}
        assert not offending, f"{path.name} imports {sorted(offending)}"
