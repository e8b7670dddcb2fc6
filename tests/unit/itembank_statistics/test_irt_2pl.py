"""2PL by marginal ML: the published ltm estimates for LSAT 6, an independent brute-force
integration, the observed information against a finite-difference Hessian, incomplete
designs, a mis-keyed item and the edge cases.

Published figures (LSAT section 6, Bock & Lieberman 1970; the 32-pattern table in
``lsat6.py``): ltm's ``summary(ltm(LSAT ~ z1, IRT.param = TRUE))`` (Rizopoulos, ltm
package; the output is reproduced in the package's examples and many tutorials):

  log.Lik -2466.653, AIC 4953.307, BIC 5002.384
  Dffclt -3.3597 -1.3696 -0.2799 -1.8659 -3.1236  (std.err 0.8669 0.3073 0.0997 0.4341 0.8700)
  Dscrmn  0.8254  0.7229  0.8905  0.6886  0.6575  (std.err 0.2581 0.1867 0.2326 0.1852 0.2100)

and ``rasch(LSAT)`` (the marginal Rasch model with a common discrimination, Rizopoulos 2006,
Journal of Statistical Software 17(5)): Dffclt -3.6153 -1.3224 -0.3176 -1.7301 -2.7802,
Dscrmn 0.7551, log.Lik -2466.938. ltm converged to max |gradient| 0.024 with 21 points, so
its last digits carry optimiser noise: tolerance 0.01 on the estimates and SEs.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.typing import NDArray

from itembank.statistics import (
    ExamResponses,
    IrtSettings,
    TwoPLCalibration,
    calibrate_2pl,
)
from itembank.statistics.irt_em import e_step
from itembank.statistics.irt_information import observed_information
from itembank.statistics.irt_patterns import response_patterns
from itembank.statistics.irt_quadrature import standard_normal_quadrature
from tests.unit.itembank_statistics.known import known, known_array
from tests.unit.itembank_statistics.lsat6 import ITEM_IDS, lsat6_scores

LTM_DIFFICULTY = (-3.3597, -1.3696, -0.2799, -1.8659, -3.1236)
LTM_DIFFICULTY_SE = (0.8669, 0.3073, 0.0997, 0.4341, 0.8700)
LTM_SLOPE = (0.8254, 0.7229, 0.8905, 0.6886, 0.6575)
LTM_SLOPE_SE = (0.2581, 0.1867, 0.2326, 0.1852, 0.2100)
LTM_RASCH_DIFFICULTY = (-3.6153, -1.3224, -0.3176, -1.7301, -2.7802)


def lsat(points: int) -> TwoPLCalibration:
    data = ExamResponses.build(item_ids=ITEM_IDS, scores=lsat6_scores())
    return calibrate_2pl(data, IrtSettings(quadrature_points=points))


@pytest.fixture(scope="module")
def lsat21() -> TwoPLCalibration:
    return lsat(21)


@pytest.mark.parametrize("points", [21, 41, 61])
def test_lsat_reproduces_ltm(points: int) -> None:
    fit = lsat(points)
    assert fit.estimable and fit.converged and fit.persons_used == 1000
    assert known_array(i.difficulty for i in fit.items) == pytest.approx(LTM_DIFFICULTY, abs=0.01)
    assert known_array(i.slope for i in fit.items) == pytest.approx(LTM_SLOPE, abs=0.01)
    assert known_array(i.difficulty_se for i in fit.items) == pytest.approx(
        LTM_DIFFICULTY_SE, abs=0.01
    )
    assert known_array(i.slope_se for i in fit.items) == pytest.approx(LTM_SLOPE_SE, abs=0.01)
    assert known(fit.log_likelihood) == pytest.approx(-2466.653, abs=0.001)
    assert fit.comparison is not None
    assert fit.comparison.two_pl.aic == pytest.approx(4953.307, abs=0.002)
    assert fit.comparison.two_pl.bic == pytest.approx(5002.384, abs=0.002)


def test_lsat_rasch_comparison_reproduces_ltm(lsat21: TwoPLCalibration) -> None:
    comparison = lsat21.comparison
    assert comparison is not None
    assert comparison.rasch.parameters == 6 and comparison.two_pl.parameters == 10
    assert comparison.rasch.log_likelihood == pytest.approx(-2466.938, abs=0.001)
    assert comparison.rasch_common_slope == pytest.approx(0.7551, abs=0.001)
    assert comparison.rasch_difficulties == pytest.approx(LTM_RASCH_DIFFICULTY, abs=0.01)
    # LR = 2 (l_2PL - l_Rasch) on k - 1 = 4 df; the slopes of LSAT 6 do not differ
    lr = 2 * (known(lsat21.log_likelihood) - comparison.rasch.log_likelihood)
    assert comparison.likelihood_ratio == pytest.approx(lr, abs=1e-9)
    assert comparison.likelihood_ratio == pytest.approx(0.57, abs=0.01)
    assert comparison.degrees_of_freedom == 4
    # chi-square(4) upper tail in closed form: e^(-x/2) (1 + x/2)
    x = comparison.likelihood_ratio
    assert comparison.p_value == pytest.approx(math.exp(-x / 2) * (1 + x / 2), abs=1e-12)
    assert comparison.preferred_by_aic == "Rasch" and comparison.preferred_by_bic == "Rasch"
    assert comparison.rasch.aic == pytest.approx(-2 * comparison.rasch.log_likelihood + 12)


def brute_force_log_likelihood(
    scores: NDArray[np.uint8],
    seen: NDArray[np.bool_],
    a: NDArray[np.float64],
    c: NDArray[np.float64],
) -> float:
    """The marginal log-likelihood by a fine trapezoid rule on [-10, 10] (not Gauss-Hermite)."""
    theta = np.linspace(-10, 10, 4001)
    density = np.exp(-(theta**2) / 2) / math.sqrt(2 * math.pi)
    p = 1 / (1 + np.exp(-(a[:, None] * theta[None, :] + c[:, None])))
    total = 0.0
    for x, s in zip(scores, seen, strict=True):
        cells = np.where(x[:, None] == 1, p, 1 - p)[s]
        integrand = np.prod(cells, axis=0) * density
        total += math.log(
            float(np.sum((integrand[1:] + integrand[:-1]) / 2) * (theta[1] - theta[0]))
        )
    return total


def test_lsat_log_likelihood_and_maximum_by_independent_integration(
    lsat21: TwoPLCalibration,
) -> None:
    scores = lsat6_scores()
    patterns, counts = np.unique(scores, axis=0, return_counts=True)
    seen = np.ones(patterns.shape, dtype=bool)
    a = known_array(i.slope for i in lsat21.items)
    c = known_array(i.intercept for i in lsat21.items)

    def loglik(a: NDArray[np.float64], c: NDArray[np.float64]) -> float:
        per_pattern = [
            brute_force_log_likelihood(x[None, :], s[None, :], a, c)
            for x, s in zip(patterns, seen, strict=True)
        ]
        return float(np.dot(counts, per_pattern))

    assert loglik(a, c) == pytest.approx(known(lsat21.log_likelihood), abs=1e-4)
    # a maximum: no coordinate move of 0.01 increases the likelihood
    best = loglik(a, c)
    for j in range(5):
        for delta in (-0.01, 0.01):
            a2, c2 = a.copy(), c.copy()
            a2[j] += delta
            c2[(j + 1) % 5] += delta
            assert loglik(a2, c2) < best


def test_observed_information_matches_a_finite_difference_hessian() -> None:
    rng = np.random.default_rng(5)
    n, k = 400, 4
    theta = rng.normal(size=n)
    a_true, b_true = np.array([0.8, 1.5, 1.0, 2.0]), np.array([-1.0, 0.0, 0.5, 1.0])
    scores = (rng.random((n, k)) < 1 / (1 + np.exp(-a_true * (theta[:, None] - b_true)))).astype(
        np.uint8
    )
    seen = rng.random((n, k)) < 0.8
    scores[~seen] = 0
    patterns = response_patterns(scores, seen)
    quad = standard_normal_quadrature(31)
    a, c = np.array([0.9, 1.3, 1.1, 1.7]), np.array([0.8, 0.1, -0.4, -1.9])

    def loglik(x: NDArray[np.float64]) -> float:
        return e_step(patterns, x[:k], x[k:], quad).log_likelihood

    x0 = np.concatenate([a, c])
    h = 1e-4
    hessian = np.zeros((2 * k, 2 * k))
    for i in range(2 * k):
        for j in range(2 * k):
            e_i, e_j = np.eye(2 * k)[i] * h, np.eye(2 * k)[j] * h
            hessian[i, j] = (
                loglik(x0 + e_i + e_j)
                - loglik(x0 + e_i - e_j)
                - loglik(x0 - e_i + e_j)
                + loglik(x0 - e_i - e_j)
            ) / (4 * h * h)
    info = observed_information(patterns, e_step(patterns, a, c, quad), a, c, quad)
    assert np.allclose(info, -hessian, rtol=1e-4, atol=1e-3)


def simulate(
    n: int, a: NDArray[np.float64], b: NDArray[np.float64], seed: int
) -> NDArray[np.uint8]:
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=n)
    p = 1 / (1 + np.exp(-a[None, :] * (theta[:, None] - b[None, :])))
    return (rng.random(p.shape) < p).astype(np.uint8)


def test_pool_drawn_forms_recover_the_truth_and_unseen_cells_are_missing() -> None:
    rng = np.random.default_rng(11)
    k, n, length = 30, 4000, 15
    a = rng.uniform(0.6, 2.0, k)
    b = rng.uniform(-1.5, 1.5, k)
    scores = simulate(n, a, b, seed=12)
    presented = np.zeros((n, k), dtype=bool)
    for i in range(n):
        presented[i, rng.choice(k, size=length, replace=False)] = True
    data = ExamResponses.build(
        item_ids=[f"i{j}" for j in range(k)], scores=scores, presented=presented
    )
    fit = calibrate_2pl(data)
    assert fit.estimable and fit.converged
    est_a = known_array(i.slope for i in fit.items)
    est_b = known_array(i.difficulty for i in fit.items)
    se_a = known_array(i.slope_se for i in fit.items)
    assert np.corrcoef(est_a, a)[0, 1] > 0.9
    assert np.sqrt(np.mean((est_b - b) ** 2)) < 0.15
    # standardised errors are about N(0, 1): the SEs are right in size
    assert 0.7 < np.sqrt(np.mean(((est_a - a) / se_a) ** 2)) < 1.4
    # the likelihood only counts presented cells: it equals an independent integration
    # (151 Gauss-Hermite points, so that the comparison is not about quadrature error)
    sub = np.arange(0, n, 97)
    expected = brute_force_log_likelihood(
        scores[sub], presented[sub], est_a, known_array(i.intercept for i in fit.items)
    )
    patterns = response_patterns(scores[sub], presented[sub])
    got = e_step(
        patterns,
        est_a,
        known_array(i.intercept for i in fit.items),
        standard_normal_quadrature(151),
    ).log_likelihood
    assert got == pytest.approx(expected, abs=1e-6)


def test_a_miskeyed_item_gets_a_negative_slope_and_a_flat_one_no_difficulty() -> None:
    k = 12
    a = np.linspace(0.8, 2.0, k)
    b = np.linspace(-1.5, 1.5, k)
    scores = simulate(3000, a, b, seed=3)
    scores[:, 4] = 1 - scores[:, 4]  # keyed the wrong way round
    scores[:, 7] = np.random.default_rng(4).random(3000) < 0.6  # unrelated to ability
    data = ExamResponses.build(item_ids=[f"i{j}" for j in range(k)], scores=scores)
    fit = calibrate_2pl(data, IrtSettings(min_slope=0.15))
    assert known(fit.items[4].slope) < -0.5
    assert abs(known(fit.items[7].slope)) < 0.15
    assert fit.items[7].difficulty is None and fit.items[7].difficulty_se is None
    assert fit.items[7].slope_se is not None
    assert fit.comparison is not None and fit.comparison.p_value < 1e-6
    assert fit.comparison.preferred_by_bic == "2PL"


def test_items_without_a_finite_estimate_are_set_aside_with_their_reason() -> None:
    scores = lsat6_scores()
    extra = np.column_stack([scores, np.ones(1000, dtype=np.uint8), np.zeros(1000, dtype=np.uint8)])
    presented = np.ones(extra.shape, dtype=bool)
    data = ExamResponses.build(
        item_ids=[*ITEM_IDS, "easy", "hard"], scores=extra, presented=presented
    )
    fit = calibrate_2pl(data, IrtSettings(quadrature_points=21))
    assert [i.estimable for i in fit.items] == [True] * 5 + [False, False]
    assert "p = 1" in (fit.items[5].not_estimable_reason or "")
    assert "p = 0" in (fit.items[6].not_estimable_reason or "")
    # the other items are exactly the LSAT fit
    assert known_array(i.slope for i in fit.items[:5]) == pytest.approx(
        known_array(i.slope for i in lsat(21).items), abs=1e-6
    )


def test_fewer_than_three_items_is_not_estimable() -> None:
    data = ExamResponses.build(item_ids=["a", "b"], scores=lsat6_scores()[:, :2])
    fit = calibrate_2pl(data)
    assert not fit.estimable and fit.comparison is None and fit.log_likelihood is None
    assert all(not item.estimable for item in fit.items)
    assert "fewer than 3" in (fit.message or "")


def test_settings_are_validated() -> None:
    from itembank.statistics import InvalidSettingsError

    with pytest.raises(InvalidSettingsError) as error:
        IrtSettings(quadrature_points=2, tolerance=1.0, min_slope=-1)
    assert len(error.value.problems) == 3


def test_complete_data_information_shortcut_equals_the_node_by_node_sums() -> None:
    scores = simulate(
        500, np.array([0.7, 1.2, 1.6, 0.9, 2.2]), np.array([-1.5, -0.5, 0, 0.7, 1.4]), 8
    )
    patterns = response_patterns(scores, None)
    assert patterns.complete
    quad = standard_normal_quadrature(41)
    a, c = np.array([0.8, 1.1, 1.5, 1.0, 2.0]), np.array([1.2, 0.5, 0.1, -0.6, -2.5])
    posterior = e_step(patterns, a, c, quad)
    fast = observed_information(patterns, posterior, a, c, quad)
    slow = observed_information(patterns, posterior, a, c, quad, separable=False)
    assert np.allclose(fast, slow, rtol=1e-9, atol=1e-8)


def test_an_item_that_splits_examinees_perfectly_is_named_when_em_cannot_converge() -> None:
    rng = np.random.default_rng(0)
    theta = rng.normal(size=2000)
    b = np.linspace(-1, 1, 8)
    scores = (rng.random((2000, 8)) < 1 / (1 + np.exp(-(theta[:, None] - b)))).astype(np.uint8)
    scores[:, 3] = theta > 0.2  # a deterministic (Guttman) item
    fit = calibrate_2pl(ExamResponses.build(item_ids=[f"i{j}" for j in range(8)], scores=scores))
    assert not fit.converged
    assert "i3" in (fit.message or "") and "i2" not in (fit.message or "")
    assert known(fit.items[3].slope) > 10
    assert all(np.isfinite(known(i.slope)) for i in fit.items)
