"""Build event payload blocks from the rows a change already holds (no second call for a CRM)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.urls import credential_url
from service.db.models import AttemptRow, CertificationRow, CredentialRow, ExamRow
from service.settings import Settings
from service.webhooks.accounts import account_facts, account_facts_many
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


async def account_blocks(
    session: AsyncSession, wanted: Collection[tuple[str, UUID | None]]
) -> dict[tuple[str, UUID | None], AccountBlock]:
    """`account_block` for many (learner, account) pairs at once."""
    found = await account_facts_many(session, wanted)
    return {
        key: AccountBlock(external_id=facts.external_id, name=facts.name, job_role=facts.job_role)
        for key, facts in found.items()
    }


def certification_block(row: CertificationRow) -> CertificationBlock:
    return CertificationBlock(id=str(row.id), name=row.name, tier=row.tier)


async def certifications_by_id(
    session: AsyncSession, certification_ids: Collection[UUID]
) -> dict[UUID, CertificationRow]:
    rows = await session.scalars(
        select(CertificationRow).where(CertificationRow.id.in_(certification_ids))
    )
    return {row.id: row for row in rows.all()}


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
    return (await learner_blocks(session, {learner_id: fallback_name}))[learner_id]


async def learner_blocks(
    session: AsyncSession, fallback_names: Mapping[str, str | None]
) -> dict[str, LearnerBlock]:
    """`learner_block` for many learners (id to the name to use when no attempt names one)."""
    rows = await session.execute(
        select(
            AttemptRow.learner_id,
            AttemptRow.learner_name,
            AttemptRow.learner_email,
            AttemptRow.started_at,
        ).where(AttemptRow.learner_id.in_(fallback_names))
    )
    latest: dict[str, Any] = {}
    for row in rows.all():
        seen = latest.get(row.learner_id)
        if seen is None or row.started_at > seen.started_at:
            latest[row.learner_id] = row
    blocks: dict[str, LearnerBlock] = {}
    for learner_id, fallback_name in fallback_names.items():
        found = latest.get(learner_id)
        name = found.learner_name if found is not None else None
        email = found.learner_email if found is not None else None
        blocks[learner_id] = LearnerBlock(id=learner_id, name=name or fallback_name, email=email)
    return blocks


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
