import hashlib
from datetime import timedelta
from importlib.resources import files

import pytest
from jsonschema import Draft201909Validator
from pyld import jsonld

from credentials.achievement_credential import ACHIEVEMENT_CREDENTIAL_SCHEMA_URL
from credentials.achievement_schema import (
    achievement_credential_schema,
    achievement_credential_schema_errors,
)
from credentials.credential_model import Result, Subject
from credentials.identity_hash import email_matches_identity, hash_email
from credentials.proofs.document_loader import offline_document_loader
from credentials.proofs.rdf_canonicalization import JsonLdSafetyError, expand_strict
from tests.unit.credentials.samples import (
    FIXTURES,
    ISSUED_AT,
    SCORE,
    SUBJECT,
    load_fixture,
    signed_credential,
    unsigned_credential,
)

OFFICIAL = Draft201909Validator(load_fixture("ob_v3p0_achievementcredential-jsonschema1.json"))


def test_shipped_schema_is_the_official_file():
    shipped = files("credentials.schemas").joinpath(
        "ob_v3p0_achievementcredential-jsonschema1.json"
    )
    fixture = FIXTURES / "ob_v3p0_achievementcredential-jsonschema1.json"
    assert shipped.read_bytes() == fixture.read_bytes()
    assert achievement_credential_schema()["$id"] == ACHIEVEMENT_CREDENTIAL_SCHEMA_URL


def test_signed_credential_validates_against_the_official_schema():
    credential = signed_credential()
    assert [error.message for error in OFFICIAL.iter_errors(credential)] == []
    assert achievement_credential_schema_errors(credential) == []


def test_minimal_credential_also_validates():
    minimal = signed_credential(
        subject=Subject(id=None, email=SUBJECT.email),
        valid_until=None,
        results=(),
        status=None,
        description=None,
    )
    assert list(OFFICIAL.iter_errors(minimal)) == []
    assert "validUntil" not in minimal and "credentialStatus" not in minimal
    assert "id" not in minimal["credentialSubject"]


def test_document_shape():
    credential = unsigned_credential()
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["awardedDate"] == "2026-03-01T09:30:00Z"
    assert credential["credentialSchema"] == [
        {"id": ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}
    ]
    subject = credential["credentialSubject"]
    achievement = subject["achievement"]
    assert achievement["achievementType"] == "Certification"
    assert achievement["tag"] == ["tier:practitioner", "cloud"]
    assert achievement["creator"]["id"] == credential["issuer"]["id"]
    assert achievement["resultDescription"][0]["requiredValue"] == "70"
    assert subject["result"] == [
        {"type": ["Result"], "resultDescription": SCORE.id, "value": "86", "status": "Completed"}
    ]
    name, email = subject["identifier"]
    assert name == {
        "type": "IdentityObject",
        "identityHash": "Ada Lovelace",
        "identityType": "name",
        "hashed": False,
    }
    assert email["hashed"] is True and email["identityType"] == "emailAddress"
    assert "ada@example.org" not in str(credential)


def test_json_ld_expansion_drops_nothing():
    """Every key of the credential becomes RDF; a silently dropped term would be unsigned."""
    credential = signed_credential()
    dropped: list[str | None] = []
    jsonld.expand(
        credential,
        {"documentLoader": offline_document_loader},
        on_property_dropped=dropped.append,
    )
    assert dropped == []
    expand_strict(credential)


def test_the_drop_check_would_notice_an_undefined_term():
    credential = unsigned_credential()
    credential["credentialSubject"]["achievement"]["tier"] = "expert"
    with pytest.raises(JsonLdSafetyError, match="tier"):
        expand_strict(credential)


def test_email_hash_is_sha256_of_normalized_email_and_salt():
    expected = "sha256$" + hashlib.sha256(b"ada@example.orgpepper").hexdigest()
    assert hash_email(" Ada@Example.org ", "pepper") == expected
    with pytest.raises(ValueError):
        hash_email("ada@example.org", "")


def test_a_verifier_can_confirm_the_earner_email():
    identity = unsigned_credential()["credentialSubject"]["identifier"][1]
    assert email_matches_identity("ADA@example.org", identity)
    assert not email_matches_identity("eve@example.org", identity)
    assert not email_matches_identity("ada@example.org", identity | {"salt": "other"})
    assert not email_matches_identity("ada@example.org", identity | {"identityType": "name"})


def test_results_must_point_at_a_declared_result_description():
    with pytest.raises(ValueError, match="unknown result description"):
        unsigned_credential(results=(Result("https://x.example/other", "1"),))


def test_validity_must_end_after_it_starts():
    with pytest.raises(ValueError):
        unsigned_credential(valid_until=ISSUED_AT - timedelta(days=1))
