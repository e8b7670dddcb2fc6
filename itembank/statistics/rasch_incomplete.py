"""Rasch calibration when examinees saw different items: pairwise CML, person ML, fit.

Steps: the pairwise counts and the calibrated items (``pairwise_data``), a connectivity
check, PCML difficulties with sandwich standard errors (``rasch_pairwise``), each examinee's
ML ability on their own calibrated items, and infit/outfit over the presented cells
(``person_abilities``). Same output as the complete-data CML path; ``abilities`` has one row
per raw score with the *mean* ability and mean SE of the examinees with that score (their
forms differ, so so do their estimates; with one form they are all equal).
"""

from __future__ import annotations

import numpy as np

from itembank.statistics.numeric import BoolArray, optional_float
from itembank.statistics.pairwise_data import (
    PairwiseSample,
    is_strongly_connected,
    select_pairwise,
)
from itembank.statistics.person_abilities import (
    PersonAbilities,
    masked_item_fit,
    person_abilities,
)
from itembank.statistics.rasch_pairwise import estimate_pairwise
from itembank.statistics.rasch_results import RaschAbility, RaschCalibration, RaschItemEstimate
from itembank.statistics.responses import ExamResponses
from itembank.statistics.settings import StatisticsSettings

METHOD = (
    "pairwise CML (pairwise conditional maximum likelihood over the presented pairs,"
    " Newton-Raphson, sum of difficulties = 0; sandwich standard errors)"
)
ABILITY_METHOD = (
    "ML per examinee on the items they saw (none for 0 and perfect scores);"
    " per raw score: the mean over its examinees"
)


def calibrate_incomplete(
    data: ExamResponses, settings: StatisticsSettings, *, presented: BoolArray
) -> RaschCalibration:
    sample = select_pairwise(data.scores, presented)
    if sample.k < 2:
        return _not_estimable(
            data, sample, "fewer than 2 items can be calibrated (the others have p = 0 or 1)"
        )
    if not is_strongly_connected(sample.counts):
        return _not_estimable(
            data,
            sample,
            "the items split into groups that no examinee links both ways (nobody answered an"
            " item of one group correctly and an item of the other wrongly, or the reverse):"
            " the pairwise likelihood has no finite maximum",
        )
    estimate = estimate_pairwise(
        sample.counts,
        sample.right,
        sample.seen,
        max_iterations=settings.rasch_max_iterations,
        tolerance=settings.rasch_tolerance,
    )
    b = estimate.difficulties
    persons = person_abilities(b, sample.right, sample.seen)
    infit, outfit, fitted = masked_item_fit(b, persons, sample.right, sample.seen)
    se = np.sqrt(np.clip(np.diag(estimate.covariance), 0.0, None))
    position = {column: index for index, column in enumerate(np.flatnonzero(sample.items).tolist())}
    items = []
    for column, item_id in enumerate(data.item_ids):
        index = position.get(column)
        if index is None:
            items.append(_item_not_estimable(item_id, sample, column, "no calibration"))
            continue
        items.append(
            RaschItemEstimate(
                item_id=item_id,
                estimable=True,
                not_estimable_reason=None,
                difficulty=float(b[index]),
                standard_error=optional_float(se[index]),
                infit=optional_float(infit[index]),
                outfit=optional_float(outfit[index]),
                persons=int(fitted[index]),
            )
        )
    used = int(persons.estimable.sum())
    return RaschCalibration(
        method=METHOD,
        ability_method=ABILITY_METHOD,
        estimable=True,
        message=None if estimate.converged else "Newton-Raphson did not converge",
        converged=estimate.converged,
        iterations=estimate.iterations,
        conditional_log_likelihood=estimate.log_likelihood,
        persons_used=used,
        persons_extreme=data.n_examinees - used,
        items=items,
        abilities=_abilities_by_score(persons),
    )


def _abilities_by_score(persons: PersonAbilities) -> list[RaschAbility]:
    top = int(persons.form_lengths.max(initial=0))
    counts = np.bincount(persons.raw_scores, minlength=top + 1)
    usable = persons.estimable
    scores = persons.raw_scores[usable]
    n_usable = np.bincount(scores, minlength=top + 1)
    theta_sum = np.bincount(scores, weights=persons.theta[usable], minlength=top + 1)
    se_sum = np.bincount(scores, weights=persons.standard_error[usable], minlength=top + 1)
    rows = []
    for score in range(top + 1):
        count = int(n_usable[score])
        rows.append(
            RaschAbility(
                raw_score=score,
                persons=int(counts[score]),
                theta=float(theta_sum[score] / count) if count else None,
                standard_error=float(se_sum[score] / count) if count else None,
            )
        )
    return rows


def _item_not_estimable(
    item_id: str, sample: PairwiseSample, column: int, fallback: str
) -> RaschItemEstimate:
    return RaschItemEstimate(
        item_id=item_id,
        estimable=False,
        not_estimable_reason=sample.item_reasons.get(column, fallback),
        difficulty=None,
        standard_error=None,
        infit=None,
        outfit=None,
    )


def _not_estimable(data: ExamResponses, sample: PairwiseSample, message: str) -> RaschCalibration:
    return RaschCalibration(
        method=METHOD,
        ability_method=ABILITY_METHOD,
        estimable=False,
        message=message,
        converged=False,
        iterations=0,
        conditional_log_likelihood=None,
        persons_used=0,
        persons_extreme=data.n_examinees,
        items=[
            _item_not_estimable(item_id, sample, column, message)
            for column, item_id in enumerate(data.item_ids)
        ],
        abilities=[],
    )
