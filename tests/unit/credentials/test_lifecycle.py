"""The credential lifecycle rules: validity period and which credential a new pass renews."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from credentials import (
    HeldCredential,
    credential_to_renew,
    credential_valid_until,
    has_expired,
    is_renewable,
    renewal_opens_at,
    validity_phase,
)

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


def test_no_pass_or_no_expiry_means_no_renewal_window() -> None:
    assert renewal_opens_at(None, 365, 30) is None
    assert renewal_opens_at(None, 365, 30, NOW + DAY) is None
    assert renewal_opens_at(NOW, None, 30) is None
    assert renewal_opens_at(NOW, None, 30, NOW + DAY) is None


def test_before_issue_the_window_counts_back_from_one_period_after_the_pass() -> None:
    assert renewal_opens_at(NOW, 365, 30) == NOW + 335 * DAY
    assert renewal_opens_at(NOW, 365, 0) == NOW + 365 * DAY


def test_an_early_renewal_counts_one_period_on_from_the_end_it_renews() -> None:
    held_until = NOW + 100 * DAY
    assert renewal_opens_at(NOW, 365, 30, held_until) == held_until + 335 * DAY


def test_a_credential_that_lapsed_before_the_pass_does_not_move_the_window() -> None:
    assert renewal_opens_at(NOW, 365, 30, NOW - 100 * DAY) == NOW + 335 * DAY


def test_the_window_agrees_with_the_credential_issuance_writes_for_the_pass() -> None:
    held_until = NOW + 10 * DAY
    earned_until = credential_valid_until(NOW, 365, renews_until=held_until)
    assert earned_until is not None
    assert renewal_opens_at(NOW, 365, 30, held_until) == earned_until - 30 * DAY


@given(
    validity=st.integers(min_value=0, max_value=5000),
    window=st.integers(min_value=0, max_value=5000),
    extra=st.integers(min_value=-5000, max_value=5000),
)
def test_the_window_opens_one_period_after_the_later_of_pass_and_held_end(
    validity: int, window: int, extra: int
) -> None:
    held_until = NOW + extra * DAY
    opens = renewal_opens_at(NOW, validity, window, held_until)
    assert opens is not None
    assert opens == max(NOW, held_until) + (validity - window) * DAY


def test_expiry_is_inclusive_and_a_credential_without_end_never_expires() -> None:
    assert has_expired(NOW, NOW) is True
    assert has_expired(NOW + DAY, NOW) is False
    assert has_expired(NOW - DAY, NOW) is True
    assert has_expired(None, NOW) is False


def test_the_validity_phase_of_a_moment() -> None:
    assert validity_phase(NOW + DAY, NOW + 2 * DAY, NOW) == "pending"
    assert validity_phase(NOW, NOW + DAY, NOW) == "valid"
    assert validity_phase(NOW - DAY, None, NOW) == "valid"
    assert validity_phase(NOW - 2 * DAY, NOW, NOW) == "expired"
