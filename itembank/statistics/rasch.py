"""Rasch (1PL) calibration of one exam: CML difficulties, ML abilities, item fit.

Complete data (everyone saw every item) use full CML below. When a ``presented`` mask says
examinees saw different items (forms drawn from a pool), ``rasch_incomplete`` calibrates by
pairwise CML instead: full CML would need the symmetric functions of every distinct form.

Steps: choose the items and examinees that carry information (``rasch_data``), check that
a finite CML estimate exists, estimate difficulties by Newton-Raphson on the conditional
likelihood (``rasch_cml``), ML abilities per raw score (``rasch_persons``), then infit and
outfit (``rasch_fit``). Difficulties are on the logit scale with sum 0 over the estimable
items (easiness = -difficulty in software that reports easiness, e.g. eRm's beta).
"""

from __future__ import annotations

import numpy as np

from itembank.statistics.numeric import optional_float
from itembank.statistics.rasch_cml import estimate_cml
from itembank.statistics.rasch_data import RaschSample, is_connected, select_sample
from itembank.statistics.rasch_fit import item_fit
from itembank.statistics.rasch_incomplete import calibrate_incomplete
from itembank.statistics.rasch_persons import ml_abilities
from itembank.statistics.rasch_results import RaschAbility, RaschCalibration, RaschItemEstimate
from itembank.statistics.responses import ExamResponses
from itembank.statistics.settings import StatisticsSettings

METHOD = "CML (conditional maximum likelihood, Newton-Raphson, sum of difficulties = 0)"
ABILITY_METHOD = "ML (maximum likelihood per raw score; none for 0 and perfect scores)"


def calibrate_rasch(data: ExamResponses, settings: StatisticsSettings) -> RaschCalibration:
    if data.presented is not None:
        return calibrate_incomplete(data, settings, presented=data.presented)
    sample = select_sample(data.scores)
    persons_extreme = data.n_examinees - int(sample.persons.sum())
    if sample.k < 2 or not sample.persons.any():
        return _not_estimable(
            data,
            sample,
            persons_extreme,
            "fewer than 2 items or no examinee with a"
            " non-extreme score remain, so no item can be calibrated",
        )
    if not is_connected(sample):
        return _not_estimable(
            data,
            sample,
            persons_extreme,
            "the items split into groups that no examinee links both ways (everyone who"
            " answered an item of one group correctly also answered every item of the other"
            " correctly): the conditional likelihood has no finite maximum",
        )
    estimate = estimate_cml(
        sample.item_totals,
        sample.score_counts,
        max_iterations=settings.rasch_max_iterations,
        tolerance=settings.rasch_tolerance,
    )
    b = estimate.difficulties
    theta, theta_se = ml_abilities(b)
    infit, outfit = item_fit(b, theta, sample.score_counts, sample.correct_by_score)
    se = np.sqrt(np.clip(np.diag(estimate.covariance), 0.0, None))
    persons_by_score = np.bincount(sample.raw_scores, minlength=sample.k + 1)
    used = np.flatnonzero(sample.items).tolist()
    position = {column: index for index, column in enumerate(used)}
    items = []
    for column, item_id in enumerate(data.item_ids):
        index = position.get(column)
        if index is None:
            items.append(_item_not_estimable(item_id, sample, column))
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
                persons=int(sample.persons.sum()),
            )
        )
    return RaschCalibration(
        method=METHOD,
        ability_method=ABILITY_METHOD,
        estimable=True,
        message=None if estimate.converged else "Newton-Raphson did not converge",
        converged=estimate.converged,
        iterations=estimate.iterations,
        conditional_log_likelihood=estimate.log_likelihood,
        persons_used=int(sample.persons.sum()),
        persons_extreme=persons_extreme,
        items=items,
        abilities=[
            RaschAbility(
                raw_score=score,
                persons=int(persons_by_score[score]),
                theta=optional_float(theta[score]),
                standard_error=optional_float(theta_se[score]),
            )
            for score in range(sample.k + 1)
        ],
    )


def _item_not_estimable(item_id: str, sample: RaschSample, column: int) -> RaschItemEstimate:
    return RaschItemEstimate(
        item_id=item_id,
        estimable=False,
        not_estimable_reason=sample.item_reasons.get(column, "no calibration was possible"),
        difficulty=None,
        standard_error=None,
        infit=None,
        outfit=None,
    )


def _not_estimable(
    data: ExamResponses, sample: RaschSample, persons_extreme: int, message: str
) -> RaschCalibration:
    return RaschCalibration(
        method=METHOD,
        ability_method=ABILITY_METHOD,
        estimable=False,
        message=message,
        converged=False,
        iterations=0,
        conditional_log_likelihood=None,
        persons_used=int(sample.persons.sum()),
        persons_extreme=persons_extreme,
        items=[
            RaschItemEstimate(
                item_id=item_id,
                estimable=False,
                not_estimable_reason=sample.item_reasons.get(column, message),
                difficulty=None,
                standard_error=None,
                infit=None,
                outfit=None,
            )
            for column, item_id in enumerate(data.item_ids)
        ],
        abilities=[],
    )
