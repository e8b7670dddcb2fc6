"""Exact sums of the response matrix that every classical statistic is built from.

With X the N x k 0/1 matrix, T = row sums (raw scores) and R_j = T - X_j (rest scores), the
centred sums are kept as exact integers scaled by N^2 (N^2 var = N sum x^2 - (sum x)^2):

  ss_total[.]      = N^2 var(T)
  ss_item[j]       = N^2 var(X_j)        = s_j (N - s_j),  s_j = sum_i X_ij
  sp_item_total[j] = N^2 cov(X_j, T)     = N sum_i X_ij T_i - s_j sum_i T_i
  ss_rest[j]       = N^2 var(R_j)        = ss_total - 2 sp_item_total + ss_item
  sp_item_rest[j]  = N^2 cov(X_j, R_j)   = sp_item_total - ss_item
  correct_by_score[t, j] = number of examinees with total t who answered item j correctly

Integers make "zero variance" an exact test rather than a floating-point tolerance, and the
common N^2 factor cancels in every correlation and variance ratio, so whether a variance
uses N or N - 1 does not matter for r or alpha (same divisor in numerator and denominator).
int64 holds them for N * k^2 up to about 3e18 / N (e.g. N = 1e6 with k = 1000).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from itembank.statistics.numeric import FloatArray, IntArray
from itembank.statistics.score_groups import counts_by_score


@dataclass(frozen=True, slots=True)
class ResponseMoments:
    n: int
    k: int
    totals: IntArray
    item_totals: IntArray
    ss_total: int
    ss_item: IntArray
    sp_item_total: IntArray
    ss_rest: IntArray
    sp_item_rest: IntArray
    scores_float: FloatArray
    correct_by_score: FloatArray

    @property
    def p(self) -> FloatArray:
        return self.item_totals / self.n


def response_moments(scores: NDArray[np.uint8]) -> ResponseMoments:
    n, k = scores.shape
    totals = scores.sum(axis=1, dtype=np.int64)
    item_totals = scores.sum(axis=0, dtype=np.int64)
    scores_float = scores.astype(np.float64)
    # sum_i X_ij T_i through BLAS; values are integers far below 2^53, so exact.
    item_total_products = np.rint(totals.astype(np.float64) @ scores_float).astype(np.int64)
    sum_t = int(totals.sum())
    ss_total = n * int(np.dot(totals, totals)) - sum_t * sum_t
    ss_item = item_totals * (n - item_totals)
    sp_item_total = n * item_total_products - item_totals * sum_t
    ss_rest = ss_total - 2 * sp_item_total + ss_item
    return ResponseMoments(
        n=n,
        k=k,
        totals=totals,
        item_totals=item_totals,
        ss_total=ss_total,
        ss_item=ss_item,
        sp_item_total=sp_item_total,
        ss_rest=ss_rest,
        sp_item_rest=sp_item_total - ss_item,
        scores_float=scores_float,
        correct_by_score=counts_by_score(totals, scores, k),
    )
