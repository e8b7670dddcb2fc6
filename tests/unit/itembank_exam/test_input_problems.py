"""Malformed candidates, blueprints and retake policies: each mistake named by its field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import cast

import pytest

from itembank import Kind
from itembank.blueprint import (
    Blueprint,
    Candidate,
    InvalidBlueprint,
    InvalidCandidates,
    KindRange,
    check_feasibility,
)
from itembank.ratios import Ratio
from itembank.retake import InvalidRetakePolicy, PastAttempt, RetakePolicy, evaluate_start

T0 = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)


def test_unknown_kinds_and_repeated_option_ids_are_named_per_revision() -> None:
    candidates = [
        Candidate("r1", "i1", "d", cast(Kind, "quiz"), option_ids=("A", "B")),
        Candidate("r2", "i2", "d", Kind.RECALL, option_ids=("A", "A")),
        Candidate("r3", "i3", "d", Kind.SCENARIO, option_ids=("A", "B")),
    ]
    with pytest.raises(InvalidCandidates) as refused:
        check_feasibility(Blueprint({"d": 1}), candidates)
    assert [(p.field, p.reason) for p in refused.value.problems] == [
        ("candidates.r1", "unknown kind 'quiz'"),
        ("candidates.r2", "option ids repeat"),
    ]


@pytest.mark.parametrize("cap", ["a fifth", True])
def test_a_recall_cap_that_is_no_number_is_named(cap: object) -> None:
    with pytest.raises(InvalidBlueprint) as invalid:
        Blueprint({"d": 5}, recall_cap=cast(Ratio, cap))
    assert [(p.field, p.reason) for p in invalid.value.problems] == [
        ("recall_cap", f"must be a number, got {cap!r}")
    ]


def test_a_negative_kind_minimum_is_named() -> None:
    with pytest.raises(InvalidBlueprint) as invalid:
        Blueprint({"d": 5}, kind_ranges={Kind.SCENARIO: KindRange(minimum=-1)})
    assert [p.field for p in invalid.value.problems] == ["kind_ranges.scenario"]


def test_an_empty_retake_window_is_refused() -> None:
    with pytest.raises(InvalidRetakePolicy) as invalid:
        RetakePolicy(max_attempts=3, window=timedelta(0))
    assert [(p.field, p.reason) for p in invalid.value.problems] == [
        ("window", "must be longer than zero")
    ]


def test_a_wait_of_no_whole_hours_is_shown_as_a_duration() -> None:
    policy = RetakePolicy(failure_waits=(timedelta(minutes=90),))
    decision = evaluate_start(policy, [PastAttempt(T0, False)], T0, None)
    assert not decision.allowed
    assert "the wait is 1:30:00" in decision.message
    assert decision.earliest_start == T0 + timedelta(minutes=90)
