"""Pairwise CML (incomplete designs): a hand-solved case, agreement with full CML on complete
data, recovery of the truth on a pool-drawn design, sandwich SEs, fit and edge cases."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from itembank.statistics import (
    ExamResponses,
    RaschCalibration,
    StatisticsSettings,
    calibrate_rasch,
)
from itembank.statistics.pairwise_data import select_pairwise
from itembank.statistics.person_abilities import masked_item_fit, person_abilities
from itembank.statistics.rasch_fit import item_fit
from itembank.statistics.rasch_pairwise import PairwiseEstimate, estimate_pairwise
from itembank.statistics.rasch_persons import ml_abilities
from tests.unit.itembank_statistics.lsat6 import lsat6_scores

SETTINGS = StatisticsSettings()
Floats = NDArray[np.float64]


def simulated(n: int, b: Floats, seed: int) -> NDArray[np.uint8]:
    rng = np.random.default_rng(seed)
    theta = rng.normal(0, 1, n)
    correct = rng.random((n, len(b))) < 1 / (1 + np.exp(b[None, :] - theta[:, None]))
    return np.asarray(correct, dtype=np.uint8)


def drawn_forms(n: int, k: int, length: int, seed: int) -> NDArray[np.bool_]:
    rng = np.random.default_rng(seed)
    presented = np.zeros((n, k), dtype=bool)
    for i in range(n):
        presented[i, rng.choice(k, size=length, replace=False)] = True
    return presented


def pairwise(scores: NDArray[np.uint8]) -> PairwiseEstimate:
    sample = select_pairwise(scores, np.ones(scores.shape, dtype=bool))
    return estimate_pairwise(
        sample.counts, sample.right, sample.seen, max_iterations=100, tolerance=1e-10
    )


def values(calibration: RaschCalibration, name: str) -> Floats:
    return np.array([getattr(item, name) for item in calibration.items], dtype=float)


def cml(scores: NDArray[np.uint8]) -> RaschCalibration:
    ids = [f"i{j}" for j in range(scores.shape[1])]
    return calibrate_rasch(ExamResponses.build(item_ids=ids, scores=scores), SETTINGS)


def test_hand_solved_three_item_case() -> None:
    # n_10 = n_02 = n_20 = n_12 = n_21 = 1 (see tests/api/test_statistics.py). By symmetry
    # b = (d/2, -d/2, 0); dl/dd = 0 gives u^3 - u^2 - 2 = 0 with u = exp(d/2).
    grid = np.array([[1, 1, -1], [1, -1, 0], [-1, 0, 1], [0, 1, -1], [0, -1, 1], [-1, 1, 0]])
    data = ExamResponses.build(item_ids=["a", "b", "c"], scores=grid > 0, presented=grid >= 0)
    calibration = calibrate_rasch(data, SETTINGS)
    u = max(root.real for root in np.roots([1, -1, 0, -2]) if abs(root.imag) < 1e-12)
    d = 2 * np.log(u)
    assert calibration.method.startswith("pairwise CML")
    assert values(calibration, "difficulty") == pytest.approx([d / 2, -d / 2, 0.0], abs=1e-9)


def test_on_complete_data_pairwise_agrees_with_full_cml() -> None:
    # Both are consistent; on one sample they differ by sampling noise well inside the SEs.
    # Measured: max |difference| 0.26 CML SE; sandwich SE 1.00-1.04 x the CML SE.
    scores = simulated(5000, np.linspace(-1.5, 1.5, 20), seed=1)
    full = cml(scores)
    estimate = pairwise(scores)
    se = values(full, "standard_error")
    difference = np.abs(estimate.difficulties - values(full, "difficulty"))
    assert (difference / se).max() < 0.5
    sandwich = np.sqrt(np.diag(estimate.covariance))
    assert (sandwich / se).min() >= 1.0 and (sandwich / se).max() < 1.1
    naive = np.sqrt(np.diag(estimate.naive_covariance))
    assert (naive < se).all()  # treating shared-examinee pairs as independent is too optimistic


def test_lsat6_pairwise_agrees_with_full_cml() -> None:
    scores = lsat6_scores()
    full = cml(scores)
    estimate = pairwise(scores)
    difference = np.abs(estimate.difficulties - values(full, "difficulty"))
    assert (difference / values(full, "standard_error")).max() < 0.5


def test_pool_drawn_forms_recover_the_true_difficulties() -> None:
    # Pool of 100 items, forms of 40, 5,000 examinees (about 2,000 per item).
    rng = np.random.default_rng(7)
    truth = rng.normal(0, 1, 100)
    truth -= truth.mean()
    scores = simulated(5000, truth, seed=3)
    presented = drawn_forms(5000, 100, 40, seed=4)
    data = ExamResponses.build(
        item_ids=[f"i{j}" for j in range(100)], scores=scores * presented, presented=presented
    )
    calibration = calibrate_rasch(data, SETTINGS)
    b = values(calibration, "difficulty")
    se = values(calibration, "standard_error")
    assert calibration.converged and calibration.method.startswith("pairwise CML")
    assert np.corrcoef(b, truth)[0, 1] > 0.98
    # z = (b - truth) / SE should be standard normal: the sandwich SEs are honest.
    assert 0.8 < np.sqrt((((b - truth) / se) ** 2).mean()) < 1.25
    # the same examinees' complete responses calibrated by full CML
    full = values(cml(scores), "difficulty")
    assert np.corrcoef(b, full)[0, 1] > 0.99
    assert np.sqrt(((b - full) ** 2).mean()) < 0.08
    infit, outfit = values(calibration, "infit"), values(calibration, "outfit")
    assert (np.abs(infit - 1) < 0.1).all() and (np.abs(outfit - 1) < 0.2).all()


def test_masked_fit_equals_raw_score_group_fit_on_complete_data() -> None:
    scores = simulated(800, np.linspace(-1, 1, 6), seed=2)
    b = values(cml(scores), "difficulty")
    right = scores.astype(float)
    seen = np.ones(scores.shape)
    persons = person_abilities(b, right, seen)
    theta, _ = ml_abilities(b)
    raw = scores.sum(axis=1)
    usable = (raw > 0) & (raw < 6)
    assert persons.theta[usable] == pytest.approx(theta[raw[usable]], abs=1e-9)
    infit, outfit, _ = masked_item_fit(b, persons, right, seen)
    counts = np.bincount(raw[usable], minlength=7)
    correct = np.array([scores[usable & (raw == r)].sum(axis=0) for r in range(7)], dtype=float)
    expected_infit, expected_outfit = item_fit(b, theta, counts, correct)
    assert infit == pytest.approx(expected_infit)
    assert outfit == pytest.approx(expected_outfit)


def test_items_everyone_who_saw_them_got_right_are_not_estimable() -> None:
    scores = simulated(400, np.array([-0.5, 0.0, 0.5, 1.0]), seed=5)
    presented = drawn_forms(400, 4, 3, seed=6)
    scores[:, 3] = 1
    data = ExamResponses.build(
        item_ids=["a", "b", "c", "d"], scores=scores * presented, presented=presented
    )
    calibration = calibrate_rasch(data, SETTINGS)
    assert calibration.estimable
    last = calibration.items[3]
    assert (last.estimable, last.difficulty) == (False, None)
    assert last.not_estimable_reason == "everyone who saw it answered it correctly (p = 1)"
    assert sum(values(calibration, "difficulty")[:3]) == pytest.approx(0.0, abs=1e-12)


def test_disconnected_designs_are_reported_not_estimated() -> None:
    # Two items never shown together: no pair links them.
    presented = np.array([[True, False]] * 4 + [[False, True]] * 4)
    scores = np.array([[1, 0], [0, 0], [1, 0], [0, 0], [0, 1], [0, 0], [0, 1], [0, 0]])
    data = ExamResponses.build(item_ids=["a", "b"], scores=scores, presented=presented)
    calibration = calibrate_rasch(data, SETTINGS)
    assert not calibration.estimable
    assert calibration.message is not None
