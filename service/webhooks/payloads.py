"""Build event payload blocks from the rows a change already holds (no second call for a CRM)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.urls import credential_url
from service.db.models import AttemptRow, CertificationRow, CredentialRow, ExamRow
from service.settings import Settings
from service.webhooks.accounts import account_facts
from service.webhooks.events import (
    AccountBlock,
    AttemptBlock,
    CertificationBlock,
    CredentialBlock,
    LearnerBlock,
)


async def account_block(
    session: AsyncSession, learner_id: str, account_id: UUID | None = None
) -> AccountBlock | None:
    facts = await account_facts(session, learner_id, account_id)
    if facts is None:
        return None
    return AccountBlock(external_id=facts.external_id, name=facts.name, job_role=facts.job_role)


def certification_block(row: CertificationRow) -> CertificationBlock:
    return CertificationBlock(id=str(row.id), name=row.name, tier=row.tier)


async def exam_certification(session: AsyncSession, exam_id: UUID) -> CertificationRow:
    found = await session.scalar(
        select(CertificationRow)
        .join(ExamRow, ExamRow.certification_id == CertificationRow.id)
        .where(ExamRow.id == exam_id)
    )
    assert found is not None, "an attempt's exam always has a certification (RESTRICT keys)"
    return found


async def learner_block(
    session: AsyncSession, learner_id: str, fallback_name: str | None = None
) -> LearnerBlock:
    """Name and email as the learner's latest attempt carried them (from their token)."""
    latest = (
        await session.execute(
            select(AttemptRow.learner_name, AttemptRow.learner_email)
            .where(AttemptRow.learner_id == learner_id)
            .order_by(AttemptRow.started_at.desc())
            .limit(1)
        )
    ).first()
    name = latest.learner_name if latest is not None else None
    email = latest.learner_email if latest is not None else None
    return LearnerBlock(id=learner_id, name=name or fallback_name, email=email)


def attempt_block(row: AttemptRow) -> AttemptBlock:
    return AttemptBlock(
        id=str(row.id),
        number=row.number,
        status=str(row.status),
        passed=bool(row.passed),
        percent=row.percent,
        started_at=row.started_at,
        submitted_at=row.submitted_at,
    )


def credential_block(settings: Settings, row: CredentialRow, status: str) -> CredentialBlock:
    return CredentialBlock(
        id=row.public_id,
        url=credential_url(settings, row.public_id),
        status=status,
        reason=row.status_reason,
        version=row.version,
        awarded_date=row.awarded_date,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
    )
