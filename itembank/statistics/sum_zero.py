"""Newton steps and covariances under the identification constraint sum_i b_i = 0.

Both Rasch likelihoods (full and pairwise conditional) depend on the difficulties only
through their differences, so the information matrix I is singular along (1, ..., 1) (and
only there, for connected data). Steps and covariances use its pseudo-inverse

  I+ = (I + c J/k)^-1 - J/(c k),   J = 11',  c = trace(I) / k,

which is the covariance of the sum-zero estimates; a gradient sums to 0, so solving
(I + c J/k) x = g gives the sum-zero Newton step.
"""

from __future__ import annotations

import numpy as np

from itembank.statistics.numeric import FloatArray


def pseudo_inverse(information: FloatArray) -> FloatArray:
    k = len(information)
    scale = _scale(information)
    ones = np.full((k, k), 1.0 / k)
    result: FloatArray = np.linalg.inv(information + scale * ones) - ones / scale
    return result


def newton_step(information: FloatArray, gradient: FloatArray) -> FloatArray:
    k = len(information)
    step = np.linalg.solve(information + _scale(information) * np.full((k, k), 1.0 / k), gradient)
    return step.astype(np.float64, copy=False)


def centre(b: FloatArray) -> FloatArray:
    centred: FloatArray = b - b.mean()
    return centred


def _scale(information: FloatArray) -> float:
    return max(float(np.trace(information)) / len(information), 1e-300)
