"""Exact sums of the response matrix that every classical statistic is built from.

X is the N x k 0/1 matrix and M the N x k "presented" mask (all ones for complete data;
X_ij = 0 wherever M_ij = 0). T_i = sum_j X_ij is examinee i's raw score on the items they
saw (their own form), and for an item j the statistics run over the n_j = sum_i M_ij
examinees who saw it. With sums over those examinees only, the centred sums are kept as
exact integers scaled by n_j^2 (n^2 var = n sum x^2 - (sum x)^2):

  ss_item[j]       = n_j^2 var(X_j)       = s_j (n_j - s_j),   s_j = sum_i X_ij
  ss_total_seen[j] = n_j^2 var(T | saw j) = n_j sum_i M_ij T_i^2 - (sum_i M_ij T_i)^2
  sp_item_total[j] = n_j^2 cov(X_j, T)    = n_j sum_i X_ij T_i - s_j sum_i M_ij T_i
  ss_rest[j]       = n_j^2 var(R_j)       = ss_total_seen - 2 sp_item_total + ss_item
  sp_item_rest[j]  = n_j^2 cov(X_j, R_j)  = sp_item_total - ss_item,   R_j = T - X_j

and over all N examinees (for the exam summary and the reliability estimator):

  ss_total         = N^2 var(T)
  ss_rest_all[j]   = N^2 var(T - X_j)     = N (sum T^2 - 2 sum_i X_ij T_i + s_j) - (sum T - s_j)^2

With complete data n_j = N, ss_total_seen = ss_total and ss_rest_all = ss_rest, so these are
the textbook sums. Integers make "zero variance" an exact test rather than a floating-point
tolerance, and the common scale cancels in every correlation. int64 holds them comfortably
(n sum T^2 <= N^2 k^2, e.g. 1e16 for N = 1e6, k = 100).

correct_by_score[t, j] / presented_by_score[t, j] count the examinees with total t who
answered j correctly / who saw j (the 27% groups of item j are cut among the latter).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from itembank.statistics.numeric import BoolArray, FloatArray, IntArray
from itembank.statistics.score_groups import counts_by_score


@dataclass(frozen=True, slots=True)
class ResponseMoments:
    n: int
    k: int
    max_score: int
    """The longest form: raw scores lie in 0..max_score (= k for complete data)."""
    totals: IntArray
    form_lengths: IntArray
    n_item: IntArray
    item_totals: IntArray
    ss_total: int
    ss_total_seen: IntArray
    ss_item: IntArray
    sp_item_total: IntArray
    ss_rest: IntArray
    sp_item_rest: IntArray
    ss_rest_all: IntArray
    scores_float: FloatArray
    correct_by_score: FloatArray
    presented_by_score: FloatArray

    @property
    def p(self) -> FloatArray:
        return self.item_totals / self.n_item

    @property
    def mean_form_length(self) -> float:
        return float(self.n_item.sum() / self.n)


def response_moments(
    scores: NDArray[np.uint8], presented: BoolArray | None = None
) -> ResponseMoments:
    n, k = scores.shape
    totals = scores.sum(axis=1, dtype=np.int64)
    item_totals = scores.sum(axis=0, dtype=np.int64)
    scores_float = scores.astype(np.float64)
    # Matrix-vector products in float64 through BLAS; integers far below 2^53, so exact.
    totals_float = totals.astype(np.float64)
    item_total_products = np.rint(totals_float @ scores_float).astype(np.int64)
    sum_t = int(totals.sum())
    sum_tt = int(np.dot(totals, totals))
    if presented is None:
        form_lengths = np.full(n, k, dtype=np.int64)
        n_item = np.full(k, n, dtype=np.int64)
        seen_sum_t = np.full(k, sum_t, dtype=np.int64)
        seen_sum_tt = np.full(k, sum_tt, dtype=np.int64)
        by_score = np.bincount(totals, minlength=k + 1).astype(np.float64)
        presented_by_score = np.repeat(by_score[:, None], k, axis=1)
        max_score = k
    else:
        mask = presented.astype(np.float64)
        form_lengths = presented.sum(axis=1, dtype=np.int64)
        n_item = presented.sum(axis=0, dtype=np.int64)
        seen_sum_t = np.rint(totals_float @ mask).astype(np.int64)
        seen_sum_tt = np.rint((totals_float * totals_float) @ mask).astype(np.int64)
        max_score = int(form_lengths.max())
        presented_by_score = counts_by_score(totals, presented, max_score)
    ss_total = n * sum_tt - sum_t * sum_t
    ss_total_seen = n_item * seen_sum_tt - seen_sum_t * seen_sum_t
    ss_item = item_totals * (n_item - item_totals)
    sp_item_total = n_item * item_total_products - item_totals * seen_sum_t
    ss_rest = ss_total_seen - 2 * sp_item_total + ss_item
    rest_sum = sum_t - item_totals
    ss_rest_all = n * (sum_tt - 2 * item_total_products + item_totals) - rest_sum * rest_sum
    return ResponseMoments(
        n=n,
        k=k,
        max_score=max_score,
        totals=totals,
        form_lengths=form_lengths,
        n_item=n_item,
        item_totals=item_totals,
        ss_total=ss_total,
        ss_total_seen=ss_total_seen,
        ss_item=ss_item,
        sp_item_total=sp_item_total,
        ss_rest=ss_rest,
        sp_item_rest=sp_item_total - ss_item,
        ss_rest_all=ss_rest_all,
        scores_float=scores_float,
        correct_by_score=counts_by_score(totals, scores, max_score),
        presented_by_score=presented_by_score,
    )
