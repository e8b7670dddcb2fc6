"""Cronbach's alpha (= KR-20 for 0/1 items), alpha if item deleted, and the SEM.

  alpha = k / (k - 1) * (1 - sum_j var(X_j) / var(T))

with the same divisor for both variances (here both are N^2-scaled exact sums, so the
divisor cancels). For 0/1 items var(X_j) = p_j q_j with divisor N, so this is KR-20 with
the population var(T). All k items count, a zero-variance item included (as Moodle and
psych::score.multiple.choice do; psych::alpha would silently drop it). Undefined (NaN here,
None outside) when k < 2 or var(T) = 0. Alpha can be negative; it is reported as is.

Alpha if item j deleted is the same formula on the other k - 1 items, whose total is the
rest score R_j: (k-1)/(k-2) * (1 - (sum var - var(X_j)) / var(R_j)).

SEM = SD_T * sqrt(1 - alpha) with SD_T the population SD (divisor N), the same variance
that went into alpha.
"""

from __future__ import annotations

import math

import numpy as np

from itembank.statistics.moments import ResponseMoments
from itembank.statistics.numeric import FloatArray


def cronbach_alpha(moments: ResponseMoments) -> float:
    k = moments.k
    if k < 2 or moments.ss_total == 0:
        return math.nan
    return k / (k - 1) * (1.0 - int(moments.ss_item.sum()) / moments.ss_total)


def alpha_if_deleted(moments: ResponseMoments) -> FloatArray:
    k = moments.k
    if k < 3:
        return np.full(k, np.nan)
    remaining = int(moments.ss_item.sum()) - moments.ss_item
    defined = moments.ss_rest > 0
    ratio = remaining / np.where(defined, moments.ss_rest, 1)
    return np.where(defined, (k - 1) / (k - 2) * (1.0 - ratio), np.nan)


def population_sd(moments: ResponseMoments) -> float:
    return math.sqrt(moments.ss_total) / moments.n


def standard_error_of_measurement(sd: float, alpha: float) -> float:
    return sd * math.sqrt(1.0 - alpha) if math.isfinite(alpha) else math.nan
