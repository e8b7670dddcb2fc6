"""credentials/ stays a pure domain package: no web, database or sibling-package imports.

The core (keys, documents, proofs, status lists, verification; listed below) is held to a
stricter rule: the standard library plus pyld (and frozendict, which pyld itself requires and
uses for its contexts), cryptography, pyjwt and jsonschema only, so verification runs anywhere
the CLI or service runs. Presentation modules (PDF, images) may use more.
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
    "frozendict",
    "cryptography",
    "jwt",
    "jsonschema",
    "credentials",
}
CORE_MODULES = {
    "__init__",
    "achievement_credential",
    "achievement_schema",
    "keys/__init__",
    "keys/base58btc",
    "credential_model",
    "proofs/__init__",
    "proofs/data_integrity",
    "datetimes",
    "proofs/document_loader",
    "identity_hash",
    "lifecycle",
    "keys/jwk",
    "keys/key_resolution",
    "keys/multibase",
    "keys/multikey",
    "proofs/rdf_canonicalization",
    "proofs/pinned_processing",
    "status/__init__",
    "status/bitstring",
    "status/status_list",
    "status/list_verification",
    "proofs/vc_jwt",
    "verification",
}
MODULES = sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    """``keys/multikey`` for ``credentials/keys/multikey.py``: modules live in rooms now."""
    return path.relative_to(PACKAGE).with_suffix("").as_posix()


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
    assert {
        path.relative_to(PACKAGE).with_suffix("").as_posix() for path in MODULES
    } >= CORE_MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_imports_web_database_or_sibling_packages(path):
    assert imported_roots(path) & FORBIDDEN == set()


@pytest.mark.parametrize(
    "path",
    sorted(PACKAGE / f"{name}.py" for name in CORE_MODULES),
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_core_modules_use_only_the_standard_library_pyld_cryptography_and_pyjwt(path):
    assert imported_roots(path) - CORE_ALLOWED == set()
