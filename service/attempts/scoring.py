"""Scoring a finished attempt, and the outbox row that a pass owes the credential issuer.

Runs inside the transaction that closes the attempt, so "scored and passed" and "a
credential is owed" are committed together or not at all.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from sqlalchemy.ext.asyncio import AsyncSession

from itembank import ItemContent
from itembank.scoring import (
    MultipleResponseScoring,
    ScoreReport,
    ScoringItem,
    ScoringRules,
    SubScore,
    score_form,
)
from service.attempts import store
from service.attempts.status import AttemptStatus
from service.attempts.store import (
    StoredFormEntry,
    StoredItemOutcome,
    StoredScoreReport,
    StoredSubScore,
)
from service.calibration.scoring import score_on_scale
from service.calibration.store import save_ability
from service.db.models import AttemptRow
from service.exams.store import ExamRecord
from service.webhooks.emit import attempt_submitted


def _ratio(value: float) -> Fraction:
    return Fraction(value).limit_denominator(10_000)


def _subscores(scores: tuple[SubScore, ...]) -> list[StoredSubScore]:
    return [
        StoredSubScore(
            name=score.name,
            raw=float(score.raw),
            max_points=score.max_points,
            percent=round(float(score.percent), 2),
        )
        for score in scores
    ]


def stored_report(
    report: ScoreReport, positions: dict[str, int], rationales: dict[str, dict[str, str]]
) -> StoredScoreReport:
    return StoredScoreReport(
        by_domain=_subscores(report.by_domain),
        by_kind=_subscores(report.by_kind),
        study_plan=_subscores(report.study_plan),
        items=[
            StoredItemOutcome(
                position=positions[item.revision_id],
                revision_id=item.revision_id,
                correct=item.correct,
                points=float(item.points),
                chosen=list(item.chosen),
                keys=list(item.keys),
                rationales=rationales.get(item.revision_id, {}),
            )
            for item in report.items
        ],
    )


def score(
    form: list[StoredFormEntry],
    contents: dict[str, ItemContent],
    answers: dict[str, list[str]],
    exam: ExamRecord,
) -> tuple[ScoreReport, StoredScoreReport]:
    """The score of the saved answers under the exam's rules, and the report to store."""
    items = [
        ScoringItem(
            revision_id=entry.revision_id,
            domain=contents[entry.revision_id].domain,
            kind=contents[entry.revision_id].kind,
            response_format=contents[entry.revision_id].response_format,
            keys=frozenset(contents[entry.revision_id].keys),
        )
        for entry in form
    ]
    rules = ScoringRules(
        cut_score_percent=_ratio(exam.cut_score) * 100,
        multiple_response=MultipleResponseScoring(exam.multiple_response_scoring),
        mastery_threshold=_ratio(exam.mastery_threshold),
    )
    report = score_form(items, answers, rules)
    positions = {entry.revision_id: entry.position for entry in form}
    rationales = {
        revision_id: {option.id: option.rationale for option in content.options if option.rationale}
        for revision_id, content in contents.items()
    }
    return report, stored_report(report, positions, rationales)


async def close_attempt(
    session: AsyncSession,
    attempt: AttemptRow,
    exam: ExamRecord,
    *,
    now: datetime,
    status: AttemptStatus,
) -> AttemptRow:
    """Score what was saved, record the outcome, owe a credential for a pass, and announce
    ``attempt.submitted`` (webhook outbox, same transaction)."""
    form = store.form_of(attempt)
    contents = await store.item_contents(session, (entry.revision_id for entry in form))
    answers = await store.chosen_answers(session, attempt.id)
    report, stored = score(form, contents, answers, exam)
    # an exam on the calibrated scale decides by ability (pretest items unscored)
    scaled = await score_on_scale(
        session, exam.id, [(item.revision_id, bool(item.correct)) for item in report.items]
    )
    passed = report.passed if scaled is None or scaled.passed is None else scaled.passed
    closed = await store.record_outcome(
        session,
        attempt,
        status=status,
        now=now,
        raw=float(report.raw),
        max_points=float(report.max_points),
        percent=round(float(report.percent), 2),
        passed=passed,
        report=stored,
    )
    if scaled is not None:
        await save_ability(session, attempt.id, scaled.ability)
    await attempt_submitted(session, closed, now)
    return closed
