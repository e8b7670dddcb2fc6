"""Upper and lower 27% groups by total score, with the fractional tie rule.

Group size n_g = floor(0.27 N + 0.5), computed exactly as (27 N + 50) // 100 so that no
binary rounding of 0.27 can move it. Sorting examinees and cutting at n_g would make the
result depend on row order whenever several examinees share the cut score, so membership
depends on the total score only:

  upper group: total > t_u   -> weight 1
               total == t_u  -> weight (n_g - n_beyond) / n_tied   (they share the places left)
               total < t_u   -> weight 0

where t_u is the n_g-th highest total, n_beyond the number strictly above it and n_tied the
number at it; the lower group mirrors this from the bottom. Weights sum to n_g, so the
share of a group with some property (answered correctly, chose option B) is

  (count beyond the cut + (n_g - n_beyond) * count at the cut / n_tied) / n_g,

computed from counts per total score, with the fraction applied once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from itembank.statistics.numeric import FloatArray, IntArray


@dataclass(frozen=True, slots=True)
class GroupBoundary:
    """The cut score of one group, how many are strictly beyond it and how many sit on it."""

    cut: int
    beyond: int
    at_cut: int


@dataclass(frozen=True, slots=True)
class ScoreGroups:
    """n_g and both boundaries; boundaries are None when n_g = 0 (N < 2)."""

    size: int
    upper: GroupBoundary | None
    lower: GroupBoundary | None

    def upper_share(self, counts_by_score: FloatArray) -> FloatArray:
        """Share of the upper group per column of ``counts_by_score`` [total score, column]."""
        return self._share(self.upper, counts_by_score[::-1], flipped=True)

    def lower_share(self, counts_by_score: FloatArray) -> FloatArray:
        return self._share(self.lower, counts_by_score, flipped=False)

    def _share(
        self, boundary: GroupBoundary | None, counts: FloatArray, *, flipped: bool
    ) -> FloatArray:
        if boundary is None:
            return np.full(counts.shape[1], np.nan)
        cut = len(counts) - 1 - boundary.cut if flipped else boundary.cut
        inside = counts[:cut].sum(axis=0)
        shared = (self.size - boundary.beyond) * counts[cut] / boundary.at_cut
        result: FloatArray = (inside + shared) / self.size
        return result


def group_size(n_examinees: int) -> int:
    return (27 * n_examinees + 50) // 100


def score_groups(totals: IntArray, max_score: int) -> ScoreGroups:
    return groups_from_counts(np.bincount(totals, minlength=max_score + 1).astype(np.int64))


def groups_from_counts(counts: IntArray) -> ScoreGroups:
    """The groups of the examinees counted in ``counts[t]`` (number with total t).

    With forms drawn from a pool each item has its own groups: the 27% of the examinees who
    saw it, cut by their totals, so the counts are that item's column of presented-by-score.
    """
    counts = counts.astype(np.int64)
    max_score = len(counts) - 1
    n_g = group_size(int(counts.sum()))
    if n_g == 0:
        return ScoreGroups(size=0, upper=None, lower=None)
    top = _boundary_from_start(counts[::-1], n_g)
    upper = GroupBoundary(cut=max_score - top.cut, beyond=top.beyond, at_cut=top.at_cut)
    return ScoreGroups(size=n_g, upper=upper, lower=_boundary_from_start(counts, n_g))


def counts_by_score(totals: IntArray, indicators: NDArray[Any], max_score: int) -> FloatArray:
    """c[t, j] = number of examinees with total t whose indicator j is 1 (0/1 columns).

    Rows are sorted by total and summed per run of equal totals: O(N k) and memory-bound,
    which stays fast when other processes compete for the cores (a one-hot matrix product
    would do the same in O(N k^2) through multi-threaded BLAS).
    """
    order = np.argsort(totals, kind="stable")
    sorted_totals = totals[order]
    starts = np.flatnonzero(np.diff(sorted_totals, prepend=-1))
    result = np.zeros((max_score + 1, indicators.shape[1]))
    if len(order):
        sums = np.add.reduceat(indicators[order], starts, axis=0, dtype=np.int64)
        result[sorted_totals[starts]] = sums
    return result


def _boundary_from_start(counts: IntArray, n_g: int) -> GroupBoundary:
    """Boundary of the group taken from index 0 upwards (the lowest totals)."""
    cumulative = np.cumsum(counts)
    cut = int(np.searchsorted(cumulative, n_g))  # first score where the group is full
    beyond = int(cumulative[cut - 1]) if cut > 0 else 0
    return GroupBoundary(cut=cut, beyond=beyond, at_cut=int(counts[cut]))
