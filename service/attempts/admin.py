"""Admin use cases around attempts: listings, accommodations, retake overrides."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.attempts import store
from service.attempts.errors import (
    AccommodationRejected,
    OverrideAlreadyGranted,
    OverrideNeedsFlag,
    OverrideRejected,
)
from service.attempts.schemas import MAX_TIME_MULTIPLIER, Accommodation, Override, OverrideCreate
from service.attempts.status import AttemptStatus
from service.attempts.store import AttemptRecord, RetakeOverrideRecord
from service.db.models import AccommodationRow, AttemptRow
from service.errors import Problem
from service.exams import store as exams_store
from service.pagination import LimitOffset


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
    session: AsyncSession, exam_id: UUID, spec: OverrideCreate, actor: str
) -> Override:
    """One unused allowance per learner and exam. Lifting the lock after a pass, or granting
    to a learner never seen, each need their own explicit flag; the reason is kept for the
    audit trail and shown in the learner's override history."""
    await exams_store.exam_row(session, exam_id)
    learner_id = spec.learner_id
    problems = []
    if not learner_id.strip():
        problems.append(Problem("must not be empty", field="learnerId"))
    if not spec.reason.strip():
        problems.append(Problem("an override needs a reason, for the audit trail", field="reason"))
    if problems:
        raise OverrideRejected(problems)
    held = await store.unused_override(session, exam_id, learner_id)
    if held is not None:
        raise OverrideAlreadyGranted(exam_id, learner_id, held.id)
    if not spec.new_learner and not await store.learner_on_record(session, learner_id):
        raise OverrideNeedsFlag(
            "newLearner",
            f"no attempt, credential or accommodation is on record for learner {learner_id!r};"
            " check the id, or set newLearner: true if the learner is new",
        )
    passed_at = await store.last_pass(session, exam_id, learner_id)
    if passed_at is not None and not spec.lift_pass_lock:
        raise OverrideNeedsFlag(
            "liftPassLock",
            f"learner {learner_id!r} passed this exam on {passed_at.date().isoformat()}; an"
            " override lets them sit it again before the renewal window only with"
            " liftPassLock: true (and a reason)",
        )
    granted = await store.add_override(
        session,
        exam_id=exam_id,
        learner_id=learner_id,
        reason=spec.reason,
        granted_by=actor,
        lifts_pass_lock=spec.lift_pass_lock,
        new_learner=spec.new_learner,
    )
    if granted is None:
        raise OverrideAlreadyGranted(exam_id, learner_id, None)
    return override_view(granted)


def override_view(record: RetakeOverrideRecord) -> Override:
    return msgspec.convert(record, Override, from_attributes=True)


async def learner_overrides(
    session: AsyncSession, learner_id: str, bounds: LimitOffset
) -> tuple[list[Override], int]:
    records, total = await store.learner_overrides(session, learner_id, bounds)
    return [override_view(record) for record in records], total
