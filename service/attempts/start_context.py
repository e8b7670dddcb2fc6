"""Everything a start needs to know before it draws, read in one statement.

A start used to read the exam, the certification's renewal terms, the calibrated scale, the
learner's accommodation, an unused retake override, and the furthest ``validUntil`` the
learner holds, each in its own round trip, and all of the bank's active revision ids to check
its kept item list. Through SQLAlchemy's async layer every statement costs a worker 0.2-0.5 ms
of CPU, and on exam day hundreds of starts queue for the same two cores, so they are one
statement here: the exam joined to its certification and bank (whose ``items_version`` stands
in for the revision ids, `service.exams.candidates`), with the optional rows outer-joined
(each is at most one row: ``exam_scales.exam_id`` and ``accommodations.learner_id`` are
unique, and a partial unique index allows one unused override per learner and exam) and the
two aggregates as scalar subqueries.

``has_attempts`` lets a first-time learner, most learners on a launch day, skip the read of
their history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import BindParameter, and_, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.attempts.store import furthest_valid_until
from service.calibration.store import Scale, scale_record
from service.db.models import (
    AccommodationRow,
    AttemptRow,
    BankRow,
    CertificationRow,
    ExamRow,
    ExamScaleRow,
    RetakeOverrideRow,
)
from service.exams.errors import ExamNotFound
from service.exams.store import ExamRecord, exam_record


@dataclass(frozen=True, slots=True)
class StartContext:
    exam: ExamRecord
    validity_days: int | None
    renewal_window_days: int
    items_version: int
    """The bank's `BankRow.items_version`: `active_items` trusts the list it kept for it."""
    scale: Scale | None
    time_multiplier: float
    override: RetakeOverrideRow | None
    """The learner's unused override for the exam, as a session row: a start that uses it
    marks it spent."""
    has_attempts: bool
    held_until: datetime | None
    """The furthest ``validUntil`` of the learner's unrevoked credential versions in the
    exam's certification, whichever attempt earned them."""


_EXAM: BindParameter[UUID] = bindparam("exam_id")
_LEARNER: BindParameter[str] = bindparam("learner_id")

_READ = (
    select(
        ExamRow,
        CertificationRow.validity_days,
        CertificationRow.renewal_window_days,
        BankRow.items_version,
        ExamScaleRow,
        AccommodationRow.time_multiplier,
        RetakeOverrideRow,
        select(AttemptRow.id)
        .where(AttemptRow.exam_id == _EXAM, AttemptRow.learner_id == _LEARNER)
        .exists()
        .label("has_attempts"),
        furthest_valid_until(ExamRow.certification_id, _LEARNER)
        .scalar_subquery()
        .label("held_until"),
    )
    .join(CertificationRow, CertificationRow.id == ExamRow.certification_id)
    .join(BankRow, BankRow.id == ExamRow.bank_id)
    .outerjoin(ExamScaleRow, ExamScaleRow.exam_id == ExamRow.id)
    .outerjoin(AccommodationRow, AccommodationRow.learner_id == _LEARNER)
    .outerjoin(
        RetakeOverrideRow,
        and_(
            RetakeOverrideRow.exam_id == ExamRow.id,
            RetakeOverrideRow.learner_id == _LEARNER,
            RetakeOverrideRow.used_by_attempt_id.is_(None),
        ),
    )
    .where(ExamRow.id == _EXAM)
)
"""Built once: building it per start (a few dozen ORM comparisons) cost about as much CPU as
running it."""


async def read_start_context(session: AsyncSession, exam_id: UUID, learner_id: str) -> StartContext:
    """The exam (`ExamNotFound` if there is none) and what the learner brings to it."""
    found = (
        await session.execute(_READ, {"exam_id": exam_id, "learner_id": learner_id})
    ).one_or_none()
    if found is None:
        raise ExamNotFound(exam_id)
    (
        exam,
        validity_days,
        window_days,
        items_version,
        scale,
        multiplier,
        override,
        attempted,
        held,
    ) = found
    return StartContext(
        exam=exam_record(exam),
        validity_days=validity_days,
        renewal_window_days=window_days,
        items_version=items_version,
        scale=None if scale is None else scale_record(scale),
        time_multiplier=1.0 if multiplier is None else multiplier,
        override=override,
        has_attempts=bool(attempted),
        held_until=held,
    )
