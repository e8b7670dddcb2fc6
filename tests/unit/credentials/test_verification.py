import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from credentials.keys.key_resolution import ResolvedKey, resolver_from_keys
from credentials.proofs.data_integrity import add_eddsa_rdfc_2022_proof
from credentials.proofs.vc_jwt import encode_vc_jwt
from credentials.status.bitstring import StatusBitstring
from credentials.status.status_list import (
    StatusList,
    StatusListEntry,
    StatusPurpose,
    paired_entries,
)
from credentials.verification import (
    STEP_NAMES,
    StatusResolver,
    VerificationReport,
    verify_credential,
)
from tests.unit.credentials.samples import (
    ISSUED_AT,
    ISSUER_ID,
    STATUS_INDEX,
    STATUS_LIST_URL,
    VALID_UNTIL,
    issuer_key_id,
    issuer_resolved_key,
    issuer_signing_key,
    signed_credential,
    unsigned_credential,
)

NOW = datetime(2027, 1, 1, tzinfo=UTC)
KEYS = resolver_from_keys([issuer_resolved_key()])
JWT_KEY = ec.derive_private_key(987654321, ec.SECP256R1())
JWT_KID = f"{ISSUER_ID}#es256-1"
JWT_KEYS = resolver_from_keys([ResolvedKey(JWT_KID, ISSUER_ID, JWT_KEY.public_key())])


def status_lists(
    revoked: tuple[int, ...] = (),
    purpose: StatusPurpose = "revocation",
    issuer: str = ISSUER_ID,
    valid_until: datetime | None = None,
) -> StatusResolver:
    bits = StatusBitstring()
    for index in revoked:
        bits.set(index)
    status_list = StatusList(STATUS_LIST_URL, purpose, bits, issuer, ISSUED_AT, valid_until)
    return {STATUS_LIST_URL: status_list}.get


CLEAR = status_lists()


def failing(report: VerificationReport) -> list[str]:
    return [step.name for step in report.steps if not step.ok]


def test_an_issued_credential_passes_every_step_in_order():
    report = verify_credential(signed_credential(), KEYS, CLEAR, NOW)
    assert report.ok, report.to_dict()
    assert [step.name for step in report.steps] == list(STEP_NAMES)
    assert report.credential_format == "ldp"
    assert report.step("status").detail == "not set in the revocation list"


def test_json_text_and_bytes_are_accepted():
    text = json.dumps(signed_credential())
    assert verify_credential(text, KEYS, CLEAR, NOW).ok
    assert verify_credential(text.encode(), KEYS, CLEAR, NOW).ok


def test_a_vc_jwt_passes_every_step():
    token = encode_vc_jwt(unsigned_credential(), JWT_KEY, JWT_KID, ISSUED_AT)
    report = verify_credential(token, JWT_KEYS, CLEAR, NOW)
    assert report.ok, report.to_dict()
    assert report.credential_format == "jwt"
    assert report.credential is not None and "iss" not in report.credential


def test_an_expired_vc_jwt_fails_on_validity_not_on_proof():
    token = encode_vc_jwt(unsigned_credential(), JWT_KEY, JWT_KID, ISSUED_AT)
    report = verify_credential(token, JWT_KEYS, CLEAR, VALID_UNTIL + timedelta(days=1))
    assert failing(report) == ["validity_period"]


def test_a_jwt_signed_with_an_ed25519_resolved_key_is_refused():
    token = encode_vc_jwt(unsigned_credential(), JWT_KEY, issuer_key_id(), ISSUED_AT)
    report = verify_credential(token, KEYS, CLEAR, NOW)
    assert "proof" in failing(report)


def test_tampering_fails_the_proof_step_only():
    credential = signed_credential()
    credential["credentialSubject"]["achievement"]["name"] = "Cloud Architect"
    report = verify_credential(credential, KEYS, CLEAR, NOW)
    assert failing(report) == ["proof"]
    assert not report.ok


def test_an_unknown_key_fails_proof_and_issuer_key():
    report = verify_credential(signed_credential(), resolver_from_keys([]), CLEAR, NOW)
    assert failing(report) == ["proof", "issuer_key"]


def test_a_valid_signature_by_a_key_of_someone_else_fails_issuer_key():
    stranger = Ed25519PrivateKey.generate()
    method = "https://stranger.example#key-1"
    credential = add_eddsa_rdfc_2022_proof(unsigned_credential(), stranger, method, ISSUED_AT)
    keys = resolver_from_keys(
        [ResolvedKey(method, "https://stranger.example", stranger.public_key())]
    )
    report = verify_credential(credential, keys, CLEAR, NOW)
    assert failing(report) == ["issuer_key"]
    assert "not the issuer" in report.step("issuer_key").detail


def test_a_key_revoked_after_signing_still_verifies_but_not_one_revoked_before():
    later = resolver_from_keys([issuer_resolved_key(revoked=ISSUED_AT + timedelta(days=1))])
    assert verify_credential(signed_credential(), later, CLEAR, NOW).ok
    earlier = resolver_from_keys([issuer_resolved_key(revoked=ISSUED_AT)])
    assert failing(verify_credential(signed_credential(), earlier, CLEAR, NOW)) == ["issuer_key"]


@pytest.mark.parametrize(
    ("now", "detail"),
    [
        (ISSUED_AT - timedelta(seconds=1), "not valid until 2026-03-01T09:30:00Z"),
        (VALID_UNTIL, "expired on 2028-03-01T09:30:00Z"),
    ],
)
def test_outside_the_validity_period_fails(now, detail):
    report = verify_credential(signed_credential(), KEYS, CLEAR, now)
    assert failing(report) == ["validity_period"]
    assert report.step("validity_period").detail == detail


def test_a_revoked_credential_fails_status():
    report = verify_credential(signed_credential(), KEYS, status_lists((STATUS_INDEX,)), NOW)
    assert failing(report) == ["status"]
    assert report.step("status").detail == "the credential is revoked"


def test_other_revoked_indexes_do_not_matter():
    revoked_neighbours = status_lists((STATUS_INDEX - 1, STATUS_INDEX + 1))
    assert verify_credential(signed_credential(), KEYS, revoked_neighbours, NOW).ok


@pytest.mark.parametrize(
    ("resolver", "detail"),
    [
        (lambda url: None, "unavailable"),
        (status_lists(purpose="suspension"), "the list is for suspension"),
        (status_lists(issuer="https://other.example"), "different issuer"),
        (status_lists(valid_until=ISSUED_AT + timedelta(days=1)), "out of date"),
    ],
)
def test_status_that_cannot_be_established_fails(resolver, detail):
    report = verify_credential(signed_credential(), KEYS, resolver, NOW)
    assert failing(report) == ["status"]
    assert detail in report.step("status").detail


def test_suspension_is_reported_as_suspended():
    credential = unsigned_credential()
    credential["credentialStatus"]["statusPurpose"] = "suspension"
    signed = add_eddsa_rdfc_2022_proof(credential, issuer_signing_key(), issuer_key_id(), ISSUED_AT)
    report = verify_credential(
        signed, KEYS, status_lists((STATUS_INDEX,), purpose="suspension"), NOW
    )
    assert report.step("status").detail == "the credential is suspended"


def test_no_status_entry_is_fine():
    assert verify_credential(signed_credential(status=None), KEYS, CLEAR, NOW).ok


def test_schema_problems_are_reported_alongside_the_other_steps():
    credential = unsigned_credential()
    del credential["credentialSubject"]["achievement"]["criteria"]
    signed = add_eddsa_rdfc_2022_proof(credential, issuer_signing_key(), issuer_key_id(), ISSUED_AT)
    report = verify_credential(signed, KEYS, CLEAR, NOW)
    assert failing(report) == ["schema"]
    assert "criteria" in report.step("schema").detail


@pytest.mark.parametrize(
    "value",
    [
        "not a credential",
        "{broken json",
        b"\xff\xfe",
        {"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"]},
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["Something"]},
        "a.b.c",
    ],
)
def test_unreadable_input_fails_format_and_checks_nothing_else(value):
    report = verify_credential(value, KEYS, CLEAR, NOW)
    assert not report.ok
    assert failing(report) == list(STEP_NAMES)
    assert all(s.detail.startswith("not checked") for s in report.steps[1:])


def test_report_serializes_for_apis():
    summary = verify_credential(signed_credential(), KEYS, CLEAR, NOW).to_dict()
    assert summary["ok"] is True
    assert summary["format"] == "ldp"
    assert [step["name"] for step in summary["steps"]] == list(STEP_NAMES)
    json.dumps(summary)


PAIRED_BASE = "https://accredo.example/status-lists"


def paired_lists(revoked: bool, suspended: bool) -> StatusResolver:
    lists: dict[str, StatusList] = {}
    purposes: tuple[tuple[StatusPurpose, bool], ...] = (
        ("revocation", revoked),
        ("suspension", suspended),
    )
    for purpose, is_set in purposes:
        bits = StatusBitstring()
        if is_set:
            bits.set(STATUS_INDEX, True)
        url = f"{PAIRED_BASE}/{purpose}/1"
        lists[url] = StatusList(url, purpose, bits, ISSUER_ID, ISSUED_AT)
    return lists.get


def paired_credential(purpose: StatusPurpose) -> dict[str, Any]:
    entry = StatusListEntry(f"{PAIRED_BASE}/{purpose}/1", STATUS_INDEX, purpose)
    return signed_credential(status=entry)


@pytest.mark.parametrize(
    ("named", "revoked", "suspended", "detail"),
    [
        ("revocation", False, True, "the credential is suspended"),
        ("revocation", True, True, "the credential is revoked"),
        ("suspension", True, True, "the credential is revoked"),
        ("suspension", False, True, "the credential is suspended"),
    ],
)
def test_the_paired_list_tells_revoked_from_suspended(named, revoked, suspended, detail):
    report = verify_credential(
        paired_credential(named),
        KEYS,
        paired_lists(revoked, suspended),
        NOW,
        paired_status=paired_entries,
    )
    assert failing(report) == ["status"] and report.step("status").detail == detail


def test_without_the_pair_a_revocation_entry_does_not_see_suspension():
    report = verify_credential(
        paired_credential("revocation"), KEYS, paired_lists(False, True), NOW
    )
    assert report.ok and report.step("status").detail == "not set in the revocation list"


def test_a_paired_list_that_cannot_be_had_is_skipped():
    only_named = paired_lists(False, False)
    report = verify_credential(
        paired_credential("revocation"),
        KEYS,
        lambda url: only_named(url) if url.endswith("/revocation/1") else None,
        NOW,
        paired_status=paired_entries,
    )
    assert report.ok and report.step("status").detail == "not set in the revocation list"


def test_paired_entries_follow_accredo_list_urls_only():
    entries = [
        StatusListEntry(f"{PAIRED_BASE}/revocation/7", 5, "revocation"),
        StatusListEntry(f"{PAIRED_BASE}/suspension/2", 9, "suspension"),
        StatusListEntry("https://elsewhere.example/lists/3", 1, "revocation"),
    ]
    assert paired_entries(entries) == [
        StatusListEntry(f"{PAIRED_BASE}/suspension/7", 5, "suspension"),
        StatusListEntry(f"{PAIRED_BASE}/revocation/2", 9, "revocation"),
    ]
