"""Bulk reads of everything one exam's statistics need: a fixed handful of queries.

Responses are read as plain column tuples (no ORM objects): a 10,000 x 100 exam is a
million rows, and building a million mapped instances would cost more than the analysis.
Only attempts that ended (``scored`` or ``expired``) count; an attempt in progress has
responses that may still change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import (
    AttemptRow,
    CertificationRow,
    ExamRow,
    ItemRevisionRow,
    ItemRow,
    ResponseRow,
)
from service.errors import NotFound

FINISHED = ("scored", "expired")


@dataclass(frozen=True, slots=True)
class ExamInfo:
    id: UUID
    name: str
    cut_score_percent: float
    tier: str
    pass_band_low: float
    pass_band_high: float


@dataclass(frozen=True, slots=True)
class Freshness:
    """What the cached result was computed from; any new finished attempt changes it."""

    attempts: int
    last_submitted_at: datetime | None


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    id: UUID
    number: int
    passed: bool


@dataclass(frozen=True, slots=True)
class RevisionRecord:
    id: UUID
    item_external_id: str
    number: int
    content: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ExamData:
    attempts: list[AttemptRecord]
    responses: list[tuple[UUID, UUID, Any, float | None]]
    """(attempt id, revision id, chosen option ids, seconds spent) per presented item."""
    revisions: dict[UUID, RevisionRecord]


async def exam_info(session: AsyncSession, exam_ref: UUID | str) -> ExamInfo:
    """The exam by id, or (for the CLI) by its unique name."""
    query = select(
        ExamRow.id,
        ExamRow.name,
        ExamRow.cut_score,
        CertificationRow.tier,
        CertificationRow.pass_band_low,
        CertificationRow.pass_band_high,
    ).join(CertificationRow, CertificationRow.id == ExamRow.certification_id)
    where = ExamRow.id == exam_ref if isinstance(exam_ref, UUID) else ExamRow.name == exam_ref
    row = (await session.execute(query.where(where))).first()
    if row is None:
        raise NotFound(f"no exam {exam_ref}")
    return ExamInfo(
        id=row[0],
        name=row[1],
        cut_score_percent=float(row[2]),
        tier=row[3],
        pass_band_low=float(row[4]),
        pass_band_high=float(row[5]),
    )


async def freshness(session: AsyncSession, exam_id: UUID) -> Freshness:
    row = (
        await session.execute(
            select(func.count(), func.max(AttemptRow.submitted_at)).where(
                AttemptRow.exam_id == exam_id, AttemptRow.status.in_(FINISHED)
            )
        )
    ).one()
    return Freshness(attempts=int(row[0]), last_submitted_at=row[1])


async def exam_data(session: AsyncSession, exam_id: UUID) -> ExamData:
    finished = (AttemptRow.exam_id == exam_id, AttemptRow.status.in_(FINISHED))
    attempts = [
        AttemptRecord(id=row[0], number=int(row[1]), passed=bool(row[2]))
        for row in await session.execute(
            select(AttemptRow.id, AttemptRow.number, AttemptRow.passed)
            .where(*finished)
            .order_by(AttemptRow.id)
        )
    ]
    response_rows = await session.execute(
        select(
            ResponseRow.attempt_id,
            ResponseRow.revision_id,
            ResponseRow.chosen,
            ResponseRow.seconds_spent,
        )
        .join(AttemptRow, AttemptRow.id == ResponseRow.attempt_id)
        .where(*finished)
    )
    responses = [(row[0], row[1], row[2], row[3]) for row in response_rows]
    presented = (
        select(ResponseRow.revision_id)
        .join(AttemptRow, AttemptRow.id == ResponseRow.attempt_id)
        .where(*finished)
        .distinct()
    )
    revision_rows = await session.execute(
        select(
            ItemRevisionRow.id,
            ItemRow.external_id,
            ItemRevisionRow.number,
            ItemRevisionRow.content,
        )
        .join(ItemRow, ItemRow.id == ItemRevisionRow.item_id)
        .where(ItemRevisionRow.id.in_(presented))
    )
    revisions = {
        row[0]: RevisionRecord(
            id=row[0], item_external_id=row[1], number=int(row[2]), content=row[3]
        )
        for row in revision_rows
    }
    return ExamData(attempts=attempts, responses=responses, revisions=revisions)
