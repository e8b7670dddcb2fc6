"""No controller imports an ORM model: rows stop at each area's store.

Every area's controllers are checked (a glob over ``service/*/*controllers*.py``), so a new
area is held to the rule from its first controller.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AREAS_WITH_CONTROLLERS = sorted(
    {path.parent.name for path in (ROOT / "service").glob("*/*controllers*.py")}
)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_every_area_with_routes_is_checked() -> None:
    assert {"attempts", "bank", "credentials", "exams", "public"} <= set(AREAS_WITH_CONTROLLERS)


@pytest.mark.parametrize("area", AREAS_WITH_CONTROLLERS)
def test_controllers_import_no_orm_model(area: str) -> None:
    controllers = sorted((ROOT / "service" / area).glob("*controllers*.py"))
    assert controllers, f"service/{area} has no controllers module"
    for path in controllers:
        offending = {m for m in _imported_modules(path) if m.startswith("service.db")}
        assert not offending, f"{path.name} imports {sorted(offending)}"


PUBLIC_STORAGE = {"store.py", "snapshot.py", "cached_reads.py"}
"""The public area's storage side: the store reads rows; the snapshot watches the tables'
change counters and ``cached_reads`` opens the short transaction of a cache miss."""


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (ROOT / "service" / "public").glob("*.py") if p.name not in PUBLIC_STORAGE),
    ids=lambda p: p.name,
)
def test_public_pages_take_values_loaded_by_their_store(path: Path) -> None:
    """Pages, verdicts and renders never see a row or build a query: only the store does.

    They may pass the session on (``AsyncSession``) to the store, nothing more.
    """
    imported = _imported_modules(path) - {"sqlalchemy.ext.asyncio"}
    offending = {m for m in imported if m.startswith(("service.db", "sqlalchemy"))}
    offending |= imported & {"service.credentials.status_changes"}
    assert not offending, f"{path.name} imports {sorted(offending)}"
