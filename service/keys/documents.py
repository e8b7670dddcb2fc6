"""The issuer's public documents: its profile (a controller document), each key, the JWKS.

The profile is an OB 3.0 ``Profile`` that is also a Controlled Identifier document: it lists
every key under ``verificationMethod`` and ``assertionMethod``, so a verifier who follows the
credential's issuer id finds the keys that may sign for it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from credentials.achievement_credential import profile_document
from credentials.credential_model import IssuerProfile
from credentials.document_loader import OB_V3P0_CONTEXT, VC_V2_CONTEXT
from credentials.multikey import CONTROLLED_IDENTIFIER_CONTEXT
from service.db.models import SigningKeyRow
from service.keys.urls import issuer_id, key_url
from service.settings import Settings


def issuer_profile(settings: Settings) -> IssuerProfile:
    return IssuerProfile(
        id=issuer_id(settings),
        name=settings.issuer_name,
        url=settings.issuer_url or settings.public_base_url,
        email=settings.issuer_email,
    )


def verification_method(settings: Settings, row: SigningKeyRow) -> dict[str, Any]:
    method: dict[str, Any] = {
        "id": key_url(settings, row.key_id),
        "controller": issuer_id(settings),
    }
    if row.algorithm == "Ed25519":
        method["type"] = "Multikey"
        method["publicKeyMultibase"] = row.public_key
    else:
        method["type"] = "JsonWebKey"
        method["publicKeyJwk"] = json.loads(row.public_key)
    return method


def key_document(settings: Settings, row: SigningKeyRow) -> dict[str, Any]:
    return {"@context": [CONTROLLED_IDENTIFIER_CONTEXT], **verification_method(settings, row)}


def issuer_document(settings: Settings, keys: Sequence[SigningKeyRow]) -> dict[str, Any]:
    methods = [verification_method(settings, row) for row in keys]
    profile = profile_document(issuer_profile(settings))
    return {
        "@context": [VC_V2_CONTEXT, OB_V3P0_CONTEXT, CONTROLLED_IDENTIFIER_CONTEXT],
        **profile,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def jwks(settings: Settings, keys: Sequence[SigningKeyRow]) -> dict[str, Any]:
    return {
        "keys": [
            {
                **json.loads(row.public_key),
                "kid": key_url(settings, row.key_id),
                "use": "sig",
                "alg": "ES256",
            }
            for row in keys
            if row.algorithm == "P-256"
        ]
    }
