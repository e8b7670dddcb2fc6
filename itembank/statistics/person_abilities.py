"""ML abilities of examinees who saw different items, and item fit over the cells they saw.

With forms drawn from a pool the ML ability depends on the examinee's own items, not only on
the raw score: theta_p solves

  sum_{j seen by p} P_j(theta) = r_p,   P_j(theta) = logistic(theta - b_j),

over the calibrated items p saw, with standard error 1 / sqrt(sum_j P_j (1 - P_j)). It is
infinite for r_p = 0 or r_p = m_p (all of p's calibrated items right), so those examinees
get NaN and are left out of the fit. Newton-Raphson for all examinees at once, steps capped
at 1 logit (as in ``rasch_persons``).

Fit over the presented cells of the non-extreme examinees (y = x - P, W = P (1 - P)):

  outfit_j = sum_p y_pj^2 / W_pj / n'_j,   infit_j = sum_p y_pj^2 / sum_p W_pj,

n'_j = non-extreme examinees who saw j. With complete data these are exactly the values
``rasch_fit`` computes from raw-score groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from itembank.statistics.numeric import FloatArray, IntArray, stable_sigmoid


@dataclass(frozen=True, slots=True)
class PersonAbilities:
    theta: FloatArray
    standard_error: FloatArray
    raw_scores: IntArray
    form_lengths: IntArray

    @property
    def estimable(self) -> FloatArray:
        return np.isfinite(self.theta)


def person_abilities(
    difficulties: FloatArray, right: FloatArray, seen: FloatArray
) -> PersonAbilities:
    """``right`` / ``seen``: N x k indicators over the calibrated items (``difficulties``)."""
    raw = right.sum(axis=1)
    lengths = seen.sum(axis=1)
    usable = (raw > 0) & (raw < lengths)
    theta = np.full(len(raw), np.nan)
    se = np.full(len(raw), np.nan)
    if usable.any():
        mask = seen[usable]
        r, m = raw[usable], lengths[usable]
        mean_b = (mask @ difficulties) / m
        estimate = np.log(r / (m - r)) + mean_b
        for _ in range(200):
            p = stable_sigmoid(estimate[:, None] - difficulties[None, :]) * mask
            information = (p * (1.0 - p)).sum(axis=1)
            step = np.clip((r - p.sum(axis=1)) / information, -1.0, 1.0)
            estimate = estimate + step
            if float(np.abs(step).max()) < 1e-10:
                break
        p = stable_sigmoid(estimate[:, None] - difficulties[None, :]) * mask
        theta[usable] = estimate
        se[usable] = 1.0 / np.sqrt((p * (1.0 - p)).sum(axis=1))
    return PersonAbilities(
        theta=theta,
        standard_error=se,
        raw_scores=np.rint(raw).astype(np.int64),
        form_lengths=np.rint(lengths).astype(np.int64),
    )


def masked_item_fit(
    difficulties: FloatArray, abilities: PersonAbilities, right: FloatArray, seen: FloatArray
) -> tuple[FloatArray, FloatArray, IntArray]:
    """(infit, outfit, n'_j) per calibrated item over the presented cells of non-extreme
    examinees; NaN where nobody non-extreme saw the item."""
    usable = abilities.estimable
    mask = seen[usable]
    p = stable_sigmoid(abilities.theta[usable, None] - difficulties[None, :])
    w = p * (1.0 - p)
    squared = (right[usable] - p) ** 2 * mask
    persons = mask.sum(axis=0)
    defined = persons > 0
    outfit = np.where(defined, (squared / w).sum(axis=0) / np.maximum(persons, 1), np.nan)
    information = (w * mask).sum(axis=0)
    infit = np.where(defined, squared.sum(axis=0) / np.where(defined, information, 1.0), np.nan)
    return infit, outfit, np.rint(persons).astype(np.int64)
