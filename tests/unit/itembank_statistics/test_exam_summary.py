"""Exam-level summary: score distribution, pass rates by attempt, examinees near the cut."""

from __future__ import annotations

import math
from typing import Any

import pytest

from itembank.statistics import AttemptPassRate, ExamResponses, ExamStatistics, analyse_classical

SCORES = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0]]  # totals 3, 2, 1, 1, 0


def exam(**outcomes: Any) -> ExamStatistics:
    return analyse_classical(
        ExamResponses.build(item_ids=["a", "b", "c"], scores=SCORES, **outcomes)
    ).exam


def test_pass_rates_by_attempt_number() -> None:
    summary = exam(
        passed=[True, True, False, False, False],
        attempt_numbers=[1, 2, 1, 1, 3],
        cut_score=2.0,
    )
    assert summary.first_attempts == 3
    assert summary.first_attempt_pass_rate == pytest.approx(1 / 3)  # one of the three firsts
    assert summary.pass_rates_by_attempt == [
        AttemptPassRate(attempt_number=1, attempts=3, passed=1, pass_rate=1 / 3),
        AttemptPassRate(attempt_number=2, attempts=1, passed=1, pass_rate=1.0),
        AttemptPassRate(attempt_number=3, attempts=1, passed=0, pass_rate=0.0),
    ]


def test_examinees_within_one_sem_of_the_cut() -> None:
    # SEM = sqrt(0.44) = 0.663 (see test_hand_computed); cut 2: |T - 2| <= 0.663 only for T = 2
    summary = exam(passed=[True, True, False, False, False], attempt_numbers=[1] * 5, cut_score=2.0)
    assert summary.sem == pytest.approx(math.sqrt(0.44))
    assert summary.cut_score == 2.0
    assert summary.within_one_sem_of_cut == 1
    # cut 1.5: |T - 1.5| <= 0.663 for T = 1, 1, 2
    wider = exam(passed=[True] * 5, attempt_numbers=[1] * 5, cut_score=1.5)
    assert wider.within_one_sem_of_cut == 3


def test_no_first_attempts_means_no_first_attempt_rate() -> None:
    summary = exam(passed=[True] * 5, attempt_numbers=[2, 2, 3, 2, 4])
    assert summary.first_attempts == 0
    assert summary.first_attempt_pass_rate is None
    assert [rate.attempt_number for rate in summary.pass_rates_by_attempt] == [2, 3, 4]


def test_without_outcomes_there_are_no_pass_rates() -> None:
    summary = exam()
    assert summary.first_attempts is None
    assert summary.first_attempt_pass_rate is None
    assert summary.pass_rates_by_attempt == []
    assert summary.within_one_sem_of_cut is None
