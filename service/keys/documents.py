"""The issuer's public documents: its profile (a controller document), each key, the JWKS.

What each URL serves, and why (every shape below is what an independent verifier reads):

- ``GET /issuer`` (JSON-LD): an OB 3.0 ``Profile`` that is also a Controlled Identifier
  document. Its ``@context`` is VC 2.0 + OB 3.0.3 + ``https://www.w3.org/ns/cid/v1``: the last
  defines ``verificationMethod``, ``assertionMethod``, ``Multikey`` and ``JsonWebKey``, so
  jsonld-signatures' ``AssertionProofPurpose`` (which frames the controller document in JSON-LD
  safe mode) finds the keys the issuer authorises. Every key ever published is listed, retired
  ones included, so what they signed keeps verifying.
- ``GET /keys/{Ed25519 key}``: a Multikey document (``@context``
  ``https://w3id.org/security/multikey/v1``, ``controller`` = issuer id). The key id in proofs
  is this URL; Digital Bazaar's and the DCC's verifiers dereference it and refuse any other
  context.
- ``GET /keys/{P-256 key}``: the bare public JWK (``kty``, ``crv``, ``x``, ``y`` at the top
  level, plus ``kid``/``use``/``alg``), served as ``application/jwk+json``. This URL is the VC-JWT
  ``kid``; OB 3.0 says a ``kid`` dereferences to a JWK, and the 1EdTech validator reads the JWK
  members straight from the response body.

Every builder takes ``base``: the current public base URL by default, or a previous origin
(``accredo issuer move``) when the request came in under it, so a credential issued there finds
documents naming exactly the URLs it signed.

So the representation follows the key type, not the request: there is one URL per key and
one shape per key type. Documents for keys made before these shapes existed are built from the
stored public key on each request, so they are served in the new shapes too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from credentials import IssuerProfile, profile_document
from credentials.keys import CONTROLLED_IDENTIFIER_CONTEXT, multikey_document
from credentials.proofs import OB_V3P0_CONTEXT, VC_V2_CONTEXT
from service.keys.store import PublishedKey
from service.keys.urls import issuer_id, issuer_image_url, key_url
from service.settings import Settings

JWK_MEDIA_TYPE = "application/jwk+json"
JWT_ALGORITHM = "ES256"


def issuer_profile(settings: Settings, base: str | None = None) -> IssuerProfile:
    return IssuerProfile(
        id=issuer_id(settings, base),
        name=settings.issuer_name,
        url=settings.issuer_url or settings.public_base_url,
        email=settings.issuer_email,
        image_url=issuer_image_url(settings),
    )


def public_jwk(settings: Settings, row: PublishedKey, base: str | None = None) -> dict[str, Any]:
    """A P-256 key as a bare public JWK naming its own URL as ``kid``."""
    return {
        **json.loads(row.public_key),
        "kid": key_url(settings, row.key_id, base),
        "use": "sig",
        "alg": JWT_ALGORITHM,
    }


def verification_method(
    settings: Settings, row: PublishedKey, base: str | None = None
) -> dict[str, Any]:
    method: dict[str, Any] = {
        "id": key_url(settings, row.key_id, base),
        "controller": issuer_id(settings, base),
    }
    if row.algorithm == "Ed25519":
        method["type"] = "Multikey"
        method["publicKeyMultibase"] = row.public_key
    else:
        method["type"] = "JsonWebKey"
        method["publicKeyJwk"] = json.loads(row.public_key)
    return method


def key_document(
    settings: Settings, row: PublishedKey, base: str | None = None
) -> tuple[dict[str, Any], str]:
    """What ``GET /keys/{key}`` serves, and its media type (see the module docstring)."""
    if row.algorithm == "Ed25519":
        method = verification_method(settings, row, base)
        return multikey_document(method), "application/ld+json"
    return public_jwk(settings, row, base), JWK_MEDIA_TYPE


def issuer_document(
    settings: Settings, keys: Sequence[PublishedKey], base: str | None = None
) -> dict[str, Any]:
    methods = [verification_method(settings, row, base) for row in keys]
    profile = profile_document(issuer_profile(settings, base))
    return {
        "@context": [VC_V2_CONTEXT, OB_V3P0_CONTEXT, CONTROLLED_IDENTIFIER_CONTEXT],
        **profile,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def jwks(
    settings: Settings, keys: Sequence[PublishedKey], base: str | None = None
) -> dict[str, Any]:
    return {"keys": [public_jwk(settings, row, base) for row in keys if row.algorithm == "P-256"]}
