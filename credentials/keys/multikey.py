"""Ed25519 keys as Multikey values, the key document that serves one, and controller documents.

A verification method fetched on its own (its URL dereferenced) must be a *Multikey document*:
the method's own members plus ``"@context": "https://w3id.org/security/multikey/v1"``. Digital
Bazaar's ``@digitalbazaar/ed25519-multikey`` (behind ``eddsa-rdfc-2022`` in ``@digitalbazaar/vc``
and the Digital Credentials Consortium's verifier-core) refuses any other context, so a Controlled
Identifier (``cid/v1``) context there makes every proof fail. Controller documents, which list
methods under ``verificationMethod``, use the ``cid/v1`` context, which defines those terms.

A Multikey ``publicKeyMultibase`` is ``z`` + base58btc(multicodec header + raw key). For
Ed25519 the public header is ``0xed 0x01`` (varint of 0xed), the secret header ``0x80 0x26``
(varint of 0x1300). We write the secret key as the 32-byte seed (Controlled Identifiers 1.0);
we also read the older 64-byte seed-then-public form that Digital Bazaar tools and the
Open Badges test vector use, after checking that its public half matches the seed.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credentials.keys.errors import KeyEncodingError
from credentials.keys.multibase import decode_multibase_base58btc, encode_multibase_base58btc

MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
"""The only context a Multikey document may name (Digital Bazaar refuses others)."""
CONTROLLED_IDENTIFIER_CONTEXT = "https://www.w3.org/ns/cid/v1"
"""The context of controller documents and issuer profiles (defines ``verificationMethod``)."""

ED25519_PUBLIC_HEADER = b"\xed\x01"
ED25519_SECRET_HEADER = b"\x80\x26"


class InvalidMultikeyError(KeyEncodingError):
    """A multibase value is not an Ed25519 Multikey of the expected kind."""


def ed25519_public_key_to_multibase(public_key: Ed25519PublicKey) -> str:
    """Encode an Ed25519 public key as a Multikey ``publicKeyMultibase`` (``z6Mk...``)."""
    return encode_multibase_base58btc(ED25519_PUBLIC_HEADER + public_key.public_bytes_raw())


def ed25519_public_key_from_multibase(value: object) -> Ed25519PublicKey:
    """Decode a ``publicKeyMultibase``; refuse other key types and wrong lengths."""
    data = decode_multibase_base58btc(value)
    if len(data) != 34 or not data.startswith(ED25519_PUBLIC_HEADER):
        raise InvalidMultikeyError("not an Ed25519 public Multikey (0xed01 + 32 bytes)")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def ed25519_private_key_to_multibase(private_key: Ed25519PrivateKey) -> str:
    """Encode an Ed25519 private key as a Multikey ``secretKeyMultibase`` (0x8026 + seed)."""
    return encode_multibase_base58btc(ED25519_SECRET_HEADER + private_key.private_bytes_raw())


def ed25519_private_key_from_multibase(value: object) -> Ed25519PrivateKey:
    """Decode a ``secretKeyMultibase`` holding a 32-byte seed or a 64-byte seed+public pair."""
    data = decode_multibase_base58btc(value)
    if not data.startswith(ED25519_SECRET_HEADER) or len(data) not in (34, 66):
        raise InvalidMultikeyError("not an Ed25519 secret Multikey (0x8026 + 32 or 64 bytes)")
    private_key = Ed25519PrivateKey.from_private_bytes(data[2:34])
    if len(data) == 66 and private_key.public_key().public_bytes_raw() != data[34:]:
        raise InvalidMultikeyError("the public half of the secret Multikey does not match its seed")
    return private_key


def verification_method_id(controller: str, public_key: Ed25519PublicKey) -> str:
    """Return the conventional verification method id: ``<controller>#<publicKeyMultibase>``."""
    return f"{controller}#{ed25519_public_key_to_multibase(public_key)}"


def multikey_verification_method(
    controller: str, public_key: Ed25519PublicKey, method_id: str | None = None
) -> dict[str, Any]:
    """Build a ``Multikey`` verification method (without ``@context``) for a controller document."""
    return {
        "id": method_id or verification_method_id(controller, public_key),
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": ed25519_public_key_to_multibase(public_key),
    }


def multikey_document(method: dict[str, Any]) -> dict[str, Any]:
    """A ``Multikey`` verification method as a document of its own (what its URL serves)."""
    if method.get("type") != "Multikey":
        raise InvalidMultikeyError("a Multikey document needs a method of type Multikey")
    return {"@context": MULTIKEY_CONTEXT, **method}


def controller_document(
    controller: str, verification_methods: list[dict[str, Any]]
) -> dict[str, Any]:
    """Build a Controlled Identifier document that lets every given key assert credentials.

    Retired keys stay listed so credentials they signed keep verifying; a verifier decides
    validity from the credential, not from whether the key is the newest.
    """
    return {
        "@context": [CONTROLLED_IDENTIFIER_CONTEXT],
        "id": controller,
        "verificationMethod": verification_methods,
        "assertionMethod": [method["id"] for method in verification_methods],
    }
