"""What a learner sees of an attempt: items without keys, and results as the exam allows."""

from __future__ import annotations

import msgspec

from itembank import ItemContent
from service.attempts.schemas import (
    Attempt,
    AttemptSummary,
    DeliveredItem,
    ItemOutcome,
    ItemSetView,
    OptionView,
    ReportedScore,
    Result,
    SubScoreView,
)
from service.attempts.status import AttemptStatus
from service.attempts.store import AttemptRecord, ResponseRecord, StoredSubScore
from service.calibration.store import Ability, Scale
from service.exams.store import ExamRecord


def delivered_items(
    attempt: AttemptRecord,
    contents: dict[str, ItemContent],
    responses: dict[str, ResponseRecord],
) -> list[DeliveredItem]:
    items = []
    for entry in attempt.form:
        content = contents[entry.revision_id]
        options = {option.id: option.text for option in content.options}
        response = responses.get(entry.revision_id)
        items.append(
            DeliveredItem(
                position=entry.position,
                item_set=ItemSetView(id=content.item_set.id, stimulus=content.item_set.stimulus)
                if content.item_set
                else None,
                stem=content.stem,
                format=content.response_format.value,
                options=[OptionView(id=oid, text=options[oid]) for oid in entry.option_order],
                chosen=list(response.chosen) if response else [],
            )
        )
    return items


def _subscores(stored: list[StoredSubScore]) -> list[SubScoreView]:
    return [msgspec.convert(score, SubScoreView, from_attributes=True) for score in stored]


def reported_score(scale: Scale, ability: Ability) -> ReportedScore:
    return ReportedScore(
        score=ability.scaled_score,
        cut=scale.cut_scaled,
        minimum=scale.minimum,
        maximum=scale.maximum,
        standard_error_points=None
        if ability.standard_error is None
        else round(ability.standard_error * scale.points_per_logit, 1),
        items_scored=ability.items_scored,
        pretest_items=ability.pretest_items,
    )


def result_view(
    attempt: AttemptRecord, exam: ExamRecord, reported: ReportedScore | None = None
) -> Result | None:
    """The outcome, revealed only as far as the exam's review setting allows."""
    if attempt.status == AttemptStatus.IN_PROGRESS or attempt.result is None:
        return None
    assert attempt.raw_score is not None and attempt.max_score is not None
    result = Result(
        raw_score=attempt.raw_score,
        max_score=int(attempt.max_score),
        percent=(attempt.percent or 0.0) if reported is None else None,
        score=round((attempt.percent or 0.0) / 100, 6) if reported is None else None,
        cut_score=exam.cut_score if reported is None else float(reported.cut),
        passed=bool(attempt.passed),
        reported=reported,
    )
    if exam.review in ("domains", "items"):
        result.by_domain = _subscores(attempt.result.by_domain)
        result.by_kind = _subscores(attempt.result.by_kind)
    if exam.review == "items":
        result.items = [
            msgspec.convert(item, ItemOutcome, from_attributes=True)
            for item in sorted(attempt.result.items, key=lambda i: i.position)
        ]
    return result


def attempt_view(
    attempt: AttemptRecord,
    exam: ExamRecord,
    *,
    contents: dict[str, ItemContent] | None = None,
    responses: dict[str, ResponseRecord] | None = None,
    reported: ReportedScore | None = None,
) -> Attempt:
    answered = sum(1 for r in (responses or {}).values() if r.chosen)
    show_items = attempt.status == AttemptStatus.IN_PROGRESS and contents is not None
    return Attempt(
        id=attempt.id,
        exam_id=attempt.exam_id,
        learner_id=attempt.learner_id,
        number=attempt.number,
        status=attempt.status,
        started_at=attempt.started_at,
        deadline=attempt.deadline,
        submitted_at=attempt.submitted_at,
        time_multiplier=attempt.time_multiplier,
        answered=answered,
        item_count=len(attempt.form),
        items=delivered_items(attempt, contents or {}, responses or {}) if show_items else None,
        result=result_view(attempt, exam, reported),
    )


def attempt_summary(attempt: AttemptRecord) -> AttemptSummary:
    return msgspec.convert(attempt, AttemptSummary, from_attributes=True)
