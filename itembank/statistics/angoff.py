"""Standard setting by the modified Angoff method.

Each panelist rates every item with the probability (0..1) that a minimally competent
candidate answers it correctly. A panelist's cut is the sum of their ratings (the expected
raw score of that candidate); the recommended cut is the mean over panelists,

  cut_raw = (1 / n) sum_p sum_j r_pj,   cut_percent = 100 cut_raw / k,

with its standard error across panelists SE = SD_p / sqrt(n), SD_p the sample SD (divisor
n - 1) of the panelists' cuts: the usual measure of how much the cut would move with
another panel of the same size. Per item: mean rating, sample SD, min and max. The items
where panelists disagree most are those with the largest rating SD (ties in item order):
the ones to discuss before a second round.

Validation lists every problem at once, each with panelist, item and reason: a rating
outside 0..1 or not a number, an item not on the exam, the same panelist rating an item
twice, and each missing (panelist, item) rating. Nothing is computed from incomplete
ratings: a cut from partial ratings would be biased towards the items that were rated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from itembank.statistics.numeric import FloatArray, optional_float

DISAGREEMENT_ITEMS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class AngoffRating:
    panelist_id: str
    item_id: str
    rating: float


@dataclass(frozen=True, slots=True, kw_only=True)
class RatingProblem:
    """``panelist_id`` / ``item_id`` are None when the problem is not about one of them."""

    panelist_id: str | None
    item_id: str | None
    reason: str


class InvalidRatingsError(ValueError):
    """The ratings cannot be used; ``problems`` lists every problem, not the first."""

    def __init__(self, problems: list[RatingProblem]) -> None:
        self.problems = list(problems)
        shown = "; ".join(
            f"{p.panelist_id or '-'} / {p.item_id or '-'}: {p.reason}" for p in self.problems[:3]
        )
        more = f" (and {len(self.problems) - 3} more)" if len(self.problems) > 3 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the ratings: {shown}{more}")


@dataclass(frozen=True, slots=True, kw_only=True)
class AngoffItem:
    item_id: str
    mean: float
    sd: float | None
    minimum: float
    maximum: float


@dataclass(frozen=True, slots=True, kw_only=True)
class PanelistCut:
    panelist_id: str
    cut_raw: float
    cut_percent: float


@dataclass(frozen=True, slots=True, kw_only=True)
class AngoffResult:
    """``standard_error_*`` is None with a single panelist (no spread to measure)."""

    panelists: int
    items: int
    cut_raw: float
    cut_percent: float
    standard_error_raw: float | None
    standard_error_percent: float | None
    panelist_cuts: list[PanelistCut]
    item_ratings: list[AngoffItem]
    most_disagreement: list[AngoffItem]


def angoff_cut(
    ratings: Sequence[AngoffRating],
    item_ids: Sequence[str],
    *,
    disagreement_items: int = DISAGREEMENT_ITEMS,
) -> AngoffResult:
    """The recommended cut for the exam whose items are ``item_ids`` (raises
    :class:`InvalidRatingsError` listing every problem)."""
    problems: list[RatingProblem] = []
    items = list(item_ids)
    column = {item: j for j, item in enumerate(items)}
    if len(column) != len(items):
        problems.append(RatingProblem(panelist_id=None, item_id=None, reason="item ids repeat"))
    panelists = list(dict.fromkeys(r.panelist_id for r in ratings))
    row = {panelist: i for i, panelist in enumerate(panelists)}
    matrix = np.full((len(panelists), len(items)), np.nan)
    for rating in ratings:
        where = {"panelist_id": rating.panelist_id, "item_id": rating.item_id}
        value = rating.rating
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            problems.append(RatingProblem(**where, reason=f"rating {value!r} is not a number"))
            continue
        if not 0.0 <= value <= 1.0:
            problems.append(
                RatingProblem(**where, reason=f"rating {value} is outside 0..1 (a probability)")
            )
            continue
        j = column.get(rating.item_id)
        if j is None:
            problems.append(RatingProblem(**where, reason="the item is not on the exam"))
            continue
        i = row[rating.panelist_id]
        if not math.isnan(matrix[i, j]):
            problems.append(RatingProblem(**where, reason="rated twice by the same panelist"))
            continue
        matrix[i, j] = value
    rated_badly = {(p.panelist_id, p.item_id) for p in problems}
    for i, panelist in enumerate(panelists):
        for j in np.flatnonzero(np.isnan(matrix[i])).tolist():
            if (panelist, items[j]) not in rated_badly:
                problems.append(
                    RatingProblem(panelist_id=panelist, item_id=items[j], reason="no rating")
                )
    if not panelists:
        problems.append(RatingProblem(panelist_id=None, item_id=None, reason="no ratings"))
    if not items:
        problems.append(RatingProblem(panelist_id=None, item_id=None, reason="no items"))
    if problems:
        raise InvalidRatingsError(problems)
    return _result(matrix, panelists, items, disagreement_items)


def _result(
    matrix: FloatArray, panelists: list[str], items: list[str], disagreement_items: int
) -> AngoffResult:
    n, k = matrix.shape
    cuts = matrix.sum(axis=1)
    cut = float(cuts.mean())
    se = float(cuts.std(ddof=1)) / math.sqrt(n) if n > 1 else None
    sd = matrix.std(axis=0, ddof=1) if n > 1 else np.full(k, np.nan)
    item_ratings = [
        AngoffItem(
            item_id=item,
            mean=float(matrix[:, j].mean()),
            sd=optional_float(sd[j]),
            minimum=float(matrix[:, j].min()),
            maximum=float(matrix[:, j].max()),
        )
        for j, item in enumerate(items)
    ]
    # rounded so that SDs equal but for floating-point noise tie (and keep item order)
    order = np.argsort(-np.round(np.nan_to_num(sd, nan=-1.0), 12), kind="stable")
    most = [item_ratings[j] for j in order[:disagreement_items].tolist() if not np.isnan(sd[j])]
    return AngoffResult(
        panelists=n,
        items=k,
        cut_raw=cut,
        cut_percent=100.0 * cut / k,
        standard_error_raw=se,
        standard_error_percent=None if se is None else 100.0 * se / k,
        panelist_cuts=[
            PanelistCut(
                panelist_id=p, cut_raw=float(cuts[i]), cut_percent=100.0 * float(cuts[i]) / k
            )
            for i, p in enumerate(panelists)
        ],
        item_ratings=item_ratings,
        most_disagreement=most,
    )
