"""The refusals of the key encodings and of controller-document resolution, one by one."""

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from credentials.keys import (
    ControllerDocumentError,
    InvalidJwkError,
    InvalidMultikeyError,
    ed25519_private_key_from_multibase,
    ed25519_public_key_to_multibase,
    encode_multibase_base58btc,
    keys_from_controller_document,
    multikey_document,
    multikey_verification_method,
    p256_public_key_to_jwk,
)

CONTROLLER = "https://issuer.example/issuer"


def test_a_secret_multikey_must_carry_the_ed25519_secret_header() -> None:
    with pytest.raises(InvalidMultikeyError, match="not an Ed25519 secret Multikey"):
        ed25519_private_key_from_multibase(encode_multibase_base58btc(b"\x00\x01" + b"\x07" * 32))


def test_a_multikey_document_is_built_only_from_a_multikey_method() -> None:
    key = Ed25519PrivateKey.from_private_bytes(b"\x01" * 32).public_key()
    method = multikey_verification_method(CONTROLLER, key)
    document = multikey_document(method)
    assert document["publicKeyMultibase"] == ed25519_public_key_to_multibase(key)
    assert "@context" in document
    with pytest.raises(InvalidMultikeyError):
        multikey_document({**method, "type": "JsonWebKey"})


def test_only_p256_keys_become_jwks() -> None:
    other_curve = ec.generate_private_key(ec.SECP384R1()).public_key()
    with pytest.raises(InvalidJwkError, match="P-256"):
        p256_public_key_to_jwk(other_curve)


def _document(**method: Any) -> dict[str, Any]:
    return {"id": CONTROLLER, "verificationMethod": [], "assertionMethod": [method]}


def test_controller_documents_need_an_id() -> None:
    with pytest.raises(ControllerDocumentError, match="no id"):
        keys_from_controller_document({"assertionMethod": []})


@pytest.mark.parametrize(
    ("method", "reason"),
    [
        ({"type": "Multikey", "controller": CONTROLLER}, "lacks an id"),
        ({"id": f"{CONTROLLER}#k", "type": "Ed25519VerificationKey2020"}, "unsupported key"),
        ({"id": f"{CONTROLLER}#k", "type": "Multikey", "publicKeyMultibase": "zzz"}, "#k: "),
    ],
)
def test_unusable_assertion_methods_are_named(method: dict[str, Any], reason: str) -> None:
    with pytest.raises(ControllerDocumentError, match=reason):
        keys_from_controller_document(_document(**method))


def test_a_bad_revocation_time_is_named() -> None:
    key = Ed25519PrivateKey.from_private_bytes(b"\x02" * 32).public_key()
    method = {**multikey_verification_method(CONTROLLER, key), "revoked": "yesterday"}
    with pytest.raises(ControllerDocumentError, match="bad revoked time"):
        keys_from_controller_document(_document(**method))
