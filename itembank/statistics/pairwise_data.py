"""What enters the pairwise Rasch calibration: the k x k "i right, j wrong" counts.

For items i and j presented together to examinee p (right_pi = 1 when p answered i correctly,
wrong_pj = 1 when p was shown j and did not answer it correctly):

  n_ij = sum_p right_pi wrong_pj         (N = right' wrong, one matrix product)

is all that pairwise conditional ML needs (``rasch_pairwise``). Examinees who saw only one
of the two items, or got both right or both wrong, do not enter n_ij; that is how the
estimator copes with forms drawn from a pool.

Not estimable: an item that never "wins" a pair (sum_j n_ij = 0: nobody answered it
correctly while answering another item wrongly) has b = +infinity, one that never "loses"
has b = -infinity. Removing one changes the counts of the others, so the exclusion repeats
until stable. What remains must be *connected*: the directed graph i -> j when n_ij > 0
must be strongly connected (Zermelo's / Ford's condition for the Bradley-Terry likelihood,
which the pairwise Rasch likelihood is), otherwise no finite maximum exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from itembank.statistics.numeric import BoolArray, FloatArray


@dataclass(frozen=True, slots=True)
class PairwiseSample:
    """``items``: mask over the original columns that are calibrated; ``right`` / ``seen``:
    N x (calibrated items) indicators; ``counts``: n_ij over the calibrated items."""

    items: BoolArray
    item_reasons: dict[int, str]
    counts: FloatArray
    right: FloatArray
    seen: FloatArray

    @property
    def k(self) -> int:
        return int(self.items.sum())


def select_pairwise(scores: NDArray[np.uint8], presented: BoolArray) -> PairwiseSample:
    right_all = scores.astype(np.float64)
    seen_all = presented.astype(np.float64)
    counts_all = right_all.T @ (seen_all - right_all)
    np.fill_diagonal(counts_all, 0.0)
    k = scores.shape[1]
    items = np.ones(k, dtype=bool)
    reasons: dict[int, str] = {}
    seen_counts = presented.sum(axis=0)
    item_totals = scores.sum(axis=0, dtype=np.int64)
    first_round = True
    while items.any():
        used = np.flatnonzero(items)
        counts = counts_all[np.ix_(used, used)]
        wins, losses = counts.sum(axis=1), counts.sum(axis=0)
        extreme = (wins == 0) | (losses == 0)
        if not extreme.any():
            break
        for index in np.flatnonzero(extreme).tolist():
            column = int(used[index])
            reasons[column] = _reason(
                int(item_totals[column]), int(seen_counts[column]), wins[index] == 0, first_round
            )
        items[used[extreme]] = False
        first_round = False
    used = np.flatnonzero(items)
    return PairwiseSample(
        items=items,
        item_reasons=reasons,
        counts=counts_all[np.ix_(used, used)],
        right=np.ascontiguousarray(right_all[:, used]),
        seen=np.ascontiguousarray(seen_all[:, used]),
    )


def is_strongly_connected(counts: FloatArray) -> bool:
    """Every item reaches every other along i -> j (n_ij > 0) and back."""
    edges = counts > 0
    return _reaches_all(edges) and _reaches_all(edges.T)


def _reaches_all(edges: BoolArray) -> bool:
    reached = np.zeros(len(edges), dtype=bool)
    reached[0] = True
    while True:
        grown = reached | edges[reached].any(axis=0)
        if (grown == reached).all():
            return bool(reached.all())
        reached = grown


def _reason(total: int, seen: int, never_wins: bool, first_round: bool) -> str:
    if first_round and total == seen:
        return "everyone who saw it answered it correctly (p = 1)"
    if first_round and total == 0:
        return "nobody who saw it answered it correctly (p = 0)"
    if never_wins:
        return (
            "nobody answered it correctly while answering another calibrated item wrongly,"
            " so its difficulty is not finite"
        )
    return (
        "nobody answered it wrongly while answering another calibrated item correctly,"
        " so its difficulty is not finite"
    )
