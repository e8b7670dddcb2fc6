"""``analyse_decisions``: the composed sections equal their parts, the average-form precision
of pool forms, and the DIF group rules."""

from __future__ import annotations

import math

import numpy as np
import pytest

from itembank.statistics import (
    ExamResponses,
    StatisticsSettings,
    TwoPLCalibration,
    analyse_decisions,
    analyse_exam,
    calibrate_2pl,
    precision_at_cut,
    rasch_parameters,
    theta_cut_from_percent,
)
from itembank.statistics.decision_report import MAX_FOCAL_GROUPS


def _data(n: int, k: int, shown: int | None, seed: int) -> ExamResponses:
    rng = np.random.default_rng(seed)
    theta = rng.normal(0.0, 1.0, n)
    b = np.linspace(-1.5, 1.5, k)
    scores = (rng.random((n, k)) < 1 / (1 + np.exp(-(theta[:, None] - b)))).astype(np.uint8)
    presented = None
    if shown is not None:
        presented = np.zeros((n, k), dtype=bool)
        for i in range(n):
            presented[i, rng.choice(k, shown, replace=False)] = True
        scores = scores * presented
    return ExamResponses.build(
        item_ids=[f"i{j}" for j in range(k)], scores=scores, presented=presented
    )


def test_one_form_precision_is_the_whole_form_at_the_mapped_cut() -> None:
    data = _data(800, 10, None, seed=1)
    analysis = analyse_exam(data, StatisticsSettings())
    report = analyse_decisions(data, analysis, cut_percent=60.0, domains=["a", "b"] * 5)
    assert analysis.rasch is not None
    b = [float(item.difficulty or 0.0) for item in analysis.rasch.items]
    assert all(item.difficulty is not None for item in analysis.rasch.items)
    theta_cut = theta_cut_from_percent(60.0, b)
    assert report.theta_cut == pytest.approx(theta_cut)
    assert report.precision == precision_at_cut(theta_cut, *rasch_parameters(b))
    assert report.decisions is not None and report.decisions.examinees == 800
    assert [d.domain for d in report.domains] == ["a", "b"]
    assert report.two_pl.estimable and report.two_pl.comparison is not None
    assert report.dif == [] and report.dif_note == "no groups were given"


def test_pool_forms_report_the_average_form() -> None:
    data = _data(1500, 20, 8, seed=2)
    analysis = analyse_exam(data, StatisticsSettings())
    report = analyse_decisions(data, analysis, cut_percent=50.0)
    assert analysis.rasch is not None and report.precision is not None
    b = [float(item.difficulty or 0.0) for item in analysis.rasch.items]
    assert all(item.difficulty is not None for item in analysis.rasch.items)
    pool = precision_at_cut(report.precision.theta_cut, *rasch_parameters(b))
    assert report.precision.information == pytest.approx(pool.information * 8 / 20)
    assert report.precision.csem_raw == pytest.approx(pool.csem_raw * math.sqrt(8 / 20))
    assert report.precision.csem_theta == pytest.approx(1 / math.sqrt(pool.information * 0.4))


def test_without_a_cut_there_is_no_precision_or_decision() -> None:
    data = _data(300, 6, None, seed=3)
    report = analyse_decisions(data, analyse_exam(data, StatisticsSettings()), cut_percent=None)
    assert report.theta_cut is None and report.precision is None and report.decisions is None


def test_dif_against_the_largest_group_and_at_most_ten_focal_groups() -> None:
    data = _data(600, 6, None, seed=4)
    analysis = analyse_exam(data, StatisticsSettings())
    one = analyse_decisions(data, analysis, cut_percent=None, groups=["x"] * 600)
    assert one.dif == [] and one.dif_note == "DIF needs at least two groups"
    labels: list[str | None] = ["big"] * 300 + [f"g{i % 12:02d}" for i in range(290)] + [None] * 10
    many = analyse_decisions(data, analysis, cut_percent=None, groups=labels)
    assert {d.reference for d in many.dif} == {"big"}
    assert len(many.dif) == MAX_FOCAL_GROUPS
    assert many.dif_note is not None and str(MAX_FOCAL_GROUPS) in many.dif_note


def test_a_2pl_fitted_elsewhere_is_reported_as_given() -> None:
    data = _data(600, 8, None, seed=5)
    analysis = analyse_exam(data, StatisticsSettings())
    fitted = calibrate_2pl(data)
    asked: list[str] = []

    def elsewhere() -> TwoPLCalibration:
        asked.append("2PL")
        return fitted

    given = analyse_decisions(
        data, analysis, cut_percent=60.0, domains=["a", "b"] * 4, two_pl=elsewhere
    )
    here = analyse_decisions(data, analysis, cut_percent=60.0, domains=["a", "b"] * 4)
    assert asked == ["2PL"]
    assert given.two_pl is fitted
    assert given == here
