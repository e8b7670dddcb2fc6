"""Loads the values a credential is built from; the one place issuance reads exam-side rows.

Issuance and the public achievement page need a certification, the exam's "show the result"
choice and a passing attempt. They get them here as `service.credentials.values` dataclasses,
so document building never sees an ORM row.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.errors import CredentialNotFound
from service.credentials.states import CredentialStatus
from service.credentials.values import Award, Certification, CredentialRecord, ResultShown
from service.db.models import (
    AttemptRow,
    CertificationRow,
    CredentialRow,
    CredentialVersionRow,
    ExamRow,
)


@dataclass(frozen=True)
class IssuanceInputs:
    """Everything issuance reads about a passing attempt before it signs."""

    award: Award
    certification: Certification
    result: ResultShown | None


def certification_value(row: CertificationRow) -> Certification:
    return Certification(
        id=row.id,
        name=row.name,
        description=row.description,
        criteria=row.criteria,
        tier=row.tier,
        validity_days=row.validity_days,
    )


def _result_shown(exam: ExamRow | None) -> ResultShown | None:
    if exam is None or not exam.show_result_in_credential:
        return None
    # The exam stores a fraction; the credential's result is an OB 3.0 "Percent".
    return ResultShown(cut_score=round(exam.cut_score * 100, 4))


async def load_certification(session: AsyncSession, certification_id: UUID) -> Certification | None:
    row = await session.get(CertificationRow, certification_id)
    return certification_value(row) if row is not None else None


async def achievement_result(session: AsyncSession, certification_id: UUID) -> ResultShown | None:
    """The result shown by the certification's (first) exam; None when none shows one."""
    exam = await session.scalar(
        select(ExamRow).where(ExamRow.certification_id == certification_id).limit(1)
    )
    return _result_shown(exam)


async def issuance_inputs(
    session: AsyncSession, attempt_ids: Collection[UUID]
) -> dict[UUID, IssuanceInputs]:
    """The passing attempts among ``attempt_ids`` with their certifications, in three reads
    however many there are; an attempt that did not pass (or is orphaned) is left out."""
    if not attempt_ids:
        return {}
    attempts = (
        await session.execute(
            select(
                AttemptRow.id,
                AttemptRow.exam_id,
                AttemptRow.learner_id,
                AttemptRow.learner_name,
                AttemptRow.learner_email,
                AttemptRow.percent,
            ).where(AttemptRow.id.in_(attempt_ids), AttemptRow.passed.is_(True))
        )
    ).all()
    exam_ids = {attempt.exam_id for attempt in attempts}
    exams = {
        exam.id: exam
        for exam in (await session.scalars(select(ExamRow).where(ExamRow.id.in_(exam_ids)))).all()
    }
    certification_ids = {exam.certification_id for exam in exams.values()}
    certifications = {
        row.id: certification_value(row)
        for row in (
            await session.scalars(
                select(CertificationRow).where(CertificationRow.id.in_(certification_ids))
            )
        ).all()
    }
    found: dict[UUID, IssuanceInputs] = {}
    for attempt in attempts:
        exam = exams.get(attempt.exam_id)
        certification = certifications.get(exam.certification_id) if exam else None
        if exam is None or certification is None:
            continue
        award = Award(
            attempt_id=attempt.id,
            learner_id=attempt.learner_id,
            learner_name=attempt.learner_name,
            learner_email=attempt.learner_email,
            percent=attempt.percent,
        )
        found[attempt.id] = IssuanceInputs(award, certification, _result_shown(exam))
    return found


async def issued_attempts(session: AsyncSession, attempt_ids: Collection[UUID]) -> set[UUID]:
    """Those of ``attempt_ids`` a credential version was issued for already."""
    if not attempt_ids:
        return set()
    found = await session.scalars(
        select(CredentialVersionRow.attempt_id).where(
            CredentialVersionRow.attempt_id.in_(attempt_ids)
        )
    )
    return set(found.all())


async def held_credentials(
    session: AsyncSession, pairs: Collection[tuple[UUID, str]]
) -> dict[tuple[UUID, str], list[CredentialRow]]:
    """Every credential held per (certification, learner) pair asked for."""
    if not pairs:
        return {}
    learners = {learner for _, learner in pairs}
    rows = await session.scalars(
        select(CredentialRow).where(CredentialRow.learner_id.in_(learners))
    )
    held: dict[tuple[UUID, str], list[CredentialRow]] = {pair: [] for pair in pairs}
    for row in rows.all():
        pair = (row.certification_id, row.learner_id)
        if pair in held:
            held[pair].append(row)
    return held


async def current_versions(
    session: AsyncSession, credentials: Collection[CredentialRow]
) -> list[CredentialVersionRow]:
    """The version rows the credentials are at now (a renewal marks them superseded)."""
    if not credentials:
        return []
    wanted = {(row.id, row.version) for row in credentials}
    rows = await session.scalars(
        select(CredentialVersionRow).where(
            CredentialVersionRow.credential_id.in_({row.id for row in credentials})
        )
    )
    return [row for row in rows.all() if (row.credential_id, row.version) in wanted]


def credential_record(row: CredentialRow, certification: CertificationRow) -> CredentialRecord:
    return CredentialRecord(
        public_id=row.public_id,
        learner_id=row.learner_id,
        certification=certification.name,
        tier=certification.tier,
        holder_name=row.holder_name,
        status=CredentialStatus(row.status),
        status_reason=row.status_reason,
        awarded_date=row.awarded_date,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        version=row.version,
    )


async def load_credential_record(session: AsyncSession, public_id: str) -> CredentialRecord:
    """The credential with its certification's name and tier; `CredentialNotFound` if unknown."""
    found = (
        await session.execute(
            select(CredentialRow, CertificationRow)
            .join(CertificationRow, CertificationRow.id == CredentialRow.certification_id)
            .where(CredentialRow.public_id == public_id)
        )
    ).first()
    if found is None:
        raise CredentialNotFound(public_id)
    return credential_record(found[0], found[1])
