"""Loads the values a credential is built from; the one place issuance reads exam-side rows.

Issuance and the public achievement page need a certification, the exam's "show the result"
choice and a passing attempt. They get them here as `service.credentials.values` dataclasses,
so document building never sees an ORM row.
"""

from __future__ import annotations

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


async def issuance_inputs(session: AsyncSession, attempt_id: UUID) -> IssuanceInputs | None:
    """The passing attempt with its certification; None when it did not pass or is orphaned."""
    attempt = await session.get(AttemptRow, attempt_id)
    if attempt is None or not attempt.passed:
        return None
    exam = await session.get(ExamRow, attempt.exam_id)
    if exam is None:
        return None
    certification = await session.get(CertificationRow, exam.certification_id)
    if certification is None:
        return None
    award = Award(
        attempt_id=attempt.id,
        learner_id=attempt.learner_id,
        learner_name=attempt.learner_name,
        learner_email=attempt.learner_email,
        percent=attempt.percent,
    )
    return IssuanceInputs(award, certification_value(certification), _result_shown(exam))


async def already_issued(session: AsyncSession, attempt_id: UUID) -> bool:
    found = await session.scalar(
        select(CredentialVersionRow.id).where(CredentialVersionRow.attempt_id == attempt_id)
    )
    return found is not None


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
