"""Maximum likelihood (ML) abilities for each raw score, given the CML difficulties.

With complete data the ML ability depends on the raw score only: theta_r solves

  sum_i P_i(theta) = r,   P_i(theta) = logistic(theta - b_i),

for r = 1..k-1, with standard error 1 / sqrt(sum_i P_i (1 - P_i)) (test information).
For r = 0 and r = k the ML estimate is -inf / +inf; those are reported as not estimable
(None) rather than with an arbitrary extrapolation. Plain ML is used (not Warm's WLE) so
that the abilities are the ones the fit statistics are conventionally computed with.

Newton-Raphson on all raw scores at once; the left side is increasing in theta with
derivative equal to the information, and steps are capped at 1 logit so that the extreme
scores (where the curve is flat) cannot overshoot.
"""

from __future__ import annotations

import numpy as np

from itembank.statistics.numeric import FloatArray, stable_sigmoid


def ml_abilities(difficulties: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(theta, se) for raw scores 0..k; entries 0 and k are NaN (infinite estimates)."""
    k = len(difficulties)
    theta = np.full(k + 1, np.nan)
    se = np.full(k + 1, np.nan)
    if k < 2:
        return theta, se
    scores = np.arange(1, k, dtype=np.float64)
    estimate = np.log(scores / (k - scores)) + float(difficulties.mean())
    for _ in range(200):
        p = stable_sigmoid(estimate[:, None] - difficulties[None, :])
        information = (p * (1.0 - p)).sum(axis=1)
        step = np.clip((scores - p.sum(axis=1)) / information, -1.0, 1.0)
        estimate = estimate + step
        if float(np.abs(step).max()) < 1e-12:
            break
    p = stable_sigmoid(estimate[:, None] - difficulties[None, :])
    theta[1:k] = estimate
    se[1:k] = 1.0 / np.sqrt((p * (1.0 - p)).sum(axis=1))
    return theta, se
