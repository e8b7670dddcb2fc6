"""Build an unsigned Open Badges 3.0 ``OpenBadgeCredential`` from plain values.

The result is a VC Data Model 2.0 document with the OB 3.0.3 context and the 1EdTech
extensions context (which defines the ``1EdTechJsonSchemaValidator2019`` schema type).
Sign it with `credentials.proofs.data_integrity.add_eddsa_rdfc_2022_proof` or
`credentials.proofs.vc_jwt.encode_vc_jwt`. Every term written here is defined by those contexts,
so JSON-LD processing drops nothing (a test holds this).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from credentials.credential_model import (
    Achievement,
    IssuerProfile,
    Result,
    ResultDescription,
    Subject,
)
from credentials.datetimes import format_datetime
from credentials.identity_hash import email_identity_object
from credentials.proofs import (
    OB_V3P0_CONTEXT,
    OB_V3P0_EXTENSIONS_CONTEXT,
    VC_V2_CONTEXT,
)
from credentials.status import StatusListEntry, build_status_list_entry

ACHIEVEMENT_CREDENTIAL_CONTEXTS = (VC_V2_CONTEXT, OB_V3P0_CONTEXT, OB_V3P0_EXTENSIONS_CONTEXT)
ACHIEVEMENT_CREDENTIAL_TYPES = ("VerifiableCredential", "OpenBadgeCredential")
ACHIEVEMENT_CREDENTIAL_SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential-jsonschema1.json"
)
JSON_SCHEMA_VALIDATOR_TYPE = "1EdTechJsonSchemaValidator2019"


def build_achievement_credential(
    *,
    credential_id: str,
    name: str,
    issuer: IssuerProfile,
    achievement: Achievement,
    subject: Subject,
    valid_from: datetime,
    awarded_date: datetime,
    valid_until: datetime | None = None,
    results: tuple[Result, ...] = (),
    status: StatusListEntry | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    """Return the unsigned credential document.

    ``awarded_date`` is when the achievement was first awarded; a renewal reissues with a
    new ``valid_from`` but keeps it. ``status`` is a single entry because the official JSON
    Schema allows ``credentialStatus`` to be one object only.
    """
    known_descriptions = {rd.id for rd in achievement.result_descriptions}
    for result in results:
        if result.result_description_id not in known_descriptions:
            raise ValueError(
                f"result points at unknown result description {result.result_description_id!r}"
            )
    credential: dict[str, Any] = {
        "@context": list(ACHIEVEMENT_CREDENTIAL_CONTEXTS),
        "id": credential_id,
        "type": list(ACHIEVEMENT_CREDENTIAL_TYPES),
        "name": name,
    }
    if description is not None:
        credential["description"] = description
    credential["issuer"] = profile_document(issuer)
    credential["validFrom"] = format_datetime(valid_from)
    if valid_until is not None:
        if valid_until <= valid_from:
            raise ValueError("valid_until must be after valid_from")
        credential["validUntil"] = format_datetime(valid_until)
    credential["awardedDate"] = format_datetime(awarded_date)
    credential["credentialSubject"] = _subject_document(subject, achievement, results)
    if status is not None:
        credential["credentialStatus"] = build_status_list_entry(status)
    credential["credentialSchema"] = [
        {"id": ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, "type": JSON_SCHEMA_VALIDATOR_TYPE}
    ]
    return credential


def profile_document(profile: IssuerProfile) -> dict[str, Any]:
    """Return the OB 3.0 ``Profile`` object for an issuer."""
    document: dict[str, Any] = {"id": profile.id, "type": ["Profile"], "name": profile.name}
    if profile.url is not None:
        document["url"] = profile.url
    if profile.email is not None:
        document["email"] = profile.email
    if profile.image_url is not None:
        document["image"] = {"id": profile.image_url, "type": "Image"}
    return document


def achievement_document(achievement: Achievement) -> dict[str, Any]:
    """Return the OB 3.0 ``Achievement`` object."""
    criteria: dict[str, Any] = {"narrative": achievement.criteria_narrative}
    if achievement.criteria_url is not None:
        criteria = {"id": achievement.criteria_url, **criteria}
    document: dict[str, Any] = {
        "id": achievement.id,
        "type": ["Achievement"],
        "achievementType": achievement.achievement_type,
        "name": achievement.name,
        "description": achievement.description,
        "criteria": criteria,
    }
    if achievement.image_url is not None:
        image: dict[str, Any] = {"id": achievement.image_url, "type": "Image"}
        if achievement.image_caption is not None:
            image["caption"] = achievement.image_caption
        document["image"] = image
    tags = ([f"tier:{achievement.tier}"] if achievement.tier else []) + list(achievement.tags)
    if tags:
        document["tag"] = tags
    if achievement.creator is not None:
        document["creator"] = profile_document(achievement.creator)
    if achievement.result_descriptions:
        document["resultDescription"] = [
            _result_description_document(rd) for rd in achievement.result_descriptions
        ]
    return document


def _result_description_document(description: ResultDescription) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": description.id,
        "type": ["ResultDescription"],
        "name": description.name,
        "resultType": description.result_type,
    }
    optional = {
        "valueMin": description.value_min,
        "valueMax": description.value_max,
        "requiredValue": description.required_value,
    }
    document.update({key: value for key, value in optional.items() if value is not None})
    return document


def _subject_document(
    subject: Subject, achievement: Achievement, results: tuple[Result, ...]
) -> dict[str, Any]:
    document: dict[str, Any] = {}
    if subject.id is not None:
        document["id"] = subject.id
    document["type"] = ["AchievementSubject"]
    document["achievement"] = achievement_document(achievement)
    identifiers: list[dict[str, Any]] = []
    if subject.display_name is not None:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": subject.display_name,
                "identityType": "name",
                "hashed": False,
            }
        )
    if subject.email is not None:
        identifiers.append(email_identity_object(subject.email.email, subject.email.salt))
    if identifiers:
        document["identifier"] = identifiers
    if results:
        document["result"] = [_result_document(result) for result in results]
    return document


def _result_document(result: Result) -> dict[str, Any]:
    document: dict[str, Any] = {
        "type": ["Result"],
        "resultDescription": result.result_description_id,
        "value": result.value,
    }
    if result.status is not None:
        document["status"] = result.status
    return document
