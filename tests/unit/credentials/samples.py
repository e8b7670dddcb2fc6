"""Shared test data: the official test vector, fixtures, and a complete Accredo credential."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from credentials.achievement_credential import build_achievement_credential
from credentials.credential_model import (
    Achievement,
    HashedEmail,
    IssuerProfile,
    Result,
    ResultDescription,
    Subject,
)
from credentials.keys.key_resolution import ResolvedKey
from credentials.keys.multikey import verification_method_id
from credentials.proofs.data_integrity import add_eddsa_rdfc_2022_proof
from credentials.status.status_list import StatusListEntry

FIXTURES = Path(__file__).parent / "fixtures"

ISSUER_ID = "https://accredo.example/issuers/0190c7d2-aaaa-7000-8000-000000000001"
STATUS_LIST_URL = "https://accredo.example/status/revocation/1"
ISSUED_AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
VALID_UNTIL = datetime(2028, 3, 1, 9, 30, tzinfo=UTC)
STATUS_INDEX = 40_961


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def official_vector() -> dict[str, Any]:
    return dict(load_fixture("eddsa-rdfc-2022-ob-test-vector.json"))


def official_vector_key() -> Ed25519PrivateKey:
    seed_then_public = official_vector()["keyPair"]["privateKeyHex_seed_then_public"]
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_then_public[:64]))


def issuer_signing_key() -> Ed25519PrivateKey:
    """A fixed key so failures are reproducible."""
    return Ed25519PrivateKey.from_private_bytes(bytes(range(32)))


def issuer_key_id() -> str:
    return verification_method_id(ISSUER_ID, issuer_signing_key().public_key())


def issuer_resolved_key(revoked: datetime | None = None) -> ResolvedKey:
    return ResolvedKey(issuer_key_id(), ISSUER_ID, issuer_signing_key().public_key(), revoked)


ISSUER = IssuerProfile(
    id=ISSUER_ID,
    name="Accredo Certification Board",
    url="https://accredo.example",
    email="credentials@accredo.example",
    image_url="https://accredo.example/static/issuer-logo.png",
)
SCORE = ResultDescription(
    id="https://accredo.example/certifications/cloud-practitioner/results/score",
    name="Exam score",
    result_type="Percent",
    value_min="0",
    value_max="100",
    required_value="70",
)
ACHIEVEMENT = Achievement(
    id="https://accredo.example/certifications/cloud-practitioner",
    name="Cloud Practitioner",
    description="Holds working knowledge of cloud architecture, operations and security.",
    criteria_narrative="Passed the proctored Cloud Practitioner exam with at least 70%.",
    criteria_url="https://accredo.example/certifications/cloud-practitioner/criteria",
    image_url="https://accredo.example/certifications/cloud-practitioner/badge.png",
    image_caption="Cloud Practitioner badge",
    tier="practitioner",
    tags=("cloud",),
    creator=ISSUER,
    result_descriptions=(SCORE,),
)
SUBJECT = Subject(
    id="urn:uuid:0190c7d2-bbbb-7000-8000-000000000002",
    display_name="Ada Lovelace",
    email=HashedEmail(email="ada@example.org", salt="6d1c0b4e2f"),
)


def unsigned_credential(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "credential_id": "https://accredo.example/credentials/0190c7d2-cccc-7000-8000-000000000003",
        "name": "Cloud Practitioner",
        "issuer": ISSUER,
        "achievement": ACHIEVEMENT,
        "subject": SUBJECT,
        "valid_from": ISSUED_AT,
        "awarded_date": ISSUED_AT,
        "valid_until": VALID_UNTIL,
        "results": (Result(SCORE.id, "86", "Completed"),),
        "status": StatusListEntry(STATUS_LIST_URL, STATUS_INDEX, "revocation"),
        "description": "Awarded for passing the Cloud Practitioner certification exam.",
    }
    arguments.update(overrides)
    return build_achievement_credential(**arguments)


def signed_credential(**overrides: Any) -> dict[str, Any]:
    return add_eddsa_rdfc_2022_proof(
        unsigned_credential(**overrides), issuer_signing_key(), issuer_key_id(), ISSUED_AT
    )


def deep_copy(document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(document)
