"""Rasch item fit: infit and outfit mean squares.

For examinee n with ability theta_n and item i: expected score P_ni, variance
W_ni = P_ni (1 - P_ni), residual y_ni = x_ni - P_ni, standardised z_ni^2 = y_ni^2 / W_ni.

  outfit_i = mean_n z_ni^2                 (unweighted; sensitive to surprising responses far
                                            from the item, e.g. lucky guesses)
  infit_i  = sum_n y_ni^2 / sum_n W_ni     (information-weighted; sensitive to misfit near
                                            the item's difficulty)

Both have expectation 1 under the model. Examinees with extreme raw scores have infinite
ML abilities and are left out (as in the calibration). Because ability depends only on the
raw score, the sums run over raw-score groups: with n_r examinees at score r, of whom c_ri
answered item i correctly, sum over the group of y^2 = c_ri (1 - 2 P_ri) + n_r P_ri^2 (x^2 = x
for 0/1 data). The cost is O(k^2), independent of N.
"""

from __future__ import annotations

import numpy as np

from itembank.statistics.numeric import FloatArray, IntArray, stable_sigmoid


def item_fit(
    difficulties: FloatArray,
    theta: FloatArray,
    score_counts: IntArray,
    correct_by_score: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """(infit, outfit) per item; ``theta``, counts and correct counts indexed by raw score."""
    k = len(difficulties)
    scores = slice(1, k)
    n_r = score_counts[scores].astype(np.float64)[:, None]
    c = correct_by_score[scores]
    p = stable_sigmoid(theta[scores, None] - difficulties[None, :])
    w = p * (1.0 - p)
    squared_residuals = c * (1.0 - 2.0 * p) + n_r * p * p
    persons = float(n_r.sum())
    if persons == 0:
        undefined = np.full(k, np.nan)
        return undefined, undefined.copy()
    outfit = (squared_residuals / w).sum(axis=0) / persons
    infit = squared_residuals.sum(axis=0) / (n_r * w).sum(axis=0)
    return infit, outfit
