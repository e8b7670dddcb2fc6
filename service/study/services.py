"""Build the study plan of a scored attempt and shape it for the exam's review setting.

The rule is `itembank.study.plan_study`; this reads its inputs (points per delivered item from
the stored result, each item's objective, the bank's guides) and decides how much to show.
Whatever the review setting, the plan shows weak domains, their score, the objectives to
revise and the reading: that is the re-study path programs owe a learner who fell short.
It never shows items, positions, keys or choices. Under `review: items` (where the learner
sees every item's outcome anyway) each objective also says how many points were lost on how
many items; under `score` and `domains` those counts are left out, because on an objective
with one item on the form a count would tell whether that item was right.
"""

from __future__ import annotations

from fractions import Fraction

from sqlalchemy.ext.asyncio import AsyncSession

from itembank.retake import StartDecision
from itembank.study import ItemMark, StudyPlan, StudyResource, plan_study
from service.attempts.status import AttemptStatus
from service.attempts.store import AttemptRecord
from service.exams.store import ExamRecord
from service.study import store
from service.study.errors import StudyPlanNotReady
from service.study.schemas import (
    DomainStudyView,
    ObjectiveStudyView,
    RetakeView,
    StudyPlanView,
    StudyResourceView,
)


def _ratio(value: float) -> Fraction:
    return Fraction(value).limit_denominator(10_000)


async def study_plan(
    session: AsyncSession, attempt: AttemptRecord, exam: ExamRecord, retake: StartDecision
) -> StudyPlanView:
    """The plan of `attempt`, shown as `exam.review` allows; 409 while it is in progress."""
    if attempt.status == AttemptStatus.IN_PROGRESS or attempt.result is None:
        raise StudyPlanNotReady(attempt.id, attempt.status)
    points = {outcome.revision_id: outcome.points for outcome in attempt.result.items}
    objectives = await store.objectives_of(session, (entry.item_id for entry in attempt.form))
    marks = [
        ItemMark(
            domain=entry.domain,
            objective=objectives.get(entry.item_id),
            points=_ratio(points.get(entry.revision_id, 0.0)),
        )
        for entry in attempt.form
    ]
    guides = await store.guides_for(session, exam.bank_id, {entry.domain for entry in attempt.form})
    plan = plan_study(marks, guides, _ratio(exam.mastery_threshold), retake.earliest_start)
    return plan_view(plan, attempt, exam, retake)


def _resources(resources: tuple[StudyResource, ...]) -> list[StudyResourceView]:
    return [StudyResourceView(title=r.title, url=r.url) for r in resources]


def plan_view(
    plan: StudyPlan, attempt: AttemptRecord, exam: ExamRecord, retake: StartDecision
) -> StudyPlanView:
    counts = exam.review == "items"
    return StudyPlanView(
        attempt_id=attempt.id,
        exam_id=exam.id,
        passed=bool(attempt.passed),
        percent=attempt.percent or 0.0,
        mastery_threshold=float(plan.mastery_threshold),
        domains=[
            DomainStudyView(
                domain=domain.domain,
                title=domain.title,
                description=domain.description,
                percent=round(float(domain.percent), 2),
                objectives=[
                    ObjectiveStudyView(
                        id=objective.id,
                        title=objective.title,
                        description=objective.description,
                        resources=_resources(objective.resources),
                        targeted=objective.targeted,
                        lost_points=float(objective.lost)
                        if counts and objective.targeted
                        else None,
                        asked=objective.asked if counts and objective.targeted else None,
                    )
                    for objective in domain.objectives
                ],
                resources=_resources(domain.resources),
            )
            for domain in plan.domains
        ],
        retake=RetakeView(
            earliest=plan.retake_from,
            allowed_now=retake.allowed,
            reason=retake.reason.value,
            message=retake.message,
        ),
    )
