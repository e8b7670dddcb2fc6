"""Encrypt private key bytes at rest with AES-256-GCM under a key derived from the secret.

HKDF with its own ``info`` keeps this key independent of the token-signing key derived from
the same secret. The key row's URL id is the associated data, so a ciphertext copied onto
another row does not decrypt.
"""

from __future__ import annotations

import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

NONCE_BYTES = 12
_INFO = b"accredo-signing-key-encryption-v1"


def _encryption_key(secret_key: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret_key.encode("utf-8")
    )


def encrypt_private_key(secret_key: str, key_id: str, private_bytes: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_encryption_key(secret_key)).encrypt(nonce, private_bytes, key_id.encode())
    return nonce + sealed


def decrypt_private_key(secret_key: str, key_id: str, encrypted: bytes) -> bytes:
    nonce, sealed = encrypted[:NONCE_BYTES], encrypted[NONCE_BYTES:]
    return AESGCM(_encryption_key(secret_key)).decrypt(nonce, sealed, key_id.encode())
