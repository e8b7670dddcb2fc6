"""Distractor analysis: one row per option of an item, plus one row for omissions.

Over the n_j examinees who were presented item j (all N for complete data), for those who
chose option o (indicator C_o, count n_o):

  share_of_all        = n_o / n_j
  share_of_responders = n_o / (n_j - omitted)   (None for the omitted row or if nobody answered)
  mean_total          = mean of T over the choosers     (None if n_o = 0)
  rest_point_biserial = Pearson r(C_o, R_j), R_j = T - X_j
                        (None if n_o is 0 or n_j, or R_j is constant)
  upper_share         = share of item j's upper 27% group (fractional tie rule) that chose o
  lower_share         = the same for the lower group    (None if n_g = 0 or T is constant)

The option-rest correlation uses the rest score so that the key's own point cannot inflate
the key's correlation (for a distractor X_j = 0 anyway). Sums per option come from one
``bincount`` per quantity, so an item costs a handful of passes over N regardless of its
number of options.
"""

from __future__ import annotations

import numpy as np

from itembank.statistics.moments import ResponseMoments
from itembank.statistics.numeric import (
    BoolArray,
    FloatArray,
    IntArray,
    correlation_from_sums,
    optional_float,
)
from itembank.statistics.responses import ItemOptions
from itembank.statistics.results import OptionStatistics
from itembank.statistics.score_groups import ScoreGroups


def distractor_tables(
    choices: IntArray,
    options: tuple[ItemOptions, ...],
    moments: ResponseMoments,
    groups: list[ScoreGroups | None],
    presented: BoolArray | None,
) -> list[list[OptionStatistics]]:
    by_item = np.ascontiguousarray(choices.T) + 1  # 0 = omitted, 1.. = option index + 1
    scores_by_item = np.ascontiguousarray(moments.scores_float.T)
    seen_by_item = None if presented is None else np.ascontiguousarray(presented.T)
    totals = moments.totals.astype(np.float64)
    tables = []
    for j in range(moments.k):
        rows = slice(None) if seen_by_item is None else np.flatnonzero(seen_by_item[j])
        tables.append(
            _item_table(
                codes=by_item[j][rows],
                options=options[j],
                rest=totals[rows] - scores_by_item[j][rows],
                ss_rest=int(moments.ss_rest[j]),
                totals=totals[rows],
                totals_int=moments.totals[rows],
                max_score=moments.max_score,
                groups=groups[j],
            )
        )
    return tables


def _item_table(
    *,
    codes: IntArray,
    options: ItemOptions,
    rest: FloatArray,
    ss_rest: int,
    totals: FloatArray,
    totals_int: IntArray,
    max_score: int,
    groups: ScoreGroups | None,
) -> list[OptionStatistics]:
    n = len(codes)
    rows = len(options.option_ids) + 1
    counts = np.bincount(codes, minlength=rows).astype(np.int64)
    sum_total = np.bincount(codes, weights=totals, minlength=rows)
    sum_rest = np.bincount(codes, weights=rest, minlength=rows)
    # N^2-scaled covariance and variance of the choice indicator (exact integers in float).
    sp_rest = n * sum_rest - counts * float(rest.sum())
    ss_choice = counts * (n - counts)
    r_rest = correlation_from_sums(sp_rest, ss_choice, float(ss_rest))
    mean_total = np.where(counts > 0, sum_total / np.maximum(counts, 1), np.nan)
    if groups is None:
        upper = lower = np.full(rows, np.nan)
    else:
        by_score = np.bincount(totals_int * rows + codes, minlength=(max_score + 1) * rows).reshape(
            max_score + 1, rows
        )
        upper = groups.upper_share(by_score.astype(np.float64))
        lower = groups.lower_share(by_score.astype(np.float64))
    answered = n - int(counts[0])
    keys = options.key_mask()
    table = []
    for row in range(rows):
        omitted = row == 0
        table.append(
            OptionStatistics(
                option_id=None if omitted else options.option_ids[row - 1],
                is_key=False if omitted else bool(keys[row - 1]),
                is_omitted=omitted,
                count=int(counts[row]),
                share_of_all=float(counts[row] / n),
                share_of_responders=(
                    None if omitted or answered == 0 else float(counts[row] / answered)
                ),
                mean_total=optional_float(mean_total[row]),
                rest_point_biserial=optional_float(r_rest[row]),
                upper_share=optional_float(upper[row]),
                lower_share=optional_float(lower[row]),
            )
        )
    # Omissions last: options in their authored order first reads better in a report.
    return table[1:] + table[:1]
