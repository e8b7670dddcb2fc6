from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import ECAlgorithm

from credentials.keys.jwk import (
    InvalidJwkError,
    json_web_key_verification_method,
    jwk_thumbprint,
    p256_public_key_from_jwk,
    p256_public_key_to_jwk,
)
from credentials.keys.key_resolution import (
    ControllerDocumentError,
    keys_from_controller_document,
    resolver_from_keys,
)
from credentials.keys.multibase import encode_multibase_base58btc
from credentials.keys.multikey import (
    InvalidMultikeyError,
    controller_document,
    ed25519_private_key_from_multibase,
    ed25519_private_key_to_multibase,
    ed25519_public_key_from_multibase,
    ed25519_public_key_to_multibase,
    multikey_verification_method,
    verification_method_id,
)
from tests.unit.credentials.samples import official_vector, official_vector_key


def test_public_key_multibase_matches_the_official_vector():
    key_pair = official_vector()["keyPair"]
    public_key = official_vector_key().public_key()
    assert public_key.public_bytes_raw().hex() == key_pair["publicKeyHex"]
    assert ed25519_public_key_to_multibase(public_key) == key_pair["publicKeyMultibase"]
    decoded = ed25519_public_key_from_multibase(key_pair["publicKeyMultibase"])
    assert decoded.public_bytes_raw() == public_key.public_bytes_raw()


def test_secret_key_multibase_reads_the_64_byte_form_and_writes_the_seed_form():
    key_pair = official_vector()["keyPair"]
    private_key = ed25519_private_key_from_multibase(key_pair["secretKeyMultibase"])
    assert private_key.private_bytes_raw() == official_vector_key().private_bytes_raw()
    written = ed25519_private_key_to_multibase(private_key)
    assert written != key_pair["secretKeyMultibase"]
    again = ed25519_private_key_from_multibase(written)
    assert again.private_bytes_raw() == private_key.private_bytes_raw()


def test_secret_key_whose_public_half_does_not_match_is_refused():
    seed = official_vector_key().private_bytes_raw()
    other_public = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    forged = encode_multibase_base58btc(b"\x80\x26" + seed + other_public)
    with pytest.raises(InvalidMultikeyError):
        ed25519_private_key_from_multibase(forged)


@pytest.mark.parametrize(
    "payload",
    [b"\x80\x24" + bytes(33), b"\xed\x01" + bytes(31), b"\xed\x01" + bytes(33)],
)
def test_public_multikey_of_other_type_or_length_is_refused(payload):
    with pytest.raises(InvalidMultikeyError):
        ed25519_public_key_from_multibase(encode_multibase_base58btc(payload))


def test_controller_document_lists_every_key_as_assertion_method():
    controller = "https://example.edu/issuers/565049"
    old, new = Ed25519PrivateKey.generate(), official_vector_key()
    methods = [multikey_verification_method(controller, key.public_key()) for key in (old, new)]
    document = controller_document(controller, methods)
    assert document["id"] == controller
    assert document["assertionMethod"] == [m["id"] for m in methods]
    assert methods[1]["id"] == official_vector()["keyPair"]["verificationMethod"]
    keys = keys_from_controller_document(document)
    resolve = resolver_from_keys(keys)
    resolved = resolve(verification_method_id(controller, new.public_key()))
    assert resolved is not None
    assert resolved.controller == controller
    assert resolve(f"{controller}#unknown") is None


def test_keys_not_listed_for_assertion_are_not_issuing_keys():
    controller = "https://issuer.example"
    method = multikey_verification_method(controller, Ed25519PrivateKey.generate().public_key())
    document = controller_document(controller, [method]) | {"assertionMethod": []}
    assert keys_from_controller_document(document) == []


def test_controller_document_reads_revocation_time_and_json_web_keys():
    controller = "https://issuer.example"
    ed_method = multikey_verification_method(
        controller, Ed25519PrivateKey.generate().public_key()
    ) | {"revoked": "2026-01-01T00:00:00Z"}
    ec_key = ec.generate_private_key(ec.SECP256R1()).public_key()
    ec_method = json_web_key_verification_method(controller, ec_key)
    keys = keys_from_controller_document(controller_document(controller, [ed_method, ec_method]))
    assert keys[0].revoked == datetime(2026, 1, 1, tzinfo=UTC)
    assert isinstance(keys[1].public_key, ec.EllipticCurvePublicKey)
    assert keys[1].public_key.public_numbers() == ec_key.public_numbers()


def test_controller_document_with_unknown_assertion_method_is_refused():
    document = {"id": "https://issuer.example", "assertionMethod": ["https://x#1"]}
    with pytest.raises(ControllerDocumentError):
        keys_from_controller_document(document)


def test_p256_jwk_agrees_with_pyjwt_and_round_trips():
    public_key = ec.generate_private_key(ec.SECP256R1()).public_key()
    jwk = p256_public_key_to_jwk(public_key)
    expected = ECAlgorithm.to_jwk(public_key, as_dict=True)
    assert {k: jwk[k] for k in ("kty", "crv", "x", "y")} == {
        k: expected[k] for k in ("kty", "crv", "x", "y")
    }
    assert p256_public_key_from_jwk(jwk).public_numbers() == public_key.public_numbers()


def test_jwk_thumbprint_follows_rfc_7638_member_order():
    jwk = {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "BBBB"}
    # SHA-256 of '{"crv":"P-256","kty":"EC","x":"AAAA","y":"BBBB"}', base64url without padding
    assert jwk_thumbprint(jwk) == "lwGl3agdHIksq2_XBDEqf0uaLL38Nw_OLqL2Qq_D58I"


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"},
        {"kty": "OKP", "crv": "Ed25519", "x": "AA"},
        {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"},
    ],
)
def test_jwk_other_than_a_p256_public_point_is_refused(jwk):
    with pytest.raises(InvalidJwkError):
        p256_public_key_from_jwk(jwk)


def test_jwk_with_private_member_is_refused():
    private_key = ec.generate_private_key(ec.SECP256R1())
    jwk = p256_public_key_to_jwk(private_key.public_key()) | {"d": "secret"}
    with pytest.raises(InvalidJwkError):
        p256_public_key_from_jwk(jwk)
