"""Rasch CML calibration against the enumeration reference, plus its edge cases."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.typing import ArrayLike, NDArray

from itembank.statistics import (
    ExamResponses,
    RaschCalibration,
    StatisticsSettings,
    calibrate_rasch,
)
from itembank.statistics.rasch_data import is_connected, select_sample
from tests.unit.itembank_statistics.brute_force import (
    brute_force_cml,
    brute_force_covariance,
    conditional_expected_totals,
    conditional_log_likelihood,
)

SETTINGS = StatisticsSettings()


def calibrate(scores: ArrayLike) -> RaschCalibration:
    matrix = np.asarray(scores, dtype=np.uint8)
    ids = [f"i{j}" for j in range(matrix.shape[1])]
    return calibrate_rasch(ExamResponses.build(item_ids=ids, scores=matrix), SETTINGS)


def simulated(n: int, b: ArrayLike, seed: int) -> NDArray[np.uint8]:
    rng = np.random.default_rng(seed)
    theta = rng.normal(0, 1.2, n)
    difficulty = np.asarray(b, dtype=np.float64)
    correct = rng.random((n, len(difficulty))) < 1 / (1 + np.exp(-(theta[:, None] - difficulty)))
    return np.asarray(correct, dtype=np.uint8)


def difficulties(calibration: RaschCalibration) -> NDArray[np.float64]:
    return np.array([item.difficulty for item in calibration.items], dtype=float)


def test_matches_direct_maximisation_of_the_enumerated_likelihood() -> None:
    scores = simulated(400, [-1.0, -0.3, 0.2, 0.9, 1.5], seed=3)
    calibration = calibrate(scores)
    reference = brute_force_cml(scores)
    assert calibration.converged
    assert np.abs(difficulties(calibration) - reference).max() < 1e-5
    assert abs(sum(difficulties(calibration))) < 1e-12  # identification: sum b = 0
    assert calibration.conditional_log_likelihood == pytest.approx(
        conditional_log_likelihood(reference, scores), abs=1e-8
    )


def test_standard_errors_match_the_finite_difference_hessian() -> None:
    scores = simulated(400, [-1.0, -0.3, 0.2, 0.9, 1.5], seed=3)
    calibration = calibrate(scores)
    b = difficulties(calibration)
    reference = np.sqrt(np.diag(brute_force_covariance(b, scores)))
    se = np.array([item.standard_error for item in calibration.items], dtype=float)
    assert np.allclose(se, reference, rtol=1e-4)


def test_equal_item_totals_give_equal_difficulties_and_correct_standard_errors() -> None:
    # Item 3 copies item 2 except that one right and one wrong answer trade places, so the
    # totals are equal; the Hessian then uses the exchangeability branch for that pair.
    scores = simulated(300, [-0.8, 0.1, 0.1, 0.9], seed=11)
    scores[:, 2] = scores[:, 1]
    right, wrong = np.flatnonzero(scores[:, 1] == 1)[0], np.flatnonzero(scores[:, 1] == 0)[0]
    scores[[right, wrong], 2] = [0, 1]
    assert scores[:, 1].sum() == scores[:, 2].sum()
    calibration = calibrate(scores)
    b = difficulties(calibration)
    assert b[1] == b[2]
    reference_b = brute_force_cml(scores)
    assert np.abs(b - reference_b).max() < 1e-5
    reference_se = np.sqrt(np.diag(brute_force_covariance(b, scores)))
    se = np.array([item.standard_error for item in calibration.items], dtype=float)
    assert np.allclose(se, reference_se, rtol=1e-4)


data = st.integers(8, 60).flatmap(
    lambda n: st.integers(2, 5).flatmap(
        lambda k: arrays(np.uint8, (n, k), elements=st.integers(0, 1))
    )
)


@settings(max_examples=60, deadline=None)
@given(data)
def test_estimates_solve_the_conditional_score_equations(scores: NDArray[np.uint8]) -> None:
    """At the CML maximum, expected item totals given the raw scores equal the observed ones."""
    calibration = calibrate(scores)
    if not calibration.estimable:
        return
    used = [item.estimable for item in calibration.items]
    sample = select_sample(scores)
    kept = scores[sample.persons][:, used]
    b = np.array([item.difficulty for item in calibration.items if item.estimable])
    expected = conditional_expected_totals(b, kept)
    assert calibration.converged
    assert np.allclose(expected, kept.sum(axis=0), atol=1e-6)


@settings(max_examples=100, deadline=None)
@given(data)
def test_connectivity_check_agrees_with_its_definition(scores: NDArray[np.uint8]) -> None:
    sample = select_sample(scores)
    if sample.k < 2 or not sample.persons.any():
        return
    used = scores[sample.persons][:, sample.items].astype(bool)
    k = used.shape[1]
    edge = np.array([[(used[:, i] & ~used[:, j]).any() for j in range(k)] for i in range(k)])
    # strongly connected <=> every non-empty proper subset has an edge out and an edge in
    expected = all(
        edge[np.ix_(subset, rest)].any() and edge[np.ix_(rest, subset)].any()
        for size in range(1, k)
        for subset in map(list, itertools.combinations(range(k), size))
        for rest in [[j for j in range(k) if j not in subset]]
    )
    assert is_connected(sample) == expected


def test_items_with_p_0_or_1_are_not_estimable() -> None:
    scores = simulated(200, [-1.0, 0.0, 1.0], seed=5)
    scores = np.column_stack([scores, np.ones(200), np.zeros(200)]).astype(np.uint8)
    calibration = calibrate(scores)
    assert [item.estimable for item in calibration.items] == [True, True, True, False, False]
    assert calibration.items[3].not_estimable_reason == "everyone answered it correctly (p = 1)"
    assert calibration.items[4].not_estimable_reason == "nobody answered it correctly (p = 0)"
    assert calibration.items[3].difficulty is None and calibration.items[3].infit is None


def test_exclusions_repeat_until_stable() -> None:
    # Item d is answered correctly only by the examinee with a perfect score; once that
    # examinee is set aside (no information), nobody has d right, so d is not estimable.
    scores = [
        [1, 1, 1, 1],
        [1, 0, 1, 0],
        [0, 1, 1, 0],
        [1, 1, 0, 0],
        [0, 0, 1, 0],
        [1, 0, 0, 0],
        [0, 0, 0, 0],
    ]
    calibration = calibrate(scores)
    assert [item.estimable for item in calibration.items] == [True, True, True, False]
    assert "nobody answered it correctly among the examinees left" in (
        calibration.items[3].not_estimable_reason or ""
    )
    assert (calibration.persons_used, calibration.persons_extreme) == (5, 2)


def test_unconnected_items_have_no_finite_estimate() -> None:
    # {a, b} and {c, d}: whoever answered c or d correctly also answered a and b correctly,
    # so nothing bounds how much harder c and d are (no item is extreme, no score is).
    scores = [[1, 0, 0, 0], [0, 1, 0, 0], [1, 1, 1, 0], [1, 1, 0, 1]] * 10
    calibration = calibrate(scores)
    assert not calibration.estimable
    assert "no finite maximum" in (calibration.message or "")
    assert all(not item.estimable and item.difficulty is None for item in calibration.items)


def test_a_perfect_guttman_scale_dissolves_in_the_exclusions() -> None:
    calibration = calibrate([[0, 0, 0], [1, 0, 0], [1, 1, 0], [1, 1, 1]] * 10)
    assert not calibration.estimable
    assert "fewer than 2 items" in (calibration.message or "")


def test_too_few_items_left() -> None:
    calibration = calibrate([[1, 1], [1, 0], [1, 1]])  # item 1 has p = 1: one item left
    assert not calibration.estimable
    assert calibration.items[0].not_estimable_reason == "everyone answered it correctly (p = 1)"


def test_recovers_generating_difficulties() -> None:
    b = np.linspace(-2, 2, 15)
    calibration = calibrate(simulated(20_000, b, seed=7))
    estimate = difficulties(calibration)
    se = np.array([item.standard_error for item in calibration.items], dtype=float)
    z = (estimate - (b - b.mean())) / se
    assert np.abs(z).max() < 4  # with 15 items, |z| > 4 has probability ~1e-3
