"""What a learner sees of an attempt: items without keys, and results as the exam allows."""

from __future__ import annotations

from typing import Any

from service.attempts.schemas import (
    Attempt,
    AttemptSummary,
    DeliveredItem,
    ItemOutcome,
    ItemSetView,
    OptionView,
    Result,
    SubScoreView,
)
from service.db.models import AttemptRow, ExamRow, ResponseRow

IN_PROGRESS = "in_progress"


def delivered_items(
    attempt: AttemptRow, contents: dict[str, dict[str, Any]], responses: dict[str, ResponseRow]
) -> list[DeliveredItem]:
    items = []
    for entry in attempt.form:
        content = contents[entry["revisionId"]]
        options = {option["id"]: option["text"] for option in content["options"]}
        item_set = content.get("itemSet")
        response = responses.get(entry["revisionId"])
        items.append(
            DeliveredItem(
                position=entry["position"],
                item_set=ItemSetView(id=item_set["id"], stimulus=item_set["stimulus"])
                if item_set
                else None,
                stem=content["stem"],
                format=content["format"],
                options=[OptionView(id=oid, text=options[oid]) for oid in entry["optionOrder"]],
                chosen=list(response.chosen) if response else [],
            )
        )
    return items


def _subscores(raw: list[dict[str, Any]]) -> list[SubScoreView]:
    return [
        SubScoreView(name=s["name"], raw=s["raw"], max_points=s["maxPoints"], percent=s["percent"])
        for s in raw
    ]


def result_view(attempt: AttemptRow, exam: ExamRow) -> Result | None:
    """The outcome, revealed only as far as the exam's review setting allows."""
    if attempt.status == IN_PROGRESS or attempt.result is None:
        return None
    assert attempt.raw_score is not None and attempt.max_score is not None
    result = Result(
        raw_score=attempt.raw_score,
        max_score=int(attempt.max_score),
        percent=attempt.percent or 0.0,
        cut_score=exam.cut_score,
        passed=bool(attempt.passed),
    )
    if exam.review in ("domains", "items"):
        result.by_domain = _subscores(attempt.result["byDomain"])
        result.by_kind = _subscores(attempt.result["byKind"])
        result.study_plan = _subscores(attempt.result["studyPlan"])
    if exam.review == "items":
        result.items = [
            ItemOutcome(
                position=item["position"],
                correct=item["correct"],
                points=item["points"],
                chosen=item["chosen"],
                keys=item["keys"],
                rationales=item["rationales"],
            )
            for item in sorted(attempt.result["items"], key=lambda i: i["position"])
        ]
    return result


def attempt_view(
    attempt: AttemptRow,
    exam: ExamRow,
    *,
    contents: dict[str, dict[str, Any]] | None = None,
    responses: dict[str, ResponseRow] | None = None,
) -> Attempt:
    answered = sum(1 for r in (responses or {}).values() if r.chosen)
    show_items = attempt.status == IN_PROGRESS and contents is not None
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
        result=result_view(attempt, exam),
    )


def attempt_summary(attempt: AttemptRow) -> AttemptSummary:
    return AttemptSummary(
        id=attempt.id,
        exam_id=attempt.exam_id,
        learner_id=attempt.learner_id,
        learner_name=attempt.learner_name,
        number=attempt.number,
        status=attempt.status,
        started_at=attempt.started_at,
        deadline=attempt.deadline,
        submitted_at=attempt.submitted_at,
        percent=attempt.percent,
        passed=attempt.passed,
        via_override=attempt.via_override,
    )
