"""Ability estimates on the calibrated (Rasch) scale from the items each examinee saw.

Why: forms drawn from a pool differ in difficulty, so equal raw scores on two forms are not
equal performance. With the item difficulties held fixed at their stored calibration, the
ability theta of an examinee is estimated from exactly the items they saw, and abilities
from different forms lie on one scale.

Estimator: maximum likelihood, theta solving sum_{j seen} P_j(theta) = r (the raw score on
the *calibrated* items seen; uncalibrated items, e.g. pretest items, are not scored), with
SE = 1 / sqrt(I(theta)). ML does not exist for r = 0 or r = m (all right): those examinees
get Warm's weighted likelihood estimate (WLE), which solves

  r - sum_j P_j(theta) + J(theta) / (2 I(theta)) = 0,   J = sum_j P_j (1 - P_j)(1 - 2 P_j),

and is finite for every score (Warm, 1989); its SE is again 1 / sqrt(I) at the estimate.
Why WLE rather than EAP for the extremes: it needs no population prior, so a zero or
perfect score on a hard form and on an easy form still get different, form-aware estimates
and nobody's score depends on who else sat the exam. ``method`` says which one each
examinee got. An examinee who saw no calibrated item has no estimate (NaN).

Newton-Raphson for all examinees at once (steps capped at 1 logit), as in
``person_abilities``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from itembank.statistics.errors import InvalidResponsesError
from itembank.statistics.numeric import FloatArray, IntArray

ML = "ML"
WLE = "WLE"


@dataclass(frozen=True, slots=True)
class AbilityEstimates:
    theta: FloatArray
    standard_error: FloatArray
    raw_scores: IntArray
    """Right answers on the calibrated items seen."""
    items_scored: IntArray
    """Calibrated items seen."""
    methods: list[str | None]
    """ML, WLE (zero or perfect score) or None (no calibrated item seen)."""


def estimate_abilities(
    scores: ArrayLike, presented: ArrayLike | None, difficulties: ArrayLike
) -> AbilityEstimates:
    """``difficulties[j]`` = fixed Rasch difficulty of column j, NaN if not calibrated."""
    x = np.asarray(scores, dtype=np.float64)
    b = np.asarray(difficulties, dtype=np.float64)
    if x.ndim != 2 or b.shape != (x.shape[1],):
        raise InvalidResponsesError(["scores must be N x k and difficulties have k entries"])
    seen = np.ones(x.shape, dtype=bool) if presented is None else np.asarray(presented, bool)
    if seen.shape != x.shape:
        raise InvalidResponsesError(["presented must have the shape of scores"])
    if x.size and not np.isin(x, (0.0, 1.0)).all():
        raise InvalidResponsesError(["scores must all be 0 or 1"])
    calibrated = np.isfinite(b)
    mask = (seen & calibrated[None, :]).astype(np.float64)
    b_filled = np.where(calibrated, b, 0.0)
    right = x * mask
    raw = right.sum(axis=1)
    length = mask.sum(axis=1)
    scored = length > 0
    extreme = scored & ((raw == 0) | (raw == length))
    theta = np.full(len(raw), np.nan)
    se = np.full(len(raw), np.nan)
    rows = np.flatnonzero(scored)
    if len(rows):
        r, n = raw[rows], length[rows]
        # start: the logit of the (0.5-adjusted) share correct around the form's mean b
        estimate = np.log((r + 0.5) / (n - r + 0.5)) + (mask[rows] @ b_filled) / n
        weighted = extreme[rows]
        active = np.arange(len(rows))
        for _ in range(200):
            m = mask[rows[active]]
            p = _logistic(estimate[active, None] - b_filled[None, :]) * m
            pq = p * (1.0 - p)
            information = pq.sum(axis=1)
            score = r[active] - p.sum(axis=1)
            # WLE adds J / (2 I); its derivative is left out of the step (a damped Newton
            # step that still converges, linearly, for the few extreme scores)
            wle = weighted[active]
            if wle.any():
                j = (pq * (1.0 - 2.0 * p)).sum(axis=1)
                score = score + np.where(wle, j / (2.0 * information), 0.0)
            step = np.clip(score / information, -1.0, 1.0)
            estimate[active] += step
            active = active[np.abs(step) >= 1e-10]
            if len(active) == 0:
                break
        p = _logistic(estimate[:, None] - b_filled[None, :]) * mask[rows]
        theta[rows] = estimate
        se[rows] = 1.0 / np.sqrt((p * (1.0 - p)).sum(axis=1))
    methods: list[str | None] = [
        None if not s else (WLE if e else ML)
        for s, e in zip(scored.tolist(), extreme.tolist(), strict=True)
    ]
    return AbilityEstimates(
        theta=theta,
        standard_error=se,
        raw_scores=np.rint(raw).astype(np.int64),
        items_scored=np.rint(length).astype(np.int64),
        methods=methods,
    )


def _logistic(x: FloatArray) -> FloatArray:
    """1 / (1 + e^-x); e^-x overflowing to inf gives the correct limit 0."""
    with np.errstate(over="ignore"):
        result: FloatArray = 1.0 / (1.0 + np.exp(-x))
    return result
