"""Every retake rule, alone and together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from itembank.retake import (
    InvalidRetakePolicy,
    PastAttempt,
    RetakePolicy,
    StartReason,
    evaluate_start,
)

T0 = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
WAITS = RetakePolicy(failure_waits=(DAY, 14 * DAY))
CAPPED = RetakePolicy(max_attempts=5, window=365 * DAY)


def failed(day: float, ended_after: timedelta | None = None) -> PastAttempt:
    start = T0 + day * DAY
    return PastAttempt(start, False, None if ended_after is None else start + ended_after)


def passed(day: float) -> PastAttempt:
    return PastAttempt(T0 + day * DAY, True)


def test_a_first_attempt_is_allowed_now() -> None:
    decision = evaluate_start(WAITS, [], T0, None)
    assert (decision.allowed, decision.reason, decision.earliest_start) == (
        True,
        StartReason.ALLOWED,
        T0,
    )
    assert not decision.uses_override


def test_the_first_failure_waits_the_first_wait() -> None:
    history = [failed(0)]
    blocked = evaluate_start(WAITS, history, T0 + timedelta(hours=12), None)
    assert (blocked.allowed, blocked.reason) == (False, StartReason.FAILURE_WAIT)
    assert blocked.earliest_start == T0 + DAY
    assert "1 day" in blocked.message
    assert evaluate_start(WAITS, history, T0 + DAY, None).allowed


def test_the_wait_counts_from_when_the_attempt_ended() -> None:
    history = [failed(0, ended_after=timedelta(hours=2))]
    decision = evaluate_start(WAITS, history, T0 + DAY, None)
    assert not decision.allowed
    assert decision.earliest_start == T0 + DAY + timedelta(hours=2)


def test_the_second_failure_waits_the_second_wait_and_the_last_wait_repeats() -> None:
    two = [failed(0), failed(2)]
    assert evaluate_start(WAITS, two, T0 + 3 * DAY, None).earliest_start == T0 + 16 * DAY
    assert evaluate_start(WAITS, two, T0 + 16 * DAY, None).allowed
    three = [*two, failed(20)]
    decision = evaluate_start(WAITS, three, T0 + 21 * DAY, None)
    assert (decision.reason, decision.earliest_start) == (StartReason.FAILURE_WAIT, T0 + 34 * DAY)
    assert "3 consecutive failed attempts" in decision.message


def test_failures_are_counted_only_since_the_last_pass() -> None:
    history = [failed(0), failed(2), passed(20), failed(400)]
    decision = evaluate_start(WAITS, history, T0 + 400.5 * DAY, T0 + 380 * DAY)
    assert decision.earliest_start == T0 + 401 * DAY


def test_the_rolling_cap_waits_for_the_oldest_attempt_to_leave_the_window() -> None:
    history = [failed(day) for day in (0, 10, 20, 30, 40)]
    decision = evaluate_start(CAPPED, history, T0 + 50 * DAY, None)
    assert (decision.allowed, decision.reason) == (False, StartReason.ATTEMPT_CAP)
    assert decision.earliest_start == T0 + 365 * DAY
    assert "5 attempts in the last 365 days" in decision.message
    assert not evaluate_start(CAPPED, history, T0 + 365 * DAY - timedelta(seconds=1), None).allowed
    assert evaluate_start(CAPPED, history, T0 + 365 * DAY, None).allowed


def test_the_rolling_cap_with_more_attempts_than_allowed_waits_for_enough_to_leave() -> None:
    policy = RetakePolicy(max_attempts=2, window=30 * DAY)
    history = [failed(day) for day in (0, 5, 10, 12)]
    decision = evaluate_start(policy, history, T0 + 13 * DAY, None)
    assert decision.earliest_start == T0 + 40 * DAY


def test_a_pass_locks_retakes_until_the_renewal_window_opens() -> None:
    renewal = T0 + 700 * DAY
    decision = evaluate_start(WAITS, [passed(0)], T0 + 30 * DAY, renewal)
    assert (decision.allowed, decision.reason) == (False, StartReason.PASSED_BEFORE_RENEWAL)
    assert decision.earliest_start == renewal
    assert evaluate_start(WAITS, [passed(0)], renewal, renewal).allowed


def test_a_pass_without_expiry_never_allows_a_retake() -> None:
    decision = evaluate_start(WAITS, [passed(0)], T0 + 3000 * DAY, None)
    assert (decision.allowed, decision.reason) == (False, StartReason.PASSED_NO_RENEWAL)
    assert decision.earliest_start is None


def test_a_beta_exam_allows_one_attempt_only() -> None:
    beta = RetakePolicy(beta=True)
    assert evaluate_start(beta, [], T0, None).allowed
    decision = evaluate_start(beta, [failed(0)], T0 + 1000 * DAY, None)
    assert (decision.allowed, decision.reason, decision.earliest_start) == (
        False,
        StartReason.BETA_SINGLE_ATTEMPT,
        None,
    )


def test_an_attempt_in_progress_blocks_even_an_override() -> None:
    history = [PastAttempt(T0, None)]
    for override in (False, True):
        decision = evaluate_start(WAITS, history, T0 + DAY, None, override_granted=override)
        assert (decision.allowed, decision.reason) == (False, StartReason.ATTEMPT_IN_PROGRESS)
        assert decision.earliest_start is None
        assert not decision.uses_override


def test_an_override_lets_one_blocked_start_through_and_is_used_only_then() -> None:
    blocked = evaluate_start(
        WAITS, [failed(0)], T0 + timedelta(hours=1), None, override_granted=True
    )
    assert (blocked.allowed, blocked.reason, blocked.uses_override) == (
        True,
        StartReason.OVERRIDE,
        True,
    )
    assert blocked.blocked_by == (StartReason.FAILURE_WAIT,)
    free = evaluate_start(WAITS, [failed(0)], T0 + 2 * DAY, None, override_granted=True)
    assert (free.allowed, free.reason, free.uses_override) == (True, StartReason.ALLOWED, False)
    # An ordinary allowance does not lift the lock after a pass (issue 12); its own flag does.
    locked = evaluate_start(WAITS, [passed(0)], T0 + DAY, None, override_granted=True)
    assert (locked.allowed, locked.reason, locked.uses_override) == (
        False,
        StartReason.PASSED_NO_RENEWAL,
        False,
    )
    lifted = evaluate_start(
        WAITS,
        [passed(0)],
        T0 + DAY,
        None,
        override_granted=True,
        override_lifts_pass_lock=True,
    )
    assert lifted.allowed and lifted.uses_override
    assert lifted.blocked_by == (StartReason.PASSED_NO_RENEWAL,)


def test_when_several_rules_block_the_one_lifting_last_sets_the_earliest_start() -> None:
    policy = RetakePolicy(failure_waits=(DAY, 2 * DAY), max_attempts=3, window=30 * DAY)
    history = [failed(0), failed(5), failed(20)]
    decision = evaluate_start(policy, history, T0 + 21 * DAY, None)
    assert decision.blocked_by == (StartReason.FAILURE_WAIT, StartReason.ATTEMPT_CAP)
    assert (decision.reason, decision.earliest_start) == (StartReason.ATTEMPT_CAP, T0 + 30 * DAY)
    later = evaluate_start(policy, history, T0 + 23 * DAY, None)
    assert later.blocked_by == (StartReason.ATTEMPT_CAP,)
    assert evaluate_start(policy, history, T0 + 30 * DAY, None).allowed


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="time-zone-aware"):
        evaluate_start(WAITS, [], datetime(2025, 1, 1), None)


def test_a_contradictory_policy_lists_every_problem() -> None:
    with pytest.raises(InvalidRetakePolicy) as invalid:
        RetakePolicy(failure_waits=(-DAY,), max_attempts=0)
    assert [p.field for p in invalid.value.problems] == [
        "failure_waits",
        "max_attempts",
        "max_attempts",
    ]
