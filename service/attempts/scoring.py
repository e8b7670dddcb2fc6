"""Scoring a finished attempt, and the outbox row that a pass owes the credential issuer.

Runs inside the transaction that closes the attempt, so "scored and passed" and "a
credential is owed" are committed together or not at all.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from itembank import Kind as ItemKind
from itembank import ResponseFormat
from itembank.scoring import (
    MultipleResponseScoring,
    ScoreReport,
    ScoringItem,
    ScoringRules,
    SubScore,
    score_form,
)
from service.db.models import AttemptRow, CredentialOutboxRow, ExamRow, ItemRevisionRow, ResponseRow


def _ratio(value: float) -> Fraction:
    return Fraction(value).limit_denominator(10_000)


def _subscores(scores: tuple[SubScore, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": score.name,
            "raw": float(score.raw),
            "maxPoints": score.max_points,
            "percent": round(float(score.percent), 2),
        }
        for score in scores
    ]


def report_to_json(
    report: ScoreReport, positions: dict[str, int], rationales: dict[str, dict[str, str]]
) -> dict[str, Any]:
    return {
        "byDomain": _subscores(report.by_domain),
        "byKind": _subscores(report.by_kind),
        "studyPlan": _subscores(report.study_plan),
        "items": [
            {
                "position": positions[item.revision_id],
                "revisionId": item.revision_id,
                "correct": item.correct,
                "points": float(item.points),
                "chosen": list(item.chosen),
                "keys": list(item.keys),
                "rationales": rationales.get(item.revision_id, {}),
            }
            for item in report.items
        ],
    }


async def close_attempt(
    session: AsyncSession, attempt: AttemptRow, exam: ExamRow, *, now: datetime, status: str
) -> AttemptRow:
    """Score what was saved, record the outcome, and owe a credential for a pass."""
    revision_ids = [entry["revisionId"] for entry in attempt.form]
    contents = {
        str(revision_id): content
        for revision_id, content in (
            await session.execute(
                select(ItemRevisionRow.id, ItemRevisionRow.content).where(
                    ItemRevisionRow.id.in_([UUID(r) for r in revision_ids])
                )
            )
        ).all()
    }
    responses = {
        str(revision_id): chosen
        for revision_id, chosen in (
            await session.execute(
                select(ResponseRow.revision_id, ResponseRow.chosen).where(
                    ResponseRow.attempt_id == attempt.id
                )
            )
        ).all()
        if chosen
    }
    items = [
        ScoringItem(
            revision_id=revision_id,
            domain=contents[revision_id]["domain"],
            kind=ItemKind(contents[revision_id]["kind"]),
            response_format=ResponseFormat(contents[revision_id]["format"]),
            keys=frozenset(contents[revision_id]["keys"]),
        )
        for revision_id in revision_ids
    ]
    rules = ScoringRules(
        cut_score_percent=_ratio(exam.cut_score),
        multiple_response=MultipleResponseScoring(exam.multiple_response_scoring),
        mastery_threshold=_ratio(exam.mastery_threshold),
    )
    report = score_form(items, responses, rules)
    positions = {entry["revisionId"]: entry["position"] for entry in attempt.form}
    rationales = {
        revision_id: {
            option["id"]: option["rationale"]
            for option in content["options"]
            if option.get("rationale")
        }
        for revision_id, content in contents.items()
    }
    attempt.status = status
    attempt.in_progress_key = None
    attempt.submitted_at = now
    attempt.raw_score = float(report.raw)
    attempt.max_score = float(report.max_points)
    attempt.percent = round(float(report.percent), 2)
    attempt.passed = report.passed
    attempt.result = report_to_json(report, positions, rationales)
    if report.passed:
        session.add(CredentialOutboxRow(attempt_id=attempt.id))
    await session.flush()
    return attempt
