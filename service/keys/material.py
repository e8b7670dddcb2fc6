"""Key material: generate a pair, store its halves as text/bytes, and load them back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from credentials.keys import (
    PublicKey,
    ed25519_public_key_from_multibase,
    ed25519_public_key_to_multibase,
    p256_public_key_from_jwk,
    p256_public_key_to_jwk,
)

Algorithm = Literal["Ed25519", "P-256"]
ALGORITHMS: tuple[Algorithm, ...] = ("Ed25519", "P-256")
PrivateKey = Ed25519PrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class GeneratedKey:
    public_key: str
    """Ed25519: publicKeyMultibase; P-256: the public JWK as JSON."""
    private_bytes: bytes


def generate_key(algorithm: Algorithm) -> GeneratedKey:
    if algorithm == "Ed25519":
        ed = Ed25519PrivateKey.generate()
        return GeneratedKey(
            ed25519_public_key_to_multibase(ed.public_key()), ed.private_bytes_raw()
        )
    p256 = ec.generate_private_key(ec.SECP256R1())
    der = p256.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    jwk = json.dumps(p256_public_key_to_jwk(p256.public_key()), sort_keys=True)
    return GeneratedKey(jwk, der)


def load_private_key(algorithm: str, private_bytes: bytes) -> PrivateKey:
    if algorithm == "Ed25519":
        return Ed25519PrivateKey.from_private_bytes(private_bytes)
    loaded = serialization.load_der_private_key(private_bytes, password=None)
    if not isinstance(loaded, ec.EllipticCurvePrivateKey):
        raise ValueError("stored P-256 key is not an EC key")
    return loaded


def private_key_bytes(key: PrivateKey) -> bytes:
    """The stored form `load_private_key` reads back: raw for Ed25519, PKCS#8 DER for P-256."""
    if isinstance(key, Ed25519PrivateKey):
        return key.private_bytes_raw()
    return key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_public_key(algorithm: str, public_key: str) -> PublicKey:
    if algorithm == "Ed25519":
        return ed25519_public_key_from_multibase(public_key)
    return p256_public_key_from_jwk(json.loads(public_key))
