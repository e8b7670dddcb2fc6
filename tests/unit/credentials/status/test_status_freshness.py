"""The status-list freshness rule: ttl, validUntil, when to re-sign, how long caches may keep it."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from credentials.status import (
    STATUS_LIST_RESIGN_SKEW,
    STATUS_LIST_TTL,
    STATUS_LIST_VALIDITY,
    StatusBitstring,
    build_status_list_credential,
    cache_seconds,
    fresh_list_valid_until,
    list_valid_until,
    needs_signing,
)

SIGNED_AT = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def signed_list(signed_at: datetime = SIGNED_AT) -> dict[str, Any]:
    return build_status_list_credential(
        list_credential_url="https://issuer.example/status/revocation/1",
        issuer="https://issuer.example/issuer",
        purpose="revocation",
        bitstring=StatusBitstring(131_072),
        valid_from=signed_at,
        valid_until=fresh_list_valid_until(signed_at),
        ttl=STATUS_LIST_TTL,
    )


def test_the_numbers_keep_the_ttl_well_inside_the_validity() -> None:
    assert timedelta(minutes=5) == STATUS_LIST_TTL
    assert timedelta(hours=1) == STATUS_LIST_VALIDITY
    assert timedelta(minutes=5) == STATUS_LIST_RESIGN_SKEW
    assert STATUS_LIST_TTL + STATUS_LIST_RESIGN_SKEW < STATUS_LIST_VALIDITY


def test_a_list_is_valid_for_one_hour_from_signing() -> None:
    document = signed_list()
    assert fresh_list_valid_until(SIGNED_AT) == SIGNED_AT + timedelta(hours=1)
    assert list_valid_until(document) == SIGNED_AT + timedelta(hours=1)
    assert document["credentialSubject"]["ttl"] == 300_000


def test_a_list_never_signed_needs_signing() -> None:
    assert needs_signing(None, SIGNED_AT)


@pytest.mark.parametrize(
    "document",
    [{}, {"validUntil": "tomorrow"}, {"validUntil": "2026-06-01T13:00:00"}, {"validUntil": 1}],
)
def test_a_list_without_a_readable_valid_until_needs_signing(document: dict[str, object]) -> None:
    assert list_valid_until(document) is None
    assert needs_signing(document, SIGNED_AT)


def test_a_list_is_resigned_once_its_remaining_validity_is_under_ttl_plus_skew() -> None:
    document = signed_list()
    threshold = SIGNED_AT + STATUS_LIST_VALIDITY - STATUS_LIST_TTL - STATUS_LIST_RESIGN_SKEW
    assert not needs_signing(document, SIGNED_AT)
    assert not needs_signing(document, threshold - SECOND)
    assert needs_signing(document, threshold)
    assert needs_signing(document, SIGNED_AT + STATUS_LIST_VALIDITY + timedelta(days=1))


def test_every_served_copy_outlives_its_cache_lifetime_even_with_a_fast_clock() -> None:
    document = signed_list()
    valid_until = SIGNED_AT + STATUS_LIST_VALIDITY
    moment = SIGNED_AT
    while moment < valid_until:
        if not needs_signing(document, moment):
            cached_until = moment + timedelta(seconds=cache_seconds(document, moment))
            assert cached_until + STATUS_LIST_RESIGN_SKEW < valid_until
        moment += timedelta(seconds=7)


def test_caches_keep_a_list_for_its_ttl() -> None:
    assert cache_seconds(signed_list(), SIGNED_AT) == 300


def test_caches_never_keep_a_list_past_its_valid_until() -> None:
    document = signed_list()
    valid_until = SIGNED_AT + STATUS_LIST_VALIDITY
    assert cache_seconds(document, valid_until - timedelta(seconds=90)) == 90
    assert cache_seconds(document, valid_until - timedelta(seconds=90.5)) == 90
    assert cache_seconds(document, valid_until) == 0
    assert cache_seconds(document, valid_until + timedelta(hours=3)) == 0


def test_a_list_without_valid_until_is_cached_for_the_ttl() -> None:
    assert cache_seconds({}, SIGNED_AT) == 300
