"""Turn a certification, the exam's result choice and an award into the signed credential.

Everything here takes values (`service.credentials.values`), never rows: the public
achievement page builds the same achievement without an attempt, and without an exam.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from credentials import (
    Achievement,
    HashedEmail,
    Result,
    ResultDescription,
    Subject,
    build_achievement_credential,
)
from credentials.proofs import add_eddsa_rdfc_2022_proof, encode_vc_jwt
from credentials.status import StatusListEntry
from service.credentials.urls import achievement_image_url, achievement_url, credential_url
from service.credentials.values import Award, Certification, ResultShown
from service.keys.documents import issuer_profile
from service.keys.services import SigningKey
from service.settings import Settings

UNNAMED_HOLDER = "Certificate holder"


@dataclass(frozen=True)
class CredentialFacts:
    public_id: str
    subject_id: str
    valid_from: datetime
    valid_until: datetime | None
    awarded_date: datetime
    status: StatusListEntry


def holder_name(award: Award) -> str:
    return (award.learner_name or "").strip() or UNNAMED_HOLDER


def achievement(
    settings: Settings, certification: Certification, result: ResultShown | None
) -> Achievement:
    """The achievement; it describes a score only when the exam shows one (``result``)."""
    descriptions: tuple[ResultDescription, ...] = ()
    if result is not None:
        descriptions = (
            ResultDescription(
                id=f"{achievement_url(settings, certification.id)}#score",
                name="Score",
                result_type="Percent",
                value_min="0",
                value_max="100",
                required_value=_number(result.cut_score),
            ),
        )
    return Achievement(
        id=achievement_url(settings, certification.id),
        name=certification.name,
        description=certification.description,
        criteria_narrative=certification.criteria,
        image_url=achievement_image_url(settings, certification.id),
        image_caption=f"{certification.name} badge",
        tier=certification.tier,
        creator=issuer_profile(settings),
        result_descriptions=descriptions,
    )


def _number(value: float) -> str:
    return f"{value:g}"


def unsigned_credential(
    settings: Settings,
    certification: Certification,
    result: ResultShown | None,
    award: Award,
    facts: CredentialFacts,
) -> dict[str, Any]:
    built = achievement(settings, certification, result)
    results: tuple[Result, ...] = ()
    if built.result_descriptions and award.percent is not None:
        results = (
            Result(
                result_description_id=built.result_descriptions[0].id,
                value=_number(round(award.percent, 2)),
                status="Completed",
            ),
        )
    email = HashedEmail(award.learner_email, secrets.token_hex(16)) if award.learner_email else None
    subject = Subject(
        id=facts.subject_id,
        display_name=holder_name(award),
        email=email,
    )
    return build_achievement_credential(
        credential_id=credential_url(settings, facts.public_id),
        name=certification.name,
        description=certification.description,
        issuer=issuer_profile(settings),
        achievement=built,
        subject=subject,
        valid_from=facts.valid_from,
        valid_until=facts.valid_until,
        awarded_date=facts.awarded_date,
        results=results,
        status=facts.status,
    )


def sign(
    unsigned: dict[str, Any], ed25519: SigningKey, p256: SigningKey, now: datetime
) -> tuple[dict[str, Any], str]:
    """The embedded-proof document and the VC-JWT of the same unsigned credential."""
    document = add_eddsa_rdfc_2022_proof(unsigned, ed25519.ed25519(), ed25519.url, now)
    token = encode_vc_jwt(unsigned, p256.p256(), p256.url, now)
    return document, token
