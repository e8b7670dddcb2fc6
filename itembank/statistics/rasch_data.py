"""Which items and examinees enter the Rasch calibration, and their sufficient statistics.

Conditional ML cannot estimate an item nobody (or everybody) answered correctly, and an
examinee with raw score 0 or k carries no information about the items (their conditional
likelihood is 1 whatever the difficulties). Removing one can create the other (an item
answered correctly only by examinees with perfect scores is answered correctly by nobody
once those are set aside), so both exclusions repeat until nothing changes.

What remains must also be *connected* (Fischer, 1981): for every split of the items into
two groups, someone must have answered an item of the first group correctly and one of the
second wrongly, and vice versa. Otherwise (e.g. a perfect Guttman pattern) the likelihood
keeps increasing as some difficulties move apart and no finite estimate exists. With
complete data this is strong connectivity of the directed graph i -> j "someone answered i
correctly and j wrongly", checked by growing the set of items reachable from one item in
both directions (each round two matrix-vector products; real data needs two or three).

CML then needs only the item totals s_j and the number of examinees n_r per raw score r.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from itembank.statistics.numeric import BoolArray, FloatArray, IntArray
from itembank.statistics.score_groups import counts_by_score


@dataclass(frozen=True, slots=True)
class RaschSample:
    """``items`` / ``persons``: masks over the original columns / rows that are used."""

    items: BoolArray
    persons: BoolArray
    item_reasons: dict[int, str]
    raw_scores: IntArray
    item_totals: IntArray
    score_counts: IntArray
    correct_by_score: FloatArray
    """[r, j] = examinees in the sample with raw score r who answered item j correctly."""
    responses: NDArray[np.uint8]
    """The sample's responses: used persons x used items."""

    @property
    def k(self) -> int:
        return int(self.items.sum())


def select_sample(scores: NDArray[np.uint8]) -> RaschSample:
    n, k = scores.shape
    items = np.ones(k, dtype=bool)
    persons = np.ones(n, dtype=bool)
    reasons: dict[int, str] = {}
    first_round = True
    while True:
        totals = (persons.astype(np.int64) @ scores).astype(np.int64)
        n_persons = int(persons.sum())
        extreme = items & ((totals == 0) | (totals == n_persons))
        for j in np.flatnonzero(extreme).tolist():
            reasons[j] = _item_reason(int(totals[j]) > 0, first_round)
        items &= ~extreme
        raw = (scores @ items.astype(np.int64)).astype(np.int64)
        k_used = int(items.sum())
        still = persons & (raw > 0) & (raw < k_used)
        if not extreme.any() and (still == persons).all():
            break
        persons = still
        first_round = False
    responses = np.ascontiguousarray(scores[persons][:, items])
    return RaschSample(
        items=items,
        persons=persons,
        item_reasons=reasons,
        raw_scores=raw,
        item_totals=responses.sum(axis=0, dtype=np.int64),
        score_counts=np.bincount(raw[persons], minlength=k_used + 1).astype(np.int64),
        correct_by_score=counts_by_score(raw[persons], responses, k_used),
        responses=responses,
    )


def is_connected(sample: RaschSample) -> bool:
    """Strong connectivity of "someone answered i right and j wrong" over the sample."""
    responses = sample.responses.astype(np.float64)
    return _reaches_all(responses, forward=True) and _reaches_all(responses, forward=False)


def _reaches_all(responses: FloatArray, *, forward: bool) -> bool:
    """Grow the items reachable from item 0 along right -> wrong (or wrong -> right) edges."""
    k = responses.shape[1]
    reached = np.zeros(k, dtype=bool)
    reached[0] = True
    while True:
        right_on_reached = responses @ reached.astype(np.float64)
        # persons with a right (forward) / wrong (backward) answer on some reached item
        via = right_on_reached > 0 if forward else right_on_reached < reached.sum()
        right = via.astype(np.float64) @ responses
        # items those persons answered wrong (forward) / right (backward)
        grown = reached | ((right < via.sum()) if forward else (right > 0))
        if (grown == reached).all():
            return bool(reached.all())
        reached = grown


def _item_reason(everyone_correct: bool, first_round: bool) -> str:
    if first_round:
        return (
            "everyone answered it correctly (p = 1)"
            if everyone_correct
            else "nobody answered it correctly (p = 0)"
        )
    group = "everyone" if everyone_correct else "nobody"
    return (
        f"{group} answered it correctly among the examinees left after setting aside"
        " zero and perfect scores"
    )
