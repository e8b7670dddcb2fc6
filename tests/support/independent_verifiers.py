"""Run the independent verifiers in tests/interop (Node) against a running server.

`npm ci` runs when ``node_modules`` is missing or older than ``package-lock.json``, so a fresh
clone works. Node and npm being absent fails the test (never skips): an interoperability claim
that is not checked is not a claim.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from credentials import ACHIEVEMENT_CREDENTIAL_SCHEMA_FILE, ACHIEVEMENT_CREDENTIAL_SCHEMA_URL
from credentials.proofs import PINNED_CONTEXT_FILES

ROOT = Path(__file__).resolve().parents[2]
INTEROP = ROOT / "tests" / "interop"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is required for the independent verifier tests", pytrace=False)
    return path


def install_verifiers() -> str:
    """``npm ci`` when needed; returns the path of ``node``."""
    node = _tool("node")
    installed = INTEROP / "node_modules" / ".package-lock.json"
    lock = INTEROP / "package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        installing = subprocess.run(
            [_tool("npm"), "ci", "--no-audit", "--no-fund"],
            cwd=INTEROP,
            check=False,
            timeout=600,
            capture_output=True,
            text=True,
        )
        if installing.returncode != 0:
            pytest.fail(f"npm ci failed in tests/interop:\n{installing.stderr}", pytrace=False)
    return node


def pinned_files() -> dict[str, str]:
    """Static spec files the verifiers may read locally: our pinned contexts and the OB schema.

    Keys, the issuer profile and status lists are never in here: they come from the server.
    """
    contexts = ROOT / "credentials" / "proofs" / "contexts"
    pinned = {url: str(contexts / name) for url, name in PINNED_CONTEXT_FILES.items()}
    schema = ROOT / "credentials" / "schemas" / ACHIEVEMENT_CREDENTIAL_SCHEMA_FILE
    pinned[ACHIEVEMENT_CREDENTIAL_SCHEMA_URL] = str(schema)
    return pinned


def run_verifiers(
    node: str, server: str, cases: list[dict[str, Any]], aliases: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Each case is ``{"name", "ldp": credential or None, "jwt": token or None}``.

    ``aliases``: other origins the server answers for (previous origins after ``accredo issuer
    move``); their URLs are fetched from ``server`` with the alias's ``Host``, as a request to
    that DNS name pointed at the server would arrive.

    Returns ``{case name: {verifier: report}}``; each report has ``verified``, ``error`` and
    ``fetched`` (the server URLs that verifier dereferenced for that case).
    """
    request = {"server": server, "pinned": pinned_files(), "cases": cases, "aliases": aliases}
    completed = subprocess.run(
        [node, str(INTEROP / "verifiers.mjs")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=INTEROP,
    )
    assert completed.returncode == 0, completed.stderr
    results: dict[str, Any] = json.loads(completed.stdout)["results"]
    return results
