import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credentials.datetimes import parse_datetime
from credentials.proofs.data_integrity import (
    ProofError,
    add_eddsa_rdfc_2022_proof,
    eddsa_rdfc_2022_hash_data,
    verify_eddsa_rdfc_2022_proof,
)
from tests.unit.credentials.samples import (
    ISSUED_AT,
    issuer_key_id,
    issuer_signing_key,
    load_fixture,
    official_vector,
    official_vector_key,
    signed_credential,
)

VECTOR_KEY_FRAGMENT = "#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"


def vector_key_for(method: str) -> Ed25519PublicKey | None:
    """The vector key signed the test vector and all three 1EdTech fixtures."""
    return official_vector_key().public_key() if method.endswith(VECTOR_KEY_FRAGMENT) else None


def issuer_key_for(method: str) -> Ed25519PublicKey | None:
    return issuer_signing_key().public_key() if method == issuer_key_id() else None


def sign_vector() -> dict[str, Any]:
    vector = official_vector()
    options = vector["proofOptions"]
    return add_eddsa_rdfc_2022_proof(
        vector["unsignedCredential"],
        official_vector_key(),
        options["verificationMethod"],
        parse_datetime(options["created"]),
    )


def test_hash_data_matches_the_official_vector():
    vector = official_vector()
    hash_data = eddsa_rdfc_2022_hash_data(vector["unsignedCredential"], vector["proofOptions"])
    assert hash_data.hex() == vector["dataToSignHex_proofHash_then_documentHash"]


def test_proof_reproduces_the_official_vector_byte_for_byte():
    vector = official_vector()
    secured = sign_vector()
    (proof,) = secured["proof"]
    assert proof == vector["proofOptions"] | {"proofValue": vector["proofValue"]}
    assert {k: v for k, v in secured.items() if k != "proof"} == vector["unsignedCredential"]


def test_signing_does_not_modify_the_input():
    unsecured = official_vector()["unsignedCredential"]
    before = json.dumps(unsecured, sort_keys=True)
    sign_vector()
    assert json.dumps(unsecured, sort_keys=True) == before


def test_our_proof_of_the_vector_verifies():
    check = verify_eddsa_rdfc_2022_proof(sign_vector(), vector_key_for)
    assert check.ok, check.reason
    assert check.created == datetime(2010, 1, 1, 19, 23, 24, tzinfo=UTC)


@pytest.mark.parametrize(
    "fixture",
    [
        "validator-ob30-simple-eddsa-rdfc-2022.json",
        "validator-ob30-bsl-credential-status-revoked.json",
        "validator-ob30-bsl-testlist.json",
    ],
)
def test_official_validator_fixtures_verify(fixture):
    check = verify_eddsa_rdfc_2022_proof(load_fixture(fixture), vector_key_for)
    assert check.ok, check.reason


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


TAMPERING = {
    "name": _set(("name",), "Leadership Badge"),
    "validFrom": _set(("validFrom",), "2009-01-01T00:00:00Z"),
    "issuer id": _set(("issuer", "id"), "https://evil.example/issuers/1"),
    "issuer name": _set(("issuer", "name"), "Evil Corp"),
    "subject id": _set(("credentialSubject", "id"), "did:example:someone-else"),
    "achievement name": _set(("credentialSubject", "achievement", "name"), "Leadership"),
    "criteria narrative": _set(
        ("credentialSubject", "achievement", "criteria", "narrative"), "Nothing."
    ),
    "added described property": _set(("description",), "an extra claim"),
    "proof created": _set(("proof", 0, "created"), "2010-01-02T19:23:24Z"),
    "proof purpose": _set(("proof", 0, "proofPurpose"), "authentication"),
    "proof value": _set(
        ("proof", 0, "proofValue"),
        "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCs",
    ),
    "undefined term": _set(("credentialSubject", "grade"), "A"),
    "cryptosuite": _set(("proof", 0, "cryptosuite"), "eddsa-jcs-2022"),
}


@pytest.mark.parametrize("change", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_with_the_vector_credential_fails(change):
    secured = sign_vector()
    change(secured)
    check = verify_eddsa_rdfc_2022_proof(secured, vector_key_for)
    assert not check.ok


ISSUED_TAMPERING = {
    "validUntil": _set(("validUntil",), "2099-01-01T00:00:00Z"),
    "awardedDate": _set(("awardedDate",), "2020-01-01T00:00:00Z"),
    "result value": _set(("credentialSubject", "result", 0, "value"), "100"),
    "email hash": _set(
        ("credentialSubject", "identifier", 1, "identityHash"), "sha256$" + "0" * 64
    ),
    "status index": _set(("credentialStatus", "statusListIndex"), "1"),
    "tier tag": _set(("credentialSubject", "achievement", "tag", 0), "tier:expert"),
}


@pytest.mark.parametrize("change", ISSUED_TAMPERING.values(), ids=ISSUED_TAMPERING.keys())
def test_tampering_with_an_issued_credential_fails(change):
    secured = signed_credential()
    assert verify_eddsa_rdfc_2022_proof(secured, issuer_key_for).ok
    change(secured)
    assert not verify_eddsa_rdfc_2022_proof(secured, issuer_key_for).ok


def test_json_spelling_does_not_matter_but_meaning_does():
    secured = signed_credential()
    respelled = json.loads(json.dumps(secured, indent=3, sort_keys=True))
    assert verify_eddsa_rdfc_2022_proof(respelled, issuer_key_for).ok


def test_a_proof_given_as_an_object_instead_of_an_array_is_read():
    secured = signed_credential()
    secured["proof"] = secured["proof"][0]
    assert verify_eddsa_rdfc_2022_proof(secured, issuer_key_for).ok


def test_unknown_verification_method_fails_with_a_reason():
    check = verify_eddsa_rdfc_2022_proof(signed_credential(), lambda method: None)
    assert not check.ok
    assert "unknown verification method" in check.reason


def test_another_key_fails():
    other = Ed25519PrivateKey.generate().public_key()
    check = verify_eddsa_rdfc_2022_proof(signed_credential(), lambda method: other)
    assert not check.ok
    assert "signature does not match" in check.reason


def test_missing_proof_fails():
    unsecured = official_vector()["unsignedCredential"]
    assert not verify_eddsa_rdfc_2022_proof(unsecured, vector_key_for).ok


def test_every_proof_of_a_proof_set_must_verify():
    secured = signed_credential()
    stranger = Ed25519PrivateKey.generate()
    unsigned = {k: v for k, v in secured.items() if k != "proof"}
    second = add_eddsa_rdfc_2022_proof(unsigned, stranger, "https://x.example#k", ISSUED_AT)
    secured["proof"].append(second["proof"][0])
    assert not verify_eddsa_rdfc_2022_proof(secured, issuer_key_for).ok


def test_expired_proof_fails_when_a_clock_is_given():
    secured = signed_credential()
    assert verify_eddsa_rdfc_2022_proof(secured, issuer_key_for, now=ISSUED_AT).ok
    secured["proof"][0]["expires"] = "2026-03-02T00:00:00Z"
    late = datetime(2026, 3, 3, tzinfo=UTC)
    check = verify_eddsa_rdfc_2022_proof(secured, issuer_key_for, now=late)
    assert not check.ok
    assert "expired" in check.reason


def test_proof_context_must_prefix_the_document_context():
    secured = signed_credential()
    secured["proof"][0]["@context"] = ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    check = verify_eddsa_rdfc_2022_proof(secured, issuer_key_for)
    assert not check.ok
    assert "prefix" in check.reason


def test_signing_a_document_that_already_has_a_proof_is_refused():
    with pytest.raises(ProofError):
        add_eddsa_rdfc_2022_proof(sign_vector(), official_vector_key(), "https://x#k", ISSUED_AT)


def test_malformed_inputs_fail_without_raising():
    for broken in ({"proof": "nonsense"}, {"proof": [{"type": "DataIntegrityProof"}]}, {}):
        assert not verify_eddsa_rdfc_2022_proof(broken, vector_key_for).ok
