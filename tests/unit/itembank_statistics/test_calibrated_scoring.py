"""Scoring on the calibrated scale: ML/WLE abilities from the items seen, the cut from a
percent on a reference form, reported scores, form difficulty, and the simulation in which
pool forms of unequal difficulty are scored more accurately on the calibrated scale than
by a fixed percent cut."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.typing import NDArray

from itembank.statistics import (
    ExamResponses,
    InvalidResponsesError,
    InvalidSettingsError,
    ReportingScale,
    StatisticsSettings,
    calibrate_rasch,
    decision_consistency,
    estimate_abilities,
    form_difficulty,
    scaled_scores,
    theta_cut_from_percent,
    within_tolerance,
)
from tests.unit.itembank_statistics.known import known_array

Floats = NDArray[np.float64]


def logistic(x: Floats) -> Floats:
    return np.asarray(1 / (1 + np.exp(-x)), dtype=np.float64)


def test_ml_abilities_solve_the_likelihood_equation_on_the_items_seen() -> None:
    b = np.array([-1.0, 0.0, 1.0, 2.0, np.nan])  # the last item is not calibrated (pretest)
    scores = np.array([[1, 0, 1, 0, 1], [1, 1, 0, 0, 0], [1, 1, 1, 1, 0], [0, 1, 0, 1, 0]])
    presented = np.array(
        [
            [True] * 5,
            [True, True, True, False, True],
            [True] * 5,
            [False, True, True, True, False],
        ]
    )
    result = estimate_abilities(scores, presented, b)
    assert result.raw_scores.tolist() == [2, 2, 4, 2]
    assert result.items_scored.tolist() == [4, 3, 4, 3]
    assert result.methods == ["ML", "ML", "WLE", "ML"]
    for i, seen in ((0, [0, 1, 2, 3]), (1, [0, 1, 2])):
        p = logistic(result.theta[i] - b[seen])
        assert p.sum() == pytest.approx(result.raw_scores[i], abs=1e-9)
        assert result.standard_error[i] == pytest.approx(1 / math.sqrt((p * (1 - p)).sum()))
    # 2 of 3 right on items one logit harder -> exactly one logit more ability
    assert result.theta[3] - result.theta[1] == pytest.approx(1.0, abs=1e-9)


def test_zero_and_perfect_scores_get_the_weighted_likelihood_estimate() -> None:
    b = np.array([-1.0, -0.5, 0.0, 0.5, 1.0])
    result = estimate_abilities(np.array([[0] * 5, [1] * 5]), None, b)
    assert result.methods == ["WLE", "WLE"]
    for i, r in ((0, 0), (1, 5)):
        p = logistic(result.theta[i] - b)
        information = (p * (1 - p)).sum()
        j = (p * (1 - p) * (1 - 2 * p)).sum()
        assert r - p.sum() + j / (2 * information) == pytest.approx(0.0, abs=1e-9)
    assert result.theta[0] == pytest.approx(-result.theta[1], abs=1e-9)  # symmetric b
    assert np.isfinite(result.standard_error).all()
    # nobody saw a calibrated item -> no estimate
    none = estimate_abilities(np.array([[1, 0]]), None, np.array([np.nan, np.nan]))
    assert none.methods == [None] and math.isnan(none.theta[0])
    with pytest.raises(InvalidResponsesError):
        estimate_abilities(np.array([[2, 0]]), None, b[:2])
    with pytest.raises(InvalidResponsesError):
        estimate_abilities(np.array([[1, 0]]), None, b)


def test_theta_cut_inverts_the_reference_test_characteristic_curve() -> None:
    assert theta_cut_from_percent(50.0, [0.0, 0.0, 0.0]) == pytest.approx(0.0, abs=1e-9)
    # all b = 0: TCC / L = logistic(theta); 100 logistic(1) percent -> theta = 1
    assert theta_cut_from_percent(100 * float(logistic(np.array(1.0))), [0.0] * 4) == (
        pytest.approx(1.0, abs=1e-9)
    )
    b = np.array([-1.2, -0.3, 0.4, 1.1, 2.0])
    theta = theta_cut_from_percent(70.0, b)
    assert logistic(theta - b).sum() == pytest.approx(3.5, abs=1e-9)
    with pytest.raises(InvalidSettingsError):
        theta_cut_from_percent(100.0, b)
    with pytest.raises(InvalidSettingsError):
        theta_cut_from_percent(60.0, [0.1, np.nan])


def test_scaled_scores_put_the_cut_at_a_fixed_number_and_are_clamped() -> None:
    scale = ReportingScale()
    theta = np.array([0.5, 0.5 - 1e-9, 0.5 + 1.234, -20.0, 20.0, np.nan, 0.495])
    assert scaled_scores(theta, 0.5, scale) == [700, 699, 823, 100, 1000, None, 699]
    custom = ReportingScale(minimum=200, maximum=800, cut_scaled=500, points_per_logit=50)
    assert scaled_scores([1.0], 0.0, custom) == [550]
    with pytest.raises(InvalidSettingsError):
        ReportingScale(cut_scaled=1000)


def test_form_difficulty_and_tolerance() -> None:
    reference = form_difficulty([-1.0, 0.0, 1.0], theta_cut=0.0)
    assert reference.mean_difficulty == 0.0
    assert reference.expected_percent_at_cut == pytest.approx(
        100 * float(np.mean(logistic(np.array([1.0, 0.0, -1.0])))), abs=1e-12
    )
    harder = form_difficulty([-0.5, 0.5, 1.5], theta_cut=0.0)
    gap = reference.expected_percent_at_cut - harder.expected_percent_at_cut
    assert 10.0 < gap < 12.0
    assert within_tolerance(harder, reference, tolerance_percent=gap + 0.01)
    assert not within_tolerance(harder, reference, tolerance_percent=gap - 0.01)


PERCENT_CUT = 60.0


def pool_simulation() -> dict[str, float]:
    """Calibrate a pool from pretest responses, then score new examinees on forms drawn from
    the easy half, the hard half or the whole pool, against their known ability."""
    rng = np.random.default_rng(20260101)
    k, length = 120, 30
    true_b = np.sort(rng.normal(0.0, 1.0, k))
    families = (np.arange(60), np.arange(60, 120), np.arange(120))  # easy, hard, mixed

    def draw(n: int) -> NDArray[np.bool_]:
        presented = np.zeros((n, k), dtype=bool)
        for i in range(n):
            family = families[rng.integers(3)]
            presented[i, rng.choice(family, size=length, replace=False)] = True
        return presented

    def respond(theta: Floats, presented: NDArray[np.bool_]) -> NDArray[np.uint8]:
        p = logistic(theta[:, None] - true_b[None, :])
        return ((rng.random(p.shape) < p) & presented).astype(np.uint8)

    pretest_theta = rng.normal(0.0, 1.0, 4000)
    pretest_presented = draw(4000)
    pretest = ExamResponses.build(
        item_ids=[f"q{j}" for j in range(k)],
        scores=respond(pretest_theta, pretest_presented),
        presented=pretest_presented,
    )
    calibration = calibrate_rasch(pretest, StatisticsSettings())
    b_hat = known_array(item.difficulty for item in calibration.items)

    reference = rng.choice(k, size=length, replace=False)  # one mixed form
    theta_cut_true = theta_cut_from_percent(PERCENT_CUT, true_b[reference])
    theta_cut = theta_cut_from_percent(PERCENT_CUT, b_hat[reference])

    theta = rng.normal(0.3, 1.0, 6000)
    presented = draw(6000)
    scores = respond(theta, presented)
    truly_passes = theta >= theta_cut_true
    percent_passes = scores.sum(axis=1) / length * 100 >= PERCENT_CUT
    estimates = estimate_abilities(scores, presented, b_hat)
    calibrated_passes = estimates.theta >= theta_cut
    rudner = decision_consistency(estimates.theta, estimates.standard_error, theta_cut)
    return {
        "percent_accuracy": float(np.mean(percent_passes == truly_passes)),
        "calibrated_accuracy": float(np.mean(calibrated_passes == truly_passes)),
        "rudner_accuracy": rudner.accuracy,
        "rudner_consistency": rudner.consistency,
    }


def test_calibrated_scale_classifies_pool_forms_more_accurately_than_a_percent_cut() -> None:
    result = pool_simulation()
    print(
        "\npool forms of unequal difficulty, 6,000 simulated examinees:"
        f" percent-cut accuracy {result['percent_accuracy']:.3f},"
        f" calibrated-scale accuracy {result['calibrated_accuracy']:.3f},"
        f" Rudner expected accuracy {result['rudner_accuracy']:.3f},"
        f" consistency {result['rudner_consistency']:.3f}"
    )
    assert result["calibrated_accuracy"] > result["percent_accuracy"] + 0.03
    assert result["calibrated_accuracy"] > 0.85
    # Rudner's expected accuracy predicts the accuracy actually achieved
    assert abs(result["rudner_accuracy"] - result["calibrated_accuracy"]) < 0.02
