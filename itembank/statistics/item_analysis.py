"""Per-item classical statistics as whole columns (one vectorised pass over all items).

Every statistic of item j runs over the n_j examinees who were presented it (all N for
complete data); T is each examinee's raw score on their own form.

  p_j                = s_j / n_j                      (facility; unanswered counts as wrong)
  point_biserial_j   = Pearson r(X_j, T)              (item included in the total)
  corrected_j        = Pearson r(X_j, T - X_j)        (item excluded: corrected item-total r)
  p_upper_j, p_lower_j = weighted share correct in the upper / lower 27% groups of the
                       examinees who saw j (groups cut by T among them)
  discrimination_j   = p_upper_j - p_lower_j
  alpha_if_deleted_j = the reliability estimator without item j (see ``reliability``)
  mean_time_j        = mean of the recorded times (NaN = not recorded) on item j

Pearson r is the plain product-moment correlation of the 0/1 item with the score, computed
from exact centred sums; it equals (M1 - M0)/s_T * sqrt(pq) only when s_T has divisor N,
which is why no such shortcut is used. r is undefined when the item is constant (p = 0 or
1) or the score it is correlated with is constant. The 27% index is undefined when every
examinee who saw the item has the same total (the two groups are then the same people) or
n_j < 2 (n_g = 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from itembank.statistics.moments import ResponseMoments
from itembank.statistics.numeric import FloatArray, IntArray, correlation_from_sums
from itembank.statistics.reliability import alpha_if_deleted
from itembank.statistics.score_groups import ScoreGroups, groups_from_counts


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


def item_groups(moments: ResponseMoments) -> list[ScoreGroups | None]:
    """The 27% groups of each item among those who saw it; None where they are undefined
    (n_g = 0, or everyone who saw the item has the same total)."""
    if moments.ss_total_seen.max(initial=0) == 0:
        return [None] * moments.k
    counts = moments.presented_by_score.astype(np.int64)
    shared = groups_from_counts(counts[:, 0]) if moments.n_item.min() == moments.n else None
    result: list[ScoreGroups | None] = []
    for j in range(moments.k):
        groups = shared if shared is not None else groups_from_counts(counts[:, j])
        defined = groups.size > 0 and int(moments.ss_total_seen[j]) > 0
        result.append(groups if defined else None)
    return result


def item_columns(
    moments: ResponseMoments, groups: list[ScoreGroups | None], times: FloatArray | None
) -> ItemColumns:
    p_upper, p_lower = _group_facilities(moments, groups)
    mean_time, n_timed = _mean_times(times, moments.k)
    return ItemColumns(
        p=moments.p,
        point_biserial=correlation_from_sums(
            moments.sp_item_total.astype(np.float64), moments.ss_item, moments.ss_total_seen
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
    moments: ResponseMoments, groups: list[ScoreGroups | None]
) -> tuple[FloatArray, FloatArray]:
    upper = np.full(moments.k, np.nan)
    lower = np.full(moments.k, np.nan)
    for j, item in enumerate(groups):
        if item is not None:
            column = moments.correct_by_score[:, j : j + 1]
            upper[j] = item.upper_share(column)[0]
            lower[j] = item.lower_share(column)[0]
    return upper, lower


def _mean_times(times: FloatArray | None, k: int) -> tuple[FloatArray, IntArray]:
    if times is None:
        return np.full(k, np.nan), np.zeros(k, dtype=np.int64)
    recorded = ~np.isnan(times)
    n_timed = recorded.sum(axis=0, dtype=np.int64)
    total = np.where(recorded, times, 0.0).sum(axis=0)
    return np.where(n_timed > 0, total / np.maximum(n_timed, 1), np.nan), n_timed
