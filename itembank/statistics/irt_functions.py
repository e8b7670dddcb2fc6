"""Item and test functions of the logistic IRT models, for scoring and precision.

P_j(theta) = logistic(a_j theta + c_j); the Rasch model is a_j = 1, c_j = -b_j. Then

  item information  I_j(theta) = a_j^2 P_j (1 - P_j)
  test information  I(theta)   = sum_j I_j(theta),  conditional SEM(theta) = 1 / sqrt(I)
  test characteristic curve  TCC(theta) = sum_j P_j(theta)   (expected raw score)
  raw-score conditional SEM  sqrt(sum_j P_j (1 - P_j))       (SD of the raw score at theta)

All functions take theta as an array and return one value per theta.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from itembank.statistics.numeric import FloatArray, stable_sigmoid


def rasch_parameters(difficulties: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """(slopes, intercepts) of Rasch items with difficulties b: a = 1, c = -b."""
    b = np.asarray(difficulties, dtype=np.float64)
    return np.ones_like(b), -b


def probabilities(theta: ArrayLike, slopes: FloatArray, intercepts: FloatArray) -> FloatArray:
    """len(theta) x k: P_j(theta)."""
    t = np.atleast_1d(np.asarray(theta, dtype=np.float64))
    return stable_sigmoid(t[:, None] * slopes[None, :] + intercepts[None, :])


def test_information(theta: ArrayLike, slopes: FloatArray, intercepts: FloatArray) -> FloatArray:
    p = probabilities(theta, slopes, intercepts)
    result: FloatArray = (p * (1.0 - p)) @ (slopes * slopes)
    return result


def expected_raw_score(theta: ArrayLike, slopes: FloatArray, intercepts: FloatArray) -> FloatArray:
    result: FloatArray = probabilities(theta, slopes, intercepts).sum(axis=1)
    return result


def raw_score_sem(theta: ArrayLike, slopes: FloatArray, intercepts: FloatArray) -> FloatArray:
    p = probabilities(theta, slopes, intercepts)
    result: FloatArray = np.sqrt((p * (1.0 - p)).sum(axis=1))
    return result


def theta_for_expected_score(
    target: float,
    slopes: FloatArray,
    intercepts: FloatArray,
    *,
    low: float = -15.0,
    high: float = 15.0,
) -> float:
    """The theta where TCC(theta) = target (0 < target < sum of the upper asymptotes).

    TCC increases in theta when every slope is positive, so bisection on [low, high] to
    1e-12 is exact and needs no derivative; 60 halvings of 30 logits suffice.
    """
    for _ in range(60):
        middle = (low + high) / 2.0
        if float(expected_raw_score(middle, slopes, intercepts)[0]) < target:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0
