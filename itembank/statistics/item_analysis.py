"""Per-item classical statistics as whole columns (one vectorised pass over all items).

  p_j                = s_j / N                        (facility; unanswered counts as wrong)
  point_biserial_j   = Pearson r(X_j, T)              (item included in the total)
  corrected_j        = Pearson r(X_j, T - X_j)        (item excluded: corrected item-total r)
  p_upper_j, p_lower_j = weighted share correct in the upper / lower 27% groups
  discrimination_j   = p_upper_j - p_lower_j
  alpha_if_deleted_j = alpha of the other k - 1 items
  mean_time_j        = mean of the recorded times (NaN = not recorded) on item j

Pearson r is the plain product-moment correlation of the 0/1 item with the score, computed
from exact centred sums; it equals (M1 - M0)/s_T * sqrt(pq) only when s_T has divisor N,
which is why no such shortcut is used. r is undefined when the item is constant (p = 0 or
1) or the score it is correlated with is constant. The 27% index is undefined when every
examinee has the same total (the two groups are then the same people) or N < 2 (n_g = 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from itembank.statistics.moments import ResponseMoments
from itembank.statistics.numeric import FloatArray, IntArray, correlation_from_sums
from itembank.statistics.reliability import alpha_if_deleted
from itembank.statistics.score_groups import ScoreGroups


@dataclass(frozen=True, slots=True)
class ItemColumns:
    p: FloatArray
    point_biserial: FloatArray
    corrected_item_total: FloatArray
    p_upper: FloatArray
    p_lower: FloatArray
    discrimination_index: FloatArray
    alpha_if_deleted: FloatArray
    mean_time: FloatArray
    n_timed: IntArray


def item_columns(
    moments: ResponseMoments, groups: ScoreGroups, times: FloatArray | None
) -> ItemColumns:
    p_upper, p_lower = _group_facilities(moments, groups)
    mean_time, n_timed = _mean_times(times, moments.k)
    return ItemColumns(
        p=moments.p,
        point_biserial=correlation_from_sums(
            moments.sp_item_total.astype(np.float64), moments.ss_item, float(moments.ss_total)
        ),
        corrected_item_total=correlation_from_sums(
            moments.sp_item_rest.astype(np.float64), moments.ss_item, moments.ss_rest
        ),
        p_upper=p_upper,
        p_lower=p_lower,
        discrimination_index=p_upper - p_lower,
        alpha_if_deleted=alpha_if_deleted(moments),
        mean_time=mean_time,
        n_timed=n_timed,
    )


def _group_facilities(
    moments: ResponseMoments, groups: ScoreGroups
) -> tuple[FloatArray, FloatArray]:
    if groups.size == 0 or moments.ss_total == 0:
        undefined = np.full(moments.k, np.nan)
        return undefined, undefined.copy()
    return (
        groups.upper_share(moments.correct_by_score),
        groups.lower_share(moments.correct_by_score),
    )


def _mean_times(times: FloatArray | None, k: int) -> tuple[FloatArray, IntArray]:
    if times is None:
        return np.full(k, np.nan), np.zeros(k, dtype=np.int64)
    recorded = ~np.isnan(times)
    n_timed = recorded.sum(axis=0, dtype=np.int64)
    total = np.where(recorded, times, 0.0).sum(axis=0)
    return np.where(n_timed > 0, total / np.maximum(n_timed, 1), np.nan), n_timed
