"""Score one closing attempt on the exam's calibrated scale, if the exam has one.

The ability comes from the calibrated items the attempt saw, with their stored difficulties
held fixed (``itembank.statistics.estimate_abilities``: ML, or WLE for a zero or perfect
score); items without a stored calibration are pretest items: delivered, never scored. The
decision is theta >= theta_cut and the learner is shown the scaled score. An attempt that saw
no calibrated item cannot be placed on the scale: it keeps the raw-percent decision and its
ability is recorded as undefined.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from itembank.statistics import ReportingScale, estimate_abilities, scaled_scores
from service.calibration import store
from service.calibration.store import Ability, Scale


@dataclass(frozen=True, slots=True)
class ScaledOutcome:
    passed: bool | None
    """None when no calibrated item was seen (the raw-percent decision stands)."""
    ability: Ability


def reporting_scale(scale: Scale) -> ReportingScale:
    return ReportingScale(
        minimum=scale.minimum,
        maximum=scale.maximum,
        cut_scaled=scale.cut_scaled,
        points_per_logit=scale.points_per_logit,
    )


async def score_on_scale(
    session: AsyncSession, exam_id: UUID, correct: Sequence[tuple[str, bool]]
) -> ScaledOutcome | None:
    """``correct`` = (revision id, answered fully right) for each item of the attempt's form."""
    scale = await store.scale_of(session, exam_id)
    if scale is None:
        return None
    revisions = [UUID(revision_id) for revision_id, _ in correct]
    stored = await store.calibrations(session, revisions)
    difficulties = np.array(
        [stored[r].difficulty if r in stored else np.nan for r in revisions], dtype=np.float64
    )
    scores = np.array([[1.0 if right else 0.0 for _, right in correct]])
    estimate = estimate_abilities(scores, None, difficulties)
    theta = float(estimate.theta[0])
    se = float(estimate.standard_error[0])
    defined = math.isfinite(theta)
    ability = Ability(
        theta=theta if defined else None,
        standard_error=se if math.isfinite(se) else None,
        scaled_score=scaled_scores([theta], scale.theta_cut, reporting_scale(scale))[0],
        items_scored=int(estimate.items_scored[0]),
        pretest_items=len(revisions) - int(estimate.items_scored[0]),
        method=estimate.methods[0],
    )
    return ScaledOutcome(passed=theta >= scale.theta_cut if defined else None, ability=ability)


async def deliverable_revisions(
    session: AsyncSession, scale: Scale | None, revision_ids: Sequence[str]
) -> set[str] | None:
    """The revisions a new form may hold: all (None) unless the exam scores on the calibrated
    scale (``scale``, `store.scale_of`) without pretest delivery, when only calibrated
    revisions are delivered."""
    if scale is None or scale.pretest_uncalibrated:
        return None
    stored = await store.calibrations(session, (UUID(r) for r in revision_ids))
    return {r for r in revision_ids if UUID(r) in stored}
