"""credentials/ stays a pure domain package: no web, database or sibling-package imports.

The core (keys, documents, proofs, status lists, verification; listed below) is held to a
stricter rule: the standard library plus pyld, cryptography, pyjwt and jsonschema only, so
verification runs anywhere the CLI or service runs. Presentation modules (PDF, images) may use more.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[3] / "credentials"
FORBIDDEN = {
    "litestar",
    "sqlalchemy",
    "advanced_alchemy",
    "asyncpg",
    "aiosqlite",
    "alembic",
    "service",
    "itembank",
}
CORE_ALLOWED = set(sys.stdlib_module_names) | {
    "pyld",
    "cryptography",
    "jwt",
    "jsonschema",
    "credentials",
}
CORE_MODULES = {
    "__init__",
    "achievement_credential",
    "achievement_schema",
    "base58btc",
    "credential_model",
    "data_integrity",
    "datetimes",
    "document_loader",
    "identity_hash",
    "jwk",
    "key_resolution",
    "multibase",
    "multikey",
    "rdf_canonicalization",
    "status_bitstring",
    "status_list",
    "status_list_verification",
    "vc_jwt",
    "verification",
}
MODULES = sorted(PACKAGE.rglob("*.py"))


def imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: relative import"
            roots.add((node.module or "").split(".")[0])
    return roots


def test_every_core_module_exists():
    assert {path.stem for path in PACKAGE.glob("*.py")} >= CORE_MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_imports_web_database_or_sibling_packages(path):
    assert imported_roots(path) & FORBIDDEN == set()


@pytest.mark.parametrize(
    "path",
    sorted(PACKAGE / f"{name}.py" for name in CORE_MODULES),
    ids=lambda p: p.name,
)
def test_core_modules_use_only_the_standard_library_pyld_cryptography_and_pyjwt(path):
    assert imported_roots(path) - CORE_ALLOWED == set()
