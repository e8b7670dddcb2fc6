"""Credentials we issue must verify with software nobody here wrote (Digital Bazaar's stack).

The Node script in tests/interop runs offline: it serves our pinned contexts and the
controller document we publish. These tests fail (never skip) when node or npm is missing,
because an interoperability claim that is not checked is not a claim.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from credentials.data_integrity import add_eddsa_rdfc_2022_proof
from credentials.datetimes import parse_datetime
from credentials.multikey import controller_document, multikey_verification_method
from tests.unit.credentials.samples import (
    ISSUER_ID,
    issuer_signing_key,
    official_vector,
    official_vector_key,
    signed_credential,
)

INTEROP = Path(__file__).resolve().parents[2] / "interop"
NOW = "2027-01-01T00:00:00Z"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is required for the independent verifier test", pytrace=False)
    return path


@pytest.fixture(scope="module")
def node() -> str:
    node_path = _tool("node")
    installed = INTEROP / "node_modules" / ".package-lock.json"
    lock = INTEROP / "package-lock.json"
    if not installed.is_file() or installed.stat().st_mtime < lock.stat().st_mtime:
        installing = subprocess.run(
            [_tool("npm"), "ci", "--no-audit", "--no-fund"],
            cwd=INTEROP,
            check=False,
            timeout=300,
            capture_output=True,
            text=True,
        )
        if installing.returncode != 0:
            pytest.fail(f"npm ci failed in tests/interop:\n{installing.stderr}", pytrace=False)
    return node_path


def independently_verified(
    node: str, tmp_path: Path, credential: dict[str, Any], controller: dict[str, Any]
) -> dict[str, Any]:
    credential_file, controller_file = tmp_path / "credential.json", tmp_path / "controller.json"
    credential_file.write_text(json.dumps(credential), encoding="utf-8")
    controller_file.write_text(json.dumps(controller), encoding="utf-8")
    completed = subprocess.run(
        [node, str(INTEROP / "verify.mjs"), str(credential_file), str(controller_file), NOW],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode in (0, 1), completed.stderr
    result: dict[str, Any] = json.loads(completed.stdout)
    assert result["verified"] is (completed.returncode == 0)
    return result


def our_controller_document() -> dict[str, Any]:
    key = issuer_signing_key().public_key()
    return controller_document(ISSUER_ID, [multikey_verification_method(ISSUER_ID, key)])


def test_an_issued_credential_verifies_independently(node, tmp_path):
    result = independently_verified(node, tmp_path, signed_credential(), our_controller_document())
    assert result == {"verified": True, "error": None}


def test_a_tampered_credential_fails_independently(node, tmp_path):
    credential = signed_credential()
    credential["credentialSubject"]["result"][0]["value"] = "100"
    result = independently_verified(node, tmp_path, credential, our_controller_document())
    assert result["verified"] is False
    assert "signature" in result["error"].lower()


def test_a_key_not_published_by_the_issuer_fails_independently(node, tmp_path):
    credential = signed_credential()
    controller = our_controller_document() | {"assertionMethod": []}
    result = independently_verified(node, tmp_path, credential, controller)
    assert result["verified"] is False


def test_our_signature_of_the_official_vector_verifies_independently(node, tmp_path):
    vector = official_vector()
    controller_id = vector["keyPair"]["controller"]
    secured = add_eddsa_rdfc_2022_proof(
        vector["unsignedCredential"],
        official_vector_key(),
        vector["keyPair"]["verificationMethod"],
        parse_datetime(vector["proofOptions"]["created"]),
    )
    method = multikey_verification_method(controller_id, official_vector_key().public_key())
    controller = controller_document(controller_id, [method])
    assert independently_verified(node, tmp_path, secured, controller)["verified"] is True
