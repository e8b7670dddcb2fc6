"""Salted email hashes: how a credential names its earner without showing the email address.

Open Badges 3.0 (like 2.0) writes ``identityHash`` as ``sha256$`` + hex(SHA-256(email + salt))
with the salt next to it. Anyone who already knows the address can confirm the match; nobody
can read the address from the credential. We normalize the address first (strip spaces,
lower-case) so ``Ada@Example.org`` and ``ada@example.org`` match; verifiers comparing by hand
must do the same, which `email_matches_identity` does for them.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

HASH_PREFIX = "sha256$"


def normalize_email(email: str) -> str:
    """Return the address as it is hashed: surrounding spaces removed, lower-cased."""
    return email.strip().lower()


def hash_email(email: str, salt: str) -> str:
    """Return ``sha256$<hex>`` of the normalized email followed by ``salt``."""
    if not salt:
        raise ValueError("an email hash needs a non-empty salt, or it can be reversed by lookup")
    digest = hashlib.sha256((normalize_email(email) + salt).encode("utf-8")).hexdigest()
    return HASH_PREFIX + digest


def email_identity_object(email: str, salt: str) -> dict[str, Any]:
    """Build the OB 3.0 ``IdentityObject`` for a hashed email address."""
    return {
        "type": "IdentityObject",
        "identityHash": hash_email(email, salt),
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def email_matches_identity(email: str, identity: dict[str, Any]) -> bool:
    """Tell whether ``email`` is the address behind a hashed ``emailAddress`` IdentityObject."""
    salt = identity.get("salt")
    expected = identity.get("identityHash")
    if identity.get("identityType") != "emailAddress" or identity.get("hashed") is not True:
        return False
    if not isinstance(salt, str) or not salt or not isinstance(expected, str):
        return False
    return hmac.compare_digest(hash_email(email, salt), expected.lower())
