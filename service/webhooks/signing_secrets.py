"""Endpoint signing secrets: Standard Webhooks ``whsec_`` form, AES-GCM encrypted at rest.

The same scheme as issuer signing keys (``service.keys.encryption``) with its own HKDF
``info``, so the key that seals webhook secrets is independent of every other key derived
from ``ACCREDO_SECRET_KEY``. The endpoint's id is the associated data: a sealed secret
copied onto another endpoint row does not open.
"""

from __future__ import annotations

import base64
import binascii
import os
from uuid import UUID

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PREFIX = "whsec_"
SECRET_BYTES = 32
MIN_SECRET_BYTES = 24
MAX_SECRET_BYTES = 64
NONCE_BYTES = 12
_INFO = b"accredo-webhook-secret-encryption-v1"


def new_secret() -> str:
    """A fresh secret: ``whsec_`` and 32 random bytes in base64, as Standard Webhooks writes it."""
    return PREFIX + base64.b64encode(os.urandom(SECRET_BYTES)).decode("ascii")


def secret_problem(secret: str) -> str | None:
    """Why a supplied secret cannot be used, or None."""
    if not secret.startswith(PREFIX):
        return f"must start with {PREFIX!r} followed by base64 (Standard Webhooks form)"
    try:
        raw = base64.b64decode(secret[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        return f"the part after {PREFIX!r} must be base64"
    if not MIN_SECRET_BYTES <= len(raw) <= MAX_SECRET_BYTES:
        return f"must hold {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} random bytes"
    return None


def _key(secret_key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret_key.encode("utf-8")
    )


def seal(secret_key: str, endpoint_id: UUID, secret: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_key(secret_key)).encrypt(nonce, secret.encode("ascii"), endpoint_id.bytes)
    return nonce + sealed


def unseal(secret_key: str, endpoint_id: UUID, sealed: bytes) -> str:
    nonce, body = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    return AESGCM(_key(secret_key)).decrypt(nonce, body, endpoint_id.bytes).decode("ascii")
