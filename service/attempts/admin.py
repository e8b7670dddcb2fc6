"""Admin use cases around attempts: listings, accommodations, retake overrides."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.attempts import store
from service.attempts.errors import AccommodationRejected, OverrideRejected
from service.attempts.schemas import MAX_TIME_MULTIPLIER, Accommodation, Override
from service.attempts.status import AttemptStatus
from service.attempts.store import AttemptRecord
from service.db.models import AccommodationRow, AttemptRow, RetakeOverrideRow
from service.errors import Problem
from service.exams import store as exams_store


async def list_attempt_rows(
    session: AsyncSession,
    *,
    exam_id: UUID | None = None,
    learner_id: str | None = None,
    status: AttemptStatus | None = None,
    passed: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[AttemptRow], int]:
    conditions: list[Any] = []
    if exam_id is not None:
        conditions.append(AttemptRow.exam_id == exam_id)
    if learner_id is not None:
        conditions.append(AttemptRow.learner_id == learner_id)
    if status is not None:
        conditions.append(AttemptRow.status == status)
    if passed is not None:
        conditions.append(AttemptRow.passed.is_(passed))
    total = await session.scalar(select(func.count()).select_from(AttemptRow).where(*conditions))
    rows = await session.scalars(
        select(AttemptRow)
        .where(*conditions)
        .order_by(AttemptRow.started_at.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows.all()), int(total or 0)


async def list_attempts(
    session: AsyncSession,
    *,
    exam_id: UUID | None = None,
    learner_id: str | None = None,
    status: AttemptStatus | None = None,
    passed: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[AttemptRecord], int]:
    rows, total = await list_attempt_rows(
        session,
        exam_id=exam_id,
        learner_id=learner_id,
        status=status,
        passed=passed,
        limit=limit,
        offset=offset,
    )
    return [store.attempt_record(row) for row in rows], total


async def set_accommodation(
    session: AsyncSession, learner_id: str, multiplier: float, note: str, actor: str
) -> Accommodation:
    if not 1.0 <= multiplier <= MAX_TIME_MULTIPLIER:
        raise AccommodationRejected(
            [Problem(f"must be between 1 and {MAX_TIME_MULTIPLIER}", field="timeMultiplier")]
        )
    row = await session.scalar(
        select(AccommodationRow).where(AccommodationRow.learner_id == learner_id)
    )
    if row is None:
        row = AccommodationRow(
            learner_id=learner_id, time_multiplier=multiplier, note=note, granted_by=actor
        )
        session.add(row)
    else:
        row.time_multiplier, row.note, row.granted_by = multiplier, note, actor
    await session.flush()
    return msgspec.convert(row, Accommodation, from_attributes=True)


async def grant_override(
    session: AsyncSession, exam_id: UUID, learner_id: str, reason: str, actor: str
) -> Override:
    await exams_store.exam_row(session, exam_id)
    problems = []
    if not learner_id.strip():
        problems.append(Problem("must not be empty", field="learnerId"))
    if not reason.strip():
        problems.append(Problem("an override needs a reason, for the audit trail", field="reason"))
    if problems:
        raise OverrideRejected(problems)
    row = RetakeOverrideRow(exam_id=exam_id, learner_id=learner_id, reason=reason, granted_by=actor)
    session.add(row)
    await session.flush()
    return msgspec.convert(row, Override, from_attributes=True)
