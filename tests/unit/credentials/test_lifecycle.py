"""The credential lifecycle rules: validity period and which credential a new pass renews."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from credentials import HeldCredential, credential_to_renew, credential_valid_until, is_renewable

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def held(
    ref: str, valid_from: datetime, valid_until: datetime | None, *, revoked: bool = False
) -> HeldCredential[str]:
    return HeldCredential(ref, valid_from, valid_until, revoked)


def test_validity_is_counted_in_days_from_valid_from() -> None:
    assert credential_valid_until(NOW, 365) == NOW + timedelta(days=365)
    assert credential_valid_until(NOW, 0) == NOW


def test_without_a_validity_period_a_credential_never_expires() -> None:
    assert credential_valid_until(NOW, None) is None


def test_an_active_unexpired_credential_is_renewed() -> None:
    current = held("a", NOW - 10 * DAY, NOW + DAY)
    assert is_renewable(current, NOW)
    assert credential_to_renew([current], NOW) == current


def test_a_credential_without_end_is_renewed() -> None:
    assert credential_to_renew([held("a", NOW - DAY, None)], NOW) == held("a", NOW - DAY, None)


def test_an_expired_credential_is_not_renewed_and_expiry_is_exclusive() -> None:
    assert credential_to_renew([held("a", NOW - 10 * DAY, NOW)], NOW) is None
    assert credential_to_renew([held("a", NOW - 10 * DAY, NOW - DAY)], NOW) is None
    assert credential_to_renew([held("a", NOW - 10 * DAY, NOW + timedelta(seconds=1))], NOW)


def test_a_revoked_credential_is_never_renewed() -> None:
    revoked = held("a", NOW - DAY, None, revoked=True)
    assert not is_renewable(revoked, NOW)
    assert credential_to_renew([revoked], NOW) is None


def test_nothing_held_means_a_new_credential() -> None:
    assert credential_to_renew([], NOW) is None


def test_of_several_the_latest_valid_from_is_renewed() -> None:
    older = held("older", NOW - 20 * DAY, None)
    newer = held("newer", NOW - 5 * DAY, NOW + DAY)
    newest_but_revoked = held("revoked", NOW - DAY, None, revoked=True)
    newest_but_expired = held("expired", NOW - 2 * DAY, NOW - DAY)
    chosen = credential_to_renew([older, newest_but_revoked, newer, newest_but_expired], NOW)
    assert chosen is not None and chosen.ref == "newer"


def shell_rule(held_credentials: list[HeldCredential[int]], now: datetime) -> int | None:
    """The rule as the service's query wrote it: not revoked, newest first, first unexpired."""
    candidates = sorted(
        (credential for credential in held_credentials if not credential.revoked),
        key=lambda credential: credential.valid_from,
        reverse=True,
    )
    for credential in candidates:
        if credential.valid_until is None or credential.valid_until > now:
            return credential.valid_from.toordinal()
    return None


OFFSETS = st.integers(min_value=-400, max_value=400)


@given(
    st.lists(
        st.tuples(OFFSETS, st.one_of(st.none(), OFFSETS), st.booleans()),
        max_size=8,
        unique_by=lambda item: item[0],
    )
)
def test_the_rule_matches_the_service_query_it_replaces(
    items: list[tuple[int, int | None, bool]],
) -> None:
    held_credentials = [
        HeldCredential(
            index,
            NOW + start * DAY,
            None if end is None else NOW + end * DAY,
            revoked,
        )
        for index, (start, end, revoked) in enumerate(items)
    ]
    chosen = credential_to_renew(held_credentials, NOW)
    expected = shell_rule(held_credentials, NOW)
    assert (chosen.valid_from.toordinal() if chosen else None) == expected


def test_a_renewal_extends_from_the_renewed_valid_until() -> None:
    later = NOW + timedelta(days=30)
    assert credential_valid_until(NOW, 365, renews_until=later) == later + timedelta(days=365)


def test_a_renewal_of_a_lapsed_end_counts_from_the_pass() -> None:
    earlier = NOW - timedelta(days=1)
    assert credential_valid_until(NOW, 365, renews_until=earlier) == NOW + timedelta(days=365)
    assert credential_valid_until(NOW, None, renews_until=NOW + timedelta(days=9)) is None
