"""Exam-level summary: score distribution, reliability, SEM and pass rates.

T_i is examinee i's raw score on the form they were given (items correct among the items
presented to them); with forms drawn from a pool that is one score per attempt, as reported
to the learner. Raw totals are comparable when every form has the same length (as the
exam blueprint guarantees here); mean_form_length reports L = mean number of items per form.

mean       = sum T / N
sd         = sqrt(sum (T - mean)^2 / N)         population SD, divisor N
sd_sample  = sqrt(sum (T - mean)^2 / (N - 1))   divisor N - 1 (None for N = 1)
alpha, sem : see ``reliability``
within_one_sem_of_cut = attempts with |T - cut| <= SEM, the examinees whose pass/fail
             decision the measurement error could plausibly have turned
first_attempt_pass_rate = passed / attempts among attempt number 1
pass_rates_by_attempt   = the same for every attempt number present
"""

from __future__ import annotations

import math

import numpy as np

from itembank.statistics.moments import ResponseMoments
from itembank.statistics.numeric import optional_float
from itembank.statistics.reliability import (
    cronbach_alpha,
    population_sd,
    standard_error_of_measurement,
)
from itembank.statistics.responses import AttemptOutcomes
from itembank.statistics.results import AttemptPassRate, ExamStatistics


def exam_statistics(
    moments: ResponseMoments, group_size: int, outcomes: AttemptOutcomes | None
) -> ExamStatistics:
    n = moments.n
    sd = population_sd(moments)
    alpha = cronbach_alpha(moments)
    sem = standard_error_of_measurement(sd, alpha)
    rates = pass_rates(outcomes) if outcomes is not None else []
    first = next((rate for rate in rates if rate.attempt_number == 1), None)
    cut = outcomes.cut_score if outcomes is not None else None
    near_cut = None
    if cut is not None and math.isfinite(sem):
        near_cut = int((np.abs(moments.totals - cut) <= sem).sum())
    return ExamStatistics(
        attempts=n,
        items=moments.k,
        mean_form_length=moments.mean_form_length,
        mean=float(moments.totals.sum() / n),
        sd=sd,
        sd_sample=math.sqrt(moments.ss_total / (n * (n - 1))) if n > 1 else None,
        score_distribution=np.bincount(moments.totals, minlength=moments.max_score + 1).tolist(),
        alpha=optional_float(alpha),
        sem=optional_float(sem),
        group_size=group_size,
        cut_score=cut,
        within_one_sem_of_cut=near_cut,
        first_attempts=None if outcomes is None else (first.attempts if first else 0),
        first_attempt_pass_rate=first.pass_rate if first else None,
        pass_rates_by_attempt=rates,
    )


def pass_rates(outcomes: AttemptOutcomes) -> list[AttemptPassRate]:
    """Pass rate per attempt number; public so a caller that analyses forms separately can
    still report the exam's pass rates over all its attempts."""
    numbers, attempts = np.unique(outcomes.attempt_numbers, return_counts=True)
    passed = np.bincount(
        np.searchsorted(numbers, outcomes.attempt_numbers),
        weights=outcomes.passed.astype(np.float64),
        minlength=len(numbers),
    )
    return [
        AttemptPassRate(
            attempt_number=int(number),
            attempts=int(count),
            passed=round(float(wins)),
            pass_rate=float(wins / count),
        )
        for number, count, wins in zip(numbers, attempts, passed, strict=True)
    ]
