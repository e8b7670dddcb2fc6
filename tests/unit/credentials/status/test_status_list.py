from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from credentials.keys.key_resolution import ResolvedKey, resolver_from_keys
from credentials.proofs.data_integrity import add_eddsa_rdfc_2022_proof
from credentials.status.bitstring import StatusBitstring, StatusListError
from credentials.status.list_verification import verify_status_list_credential
from credentials.status.status_list import (
    StatusListEntry,
    StatusPurpose,
    build_status_list_credential,
    build_status_list_entry,
    read_status_list_credential,
    read_status_list_entries,
)
from tests.unit.credentials.samples import (
    ISSUED_AT,
    ISSUER_ID,
    STATUS_LIST_URL,
    issuer_key_id,
    issuer_resolved_key,
    issuer_signing_key,
    load_fixture,
)

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def signed_list(
    purpose: StatusPurpose = "revocation",
    revoked: tuple[int, ...] = (5,),
    valid_until: datetime | None = None,
    key: Ed25519PrivateKey | None = None,
    method: str | None = None,
) -> dict[str, Any]:
    bits = StatusBitstring()
    for index in revoked:
        bits.set(index)
    document = build_status_list_credential(
        list_credential_url=STATUS_LIST_URL,
        issuer=ISSUER_ID,
        purpose=purpose,
        bitstring=bits,
        valid_from=ISSUED_AT,
        valid_until=valid_until,
        ttl=timedelta(minutes=5),
    )
    return add_eddsa_rdfc_2022_proof(
        document, key or issuer_signing_key(), method or issuer_key_id(), ISSUED_AT
    )


RESOLVER = resolver_from_keys([issuer_resolved_key()])


def test_status_list_credential_has_the_spec_shape():
    document = signed_list(valid_until=datetime(2026, 7, 1, tzinfo=UTC))
    assert document["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["validUntil"] == "2026-07-01T00:00:00Z"
    subject = document["credentialSubject"]
    assert subject["id"] == f"{STATUS_LIST_URL}#list"
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert subject["ttl"] == 300_000
    assert StatusBitstring.decode(subject["encodedList"]).set_indexes() == [5]


def test_signed_status_list_verifies_and_decodes():
    status_list = verify_status_list_credential(signed_list(purpose="suspension"), RESOLVER, NOW)
    assert status_list.purpose == "suspension"
    assert status_list.issuer == ISSUER_ID
    assert status_list.url == STATUS_LIST_URL
    assert status_list.bitstring.get(5)


def test_a_status_list_with_changed_bits_is_not_trusted():
    document = signed_list()
    document["credentialSubject"]["encodedList"] = StatusBitstring().encode()
    with pytest.raises(StatusListError, match="proof"):
        verify_status_list_credential(document, RESOLVER, NOW)


def test_a_status_list_signed_by_someone_else_is_not_trusted():
    stranger = Ed25519PrivateKey.generate()
    method = "https://stranger.example#key-1"
    document = signed_list(key=stranger, method=method)
    resolver = resolver_from_keys(
        [ResolvedKey(method, "https://stranger.example", stranger.public_key())]
    )
    with pytest.raises(StatusListError, match="not signed by its issuer"):
        verify_status_list_credential(document, resolver, NOW)


def test_an_out_of_date_or_unexpected_status_list_is_not_trusted():
    stale = signed_list(valid_until=datetime(2026, 4, 1, tzinfo=UTC))
    with pytest.raises(StatusListError, match="out of date"):
        verify_status_list_credential(stale, RESOLVER, NOW)
    with pytest.raises(StatusListError, match="expected"):
        verify_status_list_credential(signed_list(), RESOLVER, NOW, expected_url="https://x")


def test_the_official_fixture_list_reads_as_revocation_with_index_23():
    status_list = read_status_list_credential(load_fixture("validator-ob30-bsl-testlist.json"))
    assert status_list.purpose == "revocation"
    assert status_list.issuer == "https://1edtech.edu/issuers/565049"
    assert status_list.bitstring.set_indexes() == [23]


def test_entry_writes_the_index_as_a_string():
    entry = build_status_list_entry(StatusListEntry(STATUS_LIST_URL, 94567, "revocation"))
    assert entry == {
        "id": f"{STATUS_LIST_URL}#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": STATUS_LIST_URL,
    }
    assert read_status_list_entries({"credentialStatus": entry}) == [
        StatusListEntry(STATUS_LIST_URL, 94567, "revocation")
    ]


def test_entries_read_numeric_indexes_from_the_official_fixture():
    credential = load_fixture("validator-ob30-bsl-credential-status-revoked.json")
    (entry,) = read_status_list_entries(credential)
    assert entry.index == 23
    assert entry.purpose == "revocation"
    assert entry.list_credential_url.endswith("/bit-string-list/testlist")


@pytest.mark.parametrize(
    "status",
    [
        {"type": "1EdTechRevocationList", "id": "https://x"},
        {"type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "1"},
        {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "refresh",
            "statusListIndex": "1",
            "statusListCredential": "https://x",
        },
        {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "-1",
            "statusListCredential": "https://x",
        },
    ],
)
def test_status_entries_that_cannot_be_checked_are_errors(status):
    with pytest.raises(StatusListError):
        read_status_list_entries({"credentialStatus": status})


def test_credentials_without_status_have_no_entries():
    assert read_status_list_entries({}) == []
